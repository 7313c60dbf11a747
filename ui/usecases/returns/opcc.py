"""``opcc-csp``: the Commissioner's allocation to each Community Safety Partnership area with
expenditure to date, remaining and % spent (the layout: :mod:`exports.returns.opcc`).

Allocation and expenditure are the Variance page's own figures for the stream's lines (revised
budget and actual at the as-at date, by default the latest reported actual)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.queries import exports as xq
from db.schema import BudgetLine
from exports import data as xd
from exports.returns.opcc import csp_table, csp_title, write_csp
from exports.template import FigureValue
from fundledger.years import FinancialYear

from ..variance import build_report
from .base import Prepared, Progress, Scope, common_figures
from .registry import Applies, FigureDoc, ReturnDef

NAME = "opcc-csp"


def _rows(
    session: Session, scope: Scope
) -> tuple[list[xd.CspRow], list[xd.SourceRow], tuple[str, ...]]:
    assert scope.year is not None
    report = build_report(session, year=scope.year, stream=scope.stream, by="line",
                          as_at=scope.as_at)  # fmt: skip
    lines = [r for r in report.rows if r.line_id is not None]
    txns = xq.line_transactions(session, [r.line_id for r in lines if r.line_id], scope.year,
                                scope.as_at)  # fmt: skip
    reported: dict[int, list[xq.TxnSource]] = {}
    for t in txns:
        if t.budget_line_id is not None:
            reported.setdefault(t.budget_line_id, []).append(t)
    csp: list[xd.CspRow] = []
    sources: list[xd.SourceRow] = []
    for r in lines:
        mine = reported.get(r.line_id or -1, [])
        nil = bool(mine) and r.figures.actual == 0 and any(t.reported_nil for t in mine)
        csp.append(xd.CspRow(r.key, r.figures.revised, r.figures.actual if mine else None, nil))
        sources += [
            xd.SourceRow(f"{r.key}|Expenditure", f"transaction {t.id}", t.amount, t.txn_date,
                         t.reference, t.description)
            for t in mine
        ]  # fmt: skip
    return csp, sources, report.warnings


def build(session: Session, scope: Scope, produced: xd.Produced) -> Prepared:
    assert scope.year is not None and scope.stream_id is not None
    csp, sources, warnings = _rows(session, scope)
    fy = FinancialYear(scope.year)
    table = csp_table(csp, fy)
    alloc, spent, remaining = (table.totals[h] for h in table.headers[1:4])
    figures: dict[str, FigureValue] = {
        "opcc.allocation_total": alloc,
        "opcc.expenditure_total": spent,
        "opcc.remaining_total": remaining,
        "opcc.pct_spent": table.total_extra.get("% spent"),
        "opcc.as_at": scope.as_at,
    }
    for r in csp:
        figures[f"opcc.area.{r.area}.allocation"] = r.allocation
        figures[f"opcc.area.{r.area}.expenditure"] = r.expenditure
    title = csp_title(fy, scope.as_at)

    def write(_ledger: Ledger, path: Path, _progress: Progress | None) -> xd.Written:
        return write_csp(path, produced, table, title=title, sources=sources)

    return Prepared(scope, title, produced, table, len(csp),
                    common_figures(scope, produced, figures), write, warnings,
                    tuple(sources))  # fmt: skip


def _latest_year(session: Session, stream_id: int) -> int | None:
    return xq.latest_year(session, BudgetLine, stream_id)


def _latest_reported(session: Session, stream_id: int, year: int) -> date | None:
    return xq.latest_reported(session, stream_id, year)


DEFINITION = ReturnDef(
    name=NAME,
    title="OPCC allocations to CSPs vs expenditure to date",
    build=build,
    applies=Applies(frozenset({"allocations"}), "OPCC"),
    figure_prefix="opcc",
    figures=(
        FigureDoc("opcc.allocation_total", "the whole pot allocated to the CSP areas"),
        FigureDoc("opcc.expenditure_total", "expenditure to date of all areas"),
        FigureDoc("opcc.remaining_total", "allocation less expenditure, areas that reported"),
        FigureDoc("opcc.pct_spent", "the pot's % spent (99.99% while any money remains)"),
        FigureDoc("opcc.as_at", "the as-at date of the expenditure"),
        FigureDoc("opcc.area.<area>.allocation", "an area's allocation"),
        FigureDoc("opcc.area.<area>.expenditure", "an area's expenditure (blank: not reported)"),
    ),
    latest_year=_latest_year,
    default_as_at=_latest_reported,
)
