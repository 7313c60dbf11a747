"""The status bar's left side: the last write's notice (with "Show it") and the page's summary.

The summary keeps its whole width and the notice gives way: its message ends in "…" (whole on
hover).  Only when the bar cannot hold even the summary does the summary give way too, and then
by whole parts (" · "), else whole words, so a figure such as £137,827.00 is shown whole or not
at all — never "£137,8…".  The same holds for the notice's message.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QSizePolicy, QWidget

SEPARATOR = " · "
MORE = "…"
#: the ledger label's widest, in average characters (a longer path is elided in the middle)
PATH_CHARS = 40


def fit_whole(text: str, width: int, measure: Callable[[str], int]) -> str:
    """``text`` if it fits ``width``; else its first parts (" · "), or failing that the first
    words of its first part, followed by "…"; else "…".  Never a word cut in two."""
    if measure(text) <= width:
        return text
    parts = text.split(SEPARATOR)
    for n in range(len(parts) - 1, 0, -1):
        candidate = SEPARATOR.join(parts[:n]) + SEPARATOR + MORE
        if measure(candidate) <= width:
            return candidate
    words = parts[0].split(" ")
    for n in range(len(words) - 1, 0, -1):
        candidate = " ".join(words[:n]) + " " + MORE
        if measure(candidate) <= width:
            return candidate
    return MORE


class WholeWordsLabel(QLabel):
    """A one-line label that, when narrower than its text, shows :func:`fit_whole` of it (the
    whole text stays its ``text()`` and tooltip)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def shown_text(self) -> str:
        """What is painted at the label's present width."""
        return self.fitted(self.contentsRect().width())

    def fitted(self, width: int) -> str:
        """What would be painted at ``width``."""
        return fit_whole(self.text(), width, self.fontMetrics().horizontalAdvance)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(MORE), super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(self.contentsRect(), int(align), self.shown_text())


class SummaryFirst(QLayout):
    """Two widgets side by side, the first (the notice) giving way to the second (the summary):
    the summary gets its whole width if the row has it, the notice what is left (at least its
    minimum), the summary then what remains."""

    def __init__(self, parent: QWidget, message: QWidget, summary: QWidget) -> None:
        super().__init__(parent)
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(6)
        self._items: list[QLayoutItem] = []
        self.addWidget(message)
        self.addWidget(summary)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def sizeHint(self) -> QSize:
        hints = [item.sizeHint() for item in self._visible()]
        gaps = self.spacing() * max(0, len(hints) - 1)
        return QSize(
            sum(h.width() for h in hints) + gaps, max((h.height() for h in hints), default=0)
        )

    def minimumSize(self) -> QSize:
        heights = [item.minimumSize().height() for item in self._visible()]
        return QSize(0, max(heights, default=0))

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        message, summary = self._items
        x, width, gap = rect.x(), rect.width(), self.spacing()
        if not message.isEmpty():
            room = width - summary.sizeHint().width() - gap
            used = min(message.sizeHint().width(), max(message.minimumSize().width(), room))
            tight = getattr(message.widget(), "fitted_width", None)
            if tight is not None:  # no gap where the message dropped its last words
                used = min(used, tight(used))
            message.setGeometry(QRect(x, rect.y(), used, rect.height()))
            x += used + gap
        if not summary.isEmpty():
            end = rect.x() + width
            used = max(0, min(summary.sizeHint().width(), end - x))
            summary.setGeometry(QRect(x, rect.y(), used, rect.height()))


class StatusLine(QWidget):
    """The notice and the page summary; added to the status bar with stretch, it never asks for
    more width than the bar gives (the window is never made wider by a long status)."""

    def __init__(self, notice: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notice = notice
        self.summary = WholeWordsLabel()
        self.summary.setObjectName("pageSummary")
        self.summary.setAccessibleName("Page summary")
        SummaryFirst(self, notice, self.summary)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)


class PathLabel(QLabel):
    """The ledger's file or server: at most :data:`PATH_CHARS` average characters wide, elided in
    the middle (its end, the file name, stays); the whole of it is in the tooltip."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        return QSize(min(hint.width(), metrics.averageCharWidth() * PATH_CHARS), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def shown_text(self) -> str:
        mode = Qt.TextElideMode.ElideMiddle
        return self.fontMetrics().elidedText(self.text(), mode, self.contentsRect().width())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(self.contentsRect(), int(align), self.shown_text())
