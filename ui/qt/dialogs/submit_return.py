"""Submitting a return (issue 22): to whom it goes, the period it covers, the date it was sent,
a note, and whether it corrects (supersedes) an earlier submission or is kept as a draft.  The
return is written and kept in the ledger exactly as sent; nothing is written if refused."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..widgets.date_field import DateField

__all__ = ["Earlier", "SubmitChoice", "SubmitDialog"]


@dataclass(frozen=True, slots=True)
class Earlier:
    """A submission this one may supersede."""

    id: int
    text: str


@dataclass(frozen=True, slots=True)
class SubmitChoice:
    to: str
    period: str
    on: date
    note: str | None
    supersedes: int | None
    draft: bool


class SubmitDialog(QDialog):
    def __init__(
        self,
        title: str,
        file_name: str,
        period: str,
        to: str = "",
        earlier: Sequence[Earlier] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Submit return")
        intro = QLabel(f"<b>{title}</b><br>The workbook ({file_name}) is written and kept in "
                       "the ledger exactly as sent, with its figures and the rows behind them; "
                       "a submission is never changed — a correction supersedes it.")  # fmt: skip
        intro.setWordWrap(True)
        self.to = QLineEdit(to)
        self.to.setAccessibleName("Sent to")
        self.to.setPlaceholderText("e.g. OPCC Partnership Board")
        self.period = QLineEdit(period)
        self.period.setAccessibleName("Period covered")
        self.on = DateField(QDate.currentDate())
        self.on.setAccessibleName("Sent on")
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)  # no keyboard trap
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Optional: e.g. June board paper, item 6")
        self.note.setFixedHeight(60)
        self.corrects = QComboBox()
        self.corrects.setAccessibleName("Corrects")
        self.corrects.addItem("Not a correction", None)
        for e in earlier:
            self.corrects.addItem(f"Corrects #{e.id}: {e.text}", e.id)
        self.draft = QCheckBox("Keep as a draft (not yet sent)")
        form = QFormLayout()
        form.addRow("Sent &to", self.to)
        form.addRow("&Period covered", self.period)
        form.addRow("Sent &on", self.on)
        form.addRow("&Note", self.note)
        form.addRow("&Correction", self.corrects)
        form.addRow("", self.draft)
        self.problem = QLabel("")
        self.problem.setObjectName("warnings")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Submit")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for edit in (self.to, self.period):
            edit.textChanged.connect(lambda _t: self._check())
        self.on.dateChanged.connect(lambda _d: self._check())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._check()

    def problems(self) -> list[str]:
        out = []
        if not self.to.text().strip():
            out.append("Say to whom the return was sent.")
        if not self.period.text().strip():
            out.append("Say which period it covers.")
        picked, today = self.on.date().toPython(), QDate.currentDate().toPython()
        if isinstance(picked, date) and isinstance(today, date) and picked > today:
            out.append(f"{picked:%d/%m/%Y} is in the future.")
        return out

    def _check(self) -> None:
        found = self.problems()
        self.problem.setText(" ".join(found))
        self.ok.setEnabled(not found)

    def choice(self) -> SubmitChoice:
        picked = self.on.date().toPython()
        assert isinstance(picked, date)
        note = self.note.toPlainText().strip() or None
        return SubmitChoice(self.to.text().strip(), self.period.text().strip(), picked, note,
                            self.corrects.currentData(), self.draft.isChecked())  # fmt: skip
