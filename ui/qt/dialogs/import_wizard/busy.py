"""A wizard page's "working" strip: what is being done, a busy bar, and Cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

if TYPE_CHECKING:
    from ...context import Job


class Busy(QWidget):
    """Shown while a page's file work runs off the GUI thread; Cancel abandons it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setMaximumWidth(220)
        self.cancel = QPushButton("Cancel")
        self.cancel.clicked.connect(self._cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.bar)
        row.addWidget(self.cancel)
        self.job: Job | None = None
        self.on_cancel: Callable[[], None] = lambda: None
        self.hide()

    def start(self, job: Job, text: str) -> None:
        self.job = job
        self.label.setText(text)
        self.bar.setRange(0, 0)
        self.show()

    def progress(self, job: Any, done: int, total: int, message: str) -> None:
        if job is not self.job:
            return
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        if message:
            self.label.setText(message)

    def stop(self) -> None:
        self.job = None
        self.hide()

    @property
    def running(self) -> bool:
        return self.job is not None

    def _cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job = None
            self.hide()
            self.on_cancel()
