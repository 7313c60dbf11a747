"""Evidence on one transaction or submission (issue 22): the files attached to it, with Attach
file…, Open, Save a copy… and Detach… (a reason; the file stays in the ledger's history).
Everything is read and written off the GUI thread through ``ui.usecases.evidence``."""

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
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.usecases.topics import Topic, topics

from ..models.records import Column, RecordsModel

if TYPE_CHECKING:
    from ui.usecases.evidence import Attached, AttachmentRow

    from ..context import AppContext

__all__ = ["EvidenceDialog"]

COLUMNS: list[Column[AttachmentRow]] = [
    Column("#", "int", lambda a: a.id),
    Column("File", "text", lambda a: a.file_name),
    Column("Size", "text", lambda a: f"{a.size:,} bytes"),
    Column("Note", "text", lambda a: a.note or ""),
    Column("Attached by", "text", lambda a: a.created_by),
    Column("On", "datetime", lambda a: a.created_at),
    Column(
        "Status",
        "text",
        lambda a: f"detached by {a.detached_by}: {a.detach_reason}" if a.detached else "attached",
        warn=lambda a: "detached: kept in the ledger's history" if a.detached else "",
    ),
    Column("sha256", "text", lambda a: a.sha256[:16]),
]


class EvidenceDialog(QDialog):
    def __init__(
        self, ctx: AppContext, kind: str, target_id: int, title: str,
        stream: str | None = None, parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx, self.kind, self.target_id = ctx, kind, target_id
        self.setWindowTitle(f"Evidence — {title}")
        self.resize(900, 420)
        #: opens a file with the desktop (tests replace it)
        self.opener: Callable[[Path], bool] = lambda p: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(p))
        )
        folder = self._folder = Path(tempfile.mkdtemp(prefix="fundledger-evidence-"))
        self.destroyed.connect(lambda *_a: shutil.rmtree(folder, ignore_errors=True))
        self.model: RecordsModel[AttachmentRow] = RecordsModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Attached files")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.detached = QCheckBox("Show &detached files")
        self.detached.toggled.connect(lambda _c: self.reload())
        why = ctx.why_not("evidence.attach", stream)
        self.attach_button = QPushButton("&Attach file…")
        self.attach_button.setEnabled(why is None)
        self.attach_button.setToolTip(why or "PDF, image, workbook, document or email, up to 25 MB")
        self.attach_button.clicked.connect(lambda _c=False: self.attach())
        self.open_button = QPushButton("&Open")
        self.open_button.clicked.connect(lambda _c=False: self.open_selected())
        self.save_button = QPushButton("Save a &copy…")
        self.save_button.clicked.connect(lambda _c=False: self.save_selected())
        self.detach_button = QPushButton("De&tach…")
        self.detach_button.setEnabled(why is None)
        self.detach_button.setToolTip(why or "Detach (a reason is asked; the file stays in the "
                                      "ledger's history)")  # fmt: skip
        self.detach_button.clicked.connect(lambda _c=False: self.detach_selected())
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        for b in (self.attach_button, self.open_button, self.save_button, self.detach_button):
            row.addWidget(b)
        row.addWidget(self.detached)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.reload()

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        on, detached = (self.kind, self.target_id), self.detached.isChecked()

        def work(ledger: Any) -> list[AttachmentRow]:
            from ui.usecases.evidence import list_attachments

            return list_attachments(ledger, on=on, detached=detached)

        self.ctx.run_read(work, self._loaded, self._failed)

    def _loaded(self, rows: list[AttachmentRow]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        if not rows:
            self.message.setText("No evidence attached yet.")

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(f"Nothing was changed: {exc}")

    def selected(self) -> AttachmentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    # ------------------------------------------------------------------ actions
    def attach(self, path: str | None = None, note: str | None = None) -> None:
        if path is None:
            from ..widgets.file_choice import choose_open

            path = choose_open(self, self.ctx.settings, "evidence", "Attach evidence",
                               "Evidence (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.xlsx *.xls "
                               "*.ods *.csv *.docx *.doc *.odt *.txt *.eml *.msg);;All files (*)")  # fmt: skip
            if not path:
                return
        kind, target, chosen = self.kind, self.target_id, Path(path)

        def work(ledger: Any) -> Attached:
            from ui.usecases.evidence import attach_file

            return attach_file(ledger, kind, target, chosen, note)

        def done(a: Attached) -> None:
            again = " (already in the ledger: kept once)" if a.reused else ""
            self.message.setText(f"Attached {chosen.name} as #{a.id}{again}")
            self.reload()

        self.ctx.run_write(work, done, self._failed, title="Attaching…",
                           changes=topics(Topic.RETURNS))  # fmt: skip

    def open_selected(self) -> None:
        a = self.selected()
        if a is None:
            return
        path = self._folder / f"{a.id}-{a.file_name}"

        def work(ledger: Any) -> Path:
            from ui.usecases.evidence import get_file

            get_file(ledger, a.id, path)
            return path

        def done(p: Path) -> None:
            if not self.opener(p):
                self.message.setText(f"No program answered to open it; the file is {p}")

        self.ctx.run_read(work, done, self._failed)

    def save_selected(self, out: str | None = None) -> None:
        a = self.selected()
        if a is None:
            return
        if out is None:
            from ..widgets.file_choice import choose_save

            out = choose_save(self, self.ctx.settings, "evidence", "Save a copy", a.file_name,
                              "All files (*)")  # fmt: skip
            if not out:
                return
        target = out

        def work(ledger: Any) -> Any:
            from ui.usecases.evidence import get_file

            return get_file(ledger, a.id, target)

        self.ctx.run_read(work, lambda _r: self.message.setText(f"Saved {a.file_name} to "
                                                                f"{target}"), self._failed)  # fmt: skip

    def detach_selected(self, reason: str | None = None) -> None:
        a = self.selected()
        if a is None or a.detached:
            return
        if reason is None:
            from .reason import ReasonDialog

            reason = ReasonDialog.get(self, "Detach evidence", f"Why detach {a.file_name}? The "
                                      "file stays in the ledger's history.")  # fmt: skip
            if not reason:
                return
        why = reason

        def work(ledger: Any) -> None:
            from ui.usecases.evidence import detach

            detach(ledger, a.id, why)

        def done(_r: Any) -> None:
            self.message.setText(f"Detached {a.file_name} (kept in the ledger's history)")
            self.reload()

        self.ctx.run_write(work, done, self._failed, title="Detaching…",
                           changes=topics(Topic.RETURNS))  # fmt: skip
