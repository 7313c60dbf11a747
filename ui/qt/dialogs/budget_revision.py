"""Revise original…: finance changes a budget line's agreed original budget, with a reason.

The line's edit form shows the original but cannot change it; this is the only way (a budget
revision, audited; the server refuses any other change).  In-year moves are virements.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from fundledger.money import format_gbp
from ui.controllers.fields import parse_money_field
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from .form import FormDialog

if TYPE_CHECKING:
    from ui.usecases.budget_entries import EntryForm

    from ..context import AppContext


class ReviseOriginalDialog(FormDialog):
    """A new original budget for one line and why (finance only; audited)."""

    changes = topics(T.BUDGET)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, line_id: int = 0) -> None:
        super().__init__(ctx, "Revise original budget", parent)
        self.line_id = line_id
        self.version: int | None = None
        self.line = QLabel()
        self.current = QLabel()
        self.original = QLineEdit()
        self.original.setPlaceholderText("e.g. 260,000")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. Cabinet agreed the revised grant on 12/09/2025")
        self.add_row("Budget line", self.line)
        self.add_row("Agreed original", self.current)
        self.add_row("&New original", self.original, "The revised agreed original budget, £")
        self.add_row("&Reason", self.reason, "Recorded with the revision and in the audit log")
        note = QLabel(
            "A revision changes the agreed original budget; money moved between lines in the "
            "year is a virement instead."
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        self.new_value: Any = None
        from ui.usecases.budget_entries import budget_line_form

        self.load_options(lambda ledger: budget_line_form(ledger, line_id), self._loaded)

    def _loaded(self, form: EntryForm) -> None:
        b = form.before
        if b is None:
            self.show_problems([f"budget line #{self.line_id} does not exist"])
            return
        self.version = b.version
        self.line.setText(str(b.get("name") or ""))
        self.current.setText(format_gbp(b.get("original")))
        self.original.setText("")

    def problems(self) -> list[str]:
        value, problem = parse_money_field(self.original.text(), "New original")
        self.mark(self.original, problem is not None)
        self.new_value = value
        out = [problem] if problem else []
        if not self.reason.text().strip():
            out.append("Give the reason for the revision (it is recorded in the audit log)")
        return out

    def saved_text(self, result: Any) -> str:
        return (
            f"Revised the original budget of {self.line.text()} from {self.current.text()} to "
            f"{format_gbp(self.new_value)} (revision #{result})"
        )

    def write(self, ledger: Any) -> int:
        from ui.usecases.budget_entries import revise_original

        return revise_original(
            ledger, self.line_id, self.new_value, self.reason.text().strip(), self.version
        )
