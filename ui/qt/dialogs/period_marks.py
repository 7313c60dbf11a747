"""Closed periods marked in a period picker: "P03 — closed", greyed, a tooltip saying changes
there are refused.  :class:`ClosedPeriodMarks` reads them off the GUI thread for a form and
re-reads when the picker's year or stream changes; a page that reads the closed periods with
its own data marks its pickers with :func:`mark_closed`."""

from __future__ import annotations

from collections.abc import Callable, Collection
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
        mark_closed(self.combo, self.closed, self.base)
        if self.then is not None:
            self.then(self.closed)


def mark_closed(combo: QComboBox, closed: Collection[int], base: list[str] | None = None) -> None:
    """Mark ``combo``'s items whose data is a closed period: " — closed", greyed, a tooltip;
    unmark the others (``base``: the items' unmarked texts, else their texts less the mark)."""
    for i in range(combo.count()):
        text = base[i] if base is not None else combo.itemText(i).removesuffix(CLOSED)
        p = combo.itemData(i)
        shut = isinstance(p, int) and p in closed
        combo.setItemText(i, text + (CLOSED if shut else ""))
        combo.setItemData(i, QBrush(GREY) if shut else None, Qt.ItemDataRole.ForegroundRole)
        combo.setItemData(
            i, "Closed: changes are refused until an administrator reopens it" if shut
            else None, Qt.ItemDataRole.ToolTipRole,
        )  # fmt: skip
