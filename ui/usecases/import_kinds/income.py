"""``income``: income items raised (and received) for a stream.

Whether an item is council investment (the ROI's denominator) is the core's rule
(:func:`fundledger.income.counts_as_council_investment`), not decided here.
"""

from __future__ import annotations

from collections.abc import Sequence

from db.ops.import_records import IncomeWrite, write_income
from db.queries import imports as q
from db.queries.imports import TxnKey, txn_key
from fundledger.income import counts_as_council_investment
from importers.kinds import INCOME
from importers.rows import IncomeRow

from .plan import Held, Plan, PlanContext, need_stream, new_plan
from .registry import ImportKind, Option

__all__ = ["KIND", "plan_income"]


def plan_income(ctx: PlanContext, rows: Sequence[IncomeRow]) -> tuple[Plan, list[IncomeWrite]]:
    plan = new_plan(ctx)
    stream = need_stream(ctx, plan)
    if stream is None:
        return plan, []
    held: Held[TxnKey] = Held(q.held_income(ctx.session, stream.id))
    out: list[IncomeWrite] = []
    for r in rows:
        label = " · ".join(p for p in (r.reference, r.customer, r.category) if p)
        if held.is_dup(txn_key(r.reference, r.raised_on, r.amount, r.customer)):
            reason = "already in the ledger (same reference, date, amount, customer)"
            plan.duplicate(r.row, stream.code, r.amount, label, reason)
            continue
        out.append(
            IncomeWrite(
                stream.id, r.category, r.customer, ctx.orgs.match("any", r.customer),
                r.description, r.reference, r.amount, r.raised_on, r.year.start_year,
                r.period, r.status, r.received_on, counts_as_council_investment(r.category),
            )
        )  # fmt: skip
        plan.touches.add((stream.id, r.year.start_year, r.period))
        plan.stream_ids.add(stream.id)
        plan.count(stream.code, r.amount)
        plan.new(r.row, stream.code, r.amount, label)
    return plan, out


KIND: ImportKind[IncomeRow, IncomeWrite] = ImportKind(
    name="income",
    label="Income",
    short="Income",
    help="income items raised and received (place marketing, sponsorship, packages)",
    description="Income raised and received; council contributions count as investment.",
    parser=INCOME,
    planner=plan_income,
    writer=write_income,
    options=frozenset({Option.STREAM}),
)
