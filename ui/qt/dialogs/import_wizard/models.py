"""The wizard's table models: the raw cells of a sheet, the field → column mapping (columns
by letter and text, repeated headers included, chosen by position), and the row preview."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QStyledItemDelegate, QTableView, QWidget

from importers.problems import column_letter

from ...models.records import SORT_ROLE, Column, RecordsModel

if TYPE_CHECKING:
    from ui.usecases.import_wizard import ColumnView
    from ui.usecases.imports import RowPreview, SheetPreview

Index = QModelIndex | QPersistentModelIndex
NOT_MAPPED = "(not mapped)"
STATUS_TEXT = {
    "new": "New",
    "duplicate": "Duplicate",
    "error": "Error",
    "skipped": "Skipped",
    "outside": "Outside",
}


def _cell_getter(j: int) -> Callable[[tuple[str, ...]], str]:
    def get(r: tuple[str, ...]) -> str:
        return r[j]

    return get


def raw_cells_model(sheet: SheetPreview | None) -> RecordsModel[tuple[str, ...]]:
    """The first raw cells of a sheet, columns lettered as in Excel."""
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
    """Parsed rows, each marked new / duplicate / outside / error with the reason."""
    return RecordsModel(PREVIEW_COLUMNS)


class MapCol(IntEnum):
    FIELD = 0
    COLUMN = 1
    CONFIDENCE = 2


class MappingModel(QAbstractTableModel):
    """Field → column, editable: every column of the header row by letter and text (repeated
    headers are separate choices: a field is mapped to a position); how sure the automatic
    mapping was, or "set by you"."""

    changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.fields: list[str] = []
        self.columns: list[ColumnView] = []
        self.mapped: dict[str, int] = {}
        self.confidence: dict[str, int] = {}
        self.edited: set[str] = set()

    @property
    def headers(self) -> list[str]:
        """The choices offered, as shown: ``B — Cost Centre Code``."""
        return [c.text for c in self.columns]

    def load(
        self,
        fields: Sequence[str],
        columns: Sequence[ColumnView],
        mapped: Mapping[str, int],
        confidence: Mapping[str, int],
    ) -> None:
        self.beginResetModel()
        self.fields = list(fields)
        self.columns = list(columns)
        self.mapped = dict(mapped)
        self.confidence = dict(confidence)
        self.edited = set()
        self.endResetModel()

    def _column(self, col: int) -> ColumnView | None:
        return next((c for c in self.columns if c.column == col), None)

    def mapping(self) -> dict[str, str]:
        """Field → header text (what a profile keeps besides the positions)."""
        out = {}
        for f, col in self.mapped.items():
            c = self._column(col)
            out[f] = c.header if c is not None and c.header else column_letter(col)
        return out

    def letters(self) -> dict[str, str]:
        """Field → column letter for every field (what the import is told: exact even for
        repeated headers; ``""`` for a field left unmapped)."""
        return {f: column_letter(self.mapped[f]) if f in self.mapped else "" for f in self.fields}

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
            chosen = self.mapped.get(field)
            c = self._column(chosen) if chosen is not None else None
            if chosen is None:
                return NOT_MAPPED
            return c.text if c is not None else column_letter(chosen)
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

    def _find(self, text: str) -> int | None:
        """A column from its shown text (``B — Code``), its header (first such) or letter."""
        for c in self.columns:
            if text in (c.text, c.letter):
                return c.column
        return next((c.column for c in self.columns if c.header == text), None)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != MapCol.COLUMN:
            return False
        if not 0 <= index.row() < len(self.fields):
            return False
        field = self.fields[index.row()]
        text = str(value)
        if text == NOT_MAPPED or not text:
            self.mapped.pop(field, None)
        else:
            col = self._find(text)
            if col is None:
                return False
            self.mapped[field] = col
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
    """A combo box of the sheet's columns (letter and header) for the mapping's Column cells."""

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


def table_view(model: Any, stretch: int | None = None) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setHighlightSections(False)
    if stretch is not None:
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view
