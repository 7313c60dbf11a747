"""What every import planner shares: the context, the plan, the row preview, organisations by
role, count-based duplicate finding, and the common refusals.

A planner reads (never writes): it turns a kind's parsed rows into a :class:`Plan` (previews,
errors, totals, touched periods) plus the list of typed write records its writer takes.  The
preview helpers (:meth:`Plan.new`, :meth:`Plan.duplicate`, :meth:`Plan.failed`) keep every
kind's rows marked the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Generic, Literal, TypeVar

from sqlalchemy.orm import Session

from db.ledger import Actor
from db.ops.import_writes import WriteBatch
from db.queries.imports import AliasRow, StreamRow
from fundledger.messages import Field, Wording, ask, tick
from fundledger.money import ZERO, Money
from fundledger.orgs import AliasEntry, AliasIndex, normalise
from importers.problems import ImportProblem, cell_ref
from importers.rows import ImportInfo

__all__ = [
    "Held",
    "Orgs",
    "Outside",
    "Plan",
    "PlanContext",
    "RowPreview",
    "Touch",
    "need_stream",
    "need_year",
    "resolve",
]

Touch = tuple[int, int, int | None]
Status = Literal["new", "duplicate", "skipped", "error", "outside"]
K = TypeVar("K", bound=Hashable)

#: organisation kinds that are roles of their own (not counterparties)
ROLE_KINDS = {"csp_area": "CSP area", "partner_agency": "partner agency"}


@dataclass(frozen=True, slots=True)
class RowPreview:
    """One sheet row as the import sees it.

    ``status``: ``new``, ``duplicate`` (left out), ``skipped``, ``outside`` (a cost centre the
    ledger does not hold, left out with ``--outside skip``) or ``error``.  ``line`` and
    ``line_source`` say which budget/contract line the row is coded to and why (a rule, a
    suggestion); ``duplicate_of`` names a ledger row it may repeat.
    """

    row: int
    status: Status
    stream: str | None
    amount: Money | None
    label: str
    reason: str = ""
    line: str | None = None
    line_source: str = ""
    duplicate_of: int | None = None
    #: the financial year (start year) the row is charged to, where the kind has one
    year: int | None = None


@dataclass(frozen=True, slots=True)
class RowChoices:
    """What the user changed in the preview before committing: rows left out by hand, and
    rows given a budget line by hand (sheet row → budget line id)."""

    excluded: frozenset[int] = frozenset()
    lines: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlanContext:
    """What a planner needs besides the rows."""

    session: Session
    file: str
    info: ImportInfo
    stream: StreamRow | None
    streams: Mapping[str, StreamRow]
    year: int | None
    as_at: date | None
    create_missing: bool
    orgs: Orgs
    with_preview: bool = True
    outside: Literal["error", "skip"] = "error"
    choices: RowChoices = RowChoices()

    def column(self, fld: str | None) -> tuple[int | None, str | None]:
        """The sheet column and header a field was read from."""
        for m in self.info.mapping:
            if m.field == fld:
                return m.column, m.header
        return None, None

    def problem(
        self, row: int | None, fld: str | None, value: str, reason: str | Wording
    ) -> ImportProblem:
        col, header = self.column(fld)
        cell = cell_ref(row, col) if col and row else None
        return ImportProblem.said(self.file, self.info.sheet, cell, row, header, value, reason)

    def file_problem(self, reason: str | Wording) -> ImportProblem:
        return ImportProblem.said(self.file, self.info.sheet, None, None, None, "", reason)


@dataclass(frozen=True, slots=True)
class OutsideRows:
    """Rows left out because the ledger does not hold their cost centre."""

    rows: int
    total: Money
    cost_centres: Mapping[str, int]  # code → rows
    totals: Mapping[str, Money]  # code → total


Outside = OutsideRows


@dataclass(slots=True)
class Plan:
    """What an import will write, and what it found.  ``write`` (set by the kind) writes the
    planned records inside the commit's transaction and returns how many rows it wrote."""

    previews: list[RowPreview] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    touches: set[Touch] = field(default_factory=set)
    #: the file rows of each touch in a year with a closed period (kinds that keep them), so
    #: a refusal can name the rows
    touch_rows: dict[Touch, list[int]] = field(default_factory=dict)
    stream_ids: set[int] = field(default_factory=set)
    by_stream: dict[str, Decimal] = field(default_factory=dict)
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0
    reported_actual: Money | None = None
    outside: OutsideRows | None = None
    #: organisations to create (--create-missing): (kind, normalised) → (placeholder, printed)
    pending: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    write: Callable[[Session, Actor, WriteBatch], int] | None = None
    with_preview: bool = True

    @property
    def total(self) -> Money:
        return Money(sum(self.by_stream.values(), ZERO))

    def count(self, code: str, amount: Decimal | None) -> None:
        """Add an imported row's amount to its stream's total."""
        self.by_stream[code] = self.by_stream.get(code, ZERO) + (amount or ZERO)
        self.imported += 1

    def add(self, p: RowPreview) -> None:
        if self.with_preview:
            self.previews.append(p)

    def new(self, row: int, stream: str, amount: Money | None, label: str) -> None:
        self.add(RowPreview(row, "new", stream, amount, label))

    def duplicate(
        self, row: int, stream: str, amount: Money | None, label: str, reason: str
    ) -> None:
        """A row the ledger already holds: counted and left out."""
        self.duplicates += 1
        self.add(RowPreview(row, "duplicate", stream, amount, label, reason))

    def failed(
        self, row: int, stream: str | None, amount: Money | None, label: str, reason: str = ""
    ) -> None:
        self.add(RowPreview(row, "error", stream, amount, label, reason))

    def error(
        self, ctx: PlanContext, row: int, fld: str | None, value: str, reason: str | Wording
    ) -> None:
        self.errors.append(ctx.problem(row, fld, value, reason))


def new_plan(ctx: PlanContext) -> Plan:
    return Plan(with_preview=ctx.with_preview)


class Held(Generic[K]):
    """Count-based duplicate finding: the n-th row of a file with a key is a duplicate if the
    ledger holds at least n rows with that key (two equal rows in a file are two rows)."""

    def __init__(self, held: Counter[K]) -> None:
        self.held = held
        self.seen: Counter[K] = Counter()

    def is_dup(self, key: K) -> bool:
        self.seen[key] += 1
        return self.seen[key] <= self.held[key]


class Orgs:
    """Organisations by role, from the ledger's aliases; names to create are queued.

    Roles: ``csp_area`` and ``partner_agency`` match only organisations of that kind;
    ``any`` (funders, counterparties, providers) matches every other organisation.
    A queued name gets a placeholder id (negative) until the writer maps it.
    """

    def __init__(self, rows: Sequence[AliasRow]) -> None:
        self._names = {r.org_id: r.name for r in rows}
        self._index: dict[str, AliasIndex] = {}
        for role in (*ROLE_KINDS, "any"):
            picked = [
                r for r in rows if (r.kind not in ROLE_KINDS if role == "any" else r.kind == role)
            ]
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


def resolve(
    ctx: PlanContext, plan: Plan, role: str, kind: str, text: str, row: int, fld: str
) -> int | None:
    """An organisation for a name that decides where money goes: match, queue, or error."""
    found = ctx.orgs.match(role, text)
    if found is not None:
        return found
    if ctx.create_missing:
        return ctx.orgs.queue(kind, text)
    what = ROLE_KINDS.get(role, "organisation")
    plan.error(
        ctx,
        row,
        fld,
        text,
        f"no {what} in the ledger is called {' '.join(text.split())!r} (by name or alias): "
        + Wording(
            "add the alias in Settings → Organisations & aliases or ",
            "add the alias in Settings → Organisations & aliases (fundledger org alias) or "
            "import with ",
        )
        + tick(Field.CREATE_MISSING),
    )
    return None


def need_stream(ctx: PlanContext, plan: Plan) -> StreamRow | None:
    """The stream given for a kind that needs one, or an error listing the streams."""
    if ctx.stream is None:
        known = ", ".join(sorted(ctx.streams))
        plan.errors.append(
            ctx.file_problem(
                f"a {ctx.info.kind} import needs the stream it is for: "
                + ask(Field.STREAM, known=known)
            )
        )
    return ctx.stream


def need_year(ctx: PlanContext, plan: Plan) -> int | None:
    if ctx.year is None:
        plan.errors.append(
            ctx.file_problem(
                "the sheet names no financial year: " + ask(Field.YEAR, example="2025-26")
            )
        )
    return ctx.year
