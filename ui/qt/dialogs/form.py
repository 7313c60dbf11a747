"""The entry-form pattern: fields, inline validation before saving, one audited write.

A form fills its pickers off the GUI thread (:meth:`FormDialog.load_options`, disabled and
saying "Loading…" until they arrive).  On Save it checks what it can without the database
(:meth:`problems`, usually a Qt-free controller in ``ui.controllers``), then what needs a read
(:meth:`checks`: a use case run off the GUI thread: closed periods, known organisations),
showing each problem next to the Save button; only a clean form is written, as one transaction
through a use case on the thread pool.  A refusal from the write (e.g. someone else changed the
row) is shown inline too and nothing is saved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from fundledger.years import year_label
from ui.controllers.fields import LedgerCheck, parse_money_field
from ui.usecases.topics import EVERYTHING, Topic

from ..widgets.date_field import DateField

if TYPE_CHECKING:
    from ..context import AppContext

__all__ = [
    "Check",
    "FormDialog",
    "NoteLabel",
    "combo_select",
    "complete_names",
    "date_edit",
    "date_of",
    "local_today",
    "parse_money_field",
    "text_or_none",
    "year_combo",
]

#: a use case checking a form against the ledger, run off the GUI thread
Check = Callable[[Any], LedgerCheck]


def local_today() -> date:
    """Today on the user's clock (business dates are local)."""
    return datetime.now().astimezone().date()


def date_edit(value: date | None = None) -> DateField:
    """A date field that takes typed UK dates (``15/09/2025``, ``15.9.25``, ``15 Sep 2025``)."""
    return DateField(value or local_today())


def date_of(edit: DateField) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


def complete_names(edit: QLineEdit, names: Sequence[str]) -> QCompleter:
    """Complete a name in the field itself (the rest selected, Tab keeps it), as GnuCash's
    quick-fill does: no popup list covers the next field or swallows a click on it.  A name
    typed in another case is given its own spelling when the field is left."""
    completer = QCompleter(list(names), edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
    edit.setCompleter(completer)
    spelling = {n.casefold(): n for n in names}

    def respell() -> None:
        own = spelling.get(edit.text().strip().casefold())
        if own is not None and own != edit.text():
            edit.setText(own)

    edit.editingFinished.connect(respell)
    return completer


def year_combo(years: range, current: int | None) -> QComboBox:
    combo = QComboBox()
    for y in years:
        combo.addItem(year_label(y), y)
    if current is not None:
        i = combo.findData(current)
        if i < 0:
            combo.addItem(year_label(current), current)
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

    #: what a save changes (``ledger_changed`` carries it; pages showing none of it stay)
    changes: ClassVar[frozenset[Topic]] = EVERYTHING

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.body = QWidget()
        self.form = QFormLayout(self.body)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = self._note("formError", "Problems")
        self.warning = self._note("formWarning", "Warnings")
        self.loading_note = self._note("formLoading", "Loading")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.body, self.loading_note, self.warning, self.error, self.buttons):
            layout.addWidget(w)
        self.result_value: Any = None
        self.saving = False
        #: reads Save waits for (the option lists); see :meth:`load_options`
        self.loading = 0
        self._held: Counter[QWidget] = Counter()

    @staticmethod
    def _note(name: str, accessible: str) -> NoteLabel:
        note = NoteLabel()
        note.setObjectName(name)
        note.setWordWrap(True)
        note.setAccessibleName(accessible)
        return note

    def add_row(self, label: str, widget: QWidget, tip: str = "") -> QWidget:
        widget.setAccessibleName(label.replace("&", ""))
        if tip:
            widget.setToolTip(tip)
        self.form.addRow(label, widget)
        return widget

    def mark(self, widget: QLineEdit, bad: bool) -> None:
        widget.setProperty("invalid", bad)
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    # ------------------------------------------------------------------ reads
    def load_options(
        self,
        fn: Callable[[Any], Any],
        apply: Callable[[Any], None],
        what: str = "Loading…",
        *,
        block: bool = True,
        hold: Sequence[QWidget] | None = None,
    ) -> None:
        """Read ``fn(ledger)`` (a use case) off the GUI thread, then ``apply(result)``.

        With ``block`` (what the form needs to be saved) Save and the ``hold`` widgets (default:
        the whole form) are disabled and ``what`` is shown until the read is in; a detail shown
        beside a field (what a line can carry, its history) passes ``block=False``.  A failed
        read is shown as a problem.  Nothing runs when no ledger is open.
        """
        if self.ctx.ledger is None:
            return
        held = list(hold if hold is not None else [self.body]) if block else []
        self.loading += 1 if block else 0
        self._held.update(held)
        self._show_loading(what)

        def settle() -> bool:
            if not isValid(self):
                return False
            self.loading -= 1 if block else 0
            self._held.subtract(held)
            self._show_loading(what)
            return True

        def done(result: Any) -> None:
            if settle():
                apply(result)
                if not self.loading:  # fields the answer added (a split's years) take focus
                    QTimer.singleShot(0, self._focus_if_alive)  # once their layout shows them

        def failed(exc: BaseException) -> None:
            if settle():
                from ..errors import error_text

                self.show_problems([error_text(exc)[0]])

        self.ctx.run_read(fn, done, failed, title=what)

    def _show_loading(self, what: str) -> None:
        for widget, count in self._held.items():
            widget.setEnabled(count <= 0)
        self._held = +self._held  # forget the widgets no read holds any more
        busy = self.loading > 0
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not busy)
        self.loading_note.setText(what if busy else "")
        if not busy:
            self.focus_first_field()

    def focus_first_field(self) -> None:
        """Put the focus on the form's first field that takes it (a keyboard user starts
        typing there), unless a field of the form already has it."""
        focus = QApplication.focusWidget()
        if not self.isVisible() or (focus is not None and self.body.isAncestorOf(focus)):
            return
        w = self.body.nextInFocusChain()
        while w is not None and w is not self.body:  # in Tab order
            takes = w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None
            usable = w.isVisible() and w.isEnabled() and not getattr(w, "isReadOnly", bool)()
            if takes and usable and self.body.isAncestorOf(w):
                w.setFocus(Qt.FocusReason.TabFocusReason)
                return
            w = w.nextInFocusChain()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._focus_if_alive)

    def _focus_if_alive(self) -> None:
        if isValid(self):
            self.focus_first_field()

    def date_problems(self) -> list[str]:
        """A date field whose text is not a date, named by its label (read first)."""
        found = []
        for field in self.body.findChildren(DateField):
            field.commit_text()
            if field.problem():
                found.append(f"{field.accessibleName() or 'Date'}: {field.problem()}")
        return found

    # ------------------------------------------------------------------ override
    def problems(self) -> list[str]:
        """Problems found without the database (shown at once)."""
        return []

    def inline_warnings(self) -> list[str]:
        """Warnings found without the database (shown, but the form is still saved)."""
        return []

    def checks(self) -> Check | None:
        """The use case that checks the form against the ledger, off the GUI thread:
        ``fn(ledger) -> LedgerCheck``; None when nothing needs a read."""
        return None

    def saved_text(self, result: Any) -> str:
        """The status message naming what was written (override with the record's figures)."""
        ref = f" (#{result})" if isinstance(result, int) and not isinstance(result, bool) else ""
        return f"{self.windowTitle()} — saved{ref}"

    def mark_fields(self, invalid: frozenset[str]) -> None:
        """Mark the fields a ledger check found wrong (names as the check gives them)."""

    def write(self, ledger: Any) -> Any:
        """The one audited write (a use case, on the pool); returns the result."""
        raise NotImplementedError

    # ------------------------------------------------------------------ flow
    def show_problems(self, problems: list[str]) -> None:
        self.error.setText("\n".join(f"• {p}" for p in problems))

    def save(self) -> None:
        """Check inline, then against the ledger (off the GUI thread); if clean, write on the
        pool and close when it is saved."""
        if self.saving or self.loading:
            return
        problems = [*self.date_problems(), *self.problems()]
        self.show_problems(problems)
        if problems:
            return
        self.saving = True
        self.buttons.setEnabled(False)
        check = self.checks()
        if check is None:
            self._checked(LedgerCheck())
        else:
            self.ctx.run_read(check, self._checked, self._refused, title="Checking…")

    def _checked(self, found: LedgerCheck) -> None:
        if not isValid(self):
            return
        self.warning.setText("\n".join([*self.inline_warnings(), *found.warnings]))
        self.mark_fields(found.invalid)
        if found.problems:
            self.saving = False
            self.buttons.setEnabled(True)
            self.show_problems(found.problems)
            return
        self.before_write()
        self.ctx.run_write(
            self.write, self._saved, self._refused, title="Saving…", changes=self.changes
        )

    def before_write(self) -> None:
        """Called on the GUI thread just before the write is handed to the pool."""

    def _saved(self, result: Any) -> None:
        if not isValid(self):
            return
        self.saving = False
        self.result_value = result
        self.buttons.setEnabled(True)
        text = self.saved_text(result)
        self.accept()
        if text:
            self.ctx.announce(text)

    def _refused(self, exc: BaseException) -> None:
        from ..errors import error_text

        if not isValid(self):
            return
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
