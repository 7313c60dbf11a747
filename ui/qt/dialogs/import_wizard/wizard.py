"""The Import… wizard: file → sheet → column mapping → preview → commit → result.

Every step is backed by the same use cases as ``fundledger import``; reading the file,
finding the columns and the preview (a dry run with the user's choices, each row marked
new / duplicate / outside / error with its reason) run off the GUI thread with a busy strip
and Cancel; the commit runs off the GUI thread with a progress bar and can be cancelled
until it commits — a cancelled or failed import writes nothing.  The mapping can be saved as
a named profile (header texts and positions), re-applied automatically to files of the same
shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from .busy import Busy
from .commit_page import CommitPage, ResultPage
from .file_page import FilePage
from .mapping_page import MappingPage
from .preview_page import PreviewPage
from .sheet_page import SheetPage

if TYPE_CHECKING:
    from ui.usecases.import_wizard import TableView
    from ui.usecases.imports import ImportResult

    from ...context import AppContext, Job


def _ledger_streams(ctx: AppContext) -> list[str]:
    """The ledger's active streams, in display order (the imports page passes them, read off
    the GUI thread; this is for a wizard opened on its own)."""
    if ctx.ledger is None:
        return []
    from ui.usecases.imports import stream_codes

    return stream_codes(ctx.ledger)


class ImportWizard(QWizard):
    """File → sheet → mapping → preview → commit → result."""

    #: (kind, batch id): the user asked to see the imported rows
    rows_requested = Signal(str, int)
    #: a batch was imported
    imported = Signal(int)

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, stream_codes: list[str] | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Import a file")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.resize(980, 640)
        self.stream_codes = stream_codes if stream_codes is not None else _ledger_streams(ctx)
        self.choice: dict[str, Any] = {}
        self.table: TableView | None = None
        self.table_key: tuple[Any, ...] = ()
        self.header_row: int | None = None
        self.last_row: int | None = None
        self.columns: dict[str, str] = {}
        self.outside = "error"
        from ui.usecases.imports import RowChoices

        #: rows left out and rows coded by hand in the preview
        self.row_choices = RowChoices()
        self.outcome: ImportResult | None = None
        self._listening: list[Busy] = []
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.commit_page = CommitPage(self)
        self.result_page = ResultPage(self)
        for page in (self.file_page, self.sheet_page, self.mapping_page, self.preview_page,
                     self.commit_page, self.result_page):  # fmt: skip
            self.addPage(page)
        self.commit_page.setCommitPage(True)
        self.preview_page.setButtonText(QWizard.WizardButton.NextButton, "&Import")

    # ------------------------------------------------------------------ state
    def key(self) -> tuple[Any, ...]:
        c = self.choice
        return (c.get("kind"), c.get("path"), c.get("sheet"))

    def reset_table(self) -> None:
        """A new file, kind or sheet: the columns are found afresh."""
        self.table, self.table_key = None, ()
        self.header_row = self.last_row = None
        self.columns, self.outside = {}, "error"
        from ui.usecases.imports import RowChoices

        self.row_choices = RowChoices()

    def set_choices(self, **changes: Any) -> None:
        """Rows left out (``excluded``) or coded by hand (``lines``) in the preview."""
        from dataclasses import replace

        self.row_choices = replace(self.row_choices, **changes)

    def set_table(self, table: TableView) -> None:
        self.table, self.table_key = table, self.key()

    @property
    def signature(self) -> tuple[str, ...]:
        return self.table.signature if self.table is not None else ()

    def _kwargs(self) -> dict[str, Any]:
        o = self.choice
        return {
            "sheet": o.get("sheet"),
            "stream": o.get("stream"),
            "year": o.get("year"),
            "as_at": o.get("as_at"),
            "create_missing": o.get("create_missing", False),
            "columns": dict(self.columns),
            "header_row": self.header_row,
            "last_row": self.last_row,
            "outside": self.outside,
            "choices": self.row_choices,
        }

    # ------------------------------------------------------------------ work off the GUI thread
    def run(
        self, busy: Busy, text: str, fn: Callable[[Any], Any], done: Callable[[Any], None]
    ) -> Job:
        """``fn(ledger)`` on the pool with ``busy`` shown; ``done`` unless cancelled."""
        holder: list[Job] = []

        def deliver(result: Any) -> None:
            if holder and busy.job is holder[0]:
                busy.stop()
                done(result)

        def failed(exc: BaseException) -> None:
            if holder and busy.job is holder[0]:
                busy.stop()
                busy.label.setText(f"Could not read the file: {exc}")
                busy.show()
                busy.bar.hide()

        job = self.ctx.run_read(
            lambda ledger, _job: fn(ledger), deliver, failed, title=text, cancellable=True,
            pass_job=True,
        )  # fmt: skip
        holder.append(job)
        busy.bar.show()
        busy.start(job, text)
        if busy not in self._listening:
            self._listening.append(busy)
            self.ctx.signals.job_progress.connect(busy.progress)
        return job

    def dry_run(self, busy: Busy, done: Callable[[ImportResult], None]) -> Job:
        """The preview: a dry run with the user's choices, off the GUI thread."""
        from ui.usecases.imports import import_file

        kind, path, kwargs = self.choice["kind"], self.choice["path"], self._kwargs()

        def work(ledger: Any) -> ImportResult:
            return import_file(ledger, kind, path, dry_run=True, with_preview=True, **kwargs)

        return self.run(busy, f"Checking every row of {path.name} against the ledger…", work,
                        done)  # fmt: skip

    def commit(self, on_progress: Any, on_done: Any, on_error: Any) -> Job:
        """Import for real off the GUI thread; cancellable until the commit."""
        from ui.usecases.imports import import_file

        kind, path, kwargs = self.choice["kind"], self.choice["path"], self._kwargs()

        def work(ledger: Any, job: Job) -> ImportResult:
            return import_file(
                ledger, kind, path,
                progress=lambda d, t: job.report(d, t, "rows written"),
                cancel=lambda: job.cancelled, **kwargs,
            )  # fmt: skip

        def done(result: ImportResult) -> None:
            from ui.usecases.import_result import imported_text

            if result.batch is not None:
                self.ctx.announce(imported_text(result))
                self.imported.emit(result.batch)
            on_done(result)

        job = self.ctx.run_write(
            work, done, on_error, title="Importing…", cancellable=True, pass_job=True
        )
        self.ctx.signals.job_progress.connect(on_progress)
        return job

    def save_profile(self, name: str, mapping: dict[str, str]) -> None:
        from ui.usecases.imports import save_profile

        kind, sig, sheet = self.choice["kind"], self.signature, self.choice.get("sheet")
        positions = dict(self.mapping_page.model.mapped)
        header_row = self.table.header_row if self.table is not None else None

        def work(ledger: Any) -> int:
            return save_profile(ledger, name, kind, mapping, sig, sheet, positions, header_row)

        def done(_id: int) -> None:
            self.mapping_page.saved.setText(
                f"Saved as profile {name!r}: files with these headers will use it."
            )

        def failed(exc: BaseException) -> None:
            self.mapping_page.saved.setText(f"The profile was not saved: {exc}")

        self.ctx.run_write(work, done, failed, title="Saving profile…", changes=topics(T.IMPORTS))

    def save_errors(self, result: ImportResult, path: str) -> None:
        """Every problem of the preview as a workbook (off the GUI thread)."""
        from ui.usecases.import_errors import write_error_workbook

        problems, file = list(result.errors), result.file

        def work(ledger: Any) -> int:
            return write_error_workbook(ledger, problems, path, file)

        def done(n: int) -> None:
            self.preview_page.save_errors.setText(f"Saved {n:,} problems")

        def failed(exc: BaseException) -> None:
            self.preview_page.save_errors.setText(f"Not saved: {exc}")

        self.ctx.run_read(work, done, failed, title="Saving the problems…")
