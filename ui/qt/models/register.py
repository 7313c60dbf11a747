"""A generic lazy table model over a register query: pages fetched on demand.

The first page (``ORDER BY … LIMIT``) loads off the GUI thread first and the view's totals
(``COUNT``/``SUM`` over the whole view) only once it is in, so on a million-row ledger the count
never competes with the first rows; further pages come
through ``canFetchMore``/``fetchMore`` as the user scrolls, also off the GUI thread.  Sorting, search and column filters
are a new SQL query (:mod:`ui.usecases.registers`), never a proxy model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from .cells import copy_text, display, is_right_aligned, sort_value, tooltip

if TYPE_CHECKING:
    from ui.usecases.registers import Register, RegisterQuery, RegisterRow, RegisterTotals

    from ..context import AppContext

Index = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
COPY_ROLE = Qt.ItemDataRole.UserRole + 3

PAGE = 250
NEGATIVE = QColor("#a01818")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _first_page(register: Register, query: RegisterQuery) -> Any:
    def work(ledger: Any, job: Any) -> tuple[list[RegisterRow], list[Any]]:
        from ui.usecases.registers import first_page

        return first_page(ledger, register, query, PAGE, job)

    return work


def _totals(register: Register, query: RegisterQuery) -> Any:
    def work(ledger: Any, job: Any) -> RegisterTotals:
        from ui.usecases.registers import totals

        return totals(ledger, register, query, job)

    return work


class RegisterModel(QAbstractTableModel):
    """Rows of one register for a query; reload with :meth:`set_query` / :meth:`reload`.

    ``loaded`` fires when the first page is in, ``totals_loaded`` when the count and sums are.
    """

    loaded = Signal()
    totals_loaded = Signal()
    #: a further page arrived (after ``fetchMore``)
    fetched = Signal()

    def __init__(self, ctx: AppContext, register: Register, parent: Any = None) -> None:
        super().__init__(parent)
        from ui.usecases.registers import RegisterQuery

        self.ctx = ctx
        self.register = register
        self.columns = register.columns
        self.query = RegisterQuery()
        self.ids: list[int] = []
        self.rows: list[tuple[Any, ...]] = []
        self.exhausted = True
        self.totals: RegisterTotals | None = None
        self.problems: tuple[Any, ...] = ()
        self._generation = 0
        self._jobs: list[Any] = []
        self.loading = False
        #: a column shown from its whole row (key → text of the row), e.g. the audit log's
        #: "Changes" from its old and new values; with the header to show for it
        self.shown_as: dict[str, tuple[str, Any]] = {}

    # ------------------------------------------------------------------ loading
    def set_query(self, **changes: Any) -> None:
        """Change scope/search/filters/sort (``RegisterQuery`` fields) and reload."""
        from dataclasses import replace

        self.query = replace(self.query, **changes)
        self.reload()

    def reload(self) -> None:
        """Load the first page of the current query, then (once it is shown) its totals."""
        if self.ctx.ledger is None:
            return
        self._generation += 1
        generation = self._generation
        self.loading = True
        title = f"Loading {self.register.name.replace('_', ' ')}…"
        register, query = self.register, self.query

        def rows_done(result: tuple[list[RegisterRow], list[Any]]) -> None:
            if generation == self._generation:
                self._apply(*result)
                self._load_totals(generation, query, failed)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.loading = False
                if self.ctx.error_handler is not None:
                    self.ctx.error_handler(title, exc)

        self.totals = None
        for job in self._jobs:  # superseded: stop their queries
            job.cancel()
        self._jobs = [
            self.ctx.run_read(_first_page(register, query), rows_done, failed, progress=True,
                              title=title, cancellable=True, pass_job=True),
        ]  # fmt: skip

    def _load_totals(self, generation: int, query: RegisterQuery, failed: Any) -> None:
        """The view's count and sums, asked for once its first rows are in (on a million-row
        ledger the count over the whole view would otherwise compete with them)."""
        if generation != self._generation or self.ctx.ledger is None:
            return  # a newer query replaced this one while its rows were applied

        def done(result: RegisterTotals) -> None:
            if generation == self._generation:
                self.totals = result
                self.totals_loaded.emit()

        self._jobs.append(
            self.ctx.run_read(_totals(self.register, query), done, failed, progress=True,
                              title="Counting…", cancellable=True, pass_job=True)
        )  # fmt: skip

    def clear(self) -> None:
        """No rows, no totals, no load on the way (another ledger was opened)."""
        self._generation += 1
        for job in self._jobs:
            job.cancel()
        self._jobs = []
        self.beginResetModel()
        self.ids, self.rows, self.totals, self.problems = [], [], None, ()
        self.exhausted, self.loading = True, False
        self.endResetModel()

    def _apply(self, rows: list[RegisterRow], problems: list[Any]) -> None:
        self.beginResetModel()
        self.ids = [r.id for r in rows]
        self.rows = [r.values for r in rows]
        self.exhausted = len(rows) < PAGE
        self.problems = tuple(problems)
        self.loading = False
        self.endResetModel()
        self.loaded.emit()

    @property
    def total_rows(self) -> int:
        """Rows in the whole view (when the count is in), else the rows loaded so far."""
        return self.totals.rows if self.totals is not None else len(self.rows)

    # ------------------------------------------------------------------ Qt API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self.exhausted and not self.loading

    def fetchMore(self, parent: Index) -> None:
        """Ask for the next page (``OFFSET`` = rows loaded) off the GUI thread; the rows are
        inserted when they arrive (``fetched`` fires), so scrolling never blocks on a query."""
        if parent.isValid() or self.exhausted or self.loading or self.ctx.ledger is None:
            return
        self.loading = True
        generation, offset = self._generation, len(self.rows)
        register, query = self.register, self.query

        def work(ledger: Any) -> list[RegisterRow]:
            from ui.usecases.registers import more_rows

            return more_rows(ledger, register, query, offset, PAGE)

        def done(rows: list[RegisterRow]) -> None:
            if generation == self._generation and offset == len(self.rows):
                self._append(rows)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.loading = False
                self.exhausted = True
                if self.ctx.error_handler is not None:
                    self.ctx.error_handler("Loading more rows", exc)

        self.ctx.run_read(work, done, failed, progress=True, title="Loading more rows…")

    def _append(self, rows: list[RegisterRow]) -> None:
        self.loading = False
        self.exhausted = len(rows) < PAGE
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.ids += [r.id for r in rows]
            self.rows += [r.values for r in rows]
            self.endInsertRows()
        self.fetched.emit()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        col = self.columns[index.column()]
        if role == ID_ROLE:
            return int(self.ids[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if is_right_aligned(col.kind) else LEFT)
        if role not in _VALUE_ROLES:
            return None
        if col.key in self.shown_as and role in _SHOWN_ROLES:
            return self._shown(col.key, index.row(), role)
        return _value_data(col.kind, self.rows[index.row()][index.column()], role)

    def _shown(self, key: str, row: int, role: int) -> str:
        """A column shown from its whole row (:attr:`shown_as`); the tooltip one item a line."""
        text: str = self.shown_as[key][1](self.rows[row])
        return text.replace("; ", "\n") if role == Qt.ItemDataRole.ToolTipRole else text

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(section + 1)
            return None
        if not 0 <= section < len(self.columns):
            return None
        col = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.shown_as[col.key][0] if col.key in self.shown_as else col.header
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip or col.header
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if is_right_aligned(col.kind) else LEFT)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL: a new ``ORDER BY`` query (never a proxy model)."""
        if not 0 <= column < len(self.columns):
            return
        key = self.columns[column].key
        descending = order == Qt.SortOrder.DescendingOrder
        if (self.query.sort, self.query.descending) != (key, descending):
            self.set_query(sort=key, descending=descending)

    # ------------------------------------------------------------------ rows
    def row_id(self, row: int) -> int:
        return self.ids[row]

    def row_of(self, row_id: int) -> int | None:
        try:
            return self.ids.index(row_id)
        except ValueError:
            return None

    def value(self, row: int, column: int) -> Any:
        return self.rows[row][column]

    def row_values(self, row: int) -> tuple[Any, ...] | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def copy_rows(self, rows: list[int], columns: list[int], headers: bool = False) -> str:
        """Tab-separated text of the given cells (money as plain numbers)."""
        lines = []
        if headers:
            lines.append("\t".join(self.columns[c].header for c in columns))
        for r in rows:
            values = self.row_values(r) or ()
            lines.append(
                "\t".join(
                    copy_text(self.columns[c].kind, values[c] if values else None) for c in columns
                )
            )
        return "\n".join(lines) + "\n"


_VALUE_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        SORT_ROLE,
        COPY_ROLE,
    }
)


def _value_data(kind: str, value: Any, role: int) -> Any:
    """A stored cell value for ``role``: its text, tooltip, sort key, copy text or colour."""
    if role == Qt.ItemDataRole.DisplayRole:
        return display(kind, value)
    if role == Qt.ItemDataRole.ToolTipRole:
        return tooltip(kind, value)
    if role == SORT_ROLE:
        return sort_value(kind, value)
    if role == COPY_ROLE:
        return copy_text(kind, value)
    if role == Qt.ItemDataRole.ForegroundRole:
        negative = kind == "money" and value is not None and value < 0
        return QBrush(NEGATIVE) if negative else None
    return None


#: the roles a column shown from its whole row answers (sorting stays on the stored value)
_SHOWN_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, COPY_ROLE})
