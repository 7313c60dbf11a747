"""Steps 5 and 6: the import written off the GUI thread in one transaction (cancellable until
it commits), then what was imported."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

if TYPE_CHECKING:
    from ui.usecases.imports import ImportResult

    from ...context import Job
    from .host import WizardHost


class CommitPage(QWizardPage):
    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Importing")
        self.setSubTitle("All rows are written in one transaction: all or nothing.")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.state = QLabel("Starting…")
        self.cancel = QPushButton("&Cancel import")
        self.cancel.clicked.connect(self.cancel_import)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        layout.addStretch(1)
        self.job: Job | None = None
        self.done = False

    def initializePage(self) -> None:
        self.done = False
        self.wiz.outcome = None
        self.job = self.wiz.commit(self._progress, self._finished, self._failed)

    def _progress(self, job: Any, done: int, total: int, _message: str) -> None:
        if job is self.job and total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.state.setText(f"{done:,} of {total:,} rows written (not yet committed)")

    def cancel_import(self) -> None:
        if self.job is not None and not self.done:
            self.job.cancel()
            self.state.setText("Cancelled: nothing was written.")
            self.cancel.setEnabled(False)
            self.done = True
            self.completeChanged.emit()

    def _finished(self, result: ImportResult) -> None:
        self.wiz.outcome = result
        self.done = True
        self.cancel.setEnabled(False)
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.state.setText("Committed." if result.batch else "Nothing was written.")
        self.completeChanged.emit()
        self.wiz.next()

    def _failed(self, exc: BaseException) -> None:
        self.done = True
        self.cancel.setEnabled(False)
        self.state.setText(f"Nothing was written: {exc}")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.done and self.wiz.outcome is not None


class ResultPage(QWizardPage):
    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Imported")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("importSummary")
        self.show_rows = QPushButton("Show the imported &rows")
        self.show_rows.clicked.connect(self._show_rows)
        self.reconcile = QPushButton("Go to &reconciliation")
        self.reconcile.setToolTip("Match the extract's lines with the ledger's transactions")
        self.reconcile.clicked.connect(self._show_rows)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.show_rows)
        layout.addWidget(self.reconcile)
        layout.addStretch(1)

    def initializePage(self) -> None:
        r = self.wiz.outcome
        self.summary.setText(r.summary() if r is not None else "")
        written = r is not None and r.batch is not None
        gl = written and r is not None and r.kind == "gl"
        self.show_rows.setVisible(not gl)
        self.show_rows.setEnabled(written)
        self.reconcile.setVisible(gl)  # a GL extract is imported to be reconciled
        # the batch is committed: Finish (or a button above), never a Cancel that undoes nothing
        self.wizard().setOption(QWizard.WizardOption.NoCancelButton, True)
        self.wizard().setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)

    def _show_rows(self) -> None:
        r = self.wiz.outcome
        if r is not None and r.batch is not None:
            self.wiz.rows_requested.emit(r.kind, r.batch)
            self.wiz.accept()
