"""``budget-lines``: a stream's budget lines for a year, with spend to date where reported.

A line already held with the same budget is a duplicate (its spend to date may still move:
the difference is recorded as a reported actual); a different budget is refused (that is a
virement).  A line of an undone batch is revived.  Lines of partner-shaped streams (CSP areas,
partner agencies) are named by their organisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from db.ops.import_records import BudgetLineWrite, ReportedActual, write_budget_lines
from db.queries import imports as q
from db.queries.imports import LineRow, StreamRow
from fundledger.messages import Field, ask
from fundledger.money import ZERO, Money, format_gbp
from fundledger.orgs import normalise
from fundledger.years import year_label
from importers.kinds import BUDGET_LINES
from importers.rows import BudgetLineRow

from .plan import Plan, PlanContext, need_stream, need_year, new_plan, resolve
from .registry import ImportKind, Option

__all__ = ["KIND", "plan_budget_lines"]

_LINE_ROLE = {"csp_area": "csp_area", "agency": "partner_agency"}


class _Lines:
    """One stream-year's planning state: held lines, reported figures, the running total."""

    def __init__(self, ctx: PlanContext, plan: Plan, stream: StreamRow, year: int) -> None:
        self.ctx, self.plan, self.stream, self.year = ctx, plan, stream, year
        self.category = stream.line_category or "cost_heading"  # the ledger's stream
        self.role = _LINE_ROLE.get(self.category)
        held = q.lines_for(ctx.session, [stream.id], [year])
        self.lines = {normalise(ln.name): ln for ln in held}
        active = [ln.id for ln in self.lines.values() if ln.active]
        self.reported = q.reported_to_date(ctx.session, active)
        self.actual_total = ZERO
        #: the file's rows so far by the matching form of their line's name → (row, name)
        self.seen: dict[str, tuple[int, str]] = {}

    def name(self, r: BudgetLineRow) -> tuple[str, int | None] | None:
        """The line's name (its organisation's, for partner-shaped streams) and org id."""
        if self.role is None:
            return " ".join(r.name.split()), None
        org = resolve(self.ctx, self.plan, self.role, self.role, r.name, r.row, "name")
        if org is None:
            self.plan.failed(r.row, self.stream.code, r.budget, " ".join(r.name.split()))
            return None
        return self.ctx.orgs.name(org), org

    def plan_row(self, r: BudgetLineRow) -> BudgetLineWrite | None:
        named = self.name(r)
        if named is None:
            return None
        name, org = named
        key = normalise(name)
        code = self.stream.code
        first = self.seen.setdefault(key, (r.row, name))
        if first[0] != r.row:  # one line to coding rules, --line and suggestions
            reason = (
                f"reads the same as row {first[0]}'s {first[1]!r}: one budget line (names are "
                "matched whatever their case, spaces, apostrophes and & or and); add the two "
                "rows up, or name one another way"
            )
            self.plan.error(self.ctx, r.row, "name", r.name, reason)
            self.plan.failed(r.row, code, r.budget, name)
            return None
        have = self.lines.get(key)
        if have is not None and have.active and have.original != r.budget:
            reason = (
                f"{code} {year_label(self.year)} already has a line {name!r} with a budget of "
                f"{format_gbp(have.original)}: change it with a virement"
            )
            self.plan.error(self.ctx, r.row, "budget", r.budget_text, reason)
            self.plan.failed(r.row, code, r.budget, name)
            return None
        if have is not None and have.active:
            reason = "this line is already in the ledger with this budget"
            self.plan.duplicate(r.row, code, r.budget, name, reason)
        else:
            self.plan.count(code, r.budget)
            self.plan.new(r.row, code, r.budget, name)
        self.plan.stream_ids.add(self.stream.id)
        self.plan.touches.add((self.stream.id, self.year, None))
        actual = self._actual(r, have)
        if actual is False:
            return None
        return BudgetLineWrite(
            self.stream.id, self.year, name, r.name, self.category, org, r.budget, r.row,
            existing_id=have.id if have is not None and have.active else None,
            revive_id=have.id if have is not None and not have.active else None,
            actual=actual,
        )  # fmt: skip

    def _actual(
        self, r: BudgetLineRow, have: LineRow | None
    ) -> ReportedActual | Literal[False] | None:
        """The change in reported spend to date, None when none, False after an error."""
        if r.spend is None:
            return None
        prior = self.reported.get(have.id) if have is not None and have.active else None
        delta = Money(r.spend - (prior or ZERO))
        if delta == 0 and prior is not None:
            return None
        as_at = self.ctx.as_at
        if as_at is None:
            reason = "spend to date needs an as-at date: none found in the sheet's titles; " + ask(
                Field.AS_AT
            )
            self.plan.error(self.ctx, r.row, "spend", r.spend_text, reason)
            return False
        self.actual_total = Money(self.actual_total + delta)
        self.plan.touches.add((self.stream.id, self.year, 12))
        text = f"Expenditure to date at {as_at:%d/%m/%Y} as reported ({self.ctx.file})"
        return ReportedActual(delta, as_at, text, r.reported_nil)


def plan_budget_lines(
    ctx: PlanContext, rows: Sequence[BudgetLineRow]
) -> tuple[Plan, list[BudgetLineWrite]]:
    plan = new_plan(ctx)
    stream = need_stream(ctx, plan)
    year = need_year(ctx, plan)
    if stream is None or year is None:
        return plan, []
    lines = _Lines(ctx, plan, stream, year)
    out = [w for w in map(lines.plan_row, rows) if w is not None]
    plan.reported_actual = lines.actual_total
    return plan, out


KIND: ImportKind[BudgetLineRow, BudgetLineWrite] = ImportKind(
    name="budget-lines",
    label="Budget lines (with spend to date)",
    short="Budget lines",
    help="a stream's budget lines for a year, with spend to date where reported",
    description="The stream's budget lines for the year; spend to date needs an as-at date.",
    parser=BUDGET_LINES,
    planner=plan_budget_lines,
    writer=write_budget_lines,
    options=frozenset({Option.STREAM, Option.YEAR, Option.AS_AT, Option.CREATE_MISSING}),
)
