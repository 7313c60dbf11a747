"""Column widths for the register pages: every column sized to its contents (capped), one
column (the long text, e.g. a service name or description) taking the room that is left, so a
table fits its window at 1400 px and stays usable at 1280 px.  Widths are fitted again when the
user hides or shows a column; if the user hides the stretch column, the last one shown
stretches instead."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView


class ColumnFitter(QObject):
    """Fits ``table``'s columns now (:meth:`fit`) and again whenever its viewport resizes."""

    def __init__(
        self,
        table: QTableView,
        stretch: int,
        caps: dict[int, int] | None = None,
        widest: int = 220,
        least: int = 140,
        hidden: Iterable[int] = (),
    ) -> None:
        super().__init__(table)
        self.table, self.stretch, self.caps = table, stretch, dict(caps or {})
        self.widest, self.least = widest, least
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        default_hidden = getattr(table, "set_default_hidden", None)  # a RecordsTable
        for c in hidden:
            if default_hidden is not None:
                default_hidden(c, True)  # hidden unless the user shows it from the header
            else:
                table.setColumnHidden(c, True)
        changed = getattr(table, "columns_changed", None)
        if changed is not None:
            changed.connect(self.fit)
        self._viewport = table.viewport()
        self._viewport.installEventFilter(self)
        table.destroyed.connect(self._detach)
        self._alive = True

    def _detach(self, *_a: object) -> None:
        self._alive = False

    def fit(self) -> None:
        """Size columns to their contents (capped), then give the stretch column the rest."""
        table = self.table
        table.resizeColumnsToContents()
        for c in range(table.model().columnCount()):
            cap = self.caps.get(c, self.widest)
            if table.columnWidth(c) > cap:
                table.setColumnWidth(c, cap)
        self._stretch()

    def _stretch(self) -> None:
        table = self.table
        columns = range(table.model().columnCount())
        stretch = self.stretch
        if table.isColumnHidden(stretch):
            header = table.horizontalHeader()
            shown = [c for c in columns if not table.isColumnHidden(c)]
            if not shown:
                return
            stretch = max(shown, key=header.visualIndex)
        others = sum(
            table.columnWidth(c) for c in columns if c != stretch and not table.isColumnHidden(c)
        )
        room = table.viewport().width() - others
        table.setColumnWidth(stretch, max(self.least, room))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._alive and event.type() == QEvent.Type.Resize and watched is self._viewport:
            try:
                self._stretch()
            except RuntimeError:  # the table's C++ object went first (teardown)
                self._alive = False
        return False
