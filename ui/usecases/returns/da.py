"""``da-allocations`` (a grant stream's allocations by year, with the funding mechanism; an
unsplit range stays a range) and ``da-spend-plan`` (its contract lines by provider with spend
to date).  Layouts: :mod:`exports.returns.da`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.queries import exports as xq
from db.queries import variance as vq
from exports import data as xd
from exports.returns.da import (
    ALLOCATIONS_TITLE,
    SPEND_PLAN_TITLE,
    allocations_table,
    spend_plan_table,
    write_allocations,
    write_spend_plan,
)
from exports.template import FigureValue
from fundledger.money import ZERO
from fundledger.years import FinancialYear

from ..variance import eligibility_warnings
from .base import ExportInputError, Prepared, Progress, Scope, common_figures
from .contracts import contract_rows
from .registry import Applies, FigureDoc, ReturnDef

ALLOCATIONS = "da-allocations"
SPEND_PLAN = "da-spend-plan"


def _mechanism(fact: xq.AllocationFact) -> xd.Mechanism:
    if fact.mechanism == "grant":
        return "grant"
    if fact.mechanism == "settlement":
        return "settlement"
    raise ExportInputError(
        f"{ALLOCATIONS}: {fact.label} ({fact.stream}) is funded by {fact.mechanism or 'no'} "
        "mechanism; the return lists grant and settlement allocations"
    )


def build_allocations(session: Session, scope: Scope, produced: xd.Produced) -> Prepared:
    assert scope.stream_id is not None
    facts = xq.allocations(session, scope.stream_id, scope.year)
    rows = [
        xd.AllocationRow(f.label, FinancialYear(f.year_from), FinancialYear(f.year_to), f.amount,
                         _mechanism(f), f.funder)
        for f in facts
    ]  # fmt: skip
    sources = [
        xd.SourceRow(f.label, f"allocation {f.id}", f.amount, None, f.source_ref, f.status)
        for f in facts
    ]
    table = allocations_table(rows)
    figures: dict[str, FigureValue] = {"da.total": table.totals["Amount"]}
    for r in rows:
        figures[f"da.allocation.{r.label}"] = r.amount
        key = f"da.year.{r.years_text}" if r.year_from == r.year_to else f"da.range.{r.years_text}"
        before = figures.get(key)
        figures[key] = (before if isinstance(before, Decimal) else ZERO) + r.amount
    title = ALLOCATIONS_TITLE if scope.stream == "DA" else f"{scope.stream} allocations by year"

    def write(_ledger: Ledger, path: Path, _progress: Progress | None) -> xd.Written:
        return write_allocations(path, produced, table, title=title, sources=sources)

    return Prepared(scope, title, produced, table, len(rows),
                    common_figures(scope, produced, figures), write,
                    sources=tuple(sources))  # fmt: skip


def build_spend_plan(session: Session, scope: Scope, produced: xd.Produced) -> Prepared:
    rows, sources = contract_rows(session, scope, "spent")
    table = spend_plan_table(rows)
    t = table.totals
    figures: dict[str, FigureValue] = {
        "spend.cost_total": t["Cost"],
        "spend.spent_total": t["Spend to date"],
        "spend.remaining_total": t["Remaining"],
    }
    title = SPEND_PLAN_TITLE if scope.stream == "DA" else f"{scope.stream} spend plan"
    warnings = eligibility_notes(session, scope)

    def write(_ledger: Ledger, path: Path, _progress: Progress | None) -> xd.Written:
        return write_spend_plan(path, produced, table, title=title, sources=sources,
                                warnings=warnings)  # fmt: skip

    return Prepared(scope, title, produced, table, len(rows),
                    common_figures(scope, produced, figures), write, warnings,
                    tuple(sources))  # fmt: skip


def eligibility_notes(session: Session, scope: Scope) -> tuple[str, ...]:
    """Spend on the scope's lines that are not eligible, or not known to be, with the grant
    conditions (as the variance report warns)."""
    found = vq.eligibility_spend(session, vq.Scope(scope.as_at, scope.stream_id, scope.year))
    return tuple(eligibility_warnings(found))


GRANT = Applies(frozenset({"grant"}), "DA")

ALLOCATIONS_DEF = ReturnDef(
    name=ALLOCATIONS,
    title="Domestic abuse allocations by year, with mechanism",
    build=build_allocations,
    applies=GRANT,
    figure_prefix="da",
    figures=(
        FigureDoc("da.total", "every allocation listed (an unsplit range counted once)"),
        FigureDoc("da.allocation.<label>", "one allocation's amount"),
        FigureDoc("da.year.<2025-26>", "the allocations of one year"),
        FigureDoc(
            "da.range.<2025-26 to 2026-27>", "an allocation covering several years, not split"
        ),
    ),
)

SPEND_PLAN_DEF = ReturnDef(
    name=SPEND_PLAN,
    title="Domestic abuse spend plan by provider",
    build=build_spend_plan,
    applies=GRANT,
    figure_prefix="spend",
    figures=(
        FigureDoc("spend.cost_total", "the plan's agreed cost (values in words not counted)"),
        FigureDoc("spend.spent_total", "spend to date against the plan's lines"),
        FigureDoc("spend.remaining_total", "cost less spend to date"),
    ),
)
