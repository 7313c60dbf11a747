"""``transactions``: spend, credit notes and income lines charged to streams by cost centre.

Duplicates are rows the ledger already holds with the same reference, date, amount and
counterparty (counted: the n-th equal row in a file is a duplicate only if the ledger holds n).
A row is charged to its cost centre's budget line when the stream has exactly one active line
for that cost centre in the row's year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from operator import attrgetter

from db.ops.import_writes import TransactionWrite, write_transactions
from db.queries import imports as q
from fundledger.money import format_gbp, from_pence
from fundledger.orgs import normalise
from importers.kinds import TRANSACTIONS
from importers.rows import TransactionRow

from ..import_coding import DuplicateNotes, RowCoder, coded_line, coded_note, pence_column
from .cost_centres import StreamByCostCentre, label
from .plan import Plan, PlanContext, RowPreview, new_plan
from .registry import ImportKind, Option

__all__ = ["KIND", "TxnDuplicates", "plan_transactions"]

_DUP_REASON = "already in the ledger (same reference, date, amount, counterparty)"
#: a TransactionWrite from a tuple in one C call (the 100k-row path)
_write: Callable[[tuple[object, ...]], TransactionWrite] = partial(tuple.__new__, TransactionWrite)


class TxnDuplicates:
    """Count-based duplicate finding against the ledger's transactions.  Names are normalised
    only for the (date, pence) groups a file's row falls in, which keeps a big import into a
    big ledger cheap."""

    def __init__(self, held: q.HeldRows) -> None:
        self.held = held
        self.keys: dict[tuple[date, int], Counter[tuple[str, str]]] = {}
        self.seen: Counter[q.TxnKey] = Counter()

    @classmethod
    def for_rows(cls, ctx: PlanContext, rows: Sequence[TransactionRow]) -> TxnDuplicates:
        if not rows:
            return cls({})
        dates = [r.txn_date for r in rows]
        return cls(q.held_transactions(ctx.session, min(dates), max(dates)))

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


def plan_transactions(
    ctx: PlanContext, rows: Sequence[TransactionRow]
) -> tuple[Plan, list[TransactionWrite]]:
    """New, duplicate, outside and error rows, and the transactions to write."""
    plan = new_plan(ctx)
    streams = StreamByCostCentre(ctx, plan)
    dups = TxnDuplicates.for_rows(ctx, rows)
    coder = RowCoder(ctx.session, set(streams.by_id), {r.year.start_year for r in rows})
    pences = pence_column(rows)  # once, a column at a time
    maybe = DuplicateNotes(ctx.session, rows, pences)
    # per distinct value, not per row: (cost centre, year) → stream, counterparty → organisation
    mapped: dict[tuple[str, int], tuple[int, str, str]] = {}
    party_of = ctx.orgs.match
    parties = {p: party_of("any", p) for p in set(map(attrgetter("counterparty"), rows))}
    out: list[TransactionWrite] = []
    pence_by: Counter[str] = Counter()
    excluded, lines = ctx.choices.excluded, ctx.choices.lines
    preview, touches_add = ctx.with_preview, plan.touches.add
    locked: dict[int, bool] = {}  # year → has a closed period
    # a fresh stretch of dates (the usual import) has nothing to compare rows with
    held_any, maybe_any = bool(dups.held), maybe.possible
    for r, pence in zip(rows, pences, strict=True):
        year = r.year.start_year
        hit = mapped.get((r.cost_centre, year))
        if hit is None:
            m = streams.stream_of(r, r.txn_date)  # None: its error or outside is recorded
            if m is None:
                continue
            hit = mapped[(r.cost_centre, year)] = (
                m.stream.id,
                m.stream.code,
                r.cost_centre.upper(),
            )
        sid, code, centre = hit
        if held_any and dups.is_dup(r.reference, r.txn_date, pence, r.counterparty):
            plan.duplicate(r.row, code, r.amount, _label(r), _DUP_REASON)
            continue
        dup = maybe.check(r, pence) if maybe_any else None
        if excluded and r.row in excluded:
            plan.skipped += 1
            plan.add(RowPreview(r.row, "skipped", code, r.amount, _label(r),
                                "left out in the preview", duplicate_of=dup, year=year))  # fmt: skip
            continue
        party = parties[r.counterparty]
        chosen = lines.get(r.row) if lines else None
        coding = (
            coder.code(sid, year, r, party)
            if chosen is None
            else coder.chosen(sid, year, r, party, chosen)
        )
        out.append(
            _write((
                sid, coding.line_id, r.txn_date, year, r.period, pence,
                "spend" if pence >= 0 else "credit", r.counterparty, party, r.reference,
                r.description, centre, r.account, False, coding.contract_id, coding.by,
            ))
        )  # fmt: skip
        touches_add((sid, year, r.period))
        closing = locked.get(year)
        if closing is None:
            closing = locked[year] = bool(q.locked_years(ctx.session, (year,)))
        if closing:  # a refusal names the rows (years with no closed period: no list kept)
            plan.touch_rows.setdefault((sid, year, r.period), []).append(r.row)
        pence_by[code] += pence
        if preview:
            plan.add(
                RowPreview(r.row, "new", code, r.amount, _label(r), coded_note(coding),
                           coded_line(coding), coding.by or "", dup, year)
            )  # fmt: skip
    if (warning := maybe.warning()) is not None:
        plan.warnings.append(warning)
    plan.warnings += _retired_rows(ctx, {centre for *_x, centre in mapped.values()}, out)
    plan.warnings += _retired_streams(ctx, {sid for sid, *_x in mapped.values()}, pence_by)
    streams.finish(len(rows))
    plan.imported = len(out)
    plan.by_stream = {code: from_pence(p) for code, p in pence_by.items()}
    plan.stream_ids.update(t[0] for t in plan.touches)
    return plan, out


def _label(r: TransactionRow) -> str:
    return label(r.reference, r.counterparty, r.description)


def _retired_streams(ctx: PlanContext, ids: set[int], pence_by: Counter[str]) -> list[str]:
    """A warning per retired stream the file's rows go to (its cost centres still map: an old
    extract's rows are its history; a newer one's should not be there)."""
    return [
        f"stream {st.code} is retired ({st.retired_reason or 'no reason given'}): "
        f"{format_gbp(from_pence(pence_by[st.code]))} of this file's rows go to it; if they "
        "are dated after it was retired, leave them out"
        for st in ctx.streams.values()
        if st.retired and st.id in ids and st.code in pence_by
    ]


def _retired_rows(
    ctx: PlanContext, centres: set[str], out: Sequence[TransactionWrite]
) -> list[str]:
    """A warning per retired cost centre the file's rows still map to (a retired one reads
    old extracts, so its rows are taken; a file from after it was retired should not have
    any): its rows, their total and why it was retired."""
    retired = q.retired_cost_centres(ctx.session)
    hit = centres & set(retired)
    if not hit:  # the usual case: nothing read per row
        return []
    rows: Counter[str] = Counter()
    pence: Counter[str] = Counter()
    for w in out:
        if w.cost_centre in hit:
            rows[w.cost_centre] += 1
            pence[w.cost_centre] += w.amount
    return [
        f"cost centre {code} is retired ({retired[code] or 'no reason given'}): its "
        f"{rows[code]:,} row{'s' if rows[code] != 1 else ''} ({format_gbp(from_pence(pence[code]))}) "
        "are imported as before; if they are dated after it was retired, leave them out"
        for code in sorted(hit)
        if rows[code]
    ]


KIND: ImportKind[TransactionRow, TransactionWrite] = ImportKind(
    name="transactions",
    label="Transactions (spend, credit notes)",
    short="Transactions",
    help="spend, credit notes and income lines, charged to streams by cost centre",
    description=(
        "Supplier invoices and other ledger lines: each row's cost centre says its stream."
    ),
    parser=TRANSACTIONS,
    planner=plan_transactions,
    writer=write_transactions,
    options=frozenset({Option.STREAM, Option.YEAR, Option.OUTSIDE}),
    register_page="transactions",
)
