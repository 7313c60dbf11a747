"""``variance``: the variance report at a level, with forecast, RAG and commentary, exactly as
the Variance page shows it (the rows of :func:`ui.usecases.variance.build_report`; the
layout: :mod:`exports.returns.variance`)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from db.ledger import Ledger
from exports import data as xd
from exports.returns.variance import variance_table, variance_title, write_variance
from exports.template import FigureValue

from ..variance import VarianceInputError, build_report, export_rows
from .base import ExportInputError, Prepared, Progress, Scope, common_figures
from .registry import FigureDoc, ReturnDef

NAME = "variance"
_FAMILIES = ("original", "virements", "revised", "committed", "actual", "available")


def build(session: Session, scope: Scope, produced: xd.Produced) -> Prepared:
    try:
        report = build_report(session, year=scope.year, stream=scope.stream, by=scope.by,
                              as_at=scope.as_at)  # fmt: skip
    except VarianceInputError as exc:
        raise ExportInputError(str(exc)) from exc
    rows = export_rows(report)
    table = variance_table(rows, scope.by)
    figures: dict[str, FigureValue] = {
        f"variance.{a}_total": table.totals[a.capitalize()] for a in _FAMILIES
    }
    for r in rows:
        figures[f"variance.row.{r.stream}.{r.year}.{r.key}.actual"] = r.actual
        figures[f"variance.row.{r.stream}.{r.year}.{r.key}.revised"] = r.revised
    title = variance_title(scope.by, scope.year_text, scope.stream)

    def write(_ledger: Ledger, path: Path, _progress: Progress | None) -> xd.Written:
        return write_variance(path, produced, table, title=title, warnings=report.warnings)

    return Prepared(scope, title, produced, table, len(rows),
                    common_figures(scope, produced, figures), write,
                    report.warnings)  # fmt: skip


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
