"""``variance``: the variance report at a level, with forecast, RAG and commentary, exactly as
the Variance page shows it (the rows of :func:`ui.usecases.variance.build_report`; the
layout: :mod:`exports.returns.variance`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.queries import variance as vq
from db.queries.variance_sources import figure_sources
from exports import data as xd
from exports.returns.variance import variance_table, variance_title, write_variance
from exports.template import FigureValue
from fundledger.years import FinancialYear

from ..variance import VarianceInputError, build_report, export_rows
from .base import ExportInputError, Prepared, Progress, Scope, common_figures
from .registry import FigureDoc, ReturnDef

NAME = "variance"
_FIGURE_ORDER = {"actual": 0, "committed": 1, "forecast": 2}
_FAMILIES = ("original", "virements", "revised", "committed", "actual", "available")


def build(session: Session, scope: Scope, produced: xd.Produced) -> Prepared:
    try:
        report = build_report(session, year=scope.year, stream=scope.stream, by=scope.by,
                              as_at=scope.as_at)  # fmt: skip
    except VarianceInputError as exc:
        raise ExportInputError(exc.text, exc.field) from exc
    rows = export_rows(report)
    table = variance_table(rows, scope.by, report.totals.rag.status)
    sources = _sources(session, scope, rows)
    figures: dict[str, FigureValue] = {
        f"variance.{a}_total": table.totals[a.capitalize()] for a in _FAMILIES
    }
    for r in rows:
        figures[f"variance.row.{r.stream}.{r.year}.{r.key}.actual"] = r.actual
        figures[f"variance.row.{r.stream}.{r.year}.{r.key}.revised"] = r.revised
    title = variance_title(scope.by, scope.year_text, scope.stream)

    def write(_ledger: Ledger, path: Path, _progress: Progress | None) -> xd.Written:
        return write_variance(path, produced, table, title=title, warnings=report.warnings,
                              sources=sources)  # fmt: skip

    return Prepared(scope, title, produced, table, len(rows),
                    common_figures(scope, produced, figures), write, report.warnings,
                    sources)  # fmt: skip


def _sources(
    session: Session, scope: Scope, rows: list[xd.VarianceRow]
) -> tuple[xd.SourceRow, ...]:
    """The transactions, contract commitments and forecasts behind each row shown, in the
    rows' order (rows of a pooled line shared across partners are left out: no one ledger row
    is behind one partner's share)."""
    order = {(r.stream, r.year, r.key): i for i, r in enumerate(rows)}
    found = figure_sources(session, vq.Scope(scope.as_at, scope.stream_id, scope.year), scope.by)
    picked = []
    for f in found:
        year = FinancialYear(f.year).code
        at = order.get((f.stream, year, f.key))
        if at is not None:
            row = xd.SourceRow(f"{f.stream}|{year}|{f.key}|{f.figure}", f.source, f.amount,
                               f.on, f.reference, f.description)  # fmt: skip
            picked.append((at, _FIGURE_ORDER[f.figure], f.on or date.min, row))
    picked.sort(key=lambda p: p[:3])
    return tuple(p[3] for p in picked)


DEFINITION = ReturnDef(
    name=NAME,
    title="Variance report with RAG and commentary",
    build=build,
    figure_prefix="variance",
    figures=(
        *(FigureDoc(f"variance.{a}_total", f"the scope's {a} total") for a in _FAMILIES),
        FigureDoc("variance.row.<stream>.<year>.<key>.actual", "a row's actual"),
        FigureDoc("variance.row.<stream>.<year>.<key>.revised", "a row's revised budget"),
    ),
    options=frozenset({"by"}),
)
