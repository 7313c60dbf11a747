"""A register on screen: search box, column filters, the lazy table, totals, copy and export.

Search (Ctrl+F) and column filters become SQL ``WHERE`` clauses, header clicks an SQL
``ORDER BY``.  Ctrl+C copies the selected cells as tab-separated text with money as plain
numbers; the context menu also copies with headers and exports the whole view to Excel.
Column widths, order, the sort and hidden columns are remembered per register (QSettings); the
header's context menu filters a column, hides or shows columns and resets them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundledger.money import format_gbp

from ..models.register import RegisterModel
from .columns import add_column_actions
from .placeholder import paint_placeholder
from .selection import select_only_row

if TYPE_CHECKING:
    from ui.usecases.registers import Register

    from ..context import AppContext


class RegisterTable(QTableView):
    """The table itself: multi-select, Ctrl+C copies tab-separated text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)

    def empty_text(self) -> str:
        """What the empty table says (nothing while the first page is loading)."""
        model = self.model()
        if not isinstance(model, RegisterModel) or model.rowCount() or model.loading:
            return ""
        return "No rows match this view (stream, year, search and column filters)."

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        paint_placeholder(self, self.empty_text())

    def copy_selection(self, headers: bool = False) -> str:
        """Put the selected rows' visible columns (or selected cells) on the clipboard."""
        model = self.model()
        if not isinstance(model, RegisterModel):
            return ""
        indexes = self.selectionModel().selectedIndexes()
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        header = self.horizontalHeader()
        cols = sorted({i.column() for i in indexes}, key=header.visualIndex)
        cols = [c for c in cols if not self.isColumnHidden(c)]
        text = model.copy_rows(rows, cols, headers)
        QApplication.clipboard().setText(text)
        return text

    def keyPressEvent(self, event: Any) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)


class RegisterView(QWidget):
    """Search, filters, table and totals for one :class:`Register`."""

    activated = Signal(int)  # row id (double-click / Enter)
    selection_changed = Signal()
    status_changed = Signal(str)

    def __init__(
        self, ctx: AppContext, register: Register, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.register = register
        self.title = title
        self.settings_key = f"registers/{register.name}"
        self.model = RegisterModel(ctx, register, self)
        self.table = RegisterTable()
        self.table.setObjectName(f"{register.name}Table")
        self.table.setAccessibleName(title)
        self.table.setModel(self.model)
        self._filters: dict[str, str] = {}
        self.row_actions: list[QAction] = []
        self._build()
        self._fit_pending = False  # widths are the defaults: fit text columns to the first page
        self._restore()
        self.model.loaded.connect(self._loaded)
        self.model.totals_loaded.connect(self._totals_loaded)
        self.table.activated.connect(  # Enter or double-click
            lambda idx: self.activated.emit(self.model.row_id(idx.row()))
        )
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.selection_changed.emit()
        )
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self._save_later.start())
        self.table.horizontalHeader().sectionMoved.connect(lambda *_: self._save_later.start())
        self.table.horizontalHeader().sortIndicatorChanged.connect(
            lambda *_: self._save_later.start()
        )

    # ------------------------------------------------------------------ build
    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName(f"{self.register.name}Search")
        self.search.setPlaceholderText("Search (Ctrl+F): words, references, amounts…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(f"Search {self.title}")
        self.search.setToolTip(
            "Every word must match a text column; an amount matches money columns"
        )
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._apply_search)
        self.filters_label = QLabel()
        self.filters_label.setObjectName("filterProblems")
        self.clear_filters = QPushButton("Clear filters")
        self.clear_filters.setToolTip("Remove every column filter")
        self.clear_filters.clicked.connect(self.clear_all_filters)
        self.clear_filters.hide()
        self.totals_label = QLabel()
        self.totals_label.setObjectName("totalsLabel")
        self.totals_label.setAccessibleName(f"{self.title} totals")
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.filters_label, 1)
        top.addWidget(self.clear_filters)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals_label)
        header = self.table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)
        self._save_later = QTimer(self)
        self._save_later.setSingleShot(True)
        self._save_later.setInterval(500)
        self._save_later.timeout.connect(self.save_state)

    # ------------------------------------------------------------------ query
    def set_scope(self, stream: str | None, year: int | None) -> None:
        self.model.set_query(stream=stream, year=year)

    def reload(self) -> None:
        self.model.reload()

    def _apply_search(self) -> None:
        self._search_timer.stop()
        text = self.search.text().strip()
        if text != self.model.query.search:
            self.model.set_query(search=text)

    def set_filter(self, key: str, text: str) -> None:
        """Filter a column (SQL); empty text removes the filter."""
        if text.strip():
            self._filters[key] = text.strip()
        else:
            self._filters.pop(key, None)
        self.model.set_query(filters=tuple(sorted(self._filters.items())))

    def set_filters(self, filters: dict[str, str]) -> None:
        """Replace every column filter at once (one SQL reload): for drill-downs."""
        self._filters = {k: v.strip() for k, v in filters.items() if v.strip()}
        self.model.set_query(filters=tuple(sorted(self._filters.items())))

    def clear_all_filters(self) -> None:
        self._filters.clear()
        self.model.set_query(filters=())

    @property
    def narrowed(self) -> bool:
        """A search or a column filter hides some of the scope's rows."""
        return bool(self._filters or self.model.query.search)

    def show_everything(self) -> None:
        """Clear the search and every column filter (one reload): "Show it" after a save."""
        self._filters.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.model.set_query(search="", filters=())

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ------------------------------------------------------------------ results
    def _loaded(self) -> None:
        m = self.model
        problems = "; ".join(f"{p.column} “{p.text}”: {p.reason}" for p in m.problems)
        active = ", ".join(
            f"{self.register.column(k).header}: {filter_words(self.register.column(k).kind, v)}"
            for k, v in self._filters.items()
        )
        self.filters_label.setText(problems or (f"Filters — {active}" if active else ""))
        self.filters_label.setObjectName("filterProblems" if problems else "filtersActive")
        self.clear_filters.setVisible(bool(self._filters))
        if self._fit_pending and m.rowCount() > 0:
            self._fit_pending = False
            self.fit_text_columns()
        self._totals_loaded()

    def fit_text_columns(self, rows: int = 200, widest: int = 340) -> None:
        """Widen each text column to its longest text in the first ``rows`` rows (at most
        ``widest`` px; never narrower than the register's default), so names, references and
        descriptions are not cut off on first use — but only as far as the table's width
        allows, so the money columns stay in view.  Cells still cut show their text on hover."""
        m, table = self.model, self.table
        fm = table.fontMetrics()
        hfm = table.horizontalHeader().fontMetrics()
        grown: dict[int, tuple[int, int]] = {}  # column -> (default width, wanted width)
        for c, col in enumerate(self.register.columns):
            if col.kind != "text" or table.isColumnHidden(c):
                continue
            need = max(col.width, hfm.horizontalAdvance(col.header) + 24)
            for r in range(min(rows, m.rowCount())):
                text = m.data(m.index(r, c), Qt.ItemDataRole.DisplayRole)
                if text:
                    need = max(need, fm.horizontalAdvance(str(text)) + 16)
            grown[c] = (table.columnWidth(c), max(table.columnWidth(c), min(need, widest)))
        room = table.viewport().width() if table.isVisible() else 0
        if room > 0:
            # the other columns at their set widths (the last one's, not its stretched width)
            others = sum(
                col.width
                for c, col in enumerate(self.register.columns)
                if c not in grown and not table.isColumnHidden(c)
            )
            # short texts (references, names up to ``short`` px) always fit; the long ones
            # (descriptions, long line names) share what room is left, in proportion
            short = 190
            others += sum(w for b, w in grown.values() if w <= short)
            long = {c: (b, w) for c, (b, w) in grown.items() if w > short}
            base = sum(b for b, _w in long.values())
            extra = sum(w - b for b, w in long.values())
            spare = max(0, room - others - base)
            if extra > spare:
                for c, (b, w) in long.items():
                    grown[c] = (b, b + (w - b) * spare // extra)
        for c, (_base, width) in grown.items():
            table.setColumnWidth(c, width)

    def _totals_loaded(self) -> None:
        self.totals_label.setText(self.totals_text())
        self.status_changed.emit(self.totals_text())

    def totals_text(self) -> str:
        t = self.model.totals
        if t is None:
            shown = self.model.rowCount()
            return f"{shown:,} rows shown · counting…" if shown else "Loading…"
        rows = f"{t.rows:,} row{'s' if t.rows != 1 else ''}"
        sums = [f"{self.register.column(k).header}: {format_gbp(v)}" for k, v in t.sums]
        return " · ".join([rows, *sums])

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_id(r) for r in rows]

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.row_id(index.row()) if index.isValid() else None

    def select_id(self, row_id: int) -> bool:
        row = self.model.row_of(row_id)
        if row is None:
            return False
        return select_only_row(self.table, row)

    # ------------------------------------------------------------------ menus
    def header_menu(self, section: int = -1) -> QMenu:
        """Filter ``section`` (when it is a column), hide or show columns, reset them."""
        menu = QMenu(self)
        if 0 <= section < len(self.register.columns):
            col = self.register.columns[section]
            menu.addAction(f"Filter “{col.header}”…", lambda: self.ask_filter(section))
            if col.key in self._filters:
                menu.addAction(
                    f"Clear filter on “{col.header}”", lambda: self.set_filter(col.key, "")
                )
        if self._filters:
            menu.addAction("Clear all filters", self.clear_all_filters)
        if not menu.isEmpty():
            menu.addSeparator()
        add_column_actions(
            menu, self.table.horizontalHeader(), self.set_column_shown, self.show_all_columns
        )
        menu.addSeparator()
        reset = menu.addAction("Reset columns", self.reset_columns)
        reset.setToolTip("Every column shown, at its first width and place; the first sort")
        return menu

    def _header_menu(self, pos: QPoint) -> None:
        header = self.table.horizontalHeader()
        self.header_menu(header.logicalIndexAt(pos)).exec(header.mapToGlobal(pos))

    def set_column_shown(self, section: int, shown: bool) -> None:
        """Hide or show a column (remembered with the widths and sort)."""
        header = self.table.horizontalHeader()
        if not shown and header.count() - header.hiddenSectionCount() <= 1:
            return  # the last column shown stays
        self.table.setColumnHidden(section, not shown)
        self.save_state()

    def show_all_columns(self) -> None:
        for i in range(self.table.horizontalHeader().count()):
            self.table.setColumnHidden(i, False)
        self.save_state()

    def ask_filter(self, section: int) -> None:
        col = self.register.columns[section]
        hint = (
            "contains text (=exact, !not)"
            if col.kind == "text"
            else "value, >x, >=x, <x, <=x, !=x or a..b"
        )
        text, ok = QInputDialog.getText(
            self,
            f"Filter {col.header}",
            f"{col.header} — {hint}:",
            text=self._filters.get(col.key, ""),
        )
        if ok:
            self.set_filter(col.key, text)

    def _table_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for act in self.row_actions:
            menu.addAction(act)
        if self.row_actions:
            menu.addSeparator()
        menu.addAction("Copy", self.table.copy_selection, QKeySequence.StandardKey.Copy)
        menu.addAction("Copy with headers", lambda: self.table.copy_selection(headers=True))
        menu.addAction("Export this view to Excel…", self.export)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # ------------------------------------------------------------------ export
    def export(self, path: str | None = None) -> None:
        """Export every row of the current view (not only those loaded) to an xlsx file.

        The workbook is written under a temporary name and renamed when complete: Cancel (or a
        failure) leaves nothing, and the status line says so."""
        if path is None:
            from .file_choice import choose_save

            path = choose_save(
                self,
                self.ctx.settings,
                "export",
                "Export view",
                f"{self.register.name}.xlsx",
                "Excel (*.xlsx)",
            )
            if not path:
                return
        from pathlib import Path

        register, query, title = self.register, self.model.query, self.title
        written: list[int] = []  # the row count, once the file is complete and in place

        def work(ledger: Any, job: Any) -> int:
            from ui.usecases.register_export import export_view

            n = export_view(
                ledger,
                register,
                query,
                Path(path),
                title=title,
                progress=lambda d, t: job.report(d, t, f"Exported {d:,} of {t:,} rows"),
            )
            written.append(n)
            return n

        def cancelled() -> None:
            if written:  # Cancel came after the last row: the file is complete
                self.status_changed.emit(f"Exported {written[0]:,} rows to {path}")
            else:
                self.status_changed.emit(f"Export cancelled: nothing was written to {path}")

        def failed(exc: BaseException) -> None:
            from ..errors import error_text

            self.status_changed.emit(
                f"Export failed, nothing was written to {path}: {error_text(exc)[0]}"
            )
            if self.ctx.error_handler is not None:
                self.ctx.error_handler("Exporting…", exc)

        job = self.ctx.run_read(
            work,
            lambda n: self.status_changed.emit(f"Exported {n:,} rows to {path}"),
            failed,
            progress=True,
            title=f"Exporting {self.title.lower()}…",
            cancellable=True,
            pass_job=True,
        )
        job.on_cancelled = cancelled

    # ------------------------------------------------------------------ state
    def _restore(self) -> None:
        state = self.ctx.settings.value(f"{self.settings_key}/header")
        header = self.table.horizontalHeader()
        if isinstance(state, QByteArray) and header.restoreState(state):
            section = header.sortIndicatorSection()
            if 0 <= section < len(self.register.columns):
                desc = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
                from dataclasses import replace

                self.model.query = replace(
                    self.model.query, sort=self.register.columns[section].key, descending=desc
                )
            return
        self.reset_columns(save=False)

    def reset_columns(self, save: bool = True) -> None:
        header = self.table.horizontalHeader()
        for i, col in enumerate(self.register.columns):
            header.moveSection(header.visualIndex(i), i)
            self.table.setColumnHidden(i, False)
            self.table.setColumnWidth(i, col.width)
        self._fit_pending = True
        if self.model.rowCount() > 0:  # "Reset columns" with rows shown: fit them now
            self._fit_pending = False
            self.fit_text_columns()
        default = [c.key for c in self.register.columns].index(self.register.default_sort)
        order = (
            Qt.SortOrder.DescendingOrder
            if self.register.default_desc
            else Qt.SortOrder.AscendingOrder
        )
        header.blockSignals(True)
        header.setSortIndicator(default, order)
        header.blockSignals(False)
        if save:
            self.save_state()

    def save_state(self) -> None:
        self.ctx.settings.setValue(
            f"{self.settings_key}/header", self.table.horizontalHeader().saveState()
        )


def filter_words(kind: str, text: str) -> str:
    """A text column's filter as words for the filters line ("Budget line: blank, Kind: not
    reversal" for the Uncoded view's ``=`` and ``!reversal``); other filters as typed."""
    t = text.strip()
    if kind != "text":
        return t
    if t == "=":
        return "blank"
    if t.startswith("!"):
        return f"not {t[1:].strip()}"
    if t.startswith("="):
        return f"exactly {t[1:].strip()}"
    return t
