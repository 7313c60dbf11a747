"""Returns: choose a return, see exactly what it will write (rows and totals, the figures of
:func:`ui.usecases.exports.prepare`), export it to Excel off the GUI thread, open the folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QUrl,
)
from PySide6.QtGui import QDesktopServices, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fundledger.money import format_gbp
from fundledger.years import year_label

from ..widgets.date_field import DateField
from ..widgets.elided import ElidedLabel
from .base import Page
from .returns_preview import PreviewModel, Role, WrappedItems, cell_text, return_label, roi_text

__all__ = ["PreviewModel", "ReturnsPage", "Role", "cell_text", "return_label", "roi_text"]

if TYPE_CHECKING:
    from ui.usecases.exports import Exported, Prepared

    from ..context import AppContext, Job

Index = QModelIndex | QPersistentModelIndex
SP = QStyle.StandardPixmap
_RIGHT_KINDS = ("money", "int", "percent", "period")
_BY = ("line", "partner", "area", "quarter", "period")


class ReturnsPage(Page):
    """Pick a return, preview it, export it."""

    name = "returns"
    title = "Returns"
    description = "Board and funder returns: preview the figures, export to Excel"
    can_export = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from ui.usecases.returns import definitions

        self.prepared: Prepared | None = None
        self._own_stream = False  # the scope changed to a stream with no return of its own
        self.last_path: Path | None = None
        self._job: Job | None = None
        self.heading = ElidedLabel(self.title)
        self.heading.setObjectName("pageTitle")
        self.list = QListWidget()
        self.list.setAccessibleName("Returns")
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap when the width settles
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setSpacing(5)
        for d in definitions():
            item = QListWidgetItem(return_label(d.name, d.title))
            item.setData(Qt.ItemDataRole.UserRole, d.name)
            item.setToolTip(f"fundledger export {d.name}")
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.currentRowChanged.connect(lambda _r: self.refresh())
        self.list.setMinimumWidth(200)
        self.list.setMaximumWidth(320)
        self.list.setItemDelegate(WrappedItems(self.list))
        self._build_options()
        self._build_preview()
        self._layout()

    # ------------------------------------------------------------------ widgets
    def _build_options(self) -> None:
        self.basis = QComboBox()
        self.basis.setAccessibleName("Reporting year")
        self.basis.addItem("Financial year", "fy")
        self.basis.addItem("Calendar year", "calendar")
        self.by = QComboBox()
        self.by.setAccessibleName("Variance level")
        for level in _BY:
            self.by.addItem(f"by {level}", level)
        self.as_at_on = QCheckBox("As at")
        self.as_at_on.setToolTip("Figures to this date (default: today; OPCC: latest return)")
        self.as_at = DateField(QDate.currentDate())
        self.as_at.setEnabled(False)
        self.as_at.setAccessibleName("As-at date")
        self.as_at_on.toggled.connect(self.as_at.setEnabled)
        for w in (self.basis, self.by):
            w.currentIndexChanged.connect(lambda _i: self.refresh())
        self.as_at_on.toggled.connect(lambda _c: self.refresh())
        self.as_at.dateChanged.connect(lambda _d: self.refresh())

    def _build_preview(self) -> None:
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.table.setAccessibleName("Return preview")
        self.table.setObjectName("return_preview")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # columns as wide as the return's figures, like the workbook (no stretched last one)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.caption = QLabel()
        self.caption.setObjectName("summary")
        self.caption.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setObjectName("warnings")
        self.export_button = QPushButton("&Export…")
        self.export_button.setIcon(self.style().standardIcon(SP.SP_DialogSaveButton))
        self.export_button.setToolTip("Write this return to an Excel workbook (Ctrl+E)")
        self.export_button.clicked.connect(lambda _c=False: self.export_view())
        self.submit_button = QPushButton("&Submit…")
        self.submit_button.setToolTip("Write this return and keep it in the ledger exactly as "
                                      "sent (to whom, period, note); corrections supersede")  # fmt: skip
        self.submit_button.setEnabled(False)
        self.submit_button.clicked.connect(lambda _c=False: self.submit_view())
        self.map_button = QPushButton("&Template map…")
        self.map_button.setToolTip("Fill a funder's own workbook: pick figures from the documented "
                                   "list and the cells they go in; the map is saved in the ledger")  # fmt: skip
        self.map_button.clicked.connect(lambda _c=False: self.edit_template_map())
        self.template_dialog: Any = None
        self.open_button = QPushButton("Open &folder")
        self.open_button.setIcon(self.style().standardIcon(SP.SP_DirOpenIcon))
        self.open_button.setToolTip("Show the exported workbook's folder")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda _c=False: self.open_folder())
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Export progress")
        self.progress.setMaximumWidth(220)
        self.progress.setVisible(False)
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        for w in (self.basis, self.by, self.as_at_on, self.as_at, self.export_button,
                  self.submit_button, self.map_button, self.open_button):  # fmt: skip
            top.addWidget(w)
        right = QWidget()
        col = QVBoxLayout(right)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.caption)
        col.addWidget(self.table, 1)
        col.addWidget(self.notes)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress)
        bottom.addWidget(self.done_label, 1)
        col.addLayout(bottom)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list)
        from .returns_register import RegisterPanel

        self.register = RegisterPanel(self.ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("returnsTabs")
        self.tabs.addTab(right, "&Preview")
        self.tabs.addTab(self.register, "Su&bmitted")
        split.addWidget(self.tabs)
        split.setSizes([250, 900])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 4)
        outer.addLayout(top)
        outer.addWidget(split, 1)

    # ------------------------------------------------------------------ scope → request
    def set_scope(self, stream_code: str | None, year: int | None) -> None:
        """A new stream scope chooses that stream's return (OPCC → opcc-csp, ...)."""
        from ui.usecases.returns import for_stream

        found = for_stream(stream_code)
        # a stream with no return of its own keeps the chosen return, unless that one would
        # report on another stream (YJ's pooled budget return under "Returns — SAF"): then
        # the stream's variance report (decided where the return is prepared)
        self._own_stream = found is None and stream_code not in (None, self.stream_code)
        if found is not None and stream_code != self.stream_code:
            self.list.blockSignals(True)
            try:
                self.select_return(found.name)
            finally:
                self.list.blockSignals(False)
            self._dirty = True
        super().set_scope(stream_code, year)

    def scope_text(self) -> str:
        """``"Returns — OPCC, 2025-26"``, like the other pages' titles."""
        stream = self.stream_code or "All streams"
        year = year_label(self.year) if self.year is not None else "all years"
        return f"{self.title} — {stream}, {year}"

    def current_return(self) -> str:
        item = self.list.currentItem()
        item = item or self.list.item(0)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    def select_return(self, ret: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == ret:
                self.list.setCurrentRow(i)
                return

    def request(self) -> Any:
        from ui.usecases.returns import Request, find

        ret = self.current_return()
        d = find(ret)
        year: str | None = None
        if self.year is not None:
            takes = d is not None and "calendar" in d.options
            calendar = takes and self.basis.currentData() == "calendar"
            year = str(self.year) if calendar else year_label(self.year)
        picked = self.as_at.date().toPython()
        as_at = picked if self.as_at_on.isChecked() and isinstance(picked, date) else None
        return Request(ret, year, self.stream_code, str(self.by.currentData()), as_at,
                       from_scope=True)  # fmt: skip

    def _sync_options(self) -> None:
        from ui.usecases.returns import find

        d = find(self.current_return())
        options = d.options if d is not None else frozenset()
        self.basis.setVisible("calendar" in options)
        self.by.setVisible("by" in options)

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        self.heading.setText(self.scope_text())
        self._sync_options()
        request = self.request()
        own_stream, self._own_stream = self._own_stream, False

        def work(ledger: Any) -> Prepared:
            from dataclasses import replace

            from ui.usecases.exports import prepare

            prepared = prepare(ledger, request)
            other = prepared.scope.stream not in (None, request.stream)
            if own_stream and other and request.ret != "variance":
                return prepare(ledger, replace(request, ret="variance"))
            return prepared

        self.caption.setText("Loading…")
        self.load(work, self._loaded, self._failed)
        self.register.reload(self.stream_code)

    def _loaded(self, prepared: Prepared) -> None:
        self.prepared = prepared
        if prepared.scope.ret != self.current_return():  # the stream's own report instead
            self.list.blockSignals(True)
            try:
                self.select_return(prepared.scope.ret)
            finally:
                self.list.blockSignals(False)
            self._sync_options()
        self.model.set_prepared(prepared)
        self._fit()
        scope = prepared.scope
        parts = [f"{prepared.row_count:,} rows", f"as at {scope.as_at:%d/%m/%Y}"]
        if prepared.sources:
            parts.append(f"{len(prepared.sources):,} source rows on the 'Rows' sheet")
        if prepared.row_count > len(prepared.rows):
            parts.append(f"first {len(prepared.rows):,} shown")
        if "pmt.roi_pct" in prepared.figures:
            parts.append(roi_text(prepared.figures))
        self.caption.setText(f"<b>{prepared.title}</b> — " + " · ".join(parts))
        self.notes.setText("\n".join(f"⚠ {w}" for w in prepared.warnings))
        self.notes.setVisible(bool(prepared.warnings))
        self.export_button.setEnabled(True)
        self.submit_button.setEnabled(True)
        self.status_changed.emit(self.status_text())

    def _failed(self, exc: BaseException) -> None:
        self.prepared = None
        self.model.set_prepared(None)
        self.caption.setText(f"<b>{self.current_return()}</b>: {exc}")
        self.notes.setVisible(False)
        self.export_button.setEnabled(False)
        self.submit_button.setEnabled(False)

    def _fit(self) -> None:
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        bold = QFont(header.font())
        bold.setBold(True)
        head_metrics = QFontMetrics(bold)
        for c in range(self.model.columnCount()):
            texts = [
                str(self.model.data(self.model.index(r, c)) or "")
                for r in range(min(self.model.rowCount(), 60))
            ]
            cells = max((metrics.horizontalAdvance(t) for t in texts), default=0)
            width = max(cells + 24, head_metrics.horizontalAdvance(self.model.headers[c]) + 28)
            header.resizeSection(c, min(width, 360))
        self._squeeze_first()

    def _squeeze_first(self) -> None:
        """Narrow the first (label) column, down to 140 px, so the last column (the total)
        stays in view."""
        header = self.table.horizontalHeader()
        n = self.model.columnCount()
        if n < 2:
            return
        total = sum(header.sectionSize(c) for c in range(n))
        over = total - self.table.viewport().width()
        if over > 0:
            header.resizeSection(0, max(140, header.sectionSize(0) - over))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.prepared is not None:
            self._fit()

    def status_text(self) -> str:
        p = self.prepared
        if p is None:
            return ""
        shown = " · ".join(f"{k} {format_gbp(v)}" for k, v in list(p.totals.items())[:2])
        return f"{p.row_count:,} rows · {shown}" if shown else f"{p.row_count:,} rows"

    # ------------------------------------------------------------------ export
    def default_name(self) -> str:
        p = self.prepared
        year = p.scope.year_text if p is not None else None
        return f"{self.current_return()}{'-' + year if year else ''}.xlsx"

    def export_view(self, path: str | None = None) -> None:
        """Ask for a file (unless given) and write the return off the GUI thread."""
        if self.prepared is None:
            return
        if path is None:
            from ..widgets.file_choice import choose_save

            path = choose_save(
                self,
                self.ctx.settings,
                "return",
                "Export return",
                self.default_name(),
                "Excel (*.xlsx)",
            )
            if not path:
                return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        request, target = self.request(), Path(path)

        def work(ledger: Any, job: Job) -> Exported:
            from ui.usecases.exports import export_return

            def progress(done: int, total: int) -> None:
                job.check()
                job.report(done, total, f"Written {done:,} of {total:,} rows")

            return export_return(ledger, request, target, progress)

        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.export_button.setEnabled(False)
        self.done_label.setText(f"Writing {target.name}…")
        self._job = self.ctx.run_read(work, self._exported, self._export_failed, progress=True,
                                      title="Exporting return…", cancellable=True,
                                      pass_job=True)  # fmt: skip
        self._job.on_cancelled = lambda: self._export_cancelled(target)
        self.ctx.signals.job_progress.connect(self._on_progress)

    def _on_progress(self, job: Any, done: int, total: int, _message: str) -> None:
        if job is self._job and total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _end_job(self) -> None:
        self.ctx.signals.job_progress.disconnect(self._on_progress)
        self._job = None
        self.progress.setVisible(False)
        self.export_button.setEnabled(True)

    def _exported(self, done: Exported) -> None:
        self._end_job()
        self.last_path = done.path
        from ..widgets.file_choice import remember_folder

        remember_folder(self.ctx.settings, "return", done.path)
        self.open_button.setEnabled(True)
        totals = " · ".join(f"{k} {format_gbp(v)}" for k, v in done.totals.items())
        self.done_label.setText(f"Wrote {done.path} — {totals}")
        self.status_changed.emit(f"Exported {done.path.name}")

    def _export_failed(self, exc: BaseException) -> None:
        self._end_job()
        self.done_label.setText(f"Not exported, nothing was written: {exc}")

    def _export_cancelled(self, target: Path) -> None:
        self._end_job()
        self.done_label.setText(f"Export cancelled: nothing was written to {target}")
        self.status_changed.emit("Export cancelled")

    def open_folder(self) -> None:
        """Show the exported file's folder; when no file manager answers, say where it is."""
        if self.last_path is None:
            return
        folder = self.last_path.parent
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.done_label.setText(
                f"Could not open the folder: no file manager answered. The file is {self.last_path}"
            )

    # ------------------------------------------------------------------ submit
    def submit_view(self, path: str | None = None, choice: Any = None) -> None:
        """Ask for the file (unless given) and what was sent (unless given), then write the
        return and keep it as submitted, off the GUI thread."""
        from .returns_submit import submit

        submit(self, path, choice)

    def edit_template_map(self) -> None:
        """The cell-map editor for funder templates, with the figures of this page's scope."""
        from ..dialogs.template_map import TemplateMapDialog

        self.template_dialog = TemplateMapDialog(self.ctx, self.request(), self)
        self.template_dialog.open()
