"""A date field that takes a date typed the way people write them in the UK.

``QDateEdit`` edits one section at a time: a click lands between sections and typing
``15/09/2025`` does nothing until a section is selected.  :class:`DateField` is a line edit
read by the core date parser the importer uses (:func:`fundledger.dates.parse_date`), so
``15/09/2025``, ``15.9.25``, ``15 Sep 2025`` and ``2025-09-15`` all give 15 September 2025.
The text is read when the field loses focus or Enter is pressed and shown back as
``15/09/2025``; text that is not a date stays as typed, marked invalid, with the reason as
tooltip (:meth:`problem`), and :meth:`date` keeps the last good date.

Keys: Up/Down a day, Page Up/Page Down a month, Alt+Down or F4 the calendar.  An optional
field (``optional=True``) may be left blank ("not set").
"""

from __future__ import annotations

import datetime as dt
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QMenu, QStyle, QWidget, QWidgetAction

from fundledger.dates import parse_date

__all__ = ["DISPLAY", "DateField"]

#: how a date is shown back (Qt's format; the same as ``%d/%m/%Y``)
DISPLAY = "dd/MM/yyyy"


def _qdate(value: date | QDate) -> QDate:
    if isinstance(value, QDate):
        return value
    return QDate(value.year, value.month, value.day)


class DateField(QLineEdit):
    """One date, typed in any UK form the importer reads, or picked from a calendar."""

    #: the date changed (by typing, keys, the calendar or :meth:`setDate`)
    dateChanged = Signal(QDate)

    def __init__(
        self,
        value: date | QDate | None = None,
        parent: QWidget | None = None,
        *,
        optional: bool = False,
    ) -> None:
        super().__init__(parent)
        self.optional = optional
        self._date: QDate | None = None
        self._problem: str | None = None
        self._tip = ""
        self.setPlaceholderText("not set" if optional else "dd/mm/yyyy")
        self.setToolTip("Type a date (15/09/2025, 15.9.25, 15 Sep 2025) or Alt+Down for a calendar")
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
        self.calendar_action = QAction(icon, "Calendar", self)
        self.calendar_action.setToolTip("Pick the date from a calendar (Alt+Down)")
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.editingFinished.connect(self.commit_text)
        if value is not None:
            self.setDate(value)
        elif not optional:
            self.setDate(QDate.currentDate())

    # ------------------------------------------------------------------ value
    def date(self) -> QDate:
        """The date shown (the last good one while the text is not a date); an invalid
        ``QDate`` when an optional field is blank."""
        return QDate(self._date) if self._date is not None else QDate()

    def date_or_none(self) -> dt.date | None:
        return None if self._date is None else dt.date(*self._date.getDate())

    def setDate(self, value: dt.date | QDate | None) -> None:
        """Show ``value`` (None blanks an optional field)."""
        new = None if value is None or not _qdate(value).isValid() else _qdate(value)
        self._set_problem(None)
        self.setText("" if new is None else new.toString(DISPLAY))
        self._store(new)

    def problem(self) -> str | None:
        """Why the text is not a date (None when it is, or when an optional field is blank)."""
        return self._problem

    # ------------------------------------------------------------------ reading text
    def commit_text(self) -> None:
        """Read what was typed; show it back as dd/mm/yyyy, or mark it with the reason."""
        text = self.text().strip()
        if not text:
            if self.optional:
                self._set_problem(None)
                self._store(None)
            else:
                self._set_problem("a date is needed")
            return
        value, error = parse_date(text)
        if value is None:
            self._set_problem(f"{text!r} is {error or 'not a date'}")
            return
        self.setDate(value)

    def _store(self, new: QDate | None) -> None:
        if new != self._date:
            self._date = new
            self.dateChanged.emit(self.date())

    def _set_problem(self, problem: str | None) -> None:
        if problem is not None and self._problem is None:
            self._tip = self.toolTip()  # the field's own tip (a form's), given back when fixed
        elif problem is None and self._problem is not None:
            self.setToolTip(self._tip)
        self._problem = problem
        self.setProperty("invalid", problem is not None)
        self.style().unpolish(self)
        self.style().polish(self)
        if problem is not None:
            self.setToolTip(f"Not a date: {problem}")

    # ------------------------------------------------------------------ keys and calendar
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_F4 or (
            key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier
        ):
            self.show_calendar()
            return
        steps = {
            Qt.Key.Key_Up: (1, 0),
            Qt.Key.Key_Down: (-1, 0),
            Qt.Key.Key_PageUp: (0, 1),
            Qt.Key.Key_PageDown: (0, -1),
        }
        step = steps.get(Qt.Key(key))
        if step is not None and not mods & Qt.KeyboardModifier.AltModifier:
            self.commit_text()
            days, months = step
            base = self._date or QDate.currentDate()
            self.setDate(base.addDays(days).addMonths(months))
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit_text()  # read it before a dialog's default button acts on it
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.commit_text()

    def show_calendar(self) -> None:
        """A calendar under the field; Enter or a click picks the date, Escape leaves it."""
        self.commit_text()
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        calendar.setGridVisible(True)
        calendar.setSelectedDate(self._date or QDate.currentDate())
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)

        def picked(d: QDate) -> None:
            self.setDate(d)
            menu.close()

        calendar.activated.connect(picked)
        calendar.clicked.connect(picked)
        self.calendar = calendar  # reachable by tests while it is open
        calendar.setFocus()
        menu.exec(self.mapToGlobal(self.rect().bottomLeft()))
