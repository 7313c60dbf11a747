"""The Import… wizard: file → sheet → column mapping → preview → commit → result.

Every step is backed by the same use case as ``fundledger import``
(:mod:`ui.usecases.imports`): the preview is a dry run with the mapping as edited, each row
marked new / duplicate / error with its reason; the commit runs off the GUI thread
(``ctx.run_write``) with a progress bar and can be cancelled until it commits — a cancelled or
failed import writes nothing.  The mapping can be saved as a named profile, re-applied
automatically to files of the same shape.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fundledger.money import format_gbp

from ..models.records import SORT_ROLE, Column, RecordsModel

if TYPE_CHECKING:
    from importers.table import Profile
    from ui.usecases.imports import ImportResult, RowPreview, SheetPreview

    from ..context import AppContext, Job

Index = QModelIndex | QPersistentModelIndex
STATUS_TEXT = {
    "new": "New",
    "duplicate": "Duplicate",
    "error": "Error",
    "skipped": "Skipped",
    "outside": "Outside",
}


# --------------------------------------------------------------------------- models


def _cell_getter(j: int) -> Any:
    def get(r: tuple[str, ...]) -> str:
        return r[j]

    return get


def raw_cells_model(sheet: SheetPreview | None) -> RecordsModel[tuple[str, ...]]:
    """The first raw cells of a sheet, columns lettered as in Excel."""
    from importers.problems import column_letter

    width = len(sheet.cells[0]) if sheet and sheet.cells else 0
    first_col = sheet.first_col if sheet else 1
    cols: list[Column[tuple[str, ...]]] = [
        Column(column_letter(first_col + j), "text", _cell_getter(j)) for j in range(width)
    ]
    model: RecordsModel[tuple[str, ...]] = RecordsModel(cols)
    model.set_rows(list(sheet.cells) if sheet else [])
    return model


class PreviewCol(IntEnum):
    ROW = 0
    STATUS = 1
    STREAM = 2
    AMOUNT = 3
    DESCRIPTION = 4
    LINE = 5
    CODED_BY = 6
    DUPLICATE = 7
    REASON = 8


def _ledger_streams(ctx: AppContext) -> list[str]:
    """The ledger's active streams, in display order."""
    if ctx.ledger is None:
        return []
    from db.queries.forms import form_choices

    with ctx.ledger.read() as s:
        return [c.code for c in form_choices(s).streams]


def _status_warn(r: RowPreview) -> str:
    return r.reason if r.status == "error" else ""


def _duplicate_warn(r: RowPreview) -> str:
    if not r.duplicate_of:
        return ""
    return (
        f"Same counterparty and amount as ledger row #{r.duplicate_of} within 10 days, under "
        "another reference: leave it out if it is the same invoice"
    )


PREVIEW_COLUMNS: list[Column[Any]] = [
    Column("Row", "int", lambda r: r.row),
    Column("Status", "text", lambda r: STATUS_TEXT.get(r.status, r.status), _status_warn),
    Column("Stream", "text", lambda r: r.stream or ""),
    Column("Amount", "money", lambda r: r.amount),
    Column("Row contents", "text", lambda r: r.label),
    Column("Coded to", "text", lambda r: r.line or ""),
    Column("Coded by", "text", lambda r: r.line_source),
    Column(
        "Possible duplicate of",
        "text",
        lambda r: f"#{r.duplicate_of}" if r.duplicate_of else "",
        _duplicate_warn,
    ),
    Column("Reason", "text", lambda r: r.reason, _status_warn),
]


def preview_model() -> RecordsModel[RowPreview]:
    """Parsed rows, each marked new / duplicate / error with the reason."""
    return RecordsModel(PREVIEW_COLUMNS)


class MapCol(IntEnum):
    FIELD = 0
    COLUMN = 1
    CONFIDENCE = 2


NOT_MAPPED = "(not mapped)"


class MappingModel(QAbstractTableModel):
    """Field → column header, editable; confidence of the automatic mapping shown."""

    changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.fields: list[str] = []
        self.headers: list[str] = []
        self.mapped: dict[str, str] = {}
        self.confidence: dict[str, int] = {}
        self.edited: set[str] = set()

    def load(self, fields: list[str], headers: list[str], matches: list[Any]) -> None:
        self.beginResetModel()
        self.fields = list(fields)
        self.headers = list(headers)
        self.mapped = {m.field: m.header for m in matches}
        self.confidence = {m.field: int(m.confidence) for m in matches}
        self.edited = set()
        self.endResetModel()

    def mapping(self) -> dict[str, str]:
        return dict(self.mapped)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fields)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(MapCol)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(MapCol):
            return ("Field", "Column in the sheet", "Confidence")[section]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def _value(self, field: str, col: int) -> Any:
        if col == MapCol.FIELD:
            return field.replace("_", " ")
        if col == MapCol.COLUMN:
            return self.mapped.get(field, NOT_MAPPED)
        if field in self.edited:
            return "set by you"
        conf = self.confidence.get(field)
        return "" if conf is None else f"{conf}%"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.fields):
            return None
        field = self.fields[index.row()]
        col = index.column()
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.EditRole,
        ):
            return self._value(field, col)
        if role == SORT_ROLE:
            if col == MapCol.CONFIDENCE:
                return self.confidence.get(field, -1)
            return str(self._value(field, col))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == MapCol.CONFIDENCE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == MapCol.COLUMN:
            return "Double-click to choose the column this field is read from"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != MapCol.COLUMN:
            return False
        if not 0 <= index.row() < len(self.fields):
            return False
        field = self.fields[index.row()]
        text = str(value)
        if text == NOT_MAPPED or not text:
            self.mapped.pop(field, None)
        elif text in self.headers:
            self.mapped[field] = text
        else:
            return False
        self.edited.add(field)
        left = self.index(index.row(), 0)
        right = self.index(index.row(), len(MapCol) - 1)
        self.dataChanged.emit(left, right)
        self.changed.emit()
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == MapCol.COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags


class HeaderChoice(QStyledItemDelegate):
    """A combo box of the sheet's headers for the mapping's Column cells."""

    def __init__(self, model: MappingModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mapping = model

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:
        box = QComboBox(parent)
        box.addItems([NOT_MAPPED, *self.mapping.headers])
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


def _table(model: Any, stretch: int | None = None) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setHighlightSections(False)
    if stretch is not None:
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


# --------------------------------------------------------------------------- pages


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Choose the workbook")
        self.setSubTitle("What it holds and where it goes. Nothing is written until the last step.")
        from ui.usecases.import_kinds import REGISTRY

        self.kind = QComboBox()
        for kind in REGISTRY:
            self.kind.addItem(kind.label, kind.name)
        self.path = QLineEdit()
        self.path.setPlaceholderText("an .xlsx workbook")
        self.path.setAccessibleName("Workbook file")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.stream = QComboBox()
        self.stream.addItem("(by cost centre / none)", None)
        for code in wizard.stream_codes:
            self.stream.addItem(code, code)
        self.year = QLineEdit()
        self.year.setPlaceholderText("e.g. 2025-26 (optional when the sheet says)")
        self.as_at = QLineEdit()
        self.as_at.setPlaceholderText("dd/mm/yyyy (optional; found in the titles)")
        self.create_missing = QCheckBox("Create partners, areas and funders that match no one")
        form = QFormLayout(self)
        form.addRow("&Kind:", self.kind)
        form.addRow("&File:", row)
        form.addRow("&Stream:", self.stream)
        form.addRow("&Year:", self.year)
        form.addRow("&As at:", self.as_at)
        form.addRow("", self.create_missing)
        self.path.textChanged.connect(self.completeChanged)

    def browse(self) -> None:
        name, _f = QFileDialog.getOpenFileName(
            self, "Import workbook", "", "Excel workbooks (*.xlsx *.xlsm)"
        )
        if name:
            self.path.setText(name)

    def isComplete(self) -> bool:
        return Path(self.path.text().strip()).is_file()

    def validatePage(self) -> bool:
        self.wiz.choice = {
            "kind": self.kind.currentData(),
            "path": Path(self.path.text().strip()),
            "stream": self.stream.currentData(),
            "year": self.year.text().strip() or None,
            "as_at": self.as_at.text().strip() or None,
            "create_missing": self.create_missing.isChecked(),
        }
        return True


class SheetPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Choose the sheet")
        self.setSubTitle("The raw cells as they are in the file. Hidden sheets are marked.")
        self.sheets = QListWidget()
        self.sheets.setMaximumWidth(220)
        self.sheets.currentRowChanged.connect(self._show)
        self.cells_model = raw_cells_model(None)
        self.cells = _table(self.cells_model)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setObjectName("importProblems")
        row = QHBoxLayout()
        row.addWidget(self.sheets)
        row.addWidget(self.cells, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.problems)
        self.previews: list[SheetPreview] = []

    def initializePage(self) -> None:
        from ui.usecases.imports import format_problem, preview_sheets

        self.previews, problems = preview_sheets(self.wiz.choice["path"])
        self.sheets.clear()
        for sp in self.previews:
            item = QListWidgetItem(sp.name if sp.visible else f"{sp.name} (hidden)")
            self.sheets.addItem(item)
        self.problems.setText("\n".join(format_problem(p) for p in problems))
        first = next((i for i, sp in enumerate(self.previews) if sp.visible), 0)
        if self.previews:
            self.sheets.setCurrentRow(first)
        self.completeChanged.emit()

    def _show(self, i: int) -> None:
        sheet = self.previews[i] if 0 <= i < len(self.previews) else None
        self.cells_model = raw_cells_model(sheet)
        self.cells.setModel(self.cells_model)

    def isComplete(self) -> bool:
        return bool(self.previews) and self.sheets.currentRow() >= 0

    def validatePage(self) -> bool:
        i = self.sheets.currentRow()
        self.wiz.choice["sheet"] = self.previews[i].name if 0 <= i < len(self.previews) else None
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Map the columns")
        self.setSubTitle(
            "Found by header names and synonyms, with how sure the match is. Double-click a "
            "column to change it; save the mapping as a profile for files of this shape."
        )
        self.model = MappingModel(self)
        self.view = _table(self.model, stretch=MapCol.COLUMN)
        self.view.setWordWrap(False)
        self.view.setColumnWidth(MapCol.FIELD, 160)
        self.view.setItemDelegateForColumn(MapCol.COLUMN, HeaderChoice(self.model, self.view))
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.save = QPushButton("Save as &profile…")
        self.save.clicked.connect(self.save_profile)
        self.saved = QLabel()
        self.saved.setObjectName("profileSaved")
        row = QHBoxLayout()
        row.addWidget(self.info, 1)
        row.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        layout.addWidget(self.saved)

    def initializePage(self) -> None:
        from ui.usecases.import_kinds import REGISTRY

        result = self.wiz.dry_run(None)
        info = result.info
        fields = list(REGISTRY.get(self.wiz.choice["kind"]).fields)
        if info is None:
            self.model.load(fields, [], [])
            self.info.setText("\n".join(str(e) for e in result.errors) or "No table found.")
            return
        headers = [m.header for m in info.mapping] + list(info.unmapped_headers)
        self.model.load(fields, headers, list(info.mapping))
        self.wiz.signature = info.signature
        profile = f"; profile {info.profile!r} applied" if info.profile else ""
        self.info.setText(
            f"Sheet {info.sheet!r}, header row {info.header_row}{profile}. "
            f"Unmapped columns: {', '.join(info.unmapped_headers) or 'none'}."
        )

    def validatePage(self) -> bool:
        self.wiz.mapping = self.model.mapping() if self.model.edited else None
        return True

    def save_profile(self) -> None:
        name, ok = QInputDialog.getText(self, "Save profile", "Profile name:")
        if not ok or not name.strip():
            return
        self.wiz.save_profile(name.strip(), self.model.mapping())


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Check the rows")
        self.setSubTitle("Every row as it will be imported: new, duplicate (left out) or error.")
        self.model = preview_model()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(PreviewCol.STATUS)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = _table(self.proxy, stretch=PreviewCol.REASON)
        self.view.setWordWrap(False)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(PreviewCol.ROW, Qt.SortOrder.AscendingOrder)
        for col, width in ((PreviewCol.ROW, 56), (PreviewCol.STATUS, 84),
                           (PreviewCol.STREAM, 64), (PreviewCol.AMOUNT, 110),
                           (PreviewCol.DESCRIPTION, 300)):  # fmt: skip
            self.view.setColumnWidth(col, width)
        self.only_errors = QCheckBox("Show only &errors")
        self.only_errors.toggled.connect(self._filter)
        self.totals = QLabel()
        self.totals.setObjectName("importTotals")
        self.totals.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setObjectName("importProblems")
        self.problems.setStyleSheet("color: #b3261e")
        self.leave_out = QPushButton("&Leave out / include selected rows")
        self.leave_out.setToolTip("Rows left out are not imported (e.g. a possible duplicate)")
        self.leave_out.clicked.connect(self.toggle_selected)
        self.code_to = QPushButton("&Code selected rows to…")
        self.code_to.setToolTip("Choose the budget line for the selected rows")
        self.code_to.clicked.connect(self.code_selected)
        actions = QHBoxLayout()
        actions.addWidget(self.only_errors)
        actions.addStretch(1)
        actions.addWidget(self.leave_out)
        actions.addWidget(self.code_to)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.problems)
        self.checked: ImportResult | None = None

    def _filter(self, on: bool) -> None:
        self.proxy.setFilterFixedString(STATUS_TEXT["error"] if on else "")

    def initializePage(self) -> None:
        from ui.usecases.imports import format_problem

        self.checked = r = self.wiz.dry_run(self.wiz.profile())
        self.model.set_rows(list(r.preview))
        counts = {s: sum(1 for p in r.preview if p.status == s) for s in STATUS_TEXT}
        streams = ", ".join(f"{k} {format_gbp(v)}" for k, v in r.by_stream.items())
        self.totals.setText(
            f"{r.rows_read} rows read: {counts['new']} new, {counts['duplicate']} duplicate, "
            f"{counts['error']} with errors. Will write {r.imported} "
            f"{'row' if r.imported == 1 else 'rows'}, total "
            f"{format_gbp(r.total)}" + (f" ({streams})" if streams else "") + "."
        )
        general = [format_problem(e) for e in r.errors[:8]]
        if len(r.errors) > 8:
            general.append(f"… and {len(r.errors) - 8} more (tick “Show only errors”)")
        lines = general + ([f"{len(r.errors)} problem(s): nothing can be imported until they "
                            "are fixed."] if r.errors else [])  # fmt: skip
        self.problems.setText("\n".join(lines + [f"Note: {w}" for w in r.warnings]))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.checked is not None and not self.checked.errors and self.checked.imported > 0

    def selected_rows(self) -> list[RowPreview]:
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        return [self.model.rows[r] for r in sorted(rows)]

    def toggle_selected(self) -> None:
        """Leave the selected rows out (or back in) and check the file again."""
        rows = {r.row for r in self.selected_rows() if r.status in ("new", "skipped")}
        if rows:
            self.wiz.set_choices(excluded=self.wiz.row_choices.excluded ^ frozenset(rows))
            self.initializePage()

    def code_selected(self) -> None:
        """Code the selected rows (of one stream and year) to a budget line chosen here."""
        from .import_coding import choose_line

        rows = [r for r in self.selected_rows() if r.status == "new"]
        line = choose_line(self.wiz.ctx, self, rows)
        if line is not None:
            lines = dict(self.wiz.row_choices.lines) | {r.row: line for r in rows}
            self.wiz.set_choices(lines=lines)
            self.initializePage()


class CommitPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
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
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Imported")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("importSummary")
        self.show_rows = QPushButton("Show the imported &rows")
        self.show_rows.clicked.connect(self._show_rows)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.show_rows)
        layout.addStretch(1)

    def initializePage(self) -> None:
        r = self.wiz.outcome
        self.summary.setText(r.summary() if r is not None else "")
        self.show_rows.setEnabled(r is not None and r.batch is not None)

    def _show_rows(self) -> None:
        r = self.wiz.outcome
        if r is not None and r.batch is not None:
            self.wiz.rows_requested.emit(r.kind, r.batch)
            self.wiz.accept()


# --------------------------------------------------------------------------- wizard


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
        self.setWindowTitle("Import a workbook")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.resize(980, 640)
        self.stream_codes = stream_codes or _ledger_streams(ctx)
        self.choice: dict[str, Any] = {}
        from ui.usecases.imports import RowChoices

        #: rows left out and rows coded by hand in the preview
        self.row_choices = RowChoices()
        self.mapping: dict[str, str] | None = None
        self.signature: tuple[str, ...] = ()
        self.outcome: ImportResult | None = None
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.commit_page = CommitPage(self)
        self.result_page = ResultPage(self)
        for page in (
            self.file_page,
            self.sheet_page,
            self.mapping_page,
            self.preview_page,
            self.commit_page,
            self.result_page,
        ):
            self.addPage(page)
        self.commit_page.setCommitPage(True)
        self.preview_page.setButtonText(QWizard.WizardButton.NextButton, "&Import")

    def profile(self) -> Profile | None:
        """The mapping as edited (None: as found automatically)."""
        if self.mapping is None:
            return None
        from importers.table import Profile

        return Profile("(edited in the wizard)", self.choice["kind"], self.mapping,
                       self.signature)  # fmt: skip

    def _kwargs(self) -> dict[str, Any]:
        o = self.choice
        return {
            "sheet": o.get("sheet"),
            "stream": o.get("stream"),
            "year": o.get("year"),
            "as_at": o.get("as_at"),
            "create_missing": o.get("create_missing", False),
            "choices": self.row_choices,
        }

    def set_choices(self, **changes: Any) -> None:
        from dataclasses import replace

        self.row_choices = replace(self.row_choices, **changes)

    def dry_run(self, profile: Profile | None) -> ImportResult:
        """A dry run with the preview (quick: on the GUI thread with a wait cursor)."""
        from PySide6.QtGui import QGuiApplication

        from ui.usecases.imports import import_file

        assert self.ctx.ledger is not None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return import_file(
                self.ctx.ledger,
                self.choice["kind"],
                self.choice["path"],
                profile=profile,
                dry_run=True,
                with_preview=True,
                **self._kwargs(),
            )
        finally:
            QGuiApplication.restoreOverrideCursor()

    def commit(self, on_progress: Any, on_done: Any, on_error: Any) -> Job:
        """Import for real off the GUI thread; cancellable until the commit."""
        from ui.usecases.imports import import_file

        kind, path, profile, kwargs = (
            self.choice["kind"], self.choice["path"], self.profile(), self._kwargs()
        )  # fmt: skip

        def work(ledger: Any, job: Job) -> ImportResult:
            return import_file(
                ledger,
                kind,
                path,
                profile=profile,
                progress=lambda d, t: job.report(d, t, "rows written"),
                cancel=lambda: job.cancelled,
                **kwargs,
            )

        def done(result: ImportResult) -> None:
            if result.batch is not None:
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

        def work(ledger: Any) -> int:
            return save_profile(ledger, name, kind, mapping, sig, sheet)

        def done(_id: int) -> None:
            self.mapping_page.saved.setText(
                f"Saved as profile {name!r}: files with these headers will use it."
            )

        def failed(exc: BaseException) -> None:
            self.mapping_page.saved.setText(f"The profile was not saved: {exc}")

        self.ctx.run_write(work, done, failed, title="Saving profile…")
