"""The status bar's progress: a bar naming the running task (shown after 300 ms, so quick
reads do not flicker) and Cancel when the task can be stopped; a task's messages flash in the
status bar.  ``finished`` fires after each job ends (the window's after-open work waits on it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar

if TYPE_CHECKING:
    from ..context import AppContext, Job


class JobProgress(QObject):
    """Shows the app context's running jobs in ``bar``."""

    finished = Signal()

    def __init__(self, ctx: AppContext, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.ctx = ctx
        self.bar = bar
        self.label = QLabel()  # what the running task is doing, in words (a busy bar shows
        self.label.setObjectName("progressLabel")  # no text on most styles)
        self.label.hide()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setAccessibleName("Progress")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the running task (nothing half-done is saved)")
        self.cancel_button.clicked.connect(ctx.cancel_all)
        self.progress.hide()
        self.cancel_button.hide()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(300)
        self.timer.timeout.connect(self._show)
        ctx.signals.job_started.connect(self._started)
        ctx.signals.job_finished.connect(self._finished)
        ctx.signals.job_progress.connect(self._progress)

    def _started(self, job: Job) -> None:
        if job.show_progress:
            self.timer.start()

    def _show(self) -> None:
        running = [j for j in self.ctx.jobs if j.show_progress]
        if not running:
            return
        self.progress.setRange(0, 0)
        self.progress.setFormat(running[0].title)
        self.progress.setToolTip(running[0].title)
        self.label.setText(running[0].title)
        self.label.show()
        self.progress.show()
        self.cancel_button.setVisible(any(j.cancellable for j in running))

    def _progress(self, job: Job, done: int, total: int, message: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if message:
            self.bar.showMessage(message, 3000)

    def _finished(self, _job: Job) -> None:
        if not any(j.show_progress for j in self.ctx.jobs):
            self.timer.stop()
            self.progress.hide()
            self.label.hide()
            self.cancel_button.hide()
        self.finished.emit()
