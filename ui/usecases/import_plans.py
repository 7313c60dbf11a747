"""Import planning: parsed rows + the ledger → what each row becomes (new, duplicate, error).

One planner per kind turns the rows from :mod:`importers` into a :class:`Plan`: every name
that decides where money goes resolved to an organisation (or queued for creation with
``--create-missing``, or an error), every row mapped to a stream (and line), duplicates found,
and the writes to make, held as a closure so the same plan serves the preview and the commit.
Planning only reads; :func:`Plan.write` runs inside the commit's write transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from db.ledger import Actor
from db.ops import imports as ops
from db.queries import imports as q
from db.queries.imports import LineRow, StreamRow, txn_key
from db.schema import (
    Allocation,
    BudgetLine,
    ContractExtension,
    ContractLine,
    ContractProfile,
    ContractProvider,
    Contribution,
    IncomeItem,
    StatementLine,
    Transaction,
)
from db.writes import insert, update_row
from fundledger import reference
from fundledger.money import ZERO, Money, from_pence, to_pence
from fundledger.orgs import AliasEntry, AliasIndex, normalise
from fundledger.terms import profile_even
from importers.problems import ImportProblem, cell_ref
from importers.rows import ImportInfo

__all__ = ["Orgs", "Plan", "PlanContext", "RowPreview", "plan_rows"]

Progress = Callable[[int, int], None]
Touch = tuple[int, int, int | None]

#: organisation kinds that are roles of their own (not counterparties)
_ROLE_KINDS = {"csp_area": "CSP area", "partner_agency": "partner agency"}


@dataclass(frozen=True, slots=True)
class RowPreview:
    """One sheet row as the import sees it: ``new``, ``duplicate``, ``skipped`` or ``error``."""

    row: int
    status: str
    stream: str | None
    amount: Money | None
    label: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PlanContext:
    """What a planner needs besides the rows."""

    session: Session
    file: str
    info: ImportInfo
    stream: StreamRow | None
    streams: dict[str, StreamRow]
    year: int | None
    as_at: date | None
    create_missing: bool
    orgs: Orgs
    with_preview: bool = True


class Orgs:
    """Organisations by role, from the ledger's aliases; names to create are queued.

    Roles: ``csp_area`` and ``partner_agency`` match only organisations of that kind;
    ``any`` (funders, counterparties, providers) matches every other organisation.
    A queued name gets a placeholder id (negative) until :meth:`created` maps it.
    """

    def __init__(self, rows: Sequence[q.AliasRow]) -> None:
        self._names = {r.org_id: r.name for r in rows}
        self._index: dict[str, AliasIndex] = {}
        for role in (*_ROLE_KINDS, "any"):
            if role == "any":
                picked = [r for r in rows if r.kind not in _ROLE_KINDS]
            else:
                picked = [r for r in rows if r.kind == role]
            entries = [
                AliasEntry(str(r.org_id), r.alias, r.valid_from, r.valid_to, r.is_name)
                for r in picked
            ]
            self._index[role] = AliasIndex(entries, {str(r.org_id): r.name for r in picked})
        self._cache: dict[tuple[str, str], int | None] = {}
        self.pending: dict[tuple[str, str], tuple[int, str]] = {}

    def match(self, role: str, text: str | None) -> int | None:
        """The one organisation ``text`` names in ``role``, else None (cached)."""
        if not text:
            return None
        key = (role, text)
        if key not in self._cache:
            found = self._index[role].match(text)
            self._cache[key] = None if found is None else int(found)
        return self._cache[key]

    def match_many(self, role: str, text: str) -> list[int]:
        return [int(k) for k in self._index[role].match_many(text)]

    def name(self, org_id: int) -> str:
        if org_id < 0:
            for ident, printed in self.pending.values():
                if ident == org_id:
                    return " ".join(printed.split())
        return self._names.get(org_id, f"#{org_id}")

    def queue(self, kind: str, printed: str) -> int:
        """A placeholder id for an organisation to create (one per normalised name)."""
        key = (kind, normalise(printed))
        if key not in self.pending:
            self.pending[key] = (-(len(self.pending) + 1), printed)
        return self.pending[key][0]


@dataclass(slots=True)
class Plan:
    """What an import will write, and what it found."""

    previews: list[RowPreview] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    touches: set[Touch] = field(default_factory=set)
    stream_ids: set[int] = field(default_factory=set)
    by_stream: dict[str, Decimal] = field(default_factory=dict)
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0
    reported_actual: Money | None = None
    #: organisations to create (--create-missing): (kind, normalised) → (placeholder, printed)
    pending: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    #: (session, actor, batch id, org id map, progress) → rows written
    write: Callable[[Session, Actor, int, dict[int, int], Progress | None], int] | None = None

    @property
    def total(self) -> Money:
        return Money(sum(self.by_stream.values(), ZERO))

    def count(self, code: str, amount: Decimal | None) -> None:
        """Add an imported row's amount to its stream's total."""
        self.by_stream[code] = self.by_stream.get(code, ZERO) + (amount or ZERO)
        self.imported += 1

    def add(self, ctx: PlanContext, p: RowPreview) -> None:
        if ctx.with_preview:
            self.previews.append(p)

    def error(self, ctx: PlanContext, row: int, fld: str | None, value: str, reason: str) -> None:
        col, header = _column(ctx.info, fld)
        cell = cell_ref(row, col) if col else None
        self.errors.append(
            ImportProblem(ctx.file, ctx.info.sheet, cell, row, header, value, reason)
        )


def _column(info: ImportInfo, fld: str | None) -> tuple[int | None, str | None]:
    for m in info.mapping:
        if m.field == fld:
            return m.column, m.header
    return None, None


def _resolve(
    ctx: PlanContext, plan: Plan, role: str, kind: str, text: str, row: int, fld: str
) -> int | None:
    """An organisation for a name that decides where money goes: match, queue, or error."""
    found = ctx.orgs.match(role, text)
    if found is not None:
        return found
    what = _ROLE_KINDS.get(role, "organisation")
    if ctx.create_missing:
        return ctx.orgs.queue(kind, text)
    plan.error(
        ctx,
        row,
        fld,
        text,
        f"no {what} in the ledger is called {' '.join(text.split())!r} (by name or alias): "
        f"add the alias in Settings or import with --create-missing",
    )
    return None


def _map_ids(ids: dict[int, int], org_id: int | None) -> int | None:
    if org_id is None or org_id >= 0:
        return org_id
    return ids[org_id]


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


# --------------------------------------------------------------------------- ledger rows


def _cc_stream(
    ctx: PlanContext,
    plan: Plan,
    row: Any,
    cc_map: dict[str, tuple[int, int]],
    by_id: dict[int, StreamRow],
) -> tuple[int, int, StreamRow] | None:
    code = (row.cost_centre or "").strip().upper()
    fld = "cost_centre" if any(m.field == "cost_centre" for m in ctx.info.mapping) else "account"
    hit = cc_map.get(code)
    if hit is None:
        plan.error(
            ctx,
            row.row,
            fld,
            row.cost_centre or "",
            f"cost centre {code or '(blank)'} maps to no stream: add it to the ledger's "
            f"cost centres first",
        )
        return None
    cc_id, sid = hit
    stream = by_id[sid]
    if ctx.stream is not None and sid != ctx.stream.id:
        plan.error(
            ctx,
            row.row,
            fld,
            row.cost_centre,
            f"cost centre {code} is {stream.code}'s, not {ctx.stream.code}'s (--stream)",
        )
        return None
    if ctx.year is not None and row.year.start_year != ctx.year:
        plan.error(
            ctx,
            row.row,
            "date",
            row_date(row).strftime("%d/%m/%Y"),
            f"charged to {row.year.code}, outside the import's year {_code(ctx.year)} (--year)",
        )
        return None
    return cc_id, sid, stream


def row_date(row: Any) -> date:
    found: date = row.txn_date if hasattr(row, "txn_date") else row.posted_on
    return found


def _code(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


class _Dups:
    """Count-based duplicate finding against what the ledger holds: the n-th row in a file
    with a key is a duplicate if the ledger holds at least n rows with that key.  Names are
    normalised only for the (date, pence) groups a file's row falls in, which keeps a big
    import into a big ledger cheap."""

    def __init__(self, held: q.HeldRows) -> None:
        self.held = held
        self.keys: dict[tuple[date, int], Counter[tuple[str, str]]] = {}
        self.seen: Counter[q.TxnKey] = Counter()

    def is_dup(self, ref: str | None, d: date, pence: int, party: str | None) -> bool:
        group = self.held.get((d, pence))
        if not group:
            return False
        counts = self.keys.get((d, pence))
        if counts is None:
            counts = Counter((normalise(r or ""), normalise(p or "")) for r, p in group)
            self.keys[(d, pence)] = counts
        names = (normalise(ref or ""), normalise(party or ""))
        key = (names[0], d, pence, names[1])
        self.seen[key] += 1
        return self.seen[key] <= counts[names]


def _pence(amount: Decimal) -> int:
    return int(amount.scaleb(2).to_integral_value())


def _held_in_range(s: Session, rows: Sequence[Any]) -> q.HeldRows:
    if not rows:
        return {}
    return q.held_transactions(s, min(r.txn_date for r in rows), max(r.txn_date for r in rows))


def _lines_by_cc(
    s: Session, stream_ids: set[int], years: set[int]
) -> dict[tuple[int, int, int], list[int]]:
    """Active budget lines by (stream, year, cost centre): a row of that cost centre is
    charged to the line when there is exactly one."""
    out: dict[tuple[int, int, int], list[int]] = {}
    for ln in q.lines_for(s, stream_ids, years):
        if ln.active and ln.cost_centre_id is not None:
            out.setdefault((ln.stream_id, ln.year, ln.cost_centre_id), []).append(ln.id)
    return out


def plan_transactions(ctx: PlanContext, rows: Sequence[Any]) -> Plan:
    plan = Plan()
    s = ctx.session
    cc_map = q.cost_centres(s)
    by_id = {st.id: st for st in ctx.streams.values()}
    dups = _Dups(_held_in_range(s, rows))
    line_by_cc = _lines_by_cc(s, set(by_id), {r.year.start_year for r in rows})
    mapped_cache: dict[tuple[str, int], tuple[int, int, StreamRow, int | None]] = {}
    out: list[tuple[Any, ...]] = []
    preview = ctx.with_preview
    pence_by: Counter[str] = Counter()
    party_of = ctx.orgs.match
    for r in rows:
        year = r.year.start_year
        hit = mapped_cache.get((r.cost_centre, year))
        if hit is None:
            mapped = _cc_stream(ctx, plan, r, cc_map, by_id)
            if mapped is None:
                plan.add(ctx, RowPreview(r.row, "error", None, r.amount, _label(r), "see errors"))
                continue
            cands = line_by_cc.get((mapped[1], year, mapped[0]), [])
            hit = (*mapped, cands[0] if len(cands) == 1 else None)
            mapped_cache[(r.cost_centre, year)] = hit
        _cc_id, sid, stream, line_id = hit
        pence = _pence(r.amount)
        if dups.is_dup(r.reference, r.txn_date, pence, r.counterparty):
            plan.duplicates += 1
            if preview:
                plan.add(
                    ctx,
                    RowPreview(
                        r.row,
                        "duplicate",
                        stream.code,
                        r.amount,
                        _label(r),
                        "already in the ledger (same reference, date, amount, counterparty)",
                    ),
                )
            continue
        out.append(
            (
                sid,
                line_id,
                r.txn_date,
                year,
                r.period,
                pence,
                "spend" if pence >= 0 else "credit",
                r.counterparty,
                party_of("any", r.counterparty),
                r.reference,
                r.description,
                r.cost_centre.upper(),
                r.account,
                False,
            )
        )
        plan.touches.add((sid, year, r.period))
        pence_by[stream.code] += pence
        if preview:
            plan.add(ctx, RowPreview(r.row, "new", stream.code, r.amount, _label(r)))
    plan.imported = len(out)
    plan.by_stream = {code: from_pence(p) for code, p in pence_by.items()}
    plan.stream_ids.update(t[0] for t in plan.touches)
    cols = (
        "stream_id",
        "budget_line_id",
        "txn_date",
        "year",
        "period",
        "amount",
        "kind",
        "counterparty",
        "counterparty_org_id",
        "reference",
        "description",
        "cost_centre",
        "account",
        "reported_nil",
        "batch_id",
    )

    def write(
        session: Session,
        actor: Actor,
        batch_id: int,
        ids: dict[int, int],
        progress: Progress | None,
    ) -> int:
        return _bulk(session, actor, Transaction, cols, out, batch_id, progress, _why(ctx))

    plan.write = write
    return plan


#: a bulk insert at least this big, into a table no bigger, rebuilds the indexes afterwards
REBUILD_AT = 20_000


def _bulk(
    session: Session,
    actor: Actor,
    model: Any,
    cols: Sequence[str],
    out: list[tuple[Any, ...]],
    batch_id: int,
    progress: Progress | None,
    reason: str,
) -> int:
    """Bulk-insert ``out`` for the batch, with one covering audit entry for the table."""
    total = len(out)
    rebuild = total >= REBUILD_AT and total >= ops.row_count(session, model)
    ddl = ops.drop_indexes(session, model) if rebuild else []
    step = 10_000
    done = 0
    pence = 0
    amount_at = list(cols).index("amount")
    for i in range(0, total, step):
        chunk = out[i : i + step]
        done += ops.bulk_insert(session, model, cols, ((*t, batch_id) for t in chunk), actor)
        pence += sum(t[amount_at] for t in chunk)
        _tick(progress, done, total)
        _after_chunk()
    ops.restore_indexes(session, ddl)
    ops.record_bulk(session, actor, model, batch_id, done, from_pence(pence), reason)
    return done


_HOOKS: list[Callable[[], None]] = []


def _after_chunk() -> None:
    for hook in _HOOKS:
        hook()


def _why(ctx: PlanContext) -> str:
    return f"import {ctx.info.kind} {ctx.file}"


def _label(r: Any) -> str:
    parts = [
        getattr(r, "reference", None),
        getattr(r, "counterparty", None) or getattr(r, "supplier", None),
        getattr(r, "description", None),
    ]
    return " · ".join(p for p in parts if p)


def plan_gl(ctx: PlanContext, rows: Sequence[Any]) -> Plan:
    from fundledger.reconcile import statement_fingerprints

    plan = Plan()
    cc_map = q.cost_centres(ctx.session)
    by_id = {st.id: st for st in ctx.streams.values()}
    prints = statement_fingerprints(
        [
            (r.cost_centre, r.posted_on, r.amount, r.reference, r.supplier, r.description)
            for r in rows
        ]
    )
    held = q.held_fingerprints(ctx.session, prints)
    out: list[tuple[Any, ...]] = []
    for r, fp in zip(rows, prints, strict=True):
        mapped = _cc_stream(ctx, plan, r, cc_map, by_id)
        if mapped is None:
            plan.add(ctx, RowPreview(r.row, "error", None, r.amount, _label(r), "see errors"))
            continue
        _cc_id, sid, stream = mapped
        if fp in held:
            plan.duplicates += 1
            plan.add(
                ctx,
                RowPreview(
                    r.row,
                    "duplicate",
                    stream.code,
                    r.amount,
                    _label(r),
                    "this line is already held from an earlier extract",
                ),
            )
            continue
        year = r.year.start_year
        out.append(
            (
                sid,
                r.cost_centre.upper(),
                r.account,
                r.posted_on,
                year,
                r.period,
                to_pence(r.amount),
                r.reference,
                r.supplier,
                r.description,
                fp,
            )
        )
        plan.touches.add((sid, year, r.period))
        plan.stream_ids.add(sid)
        plan.count(stream.code, r.amount)
        plan.add(ctx, RowPreview(r.row, "new", stream.code, r.amount, _label(r)))
    cols = (
        "stream_id",
        "cost_centre",
        "account",
        "posted_on",
        "year",
        "period",
        "amount",
        "reference",
        "supplier",
        "description",
        "fingerprint",
        "batch_id",
    )

    def write(
        session: Session,
        actor: Actor,
        batch_id: int,
        ids: dict[int, int],
        progress: Progress | None,
    ) -> int:
        return _bulk(session, actor, StatementLine, cols, out, batch_id, progress, _why(ctx))

    plan.write = write
    return plan


# --------------------------------------------------------------------------- small kinds


def _need_stream(ctx: PlanContext, plan: Plan) -> StreamRow | None:
    if ctx.stream is None:
        known = ", ".join(sorted(ctx.streams))
        plan.errors.append(
            ImportProblem(
                ctx.file,
                ctx.info.sheet,
                None,
                None,
                None,
                "",
                f"a {ctx.info.kind} import needs the stream it is for: give --stream ({known})",
            )
        )
    return ctx.stream


def _need_year(ctx: PlanContext, plan: Plan) -> int | None:
    if ctx.year is None:
        plan.errors.append(
            ImportProblem(
                ctx.file,
                ctx.info.sheet,
                None,
                None,
                None,
                "",
                "the sheet names no financial year: give --year (e.g. --year 2025-26)",
            )
        )
    return ctx.year


def _orm_writer(
    build: Callable[[Session, Actor, int, dict[int, int]], int],
) -> Callable[[Session, Actor, int, dict[int, int], Progress | None], int]:
    def write(
        session: Session,
        actor: Actor,
        batch_id: int,
        ids: dict[int, int],
        progress: Progress | None,
    ) -> int:
        n = build(session, actor, batch_id, ids)
        _tick(progress, n, n)
        _after_chunk()
        return n

    return write


def _put(session: Session, actor: Actor, batch_id: int, obj: Any) -> None:
    """Insert one row of a (small) import, audited with the batch it came in."""
    insert(session, actor, obj, action="import", batch_id=batch_id)


def plan_allocations(ctx: PlanContext, rows: Sequence[Any]) -> Plan:
    plan = Plan()
    stream = _need_stream(ctx, plan)
    if stream is None:
        return plan
    held = q.held_allocations(ctx.session, stream.id)
    seen: Counter[tuple[int, int, Money]] = Counter()
    todo: list[tuple[Any, int | None]] = []
    for r in rows:
        funder: int | None = stream.funder_org_id
        if r.funder:
            funder = _resolve(ctx, plan, "any", "other", r.funder, r.row, "funder")
            if funder is None:
                plan.add(ctx, RowPreview(r.row, "error", stream.code, r.amount, r.label))
                continue
        key = (r.year_from.start_year, r.year_to.start_year, r.amount)
        seen[key] += 1
        if seen[key] <= held[key]:
            plan.duplicates += 1
            plan.add(
                ctx,
                RowPreview(
                    r.row,
                    "duplicate",
                    stream.code,
                    r.amount,
                    r.label,
                    "this allocation is already in the ledger",
                ),
            )
            continue
        todo.append((r, funder))
        for y in range(r.year_from.start_year, r.year_to.start_year + 1):
            plan.touches.add((stream.id, y, None))
        plan.stream_ids.add(stream.id)
        plan.count(stream.code, r.amount)
        years = (
            r.year_from.code
            if r.year_from == r.year_to
            else (f"{r.year_from.code} to {r.year_to.code} (one allocation for the range)")
        )
        plan.add(ctx, RowPreview(r.row, "new", stream.code, r.amount, f"{r.label} — {years}"))
    ref = _stream_ref(stream.code)

    def build(session: Session, actor: Actor, batch_id: int, ids: dict[int, int]) -> int:
        objs = [
            Allocation(
                stream_id=stream.id,
                funder_org_id=_map_ids(ids, funder),
                recipient_org_id=stream.recipient_org_id,
                year_from=r.year_from.start_year,
                year_to=r.year_to.start_year,
                amount=r.amount,
                amount_text=r.amount_text,
                approximate=r.approximate,
                mechanism=ref.mechanism_for(r.year_from.start_year) if ref else None,
                status="confirmed",
                label=r.label,
                source_ref=f"{ctx.file} row {r.row}",
                batch_id=batch_id,
            )
            for r, funder in todo
        ]
        for obj in objs:
            _put(session, actor, batch_id, obj)
        session.flush()
        return len(objs)

    plan.write = _orm_writer(build)
    return plan


def _stream_ref(code: str) -> reference.StreamRef | None:
    try:
        return reference.stream(code)
    except KeyError:
        return None


_LINE_ROLE = {"csp_area": ("csp_area", "csp_area"), "agency": ("partner_agency", "partner_agency")}


@dataclass(slots=True)
class _LineTodo:
    row: Any
    name: str
    org_id: int | None
    existing: LineRow | None  # an undone batch's line, revived
    actual: Money | None
    nil: bool


def plan_budget_lines(ctx: PlanContext, rows: Sequence[Any]) -> Plan:
    plan = Plan()
    stream = _need_stream(ctx, plan)
    year = _need_year(ctx, plan)
    if stream is None or year is None:
        return plan
    ref = _stream_ref(stream.code)
    category = ref.line_category if ref else "cost_heading"
    role = _LINE_ROLE.get(category)
    lines = {normalise(ln.name): ln for ln in q.lines_for(ctx.session, [stream.id], [year])}
    reported = q.reported_to_date(ctx.session, [ln.id for ln in lines.values() if ln.active])
    todo: list[_LineTodo] = []
    actual_total = ZERO
    for r in rows:
        org_id: int | None = None
        name = " ".join(r.name.split())
        if role is not None:
            org_id = _resolve(ctx, plan, role[0], role[1], r.name, r.row, "name")
            if org_id is None:
                plan.add(ctx, RowPreview(r.row, "error", stream.code, r.budget, name))
                continue
            name = ctx.orgs.name(org_id)
        have = lines.get(normalise(name))
        item = _LineTodo(r, name, org_id, None, None, r.reported_nil)
        if have is not None and have.active:
            if have.original != r.budget:
                plan.error(
                    ctx,
                    r.row,
                    "budget",
                    r.budget_text,
                    f"{stream.code} {_code(year)} already has a line {name!r} with a "
                    f"budget of {have.original:,.2f}: change it with a virement",
                )
                plan.add(ctx, RowPreview(r.row, "error", stream.code, r.budget, name))
                continue
            plan.duplicates += 1
            item.existing = have
            plan.add(
                ctx,
                RowPreview(
                    r.row,
                    "duplicate",
                    stream.code,
                    r.budget,
                    name,
                    "this line is already in the ledger with this budget",
                ),
            )
        else:
            item.existing = have
            plan.count(stream.code, r.budget)
            plan.add(ctx, RowPreview(r.row, "new", stream.code, r.budget, name))
        plan.stream_ids.add(stream.id)
        plan.touches.add((stream.id, year, None))
        if r.spend is not None:
            prior = reported.get(have.id) if have is not None and have.active else None
            delta = Money(r.spend - (prior or ZERO))
            if delta != 0 or prior is None:
                if ctx.as_at is None:
                    plan.error(
                        ctx,
                        r.row,
                        "spend",
                        r.spend_text,
                        "spend to date needs an as-at date: none found in the sheet's "
                        "titles; give --as-at",
                    )
                    continue
                item.actual = delta
                actual_total = Money(actual_total + delta)
                plan.touches.add((stream.id, year, 12))
        todo.append(item)
    plan.reported_actual = actual_total
    plan.write = _orm_writer(_line_builder(ctx, stream, year, category, todo))
    return plan


def _line_builder(
    ctx: PlanContext, stream: StreamRow, year: int, category: str, todo: list[_LineTodo]
) -> Callable[[Session, Actor, int, dict[int, int]], int]:
    def build(session: Session, actor: Actor, batch_id: int, ids: dict[int, int]) -> int:
        n = 0
        for item in todo:
            r = item.row
            org = _map_ids(ids, item.org_id)
            if item.existing is not None and item.existing.active:
                line_id = item.existing.id
            elif item.existing is not None:
                obj = session.get(BudgetLine, item.existing.id)
                assert obj is not None
                update_row(
                    session,
                    actor,
                    obj,
                    {
                        "original": r.budget,
                        "batch_id": batch_id,
                        "org_id": org,
                        "name_as_printed": r.name,
                    },
                    action="import_revive_line",
                    reason=f"re-imported from {ctx.file}",
                )
                line_id, n = obj.id, n + 1
            else:
                line = BudgetLine(
                    stream_id=stream.id,
                    year=year,
                    name=item.name,
                    category=category,
                    org_id=org,
                    original=r.budget,
                    name_as_printed=r.name,
                    sort_order=r.row,
                    batch_id=batch_id,
                    created_by=actor.username,
                )
                _put(session, actor, batch_id, line)
                session.flush()
                line_id, n = line.id, n + 1
            if item.actual is not None and ctx.as_at is not None:
                _put(
                    session,
                    actor,
                    batch_id,
                    Transaction(
                        stream_id=stream.id,
                        budget_line_id=line_id,
                        txn_date=ctx.as_at,
                        year=year,
                        period=12,
                        amount=item.actual,
                        kind="reported_actual",
                        counterparty=item.name,
                        counterparty_org_id=org,
                        description=(
                            f"Expenditure to date at {ctx.as_at:%d/%m/%Y} as reported ({ctx.file})"
                        ),
                        reported_nil=item.nil,
                        batch_id=batch_id,
                        created_by=actor.username,
                    ),
                )
        session.flush()
        return n

    return build


def plan_contracts(ctx: PlanContext, rows: Sequence[Any]) -> Plan:
    plan = Plan()
    stream = _need_stream(ctx, plan)
    if stream is None:
        return plan
    held = q.held_contracts(ctx.session, stream.id)
    seen: Counter[tuple[str, str, Money | None]] = Counter()
    todo: list[tuple[Any, list[int], dict[int, Money]]] = []
    for r in rows:
        key = (normalise(r.service), normalise(r.provider_text), r.value)
        seen[key] += 1
        label = f"{r.service} — {r.provider_text}"
        if seen[key] <= held[key]:
            plan.duplicates += 1
            plan.add(
                ctx,
                RowPreview(
                    r.row,
                    "duplicate",
                    stream.code,
                    r.value,
                    label,
                    "this contract line is already in the ledger",
                ),
            )
            continue
        providers = ctx.orgs.match_many("any", r.provider_text)
        months = r.term.base_months if r.term is not None else None
        profile: dict[int, Money] = {}
        if r.start is not None and r.value is not None and months:
            profile = profile_even(r.value, r.start, months)
        todo.append((r, providers, profile))
        plan.touches.update((stream.id, y, None) for y in profile)
        plan.stream_ids.add(stream.id)
        plan.count(stream.code, r.value)
        plan.add(ctx, RowPreview(r.row, "new", stream.code, r.value, label))

    def build(session: Session, actor: Actor, batch_id: int, ids: dict[int, int]) -> int:
        for r, providers, profile in todo:
            term = r.term
            line = ContractLine(
                stream_id=stream.id,
                service=r.service,
                provider_text=r.provider_text,
                value=r.value,
                value_text=r.value_text,
                cost_basis="unknown",
                contract_start=r.start,
                base_term_months=term.base_months if term else None,
                term_text=r.term_text,
                fixed_term=bool(term and term.fixed_term),
                reference=r.reference,
                sort_order=r.row,
                batch_id=batch_id,
                notes="value printed as an approximation" if r.approximate else None,
                created_by=actor.username,
            )
            _put(session, actor, batch_id, line)
            session.flush()
            for org_id in providers:
                _put(
                    session,
                    actor,
                    batch_id,
                    ContractProvider(
                        contract_line_id=line.id, org_id=org_id, name_as_printed=r.provider_text
                    ),
                )
            for seq, months in enumerate(term.extensions if term else (), 1):
                _put(
                    session,
                    actor,
                    batch_id,
                    ContractExtension(
                        contract_line_id=line.id,
                        seq=seq,
                        months=months,
                        decision="pending",
                        created_by=actor.username,
                    ),
                )
            for y, amount in profile.items():
                _put(
                    session,
                    actor,
                    batch_id,
                    ContractProfile(
                        contract_line_id=line.id, year=y, amount=amount, created_by=actor.username
                    ),
                )
        session.flush()
        return len(todo)

    plan.write = _orm_writer(build)
    return plan


def plan_contributions(ctx: PlanContext, rows: Sequence[Any]) -> Plan:
    plan = Plan()
    stream = _need_stream(ctx, plan)
    year = _need_year(ctx, plan)
    if stream is None or year is None:
        return plan
    held = q.held_contributions(ctx.session, stream.id, year)
    seen: Counter[tuple[int, str, Money | None]] = Counter()
    todo: list[tuple[Any, int]] = []
    plan.skipped = len(ctx.info.no_value_labels)
    for r in rows:
        label = f"{r.partner} — {r.heading}"
        org = _resolve(ctx, plan, "partner_agency", "partner_agency", r.partner, r.row, "partner")
        if org is None:
            plan.add(ctx, RowPreview(r.row, "error", stream.code, r.amount, label))
            continue
        key = (org, normalise(r.heading), r.amount)
        seen[key] += 1
        if org > 0 and seen[key] <= held[key]:
            plan.duplicates += 1
            plan.add(
                ctx,
                RowPreview(
                    r.row,
                    "duplicate",
                    stream.code,
                    r.amount,
                    label,
                    "this contribution is already in the ledger",
                ),
            )
            continue
        todo.append((r, org))
        plan.touches.add((stream.id, year, None))
        plan.stream_ids.add(stream.id)
        plan.count(stream.code, r.amount)
        plan.add(ctx, RowPreview(r.row, "new", stream.code, r.amount, label))
    for name in ctx.info.no_value_labels:
        plan.warnings.append(
            f"{name}: no contribution in any heading (blank is not zero); no record made"
        )

    def build(session: Session, actor: Actor, batch_id: int, ids: dict[int, int]) -> int:
        objs = [
            Contribution(
                stream_id=stream.id,
                year=year,
                partner_org_id=_map_ids(ids, org),
                partner_as_printed=r.partner,
                heading=r.heading,
                kind="in_kind" if normalise(r.heading) == "payments in kind" else "cash",
                amount=r.amount,
                status="pledged",
                batch_id=batch_id,
                created_by=actor.username,
            )
            for r, org in todo
        ]
        for obj in objs:
            _put(session, actor, batch_id, obj)
        session.flush()
        return len(objs)

    plan.write = _orm_writer(build)
    return plan


def plan_income(ctx: PlanContext, rows: Sequence[Any]) -> Plan:
    plan = Plan()
    stream = _need_stream(ctx, plan)
    if stream is None:
        return plan
    held = q.held_income(ctx.session, stream.id)
    seen: Counter[q.TxnKey] = Counter()
    todo: list[tuple[Any, int | None]] = []
    for r in rows:
        label = " · ".join(p for p in (r.reference, r.customer, r.category) if p)
        key = txn_key(r.reference, r.raised_on, r.amount, r.customer)
        seen[key] += 1
        if seen[key] <= held[key]:
            plan.duplicates += 1
            plan.add(
                ctx,
                RowPreview(
                    r.row,
                    "duplicate",
                    stream.code,
                    r.amount,
                    label,
                    "already in the ledger (same reference, date, amount, customer)",
                ),
            )
            continue
        todo.append((r, ctx.orgs.match("any", r.customer)))
        plan.touches.add((stream.id, r.year.start_year, r.period))
        plan.stream_ids.add(stream.id)
        plan.count(stream.code, r.amount)
        plan.add(ctx, RowPreview(r.row, "new", stream.code, r.amount, label))

    def build(session: Session, actor: Actor, batch_id: int, ids: dict[int, int]) -> int:
        objs = [
            IncomeItem(
                stream_id=stream.id,
                category=r.category,
                customer=r.customer,
                customer_org_id=org,
                description=r.description,
                reference=r.reference,
                amount=r.amount,
                raised_on=r.raised_on,
                year=r.year.start_year,
                period=r.period,
                status=r.status,
                received_on=r.received_on,
                is_council_investment=normalise(r.category) == "council revenue contribution",
                batch_id=batch_id,
                created_by=actor.username,
            )
            for r, org in todo
        ]
        for obj in objs:
            _put(session, actor, batch_id, obj)
        session.flush()
        return len(objs)

    plan.write = _orm_writer(build)
    return plan


PLANNERS: dict[str, Callable[[PlanContext, Sequence[Any]], Plan]] = {
    "transactions": plan_transactions,
    "gl": plan_gl,
    "allocations": plan_allocations,
    "budget-lines": plan_budget_lines,
    "contracts": plan_contracts,
    "contributions": plan_contributions,
    "income": plan_income,
}


def plan_rows(ctx: PlanContext, rows: Sequence[Any]) -> Plan:
    """The plan for ``rows`` of ``ctx.info.kind``."""
    return PLANNERS[ctx.info.kind](ctx, rows)


def iter_chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def money_sum(values: Sequence[Decimal]) -> Money:
    return Money(sum(values, ZERO))
