"""The grey line an empty table shows instead of a blank area ("nothing matches this view")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


def paint_placeholder(view: QAbstractItemView, text: str) -> None:
    """Draw ``text`` centred near the top of ``view``'s empty viewport (call from paintEvent)."""
    if not text:
        return
    viewport = view.viewport()
    painter = QPainter(viewport)
    painter.setPen(view.palette().color(QPalette.ColorRole.PlaceholderText))
    flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    painter.drawText(viewport.rect().adjusted(12, 24, -12, -12), int(flags), text)
    painter.end()


class PlaceholderTable(QTableView):
    """A table view that shows ``empty_text`` while it has no rows; its header's context menu
    hides and shows columns (:class:`ui.qt.widgets.columns.ColumnChooser`, remembered by the
    table's object or accessible name)."""

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        from .columns import ColumnChooser

        super().__init__(parent)
        self.empty_text = empty_text
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.column_chooser = ColumnChooser(self)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0:
            paint_placeholder(self, self.empty_text)
