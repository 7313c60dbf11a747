"""``contributions``: each partner's pledged contribution under each heading (pooled budgets).

A blank cell is no contribution (reported, no record made); a printed 0 is a contribution of
0.00.  Payments in kind are recorded as in-kind, every other heading as cash.
"""

from __future__ import annotations

from collections.abc import Sequence

from db.ops.import_records import ContributionWrite, write_contributions
from db.queries import imports as q
from fundledger.money import Money
from fundledger.orgs import normalise
from importers.kinds import CONTRIBUTIONS
from importers.rows import ContributionRow

from .plan import Held, Plan, PlanContext, need_stream, need_year, new_plan, resolve
from .registry import ImportKind, Option

__all__ = ["KIND", "plan_contributions"]


def plan_contributions(
    ctx: PlanContext, rows: Sequence[ContributionRow]
) -> tuple[Plan, list[ContributionWrite]]:
    plan = new_plan(ctx)
    stream = need_stream(ctx, plan)
    year = need_year(ctx, plan)
    if stream is None or year is None:
        return plan, []
    held: Held[tuple[int, str, Money | None]] = Held(
        q.held_contributions(ctx.session, stream.id, year)
    )
    out: list[ContributionWrite] = []
    plan.skipped = len(ctx.info.no_value_labels)
    for r in rows:
        label = f"{r.partner} — {r.heading}"
        org = resolve(ctx, plan, "partner_agency", "partner_agency", r.partner, r.row, "partner")
        if org is None:
            plan.failed(r.row, stream.code, r.amount, label)
            continue
        if org > 0 and held.is_dup((org, normalise(r.heading), r.amount)):
            reason = "this contribution is already in the ledger"
            plan.duplicate(r.row, stream.code, r.amount, label, reason)
            continue
        kind = "in_kind" if normalise(r.heading) == "payments in kind" else "cash"
        out.append(ContributionWrite(stream.id, year, org, r.partner, r.heading, kind, r.amount))
        plan.touches.add((stream.id, year, None))
        plan.stream_ids.add(stream.id)
        plan.count(stream.code, r.amount)
        plan.new(r.row, stream.code, r.amount, label)
    plan.warnings += [
        f"{name}: no contribution in any heading (blank is not zero); no record made"
        for name in ctx.info.no_value_labels
    ]
    return plan, out


KIND: ImportKind[ContributionRow, ContributionWrite] = ImportKind(
    name="contributions",
    label="Partner contributions",
    short="Contributions",
    help="partners' contributions to a pooled budget, by heading",
    description="Each partner's contribution under each heading; a blank cell is no record.",
    parser=CONTRIBUTIONS,
    planner=plan_contributions,
    writer=write_contributions,
    options=frozenset({Option.STREAM, Option.YEAR, Option.CREATE_MISSING}),
)
