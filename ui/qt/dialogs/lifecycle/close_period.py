"""Closing periods up to one, for one stream or all (finance officers): every open period of
the year up to the chosen one closes; a closed period refuses every change until an
administrator reopens it.

The picker names each period with its month and marks the closed ones; it starts at the last
period before today's that is still open.  Saving asks to confirm, naming what will close.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QWidget

from fundledger.periods import default_close_to, period_name, to_close
from fundledger.years import period_label, year_label
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from ..form import combo_select, local_today
from ..period_marks import ClosedPeriodMarks
from .common import MoneyForm

if TYPE_CHECKING:
    from ...context import AppContext


def _runs(periods: list[int]) -> str:
    """``P01, P03–P06`` for [1, 3, 4, 5, 6]."""
    out: list[str] = []
    start = prev = periods[0]
    for p in [*periods[1:], 99]:
        if p != prev + 1:
            out.append(period_label(start) + ("" if start == prev else f"–{period_label(prev)}"))
            start = p
        prev = p
    return ", ".join(out)


class ClosePeriodDialog(MoneyForm):
    """Close every open period of a year up to one, for one stream or all."""

    changes = topics(T.PERIODS)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        stream_code: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "Close periods", parent)
        self.stream = QComboBox()
        self.stream.addItem("All streams", None)
        self.add_row("&Stream", self.stream)
        self.year = QComboBox()
        for y in range(2021, 2031):
            self.year.addItem(year_label(y), y)
        self.year.setCurrentIndex(max(0, self.year.findData(year or local_today().year - 1)))
        self.add_row("&Year", self.year)
        self.period = QComboBox()
        self.add_row("Close &up to", self.period, "Every open period up to this one closes")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.form.addRow(self.summary)
        self.reason.setPlaceholderText("Why (e.g. September month end; required)")
        self.add_row("&Reason", self.reason)
        self._fill_periods()
        self.marks = ClosedPeriodMarks(self, self.period, lambda: self.year.currentData(),
                                       self.stream_code, self._marked)  # fmt: skip
        self.year.currentIndexChanged.connect(lambda _i: self._year_changed())
        self.stream.currentIndexChanged.connect(lambda _i: self.marks.reload())
        self.period.currentIndexChanged.connect(lambda _i: self._summarise())
        self._defaulted = False
        from ui.usecases.options import streams

        self.load_options(streams, lambda found: self._fill(found, stream_code))

    def stream_code(self) -> str | None:
        return self.stream.currentText() if self.stream.currentData() is not None else None

    def _fill_periods(self) -> None:
        y = self.year.currentData()
        self.period.blockSignals(True)
        self.period.clear()
        for p in range(1, 13):
            self.period.addItem(period_name(y, p), p)
        self.period.blockSignals(False)

    def _year_changed(self) -> None:
        self._fill_periods()
        self.marks.base = [self.period.itemText(i) for i in range(self.period.count())]
        self._defaulted = False
        self.marks.reload()

    def _fill(self, streams: list[tuple[int, str]], stream_code: str | None) -> None:
        self.stream.blockSignals(True)
        for sid, code in streams:
            self.stream.addItem(code, sid)
            if code == stream_code:
                self.stream.setCurrentIndex(self.stream.count() - 1)
        self.stream.blockSignals(False)
        self.marks.reload()

    def _marked(self, closed: set[int]) -> None:
        if not self._defaulted:  # start at the last period before today's still open
            self._defaulted = True
            combo_select(self.period, default_close_to(closed, self.year.currentData(),
                                                       local_today()))  # fmt: skip
        self._summarise()

    def closing(self) -> list[int]:
        """The periods saving will close."""
        to = self.period.currentData()
        return [] if to is None else to_close(self.marks.closed, to)

    def _what(self) -> str:
        which = self.stream_code() or "all streams"
        todo = self.closing()
        if not todo:
            return ""
        return f"{_runs(todo)} of {self.year.currentText()} for {which}"

    def _summarise(self) -> None:
        todo, to = self.closing(), self.period.currentData()
        if to is None:
            self.summary.setText("")
        elif not todo:
            self.summary.setText(f"Every period up to {period_label(to)} is already closed.")
        else:
            self.summary.setText(f"This closes {self._what()}: changes there are refused "
                                 "until an administrator reopens them.")  # fmt: skip

    def problems(self) -> list[str]:
        found = []
        if self.period.currentData() is not None and not self.closing():
            found.append(f"every period up to {period_label(self.period.currentData())} is "
                         "already closed")  # fmt: skip
        if not self.reason_text():
            found.append("a reason is required to close periods")
        return found

    def confirm(self, text: str) -> bool:
        """Ask the user to confirm (tests replace this)."""
        answer = QMessageBox.question(self, "Close periods", text)
        return answer == QMessageBox.StandardButton.Yes

    def save(self) -> None:
        if self.saving or self.loading or self.problems():
            super().save()
            return
        if self.confirm(f"Close {self._what()}?\n\nChanges there are refused until an "
                        "administrator reopens them."):  # fmt: skip
            super().save()

    def saved_text(self, result: Any) -> str:
        which = result.stream or "all streams"
        return f"Closed {result.label} for {which}: the ledger refuses changes there until reopened"

    def write(self, ledger: Any) -> Any:
        from ui.usecases.periods import close_through

        year = self.year.currentData()
        return close_through(ledger, year, self.period.currentData(), self.stream_code(),
                             self.reason_text() or None)  # fmt: skip
