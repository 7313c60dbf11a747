"""The imports page: every import batch (kind, file, rows, control total, who, when, status),
the Import… wizard, and Undo (one audited action, with a reason)."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundledger.money import ZERO, Money, format_gbp
from fundledger.years import year_label

from ..models.records import SORT_ROLE, Column, RecordsModel
from ..widgets.elided import ElidedLabel
from ..widgets.permissions import gate
from ..widgets.placeholder import PlaceholderTable
from ..widgets.selection import select_only_row
from .base import Page

if TYPE_CHECKING:
    from ui.usecases.imports import BatchRow

    from ..context import AppContext


def kind_name(kind: str) -> str:
    """A batch kind as the Kind column shows it (the registry's short name)."""
    from ui.usecases.import_kinds import REGISTRY

    found = REGISTRY.find(kind)
    if found is not None:
        return found.short
    return {"synthetic": "Synthetic"}.get(kind, kind)


def _register_page(kind: str) -> str | None:
    from ui.usecases.import_kinds import REGISTRY

    found = REGISTRY.find(kind)
    return found.register_page if found is not None else None


#: what the batch history says before anything has been imported
EMPTY_TEXT = (
    "No imports yet. Import… reads an Excel workbook (transactions, GL extract, allocations, "
    "budget lines, contracts, contributions or income); each import appears here as a batch "
    "you can undo."
)


class BatchCol(IntEnum):
    ID = 0
    KIND = 1
    FILE = 2
    STREAM = 3
    ROWS = 4
    DUPLICATES = 5
    TOTAL = 6
    USER = 7
    WHEN = 8
    STATUS = 9


def _undone(b: BatchRow) -> str:
    if b.status != "undone":
        return ""
    when = f" on {b.undone_at:%d/%m/%Y %H:%M}" if b.undone_at else ""
    return f"undone by {b.undone_by}{when}: {b.undo_reason or ''}"


BATCH_COLUMNS: list[Column[Any]] = [
    Column("Batch", "int", lambda b: b.id),
    Column("Kind", "text", lambda b: kind_name(b.kind)),
    Column("File", "text", lambda b: b.file_name + (f" ({b.sheet})" if b.sheet else "")),
    Column("Stream", "text", lambda b: b.stream or "several"),
    Column("Rows", "int", lambda b: b.rows),
    Column("Duplicates", "int", lambda b: b.duplicates),
    Column("Control total", "money", lambda b: b.control_total),
    Column("Imported by", "text", lambda b: b.created_by),
    Column("When", "datetime", lambda b: b.created_at),
    Column("Status", "text", lambda b: "Undone" if b.status == "undone" else "Active", _undone),
]


def batches_model() -> RecordsModel[BatchRow]:
    return RecordsModel(BATCH_COLUMNS)


def batch_details(b: BatchRow) -> str:
    """One selected batch in words: source, sheet, profile, as-at, checksum, undo."""
    parts = [f"Batch {b.id}: {kind_name(b.kind).lower()} from {b.file_name}"]
    if b.sheet:
        parts.append(f"sheet {b.sheet!r}")
    if b.profile:
        parts.append(f"profile {b.profile!r}")
    if b.year is not None:
        parts.append(f"year {year_label(b.year)}")
    if b.as_at is not None:
        parts.append(f"as at {b.as_at:%d/%m/%Y}")
    parts.append(f"{b.rows:,} rows, {b.duplicates:,} duplicates left out")
    parts.append(f"file sha256 {b.sha256[:12]}…")
    parts.append(f"control total {format_gbp(b.control_total)}")
    text = "; ".join(parts) + "."
    if b.status == "undone":
        text += f" {_undone(b).capitalize()}."
    return text


def _load(ledger: Any) -> tuple[list[BatchRow], list[str]]:
    from ui.usecases.imports import list_batches, stream_codes

    return list_batches(ledger), stream_codes(ledger)


class ImportsPage(Page):
    """Import history with Undo, and the Import… wizard."""

    name = "imports"
    title = "Imports"
    description = "Import workbooks; every import batch, with undo"
    can_create = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.heading = ElidedLabel(self.title)
        self.heading.setObjectName("pageTitle")
        self.import_button = QPushButton("&Import…")
        self.import_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.import_button.setToolTip("Import an Excel workbook (Ctrl+N)")
        self.import_button.clicked.connect(self.new_record)
        self.undo_button = QPushButton("&Undo import…")
        self.undo_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.undo_button.setToolTip("Reverse the selected batch as one audited action")
        self.undo_button.clicked.connect(self.undo_selected)
        self.rows_button = QPushButton("Show &rows")
        self.rows_button.setToolTip("Open the transactions of the selected batch")
        self.rows_button.clicked.connect(self.show_selected_rows)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        for b in (self.import_button, self.rows_button, self.undo_button):
            top.addWidget(b)
        self.model = batches_model()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = PlaceholderTable(EMPTY_TEXT)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(BatchCol.ID, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(
            BatchCol.FILE, QHeaderView.ResizeMode.Stretch
        )
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.view.doubleClicked.connect(lambda _i: self.show_selected_rows())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.details = QLabel()
        self.details.setObjectName("batchDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details)
        self.wizard: Any = None
        self.stream_codes: list[str] = []
        self._update_buttons()

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        self._update_buttons()
        self.load(_load, self._loaded)

    def _loaded(self, loaded: tuple[list[BatchRow], list[str]]) -> None:
        rows, self.stream_codes = loaded
        chosen = self.selected()
        self.model.set_rows(rows)
        if rows:
            self.select_batch(chosen.id if chosen is not None else max(b.id for b in rows))
        for col in (BatchCol.ID, BatchCol.KIND, BatchCol.ROWS, BatchCol.TOTAL, BatchCol.WHEN):
            self.view.resizeColumnToContents(col)
        self._update_buttons()
        self.status_changed.emit(self.status_text())

    def status_text(self) -> str:
        rows = self.model.rows
        active = [b for b in rows if b.status == "active"]
        return f"{len(rows)} import batches · {len(active)} active"

    def selected(self) -> BatchRow | None:
        idx = self.view.selectionModel().selectedRows()
        if not idx:
            return None
        return self.model.row(self.proxy.mapToSource(idx[0]).row())

    def select_batch(self, batch_id: int) -> None:
        for i, b in enumerate(self.model.rows):
            if b.id == batch_id:
                select_only_row(self.view, self.proxy.mapFromSource(self.model.index(i, 0)).row())
                return

    def _update_buttons(self) -> None:
        b = self.selected()
        self.details.setText(
            batch_details(b)
            if b is not None
            else "Select a batch to see its details; Import… to add one."
        )
        why = self.ctx.why_not
        undo_tip = "Reverse the selected batch as one audited action"
        role = why("import.undo", b.stream if b is not None else self.stream_code)
        state = (
            "Select a batch to undo"
            if b is None
            else (None if b.status == "active" else f"This batch is already {b.status}")
        )
        gate(self.undo_button, role or state, undo_tip)  # the role first, as everywhere
        shows = b is not None and (b.kind == "gl" or _register_page(b.kind) is not None)
        gate(
            self.rows_button,
            None if shows else "Select a batch whose rows a page lists",
            "Open the rows of the selected batch (a GL extract: the reconciliation)",
        )
        gate(
            self.import_button,
            why("import.write", self.stream_code),
            "Import an Excel workbook (Ctrl+N)",
        )

    # ------------------------------------------------------------------ actions
    def new_record(self) -> None:
        if self.import_button.isEnabled():
            self.open_wizard()

    def open_wizard(self) -> Any:
        from ..dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self.ctx, self, self.stream_codes)
        wizard.rows_requested.connect(self.show_rows)
        self.wizard = wizard
        wizard.open()
        return wizard

    def undo_selected(self) -> None:
        """Read where the reversals would go (rows of closed periods: the open period), then
        ask for the reason with that said."""
        b = self.selected()
        if b is None or b.status != "active":
            return

        def preview(ledger: Any) -> list[Any]:
            from ui.usecases.imports import undo_preview

            return undo_preview(ledger, b.id)

        self.ctx.run_read(preview, lambda moved: self._ask_undo(b, moved), self._undo_failed,
                          title="Checking the batch's periods…")  # fmt: skip

    def _ask_undo(self, b: Any, moved: list[Any]) -> None:
        from ..dialogs.reason import ReasonDialog

        prompt = (
            f"Undo batch {b.id}: {kind_name(b.kind).lower()} from {b.file_name} "
            f"({b.rows} rows, {format_gbp(b.control_total)})? Its rows stop counting "
            f"(transactions are reversed); this is recorded in the audit log."
        )
        if moved:
            prompt += "\n\n" + moved_summary(moved)
        reason = ReasonDialog.get(self, "Undo import", prompt)
        if reason is None:
            return
        self.undo(b.id, reason)

    def undo(self, batch_id: int, reason: str) -> None:
        from ui.usecases.imports import undo_import

        self.ctx.run_write(
            lambda ledger: undo_import(ledger, batch_id, reason),
            self._undone,
            self._undo_failed,
            title="Undoing import…",
        )

    def _undone(self, result: Any) -> None:
        from ui.usecases.import_result import undo_summary

        moved = sum(m.rows for m in result.moved)
        what = undo_summary(result.kind, result.rows, result.reversed_transactions,
                            result.superseded_allocations, result.cancelled_income)  # fmt: skip
        text = f"Batch {result.batch_id} undone: {what}" + (
            f" ({moved} of them in the open period: their own is closed)" if moved else ""
        )
        self.status_changed.emit(text)
        self.ctx.announce(f"Undid import batch {result.batch_id}: {what}")

    def _undo_failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self, "Undo import", f"The batch was not undone: {exc}")

    def show_selected_rows(self) -> None:
        b = self.selected()
        if b is not None:
            self.show_rows(b.kind, b.id)

    def show_rows(self, kind: str, batch_id: int) -> None:
        """Open the register of the batch's rows (transactions page filtered by batch)."""
        win = self.window()
        page_name = "reconciliation" if kind == "gl" else _register_page(kind)
        if page_name is None or not hasattr(win, "show_page"):
            return
        win.show_page(page_name)
        page = win.page() if hasattr(win, "page") else None
        if page is not None and hasattr(page, "drill"):
            page.drill({"batch": str(batch_id)})


def moved_summary(moved: list[Any]) -> str:
    """Where an undo posts the reversals of closed periods' rows, one sentence per open period
    they go to, one phrase per stream with its run of periods (a whole year's batch was one
    paragraph per stream and period: 14 of them ran off the dialog)."""
    from fundledger.periods import period_name
    from fundledger.years import period_label

    into: dict[tuple[int, int, Any], dict[str, list[Any]]] = {}
    for m in moved:
        into.setdefault((m.year, m.into_period, m.into_date), {}).setdefault(m.stream, []).append(m)
    out = []
    for (year, period, day), streams in into.items():
        parts = []
        for code, ms in streams.items():
            ps = sorted(m.period for m in ms)
            runs: list[list[int]] = []
            for p in ps:
                if runs and runs[-1][1] + 1 == p:
                    runs[-1][1] = p
                else:
                    runs.append([p, p])
            spans = ", ".join(period_label(a) + ("" if a == b else f"–{period_label(b)}")
                              for a, b in runs)  # fmt: skip
            rows = sum(m.rows for m in ms)
            amount = format_gbp(Money(sum((m.amount for m in ms), ZERO)))
            parts.append(f"{code} {spans} ({rows} row{'' if rows == 1 else 's'}, {amount})")
        out.append(f"Rows of closed periods of {year_label(year)} are reversed in "
                   f"{period_name(year, period)}, dated {day:%d/%m/%Y}: {'; '.join(parts)}.")  # fmt: skip
    return "\n\n".join(out)
