"""``contracts``: a stream's contract lines (service, providers, value, term, extensions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from db.ops.import_records import ContractWrite, write_contracts
from db.queries import imports as q
from fundledger.money import Money
from fundledger.orgs import normalise
from fundledger.terms import profile_even
from importers.kinds import CONTRACTS
from importers.rows import ContractRow

from ..import_coding import service_lines
from .plan import Held, Plan, PlanContext, need_stream, new_plan
from .registry import ImportKind, Option

__all__ = ["KIND", "plan_contracts"]


def plan_contracts(
    ctx: PlanContext, rows: Sequence[ContractRow]
) -> tuple[Plan, list[ContractWrite]]:
    plan = new_plan(ctx)
    stream = need_stream(ctx, plan)
    if stream is None:
        return plan, []
    held: Held[tuple[str, str, Money | None]] = Held(q.held_contracts(ctx.session, stream.id))
    out: list[ContractWrite] = []
    for r in rows:
        label = f"{r.service} — {r.provider_text}"
        if held.is_dup((normalise(r.service), normalise(r.provider_text), r.value)):
            reason = "this contract line is already in the ledger"
            plan.duplicate(r.row, stream.code, r.value, label, reason)
            continue
        term = r.term
        months = term.base_months if term is not None else None
        profile: dict[int, Money] = {}
        if r.start is not None and r.value is not None and months:
            profile = profile_even(r.value, r.start, months)
        out.append(
            ContractWrite(
                stream.id, r.service, r.provider_text, r.value, r.value_text, r.start, months,
                r.term_text, bool(term and term.fixed_term), r.reference, r.row,
                "value printed as an approximation" if r.approximate else None,
                tuple(ctx.orgs.match_many("any", r.provider_text)),
                tuple(term.extensions) if term else (), tuple(profile.items()),
            )
        )  # fmt: skip
        plan.touches.update((stream.id, y, None) for y in profile)
        plan.stream_ids.add(stream.id)
        plan.count(stream.code, r.value)
        plan.new(r.row, stream.code, r.value, label)
    line_of = service_lines(ctx.session, stream.id, [dict(w.profile) for w in out])
    return plan, [replace(w, budget_line_id=line_of(w.service, dict(w.profile))) for w in out]


KIND: ImportKind[ContractRow, ContractWrite] = ImportKind(
    name="contracts",
    label="Contract lines",
    short="Contracts",
    help="a stream's contract lines (service, providers, value, term, extensions)",
    description="Commissioned services: providers, value, term and optional extensions.",
    parser=CONTRACTS,
    planner=plan_contracts,
    writer=write_contracts,
    options=frozenset({Option.STREAM}),
)
