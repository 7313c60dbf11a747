"""The status bar's notice: what the last save, post, approval, close or import wrote, with a
"Show it" link when the row is not in view (a register's filter hides it)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ..context import Notice
from .status_line import WholeWordsLabel

#: how long a notice stays (it is also kept in the label's tooltip until the next one)
SHOWN_MS = 30_000


class NoticeArea(QWidget):
    """A label and an optional link-like button, hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.row = layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        self.label = WholeWordsLabel()  # gives way to the page summary, by whole words
        self.label.setObjectName("noticeText")
        self.label.setAccessibleName("Last change")
        self.button = QPushButton()
        self.button.setObjectName("noticeShow")
        self.button.setFlat(True)
        self.button.setCursor(self.button.cursor())
        self.button.setStyleSheet("color: palette(link); text-decoration: underline;")
        self.button.clicked.connect(self._show)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self.notice: Notice | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SHOWN_MS)
        self._timer.timeout.connect(self.clear)
        self.clear()

    def set_notice(self, notice: Notice) -> None:
        self.notice = notice
        self.label.setText(notice.text)
        self.label.setToolTip(notice.text)
        self.button.setText(notice.show_text)
        self.button.setToolTip(f"{notice.show_text}: {notice.text}")
        self.button.setVisible(notice.show is not None)
        self.show()
        self._timer.start()

    def fitted_width(self, width: int) -> int:
        """The width the message and its link use when given ``width`` (the message shortened by
        whole words leaves no gap before Show it)."""
        layout = self.row
        margins = layout.contentsMargins()
        extra = margins.left() + margins.right()
        if not self.button.isHidden():
            extra += self.button.sizeHint().width() + layout.spacing()
        shown = self.label.fitted(width - extra)
        return min(width, self.label.fontMetrics().horizontalAdvance(shown) + extra)

    def clear(self) -> None:
        self.notice = None
        self.label.setText("")
        self.button.hide()
        self.hide()

    def _show(self) -> None:
        notice = self.notice
        if notice is not None and notice.show is not None:
            self.button.hide()
            notice.show()
