"""Closing a period (or a whole year) for one stream or all: finance officers; a closed period
refuses every change until an administrator reopens it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QWidget

from fundledger.years import year_label
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from .common import MoneyForm, period_combo

if TYPE_CHECKING:
    from ...context import AppContext


class ClosePeriodDialog(MoneyForm):
    """Close a period or a whole year, for one stream or all (finance officers)."""

    changes = topics(T.PERIODS)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        stream_code: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "Close a period", parent)
        self.stream = QComboBox()
        self.stream.addItem("All streams", None)
        self.add_row("&Stream", self.stream)
        self.year = QComboBox()
        for y in range(2021, 2031):
            self.year.addItem(year_label(y), y)
        self.year.setCurrentIndex(max(0, self.year.findData(year or 2025)))
        self.add_row("&Year", self.year)
        self.period: QComboBox = period_combo(whole_year=True)
        self.add_row("&Period", self.period)
        self.reason.setPlaceholderText("Note (e.g. month-end close)")
        self.add_row("&Note", self.reason)
        from ui.usecases.options import streams

        self.load_options(streams, lambda found: self._fill(found, stream_code))

    def _fill(self, streams: list[tuple[int, str]], stream_code: str | None) -> None:
        for sid, code in streams:
            self.stream.addItem(code, sid)
            if code == stream_code:
                self.stream.setCurrentIndex(self.stream.count() - 1)

    def saved_text(self, result: Any) -> str:
        period = self.period.currentData()
        when = self.year.currentText() + ("" if period is None else f" P{period:02d}")
        which = self.stream.currentText() if self.stream.currentData() else "all streams"
        return f"Closed {when} for {which}: the ledger refuses changes there until reopened"

    def write(self, ledger: Any) -> int:
        from ui.usecases.lifecycle import close_period

        return close_period(
            ledger,
            self.year.currentData(),
            self.period.currentData(),
            self.stream.currentData(),
            self.reason_text() or None,
        )
