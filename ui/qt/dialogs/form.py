"""The entry-form pattern: fields, inline validation before saving, one audited write.

A form validates what it can without the database (amount, dates), then what needs a read
(period locks, organisations), showing each problem next to the Save button; only a clean form
is written, as one transaction through ``db.ops`` on the thread pool.  A refusal from the write
(e.g. someone else changed the row) is shown inline too and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from fundledger.amounts import parse_amount
from fundledger.money import Money

if TYPE_CHECKING:
    from ..context import AppContext


def parse_money_field(text: str, what: str = "Amount") -> tuple[Money | None, str | None]:
    """One exact amount from what was typed (``£1,234.50``, ``(250)``, ``1.2k``) or a reason."""
    parsed, reason = parse_amount(text)
    if reason is not None or parsed is None:
        return None, f"{what} “{text.strip()}”: {reason or 'not an amount'}"
    if parsed.is_blank:
        return None, f"{what} is required"
    if parsed.is_range or parsed.approximate or parsed.minimum or parsed.value is None:
        return None, f"{what} “{text.strip()}”: give one exact amount"
    return parsed.value, None


def local_today() -> date:
    """Today on the user's clock (business dates are local)."""
    return datetime.now().astimezone().date()


def date_edit(value: date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    d = value or local_today()
    edit.setDate(QDate(d.year, d.month, d.day))
    return edit


def date_of(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


def year_combo(years: range, current: int | None) -> QComboBox:
    combo = QComboBox()
    for y in years:
        combo.addItem(f"{y}-{(y + 1) % 100:02d}", y)
    if current is not None:
        i = combo.findData(current)
        if i < 0:
            combo.addItem(f"{current}-{(current + 1) % 100:02d}", current)
            i = combo.count() - 1
        combo.setCurrentIndex(i)
    return combo


class NoteLabel(QLabel):
    """A label that takes no room while it has no text (form errors and warnings)."""

    def __init__(self) -> None:
        super().__init__()
        self.setVisible(False)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))


class FormDialog(QDialog):
    """Base of the entry forms: a form layout, an error line, Save and Cancel."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.body = QWidget()
        self.form = QFormLayout(self.body)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = NoteLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problems")
        self.warning = NoteLabel()
        self.warning.setObjectName("formWarning")
        self.warning.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.loading_note = NoteLabel()
        self.loading_note.setObjectName("formLoading")
        layout = QVBoxLayout(self)
        layout.addWidget(self.body)
        layout.addWidget(self.loading_note)
        layout.addWidget(self.warning)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.result_value: Any = None
        self.saving = False
        #: option lists still being read (the form is disabled until they arrive)
        self.loading = 0

    def add_row(self, label: str, widget: QWidget, tip: str = "") -> QWidget:
        widget.setAccessibleName(label.replace("&", ""))
        if tip:
            widget.setToolTip(tip)
        self.form.addRow(label, widget)
        return widget

    def load_options(
        self,
        fn: Callable[[Any], Any],
        apply: Callable[[Any], None],
        what: str = "Loading…",
        *,
        block: bool = True,
    ) -> None:
        """Read ``fn(ledger)`` (a use case) off the GUI thread, then ``apply(result)``.

        With ``block`` (option lists the form needs) the fields and Save are disabled and
        ``what`` is shown until every such read is in; a detail shown beside a field (what a
        line can carry, its history) passes ``block=False``.  A failed read is shown as a
        problem.  Nothing runs when no ledger is open.
        """
        if self.ctx.ledger is None:
            return
        step = 1 if block else 0
        self.loading += step
        self._show_loading(what)

        def settle() -> bool:
            if not isValid(self):
                return False
            self.loading -= step
            self._show_loading(what)
            return True

        def done(result: Any) -> None:
            if settle():
                apply(result)

        def failed(exc: BaseException) -> None:
            if settle():
                from ..errors import error_text

                self.show_problems([error_text(exc)[0]])

        self.ctx.run_read(fn, done, failed, title=what)

    def _show_loading(self, what: str) -> None:
        busy = self.loading > 0
        self.body.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not busy)
        self.loading_note.setText(what if busy else "")

    def mark(self, widget: QLineEdit, bad: bool) -> None:
        widget.setProperty("invalid", bad)
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    # ------------------------------------------------------------------ override
    def problems(self) -> list[str]:
        """Problems found without the database."""
        return []

    def db_problems(self, session: Any) -> list[str]:
        """Problems that need a read (locks, organisations)."""
        return []

    def warnings(self, session: Any) -> list[str]:
        return []

    def write(self, ledger: Any) -> Any:
        """The one audited write (inside ``ledger.write()``); returns the result."""
        raise NotImplementedError

    # ------------------------------------------------------------------ flow
    def show_problems(self, problems: list[str]) -> None:
        self.error.setText("\n".join(f"• {p}" for p in problems))

    def validate(self) -> list[str]:
        """Every problem with the form as filled in (empty when it can be saved)."""
        problems = self.problems()
        if problems:
            return problems
        ledger = self.ctx.ledger
        if ledger is None:
            return ["no ledger is open"]
        with ledger.read() as session:
            problems = self.db_problems(session)
            warnings = self.warnings(session)
        self.warning.setText("\n".join(warnings))
        return problems

    def save(self) -> None:
        """Validate inline; if clean, write on the pool and close when it is saved."""
        if self.saving or self.loading:
            return
        problems = self.validate()
        self.show_problems(problems)
        if problems:
            return
        self.saving = True
        self.buttons.setEnabled(False)
        self.ctx.run_write(self.write, self._saved, self._refused, title="Saving…")

    def _saved(self, result: Any) -> None:
        self.saving = False
        self.result_value = result
        self.buttons.setEnabled(True)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        from ..errors import error_text

        self.saving = False
        self.buttons.setEnabled(True)
        text, _expected = error_text(exc)
        self.show_problems([text])

    @classmethod
    def run(cls, *args: Any, **kwargs: Any) -> Any:
        """Show the form modally; the saved result (e.g. the new id) or None if cancelled."""
        dialog = cls(*args, **kwargs)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.result_value
        return None


def combo_select(combo: QComboBox, value: Any) -> None:
    i = combo.findData(value)
    if i >= 0:
        combo.setCurrentIndex(i)


def text_or_none(edit: QLineEdit) -> str | None:
    t = edit.text().strip()
    return t or None
