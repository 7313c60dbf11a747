"""Requesting a carry-forward: an underspend (or committed balance) carried into a line of the
next year, pending until someone else approves it; the stream's grant conditions may forbid it
(said up front)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from fundledger.money import format_gbp
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from .common import MoneyForm, fill_lines, line_combo

if TYPE_CHECKING:
    from ui.usecases.budget import CarryForwardOptions

    from ...context import AppContext


class CarryForwardDialog(MoneyForm):
    """Request carrying an underspend (or committed balance) into the next year."""

    changes = topics(T.BUDGET)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        stream_code: str | None = None,
        year: int | None = None,
        line_id: int | None = None,
    ) -> None:
        super().__init__(ctx, "Carry forward to next year", parent)
        self.from_line: QComboBox = line_combo()
        self.to_line: QComboBox = line_combo()
        self.add_row("&From line", self.from_line)
        self.add_row("&To line (next year)", self.to_line)
        self.basis = QComboBox()
        self.basis.addItem("Underspend", "underspend")
        self.basis.addItem("Committed balance", "committed")
        self.add_row("&Basis", self.basis)
        self.available = QLabel()
        self.add_row("Available", self.available)
        self.add_row("&Amount", self.amount)
        self.add_row("&Reason", self.reason)
        from ui.usecases.budget import carry_forward_options

        self.load_options(
            lambda ledger: carry_forward_options(ledger, stream_code, year),
            lambda options: self._fill(options, line_id),
        )

    def _fill(self, options: CarryForwardOptions, line_id: int | None = None) -> None:
        fill_lines(self.from_line, options.lines)
        fill_lines(self.to_line, options.next_lines)
        self.from_line.setCurrentIndex(max(0, self.from_line.findData(line_id)))
        chosen = next((ln for ln in options.lines if ln.line_id == line_id), None)
        if chosen is not None:  # next year's line of the same name, where there is one
            same = next((ln for ln in options.next_lines if ln.name == chosen.name), None)
            if same is not None:
                self.to_line.setCurrentIndex(self.to_line.findData(same.line_id))
        self.warning.setText(options.condition)
        self.from_line.currentIndexChanged.connect(self._show_available)
        self.basis.currentIndexChanged.connect(self._show_available)
        self._show_available()

    def _show_available(self) -> None:
        from ui.usecases.budget import available_to_carry

        line_id, basis = self.from_line.currentData(), self.basis.currentData()
        if line_id is None:
            self.available.setText("")
            return
        self.available.setText("…")
        self.load_options(
            lambda ledger: available_to_carry(ledger, line_id, basis),
            lambda amount: self._available_read(line_id, basis, amount),
            block=False,
        )

    def _available_read(self, line_id: int, basis: str, amount: Any) -> None:
        if (line_id, basis) == (self.from_line.currentData(), self.basis.currentData()):
            self.available.setText(format_gbp(amount))

    def problems(self) -> list[str]:
        out = self._amount_problem() + self._reason_problem()
        if self.to_line.currentData() is None:
            out.append("The next year has no budget lines to carry into")
        return out

    def saved_text(self, result: Any) -> str:
        from .common import line_name

        return (
            f"Requested carry-forward #{result}: {self.money_text()} from"
            f" {line_name(self.from_line)} to {line_name(self.to_line)} — pending approval"
        )

    def write(self, ledger: Any) -> int:
        from ui.usecases.lifecycle import request_carry_forward

        return request_carry_forward(
            ledger,
            self.from_line.currentData(),
            self.to_line.currentData(),
            self.amount_value,
            self.reason_text(),
            self.basis.currentData(),
        )
