"""The variance report at a level (line, partner, area, quarter or period) with RAG and commentary.

Rows-sheet figure keys: ``"<stream>|<year>|<key>|<figure>"`` with figure ``actual``,
``committed`` or ``forecast``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from fundledger.money import spent_percent

from ..data import Produced, SourceRow, VarianceRow, Written
from ..table import ReturnTable, make_table
from ..workbook import CellValue, Column, FinanceWorkbook

KEY_HEADERS = {
    "line": "Budget line",
    "partner": "Partner",
    "area": "Area",
    "quarter": "Quarter",
    "period": "Period",
}
_ZERO = Decimal("0.00")
ROWS_NOTE = (
    "Actual: transactions and income to the as-at date. Committed: each contract profile less "
    "invoiced. Forecast: the latest forecast of each line (a row of several lines also counts "
    "those without one at their revised budget). By quarter or period, committed and forecast "
    "are spread over the year and list no rows; by partner, a pooled line's share lists none."
)
#: the figures the Rows sheet lists rows for, and their columns
FIGURE_COLUMNS = {"committed": 6, "actual": 7, "forecast": 9}


def _columns(by: str, any_forecast: bool) -> tuple[Column, ...]:
    return (
        Column("Stream", width=9),
        Column("Year", width=9),
        Column(KEY_HEADERS[by], max_width=40),
        Column("Original", "money", total=True, width=15),
        Column("Virements", "money", total=True, width=14),
        Column("Revised", "money", total=True, width=15),
        Column("Committed", "money", total=True, width=15),
        Column("Actual", "money", total=True, width=15),
        Column("Available", "money", total=True, width=15),
        Column("Forecast", "money", total=any_forecast, width=15, blank_as=5),
        Column("Forecast variance", "money", total=any_forecast, width=15),
        Column("% spent", "percent", width=9),
        Column("RAG", "rag", width=8),
        Column("Commentary", max_width=60, wrap=True),
    )


def _line(r: VarianceRow) -> tuple[CellValue, ...]:
    return (
        r.stream,
        r.year,
        r.key,
        r.original,
        r.virements,
        r.revised,
        r.committed,
        r.actual,
        r.available,
        r.forecast,
        r.forecast_variance,
        r.pct_spent,
        r.rag,
        r.comment,
    )


def variance_table(
    rows: Sequence[VarianceRow], by: str, total_rag: str | None = None
) -> ReturnTable:
    """The rows with their figures, % spent, RAG and commentary.  Forecast totals only where
    some line has a forecast, and a line without one counts at its revised budget (as on the
    Variance page); the total row's % spent is the whole scope's, and its RAG ``total_rag``
    (the scope's, as the Variance page and ``variance --json`` judge it), if given."""
    if by not in KEY_HEADERS:
        raise ValueError(f"unknown variance level {by!r}")
    cols = _columns(by, any(r.forecast is not None for r in rows))
    revised = sum((r.revised for r in rows), _ZERO)
    actual = sum((r.actual for r in rows), _ZERO)
    pct = spent_percent(actual, revised)
    if pct is None and actual == 0:
        pct = _ZERO
    extra: dict[str, CellValue] = {"% spent": pct}
    if total_rag is not None:
        extra["RAG"] = total_rag
    return make_table(cols, [_line(r) for r in rows], total_extra=extra)


def variance_title(by: str, year: str | None, stream: str | None) -> str:
    return f"Variance report {year or 'all years'}, {stream or 'all streams'}, by {by}"


def write_variance(
    path: str | Path,
    produced: Produced,
    table: ReturnTable,
    *,
    title: str,
    warnings: Sequence[str] = (),
    sources: Sequence[SourceRow] = (),
) -> Written:
    """Write sheet "Variance" from :func:`variance_table`, and the Rows sheet: the rows behind
    each row's figures, keyed ``"<stream>|<year>|<key>|<figure>"`` (figure: actual, committed
    or forecast)."""
    with FinanceWorkbook(path, produced, title=title, subject="variance") as book:
        notes = [
            "Available = revised budget − committed − actual. RAG as set in the ledger. "
            "A line without a forecast counts at its revised budget in the forecast total."
        ]
        sheet = book.add_sheet(
            "Variance", title=title, notes=notes + [f"Warning: {w}" for w in warnings]
        )
        written = sheet.return_table(table)
        cells = {
            f"{r[0]}|{r[1]}|{r[2]}|{figure}": written.ref(i, col)
            for i, r in enumerate(table.rows)
            for figure, col in FIGURE_COLUMNS.items()
        }
        book.add_rows_sheet(sources, cells, note=ROWS_NOTE)
    return Written(str(path), dict(written.totals), ("Variance", "Rows"))


def variance(
    path: str | Path,
    produced: Produced,
    rows: Sequence[VarianceRow],
    *,
    by: str = "line",
    year: str | None = None,
    stream: str | None = None,
    warnings: Sequence[str] = (),
    title: str | None = None,
    sources: Sequence[SourceRow] = (),
) -> Written:
    """Write sheet "Variance"; ``by`` is line | partner | area | quarter | period."""
    table = variance_table(rows, by)
    name = title or variance_title(by, year, stream)
    return write_variance(path, produced, table, title=name, warnings=warnings, sources=sources)
