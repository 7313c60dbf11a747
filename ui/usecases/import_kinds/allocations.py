"""``allocations``: what a funder gives a stream for a year or an unsplit range of years."""

from __future__ import annotations

from collections.abc import Sequence

from db.ops.import_records import AllocationWrite, write_allocations
from db.queries import imports as q
from db.queries import reference as rq
from fundledger.money import Money
from importers.kinds import ALLOCATIONS
from importers.rows import AllocationRow

from .plan import Held, Plan, PlanContext, need_stream, new_plan, resolve
from .registry import ImportKind, Option

__all__ = ["KIND", "plan_allocations"]


def plan_allocations(
    ctx: PlanContext, rows: Sequence[AllocationRow]
) -> tuple[Plan, list[AllocationWrite]]:
    plan = new_plan(ctx)
    stream = need_stream(ctx, plan)
    if stream is None:
        return plan, []
    held: Held[tuple[int, int, Money]] = Held(q.held_allocations(ctx.session, stream.id))
    mechs = rq.mechanisms(ctx.session, stream.id)  # the ledger's, per year
    out: list[AllocationWrite] = []
    for r in rows:
        funder: int | None = stream.funder_org_id
        if r.funder:
            funder = resolve(ctx, plan, "any", "other", r.funder, r.row, "funder")
            if funder is None:
                plan.failed(r.row, stream.code, r.amount, r.label)
                continue
        if held.is_dup((r.year_from.start_year, r.year_to.start_year, r.amount)):
            reason = "this allocation is already in the ledger"
            plan.duplicate(r.row, stream.code, r.amount, r.label, reason)
            continue
        start, end = r.year_from.start_year, r.year_to.start_year
        out.append(
            AllocationWrite(
                stream.id, funder, stream.recipient_org_id, start, end, r.amount,
                r.amount_text, r.approximate, rq.mechanism_for(mechs, start),
                r.label, f"{ctx.file} row {r.row}",
            )
        )  # fmt: skip
        plan.touches.update((stream.id, y, None) for y in range(start, end + 1))
        plan.stream_ids.add(stream.id)
        plan.count(stream.code, r.amount)
        years = (
            r.year_from.code
            if r.year_from == r.year_to
            else f"{r.year_from.code} to {r.year_to.code} (one allocation for the range)"
        )
        plan.new(r.row, stream.code, r.amount, f"{r.label} — {years}")
    return plan, out


KIND: ImportKind[AllocationRow, AllocationWrite] = ImportKind(
    name="allocations",
    label="Allocations",
    short="Allocations",
    help="a funder's allocations to a stream, by year or for a range of years",
    description="What a funder gives the stream, for a year or an unsplit range of years.",
    parser=ALLOCATIONS,
    planner=plan_allocations,
    writer=write_allocations,
    options=frozenset({Option.STREAM, Option.YEAR, Option.CREATE_MISSING}),
)
