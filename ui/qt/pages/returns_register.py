"""The Returns page's register (issue 22): every return submitted for the stream in scope, with
its status (draft, submitted, superseded), what is due; any submission reopens exactly as sent
(the stored workbook, byte for byte), saves a copy, shows what changed since, or makes its
evidence pack.  Everything is read and written off the GUI thread through the use cases."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundledger.years import year_label
from ui.controllers.due import due_text

from ..models.records import Column, RecordsModel
from ..widgets.selection import select_only_row

if TYPE_CHECKING:
    from ui.usecases.returns_due import Due
    from ui.usecases.submissions import Compared, Submission, SubmissionFile

    from ..context import AppContext

__all__ = ["RegisterPanel", "due_text"]


def _year(y: int | None) -> str:
    return "" if y is None else year_label(y)


COLUMNS: list[Column[Submission]] = [
    Column("#", "int", lambda s: s.id),
    Column("Return", "text", lambda s: s.ret),
    Column("Stream", "text", lambda s: s.stream or ""),
    Column("Year", "text", lambda s: _year(s.year)),
    Column("Period covered", "text", lambda s: s.period),
    Column("Sent to", "text", lambda s: s.submitted_to),
    Column("Sent on", "date", lambda s: s.submitted_on),
    Column(
        "Status",
        "text",
        lambda s: s.status if s.superseded_by is None else f"superseded by #{s.superseded_by}",
        warn=lambda s: "a later submission corrects this one" if s.superseded_by else "",
    ),
    Column("By", "text", lambda s: s.created_by),
    Column("Workbook", "text", lambda s: s.file_name, tip="the file as sent"),
    Column("sha256", "text", lambda s: s.sha256[:16], tip="the workbook's digest (first 16)"),
    Column(
        "Seal",
        "text",
        lambda s: "" if s.seal_hash is None else f"#{s.seal_entry or '?'} {s.seal_hash[:8]}",
        tip="the ledger seal when it was stored",
    ),
    Column("Note", "text", lambda s: s.note or ""),
]


class RegisterPanel(QWidget):
    """The submissions of the stream in scope (all streams when none)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stream: str | None = None
        #: opens a file with the desktop (tests replace it)
        self.opener: Callable[[Path], bool] = lambda p: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(p))
        )
        self.last_opened: Path | None = None
        #: a submission to select when the register has reloaded
        self.pending_select: int | None = None
        self.dialog: Any = None
        folder = self._folder = Path(tempfile.mkdtemp(prefix="fundledger-returns-"))
        self.destroyed.connect(lambda *_a: shutil.rmtree(folder, ignore_errors=True))
        self.model: RecordsModel[Submission] = RecordsModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setObjectName("returns_register")
        self.table.setAccessibleName("Returns submitted")
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.due = QLabel("")
        self.due.setObjectName("warnings")
        self.due.setWordWrap(True)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, tip, fn in (
            ("open", "&Open as sent", "Open the workbook exactly as it was sent", self.open_selected),
            ("save", "Save a &copy…", "Save the workbook as sent, byte for byte", self.save_selected),
            ("diff", "What &changed…", "Compare with the ledger now, figure by figure and row by "
             "row", self.diff_selected),
            ("evidence", "E&vidence…", "The files attached to this submission: attach, open, "
             "detach", self.evidence_selected),
            ("due", "&Due dates…", "When returns are due for this stream: add or stop reminders",
             self.edit_schedules),
            ("pack", "Evidence &pack…", "One zip: the return as sent, the files attached behind "
             "its rows, and an index", self.pack_selected),
        ):  # fmt: skip
            b = QPushButton(text)
            b.setToolTip(tip)
            b.setEnabled(False)
            b.clicked.connect(lambda _c=False, f=fn: f())
            self.buttons[key] = b
            row.addWidget(b)
        row.addStretch(1)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._sync())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.due)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)

    # ------------------------------------------------------------------ loading
    def reload(self, stream: str | None) -> None:
        self.stream = stream

        def work(ledger: Any) -> tuple[list[Submission], list[Due]]:
            from ui.usecases.returns_due import due_list
            from ui.usecases.submissions import list_submissions

            due = [d for d in due_list(ledger) if stream in (None, d.schedule.stream)]
            return list_submissions(ledger, stream), due

        self.ctx.run_read(work, self._loaded, self._failed)

    def _loaded(self, result: tuple[list[Submission], list[Due]]) -> None:
        rows, due = result
        kept = self.selected()
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        for c in range(self.model.columnCount()):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 260))
        self.due.setText(due_text(due))
        self.due.setVisible(bool(self.due.text()))
        if not rows:
            where = f" for {self.stream}" if self.stream else ""
            self.message.setText(f"No returns submitted{where} yet: preview one and choose "
                                 "Submit… to keep it as sent.")  # fmt: skip
        else:
            self.message.setText("")
        if self.pending_select is not None:
            self.select_id(self.pending_select)
            self.pending_select = None
        elif kept is not None:  # a reload keeps the submission the user had chosen
            self.select_id(kept.id)
        self._sync()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(f"Could not read the returns register: {exc}")

    def selected(self) -> Submission | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def select_id(self, submission_id: int) -> None:
        for i, r in enumerate(self.model.rows):
            if r.id == submission_id:
                select_only_row(self.table, i)
                return

    def _sync(self) -> None:
        chosen = self.selected() is not None
        for key, b in self.buttons.items():
            b.setEnabled(chosen or key == "due")

    # ------------------------------------------------------------------ actions
    def open_selected(self) -> None:
        """Write the stored workbook to a private folder and open it (byte for byte)."""
        s = self.selected()
        if s is None:
            return
        folder = self._folder

        def work(ledger: Any) -> Path:
            from ui.usecases.submissions import get_submission

            found: SubmissionFile = get_submission(ledger, s.id)
            path = folder / f"#{s.id} {found.row.file_name}"
            path.write_bytes(found.workbook)
            return path

        def done(path: Path) -> None:
            self.last_opened = path
            if not self.opener(path):
                self.message.setText(f"No program answered to open it; the file is {path}")
            else:
                self.message.setText(f"Opened #{s.id} as sent: {path.name}")

        self.ctx.run_read(work, done, self._failed_action)

    def save_selected(self, path: str | None = None) -> None:
        s = self.selected()
        if s is None:
            return
        if path is None:
            from ..widgets.file_choice import choose_save

            path = choose_save(self, self.ctx.settings, "return", "Save the return as sent",
                               s.file_name, "Excel (*.xlsx)")  # fmt: skip
            if not path:
                return

        def work(ledger: Any) -> Any:
            from ui.usecases.submissions import save_submission

            return save_submission(ledger, s.id, path)

        self.ctx.run_read(work, lambda f: self.message.setText(
            f"Saved #{s.id} as sent to {path} (sha256 {f.row.sha256[:16]}…)"),
            self._failed_action)  # fmt: skip

    def diff_selected(self) -> None:
        s = self.selected()
        if s is None:
            return

        def work(ledger: Any) -> Compared:
            from ui.usecases.submissions import diff_submission

            return diff_submission(ledger, s.id)

        self.message.setText(f"Comparing #{s.id} with the ledger now…")
        self.ctx.run_read(work, self._show_diff, self._failed_action)

    def _show_diff(self, compared: Compared) -> None:
        from ..dialogs.return_diff import DiffDialog

        d = compared.diff
        self.message.setText("Nothing changed since it was sent." if d.same else
                             f"{len(d.rows)} rows and {len(d.sources)} ledger rows changed "
                             "since it was sent.")  # fmt: skip
        self.dialog = DiffDialog(compared, lambda: self._save_diff(compared), self)
        self.dialog.open()

    def _save_diff(self, compared: Compared, path: str | None = None) -> None:
        if path is None:
            from ..widgets.file_choice import choose_save

            path = choose_save(self, self.ctx.settings, "return", "Save what changed",
                               f"changes-since-{compared.before.id}.xlsx", "Excel (*.xlsx)")  # fmt: skip
            if not path:
                return

        def work(ledger: Any) -> Path:
            from ui.usecases.submissions import write_diff_workbook

            return write_diff_workbook(ledger, compared, path)

        def done(p: Path) -> None:
            self.message.setText(f"Wrote {p}")
            if self.dialog is not None:
                self.dialog.note.setText(f"Wrote {p}")

        self.ctx.run_read(work, done, self._failed_action)

    def pack_selected(self, path: str | None = None) -> None:
        s = self.selected()
        if s is None:
            return
        if path is None:
            from ..widgets.file_choice import choose_save

            path = choose_save(self, self.ctx.settings, "return", "Save the evidence pack",
                               f"evidence-{s.ret}-{s.id}.zip", "Zip (*.zip)")  # fmt: skip
            if not path:
                return

        def work(ledger: Any) -> Any:
            from ui.usecases.evidence import evidence_pack

            return evidence_pack(ledger, s.id, path)

        self.ctx.run_read(work, lambda p: self.message.setText(
            f"Wrote {p.path}: the return, {p.files} files and an index ({p.rows_without} of "
            f"{p.rows} rows without evidence)"), self._failed_action)  # fmt: skip

    def _failed_action(self, exc: BaseException) -> None:
        self.message.setText(f"Nothing was written: {exc}")

    def evidence_selected(self) -> None:
        """The files attached to the selected submission (covering letter, claim form)."""
        from ..dialogs.evidence import EvidenceDialog

        s = self.selected()
        if s is None:
            return
        self.dialog = EvidenceDialog(self.ctx, "return", s.id, f"submission #{s.id}", s.stream,
                                     self)  # fmt: skip
        self.dialog.open()

    def edit_schedules(self) -> None:
        """When returns are due for the stream in scope (add, stop reminding)."""
        from ..dialogs.return_schedule import ScheduleDialog

        self.dialog = ScheduleDialog(self.ctx, self.stream, self)
        self.dialog.finished.connect(lambda _r: self.reload(self.stream))
        self.dialog.open()
