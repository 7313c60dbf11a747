"""Dialog titles never cut: every dialog, when first shown, is at least as wide as its title
needs (the title bar keeps room for its buttons), so "Explain unmatched item" and "Reverse
transaction" are read whole instead of "Explain unmat…".  Installed once on the application."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QDialog

__all__ = ["TitleWidth", "install", "title_width"]

#: room the window manager's title bar takes besides the text (icon, close and other buttons)
TITLE_BAR_EXTRA = 160


def title_width(dialog: QDialog) -> int:
    """The width the dialog's title needs (its text in the title font, with the bar's extra)."""
    font = QApplication.font()
    font.setBold(True)  # some window managers draw titles bold: never too narrow
    return QFontMetrics(font).horizontalAdvance(dialog.windowTitle()) + TITLE_BAR_EXTRA


class TitleWidth(QObject):
    """An application event filter widening a dialog to its title on its first show."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # every event of the app passes here: the cheap test first (a Qt event's type() is
        # made into a Python enum member on each call)
        if isinstance(watched, QDialog) and event.type() == QEvent.Type.Show:
            need = title_width(watched)
            if watched.minimumWidth() < need:
                watched.setMinimumWidth(need)
        return False


def install(app: QApplication) -> TitleWidth:
    """Install the filter on ``app`` (kept as the app's child)."""
    found = app.findChild(TitleWidth)
    if isinstance(found, TitleWidth):
        return found
    title_filter = TitleWidth(app)
    app.installEventFilter(title_filter)
    return title_filter
