"""What the Variance page's two charts show: budget against actual for the largest rows of
the chart's year, and cumulative spend against the profile the contracts give the year (or
straight-line) up to the as-at period.  ``VarianceData`` is what the page has loaded."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from fundledger.years import FinancialYear, period_of
from ui.usecases.variance import VarianceReport, VarianceRow

from ..widgets.variance_charts import ChartView


@dataclass(frozen=True, slots=True)
class VarianceData:
    """What the page shows: the report at the chosen level and (once loaded) by period."""

    report: VarianceReport
    periods: VarianceReport | None = None
    #: expected spend by period: the contracts as they run, the rest of the budget straight-line
    profile: list[Decimal] | None = None


def chart_year(rows: tuple[VarianceRow, ...], year: int | None) -> int | None:
    """The year the charts show: the page's, else the latest with spend (else the latest)."""
    if year is not None:
        return year
    years = [r.year for r in rows if r.figures.actual] or [r.year for r in rows]
    return max(years) if years else None


def show_bars(
    view: ChartView, data: VarianceData, year: int | None, stream_code: str | None, level: str
) -> None:
    """Budget vs actual for the chart year's largest eight rows at ``level``."""
    year = chart_year(data.report.rows, year)
    what = stream_code or "all streams"
    code = FinancialYear(year).code if year is not None else ""
    leaves = [r for r in data.report.rows if r.year == year]
    top = sorted(leaves, key=lambda r: r.figures.revised, reverse=True)[:8]
    largest = f" (largest {len(top)} of {len(leaves)})" if len(top) < len(leaves) else ""
    view.show_budget_vs_actual(
        f"Budget vs actual by {level}{largest} — {what}, {code}",
        [
            (f"{r.stream} {r.key}" if not stream_code else r.key, r.figures.revised,
             r.figures.actual)
            for r in top
        ],
    )  # fmt: skip


def show_cumulative(
    view: ChartView, data: VarianceData, year: int | None, stream_code: str | None
) -> None:
    """Cumulative spend against profile, once the by-period report is in."""
    if data.periods is None:
        return
    year = chart_year(data.report.rows, year)
    what = stream_code or "all streams"
    code = FinancialYear(year).code if year is not None else ""
    actual = [Decimal(0)] * 12
    profile = [Decimal(0)] * 12
    income = {c for c, _n, kind, _t in data.periods.streams if kind == "income"}
    for r in data.periods.rows:
        if stream_code is None and r.stream in income:
            continue  # "all streams" spend excludes income streams
        if r.year == year and r.period is not None:
            actual[r.period - 1] += r.figures.actual
            profile[r.period - 1] += r.figures.revised
    as_at = data.report.as_at
    upto = 12
    if year is not None and FinancialYear(year).contains(as_at):
        upto = period_of(as_at)
    elif year is not None and as_at < FinancialYear(year).start:
        upto = 0
    if data.profile is not None:
        view.show_cumulative(
            f"Cumulative spend vs profile — {what}, {code}", actual, data.profile, upto,
            "Profile (contracts as they run)",
        )  # fmt: skip
        return
    view.show_cumulative(
        f"Cumulative spend vs straight-line profile — {what}, {code}", actual, profile, upto
    )
