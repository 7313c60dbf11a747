"""Requesting a virement: budget moved between two lines of one stream and year, pending until
someone other than the requester approves it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

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
    from ui.usecases.budget import LineBudget

    from ...context import AppContext


class VirementDialog(MoneyForm):
    """Request a virement (it counts once someone else approves it)."""

    changes = topics(T.BUDGET)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        stream_code: str | None = None,
        year: int | None = None,
        line_id: int | None = None,
    ) -> None:
        super().__init__(ctx, "Request a virement", parent)
        self.from_line: QComboBox = line_combo()
        self.to_line: QComboBox = line_combo()
        self.add_row("&From line", self.from_line)
        self.add_row("&To line", self.to_line)
        self.add_row("&Amount", self.amount, "Exact amount to move, e.g. 2,500.00")
        self.period: QComboBox = period_combo(current=current_period(year))
        start_at_open_period(self, self.period, year, stream_code)
        self.period_marks = ClosedPeriodMarks(self, self.period, lambda: year, lambda: stream_code)
        self.period_marks.reload()
        self.add_row("&Period", self.period)
        self.add_row("&Reason", self.reason)
        self.override = QLineEdit()
        self.override.setPlaceholderText("Only if it takes the From line below zero available")
        if ctx.actor.role == "finance":
            self.add_row(
                "&Override (finance)",
                self.override,
                "Why move it although the From line has less available than this "
                "(recorded on the virement and in the audit log); leave empty otherwise",
            )
        else:
            self.override.hide()
        note = QLabel(
            "Pending until approved by someone other than you; then revised budgets move."
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        from ui.usecases.budget import lines

        self.load_options(
            lambda ledger: lines(ledger, stream_code, year), lambda r: self._fill(r, line_id)
        )

    def _fill(self, lines: list[LineBudget], line_id: int | None) -> None:
        """From the selected line (else the first); to the next line of its stream and year."""
        fill_lines(self.from_line, lines)
        fill_lines(self.to_line, lines)
        start = max(0, self.from_line.findData(line_id))
        self.from_line.setCurrentIndex(start)
        src = lines[start] if lines else None
        others = [
            i
            for i, ln in enumerate(lines)
            if i != start
            and src is not None
            and (ln.stream_code, ln.year) == (src.stream_code, src.year)
        ]
        if others:
            self.to_line.setCurrentIndex(others[0])

    def problems(self) -> list[str]:
        out = self._amount_problem() + self._reason_problem()
        if self.from_line.currentData() == self.to_line.currentData():
            out.append("Choose two different lines")
        return out

    def saved_text(self, result: Any) -> str:
        return (
            f"Requested virement #{result}: {self.money_text()} from {line_name(self.from_line)}"
            f" to {line_name(self.to_line)} at {self.period.currentText()} — pending approval"
        )

    def write(self, ledger: Any) -> int:
        from ui.usecases.lifecycle import request_virement

        return request_virement(
            ledger,
            self.from_line.currentData(),
            self.to_line.currentData(),
            self.amount_value,
            self.reason_text(),
            self.period.currentData(),
            self.override.text().strip() or None,
        )
