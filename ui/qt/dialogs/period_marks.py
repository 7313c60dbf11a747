"""Closed periods marked in a period picker: "P03 — closed", greyed, with who closed it in
the tooltip, read off the GUI thread and re-read when the picker's year or stream changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox

if TYPE_CHECKING:
    from .form import FormDialog

CLOSED = " — closed"
GREY = QColor("#6b6b6b")


class ClosedPeriodMarks:
    """Keeps ``combo``'s closed periods marked for ``year()`` and ``stream()`` (a code)."""

    def __init__(
        self,
        form: FormDialog,
        combo: QComboBox,
        year: Callable[[], int | None],
        stream: Callable[[], str | None],
        then: Callable[[set[int]], None] | None = None,
    ) -> None:
        self.form, self.combo, self.year, self.stream = form, combo, year, stream
        self.then = then
        self.base = [combo.itemText(i).removesuffix(CLOSED) for i in range(combo.count())]
        self.closed: set[int] = set()

    def reload(self) -> None:
        """Read the closed periods of the current year and stream, then mark them."""
        year, stream = self.year(), self.stream()
        if year is None or self.form.ctx.ledger is None:
            self.apply(set())
            return

        def fn(ledger: Any) -> set[int]:
            from ui.usecases.periods import closed

            return closed(ledger, year, stream)

        self.form.load_options(fn, self.apply, block=False)

    def apply(self, closed: set[int]) -> None:
        self.closed = set(closed)
        for i, text in enumerate(self.base):
            p = self.combo.itemData(i)
            shut = isinstance(p, int) and p in self.closed
            self.combo.setItemText(i, text + (CLOSED if shut else ""))
            self.combo.setItemData(i, QBrush(GREY) if shut else None,
                                   Qt.ItemDataRole.ForegroundRole)  # fmt: skip
            self.combo.setItemData(
                i, "Closed: changes are refused until an administrator reopens it" if shut
                else None, Qt.ItemDataRole.ToolTipRole,
            )  # fmt: skip
        if self.then is not None:
            self.then(self.closed)
