"""Entering a forecast outturn for a budget line at a period, with commentary; the line's
latest forecasts are shown beneath."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from fundledger.money import format_gbp
from fundledger.years import period_label
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from ..period_marks import ClosedPeriodMarks
from .common import (
    MoneyForm,
    current_period,
    fill_lines,
    line_combo,
    line_name,
    period_combo,
    start_at_open_period,
)

if TYPE_CHECKING:
    from ui.usecases.budget import ForecastRow, LineBudget

    from ...context import AppContext


class ForecastDialog(MoneyForm):
    """Enter a forecast outturn for a line at a period, with commentary; history below."""

    changes = topics(T.BUDGET)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        stream_code: str | None = None,
        year: int | None = None,
        line_id: int | None = None,
    ) -> None:
        super().__init__(ctx, "Forecast outturn", parent)
        self.line: QComboBox = line_combo()
        self.add_row("&Line", self.line)
        self.period: QComboBox = period_combo(current=current_period(year))
        start_at_open_period(self, self.period, year, stream_code)
        self.period_marks = ClosedPeriodMarks(self, self.period, lambda: year, lambda: stream_code)
        self.period_marks.reload()
        self.add_row("&At period", self.period)
        self.add_row("&Forecast outturn", self.amount)
        self.reason.setPlaceholderText("Commentary: why the forecast differs from budget")
        self.add_row("&Commentary", self.reason)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.add_row("History", self.history)
        from ui.usecases.budget import lines

        self.load_options(
            lambda ledger: lines(ledger, stream_code, year), lambda r: self._fill(r, line_id)
        )

    def _fill(self, lines: list[LineBudget], line_id: int | None) -> None:
        fill_lines(self.line, lines)
        if line_id is not None:
            self.line.setCurrentIndex(self.line.findData(line_id))
        self.line.currentIndexChanged.connect(self._show_history)
        self._show_history()

    def _show_history(self) -> None:
        from ui.usecases.budget import forecast_history

        line_id = self.line.currentData()
        if line_id is None:
            return
        self.load_options(
            lambda ledger: forecast_history(ledger, line_id),
            lambda rows: self._history_read(line_id, rows),
            block=False,
        )

    def _history_read(self, line_id: int, rows: list[ForecastRow]) -> None:
        if line_id != self.line.currentData():
            return
        self.history.setText(
            "\n".join(
                f"{period_label(f.period)}: {format_gbp(f.amount)} by {f.by}"
                + (f" — {f.commentary}" if f.commentary else "")
                for f in rows
            )
            or "No forecast yet"
        )

    def problems(self) -> list[str]:
        return self._amount_problem()

    def saved_text(self, result: Any) -> str:
        return (
            f"Saved forecast #{result}: {line_name(self.line)} at {self.period.currentText()},"
            f" outturn {self.money_text()}"
        )

    def write(self, ledger: Any) -> int:
        from ui.usecases.lifecycle import enter_forecast

        return enter_forecast(
            ledger,
            self.line.currentData(),
            self.period.currentData(),
            self.amount_value,
            self.reason_text() or None,
        )
