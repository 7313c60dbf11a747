"""``gl``: a general-ledger extract, held as statement lines to reconcile the ledger against.

A line is a duplicate when an active batch already holds its fingerprint (cost centre, date,
amount, reference, supplier, description — counted, so two equal lines are two lines).
"""

from __future__ import annotations

from collections.abc import Sequence

from db.ops.import_writes import StatementLineWrite, write_statement_lines
from db.queries import imports as q
from fundledger.money import to_pence
from fundledger.reconcile import statement_fingerprints
from importers.kinds import GL
from importers.rows import GlRow

from .cost_centres import StreamByCostCentre, label
from .plan import Plan, PlanContext, new_plan
from .registry import ImportKind, Option

__all__ = ["KIND", "plan_gl"]


def plan_gl(ctx: PlanContext, rows: Sequence[GlRow]) -> tuple[Plan, list[StatementLineWrite]]:
    """New, duplicate, outside and error lines, and the statement lines to write."""
    plan = new_plan(ctx)
    streams = StreamByCostCentre(ctx, plan)
    prints = statement_fingerprints(
        [
            (r.cost_centre, r.posted_on, r.amount, r.reference, r.supplier, r.description)
            for r in rows
        ]
    )
    held = q.held_fingerprints(ctx.session, prints)
    out: list[StatementLineWrite] = []
    for r, fp in zip(rows, prints, strict=True):
        mapped = streams.stream_of(r, r.posted_on)
        if mapped is None:
            continue
        stream = mapped.stream
        text = label(r.reference, r.supplier, r.description)
        if fp in held:
            reason = "this line is already held from an earlier extract"
            plan.duplicate(r.row, stream.code, r.amount, text, reason)
            continue
        if r.row in ctx.choices.excluded:
            plan.skipped += 1
            continue
        year = r.year.start_year
        out.append(
            StatementLineWrite(
                stream.id, r.cost_centre.upper(), r.account, r.posted_on, year, r.period,
                to_pence(r.amount), r.reference, r.supplier, r.description, fp,
            )
        )  # fmt: skip
        # no period touched: a closed period stops the ledger's own postings, not the arrival
        # of the council's statement that it is reconciled against (nothing in the database
        # guards statement lines by period either)
        plan.stream_ids.add(stream.id)
        plan.count(stream.code, r.amount)
        plan.new(r.row, stream.code, r.amount, text)
    streams.finish(len(rows))
    return plan, out


KIND: ImportKind[GlRow, StatementLineWrite] = ImportKind(
    name="gl",
    label="General-ledger extract (for reconciliation)",
    short="GL extract",
    help="a general-ledger extract to reconcile against (statement lines)",
    description="The council's general-ledger listing, held as statement lines to reconcile.",
    parser=GL,
    planner=plan_gl,
    writer=write_statement_lines,
    options=frozenset({Option.STREAM, Option.YEAR, Option.OUTSIDE}),
)
