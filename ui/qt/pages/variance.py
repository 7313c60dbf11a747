"""The variance page: stream → year → line tree with RAG, filters, commentary and charts.

Figures come from :func:`ui.usecases.variance.variance_report`, run off the GUI thread
(``Page.load`` → ``ctx.run_read``).  Double-clicking a figure asks the main window to open the
transactions behind it (``drill_requested`` carries the filters).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from fundledger.years import FinancialYear, period_of
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics
from ui.usecases.variance import VarianceReport, VarianceRow

from ..dialogs.form import date_edit, date_of, local_today
from ..dialogs.variance_comment import CommentDialog
from ..models.variance import (
    HEADERS,
    KIND_ROLE,
    ROW_ROLE,
    Col,
    VarianceTreeModel,
)
from ..widgets.elided import ElidedLabel
from ..widgets.forecast_bar import ForecastBar, target
from ..widgets.permissions import gate
from ..widgets.rag_legend import legend
from ..widgets.variance_charts import ChartView
from .base import Page
from .variance_charts import VarianceData, chart_year, show_bars, show_cumulative

#: variance's row for spend on no budget line (db.queries.variance.UNASSIGNED): drills into
#: the Transactions register's Uncoded view
NO_LINE = "(no budget line)"

if TYPE_CHECKING:
    from ..context import AppContext

LEVELS = [
    ("Budget line", "line"),
    ("Partner", "partner"),
    ("CSP area", "area"),
    ("Quarter", "quarter"),
    ("Period", "period"),
]


def load_report(
    ledger: Any, stream: str | None, year: int | None, by: str, as_at: date
) -> VarianceReport:
    """One report in one read transaction (runs on a worker thread)."""
    from ui.usecases.variance import variance_report

    return variance_report(ledger, year=year, stream=stream, by=by, as_at=as_at)


#: the Commentary column's first width: a sentence when scrolled to
COMMENT_WIDTH = 360


class VariancePage(Page):
    """Budget, committed, actual and forecast by stream, year and line (or another level)."""

    name = "variance"
    title = "Variance"
    can_export = True
    description = "Revised budget, committed, actual, available, forecast and RAG"

    #: filters for the transactions behind a figure: {"stream", "year", "line"|"period", …}
    drill_requested = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: VarianceData | None = None
        self._periods: VarianceReport | None = None
        self._profile: list[Decimal] | None = None
        self._periods_generation = 0
        self._sized = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._reload)
        self.model = VarianceTreeModel(self)
        self._build()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.heading = ElidedLabel(self.title)
        self.heading.setObjectName("pageTitle")
        self.level = QComboBox()
        for text, key in LEVELS:
            self.level.addItem(text, key)
        self.level.setAccessibleName("Level")
        self.level.currentIndexChanged.connect(lambda _i: self.refresh())
        self.as_at = date_edit(local_today())
        self.as_at.setAccessibleName("As at")
        self.as_at.setToolTip("Actuals and invoices dated on or before this date count")
        self.as_at.dateChanged.connect(lambda _d: self.refresh())
        self.only_over = QCheckBox("Only over budget")
        self.only_red = QCheckBox("Only amber/red")
        for cb in (self.only_over, self.only_red):
            cb.toggled.connect(self._filters_changed)
        self.comment_button = QPushButton("&Comment…")
        self.comment_button.setToolTip("Add commentary on the selected budget line for a period")
        self.comment_button.clicked.connect(lambda _c=False: self.add_comment())
        self.export_button = QPushButton("E&xport…")
        self.export_button.setToolTip("Export this variance to Excel (Ctrl+E)")
        self.export_button.clicked.connect(lambda _c=False: self.export_view())
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        widgets: list[QWidget] = [QLabel("By"), self.level, QLabel("As at"), self.as_at]
        widgets += [self.only_over, self.only_red, self.comment_button, self.export_button]
        for w in widgets:
            top.addWidget(w)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.header().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.tree.setSortingEnabled(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName("Variance")
        self.tree.doubleClicked.connect(self._double_clicked)
        self.tree.setSelectionMode(QTreeView.SelectionMode.ExtendedSelection)
        copy = QAction("Copy rows", self.tree)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(lambda _c=False: self.copy_selection())
        self.tree.addAction(copy)
        self.tree.header().setStretchLastSection(True)
        self.warnings = QLabel("")
        self.warnings.setWordWrap(True)
        self.warnings.setObjectName("warnings")
        self.warnings.setStyleSheet("color:#8a5a00;")
        self.bars, self.cumulative = ChartView(), ChartView()
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.bars)
        charts.addWidget(self.cumulative)
        split = QSplitter(Qt.Orientation.Vertical)
        body = QWidget()
        bl = QVBoxLayout(body)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.tree, 1)
        self.forecast = ForecastBar(self.ctx, self)
        self.tree.selectionModel().currentChanged.connect(lambda _c, _p: self._target())
        bl.addWidget(self.forecast)
        below = QHBoxLayout()  # the RAG key sits under the table, beside any warnings
        below.addWidget(self.warnings, 1)
        below.addStretch(0)  # the key stays at the right when there are no warnings
        below.addWidget(legend(), 0, Qt.AlignmentFlag.AlignTop)
        bl.addLayout(below)
        split.addWidget(body)
        split.addWidget(charts)
        split.setSizes([400, 300])
        charts.setSizes([560, 440])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    # ------------------------------------------------------------------ loading
    @property
    def by(self) -> str:
        return str(self.level.currentData())

    def refresh(self) -> None:
        """Reload (calls in the same turn of the event loop coalesce into one load)."""
        gate(
            self.comment_button,
            self.ctx.why_not("forecast.write", self.stream_code),
            "Add commentary on the selected budget line for a period",
        )
        self._refresh_timer.start()

    def export_view(self, path: str | None = None) -> None:
        """Ctrl+E: the variance workbook of what is shown (scope, level, as at)."""
        from .variance_export import export_variance

        scope = (self.stream_code, self.year, self.by, date_of(self.as_at))
        export_variance(self.ctx, self, scope, self.status_changed.emit, path)

    def _reload(self) -> None:
        """The table's report first; the by-period report for the profile chart after it (so
        the figures show as soon as their own query is done), or reused when only the level
        changed."""
        stream, year, by, as_at = self.stream_code, self.year, self.by, date_of(self.as_at)
        self.heading.setText(self._scope_text())
        self._periods_generation += 1
        self.load(lambda ledger: load_report(ledger, stream, year, by, as_at), self._loaded)

    def _load_periods(self, report: VarianceReport) -> None:
        if self.ctx.ledger is None:
            return
        gen = self._periods_generation
        stream, year, as_at = report.stream, report.year, report.as_at
        chart_year = self._chart_year(report.rows)

        def work(ledger: Any) -> tuple[VarianceReport, list[Decimal] | None]:
            from ui.usecases.contract_views import spend_profile

            periods = load_report(ledger, stream, year, "period", as_at)
            if chart_year is None:
                return periods, None
            return periods, list(spend_profile(ledger, stream, chart_year, as_at))

        self.ctx.run_read(
            work,
            lambda got: self._periods_loaded(gen, *got),
            lambda exc: self._periods_failed(gen, exc),
        )

    def _periods_loaded(
        self, gen: int, report: VarianceReport, profile: list[Decimal] | None = None
    ) -> None:
        if gen != self._periods_generation or not isValid(self.cumulative):
            return  # another load since, or the page has gone
        self._periods, self._profile = report, profile
        if self.data is not None and self._same_query(self.data.report, report):
            self.data = VarianceData(self.data.report, report, profile)
            self._cumulative_chart(self.data)

    def _periods_failed(self, gen: int, exc: BaseException) -> None:
        if gen == self._periods_generation and self.ctx.error_handler is not None:
            self.ctx.error_handler(self.title, exc)

    @staticmethod
    def _same_query(a: VarianceReport, b: VarianceReport) -> bool:
        return (a.stream, a.year, a.as_at) == (b.stream, b.year, b.as_at)

    def _scope_text(self) -> str:
        stream = self.stream_code or "All streams"
        year = FinancialYear(self.year).code if self.year is not None else "all years"
        return f"{self.title} — {stream}, {year}"

    def _loaded(self, report: VarianceReport) -> None:
        periods = self._periods
        if periods is not None and not self._same_query(report, periods):
            periods = None
        data = VarianceData(report, periods, self._profile if periods is not None else None)
        self.data = data
        if periods is None:
            self._load_periods(report)
        chosen = self.forecast.target
        self.model.set_report(data.report)
        self.tree.expandToDepth(1 if len(self.model.root.children) > 1 else 2)
        self._reselect(chosen.line_id if chosen is not None else None)
        self._size_columns()
        w = data.report.warnings
        self.warnings.setText("Warnings:\n• " + "\n• ".join(w) if w else "")
        self.warnings.setVisible(bool(w))
        self._charts(data)
        self.status_changed.emit(self.status_text())

    def _size_columns(self) -> None:
        """Fit each column to its header and its widest figure (measured bold, as totals are).

        The report has at most a few hundred rows, so every cell is measured.  The first load
        sets the widths; later loads only widen a column a figure would not fit, so widths the
        user dragged are kept.
        """
        model, tree = self.model, self.tree
        bold = QFont(tree.font())
        bold.setBold(True)
        fm, hfm = QFontMetrics(bold), QFontMetrics(tree.header().font())
        cols = [c for c in Col if c != Col.COMMENT]
        need = {c: hfm.horizontalAdvance(str(HEADERS[c])) + 24 for c in cols}
        step = tree.indentation()

        def walk(parent: QModelIndex, depth: int) -> None:
            for r in range(model.rowCount(parent)):
                for c in cols:
                    text = model.data(model.index(r, c, parent), Qt.ItemDataRole.DisplayRole)
                    if text:
                        extra = step * (depth + 1) if c == Col.NAME else 0
                        need[c] = max(need[c], fm.horizontalAdvance(str(text)) + 16 + extra)
                walk(model.index(r, 0, parent), depth + 1)

        walk(QModelIndex(), 0)
        # a line's name is cut only when the figures and a sentence of commentary need the room
        others = sum(w for c, w in need.items() if c != Col.NAME)
        spare = tree.viewport().width() - others - COMMENT_WIDTH
        need[Col.NAME] = max(180, min(need[Col.NAME], max(250, spare)))
        first = not self._sized
        self._sized = True
        for c, width in need.items():
            if first or tree.columnWidth(c) < width:
                tree.setColumnWidth(c, width)
        if first:  # commentary is read, not glanced at: room for a sentence when scrolled to
            tree.setColumnWidth(Col.COMMENT, COMMENT_WIDTH)

    def _filters_changed(self) -> None:
        self.model.set_filters(
            only_over=self.only_over.isChecked(), only_amber_red=self.only_red.isChecked()
        )
        self.tree.expandAll()

    def status_text(self) -> str:
        if self.data is None:
            return ""
        t = self.data.report.totals.figures
        from fundledger.money import format_gbp

        return (
            f"Revised {format_gbp(t.revised)} · committed {format_gbp(t.committed)} · "
            f"actual {format_gbp(t.actual)} · available {format_gbp(t.available)}"
        )

    # ------------------------------------------------------------------ charts
    def _chart_year(self, rows: tuple[VarianceRow, ...]) -> int | None:
        return chart_year(rows, self.year)

    def _charts(self, data: VarianceData) -> None:
        level = dict((k, t) for t, k in LEVELS)[self.by].lower()
        show_bars(self.bars, data, self.year, self.stream_code, level)
        self._cumulative_chart(data)

    def _cumulative_chart(self, data: VarianceData) -> None:
        show_cumulative(self.cumulative, data, self.year, self.stream_code)

    # ------------------------------------------------------------------ actions
    def copy_selection(self) -> str:
        """Put the selected rows (with headers; money as plain numbers) on the clipboard."""
        rows = self.tree.selectionModel().selectedRows()
        rows.sort(key=lambda i: self.tree.visualRect(i).top())
        text = self.model.copy_rows(rows) if rows else ""
        if text:
            QApplication.clipboard().setText(text)
        return text

    def selected_row(self) -> tuple[VarianceRow, str] | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        return index.data(ROW_ROLE), index.data(KIND_ROLE)

    def current_period(self, year: int) -> int:
        """The period of the as-at date in ``year`` (P12 after the year, P01 before it)."""
        as_at = date_of(self.as_at)
        fy = FinancialYear(year)
        return period_of(as_at) if fy.contains(as_at) else (12 if as_at >= fy.end else 1)

    def _target(self) -> None:
        sel = self.selected_row()
        row, kind = sel if sel is not None else (None, None)
        period = self.current_period(row.year) if row is not None else 1
        self.forecast.set_target(target(row, kind, period))

    def _reselect(self, line_id: int | None) -> None:
        """After a reload, select the line the forecast bar was on (so it stays on it)."""
        if line_id is None:
            self._target()
            return
        m = self.model
        for s in range(m.rowCount()):
            stream = m.index(s, 0)
            for y in range(m.rowCount(stream)):
                year = m.index(y, 0, stream)
                for r in range(m.rowCount(year)):
                    idx = m.index(r, 0, year)
                    row = idx.data(ROW_ROLE)
                    if row is not None and row.line_id == line_id:
                        self.tree.setCurrentIndex(idx)
                        return
        self._target()

    def _double_clicked(self, index: QModelIndex) -> None:
        """Double-click a line's forecast or commentary to enter it; any other figure drills."""
        if index.column() in (Col.FORECAST, Col.COMMENT) and self.forecast.target is not None:
            edit = self.forecast.amount if index.column() == Col.FORECAST else (
                self.forecast.commentary)  # fmt: skip
            if edit.isEnabled():
                edit.setFocus()
                edit.selectAll()
                return
        if index.column() == Col.COMMITTED and self._drill_committed(index):
            return
        self.drill(index)

    def _drill_committed(self, index: QModelIndex) -> bool:
        """A budget line's Committed opens the contract lines behind it (Contracts page)."""
        row: VarianceRow | None = index.data(ROW_ROLE)
        if row is None or index.data(KIND_ROLE) != "row" or self.by != "line":
            return False
        if row.line_id is None or row.period is not None:
            return False
        show = getattr(self.window(), "show_page", None)
        if show is None:
            return False
        show("contracts")
        page = getattr(self.window(), "pages", {}).get("contracts")
        behind = getattr(page, "show_behind", None)
        if behind is None:
            return False
        behind(row.key, row.year)
        return True

    def drill(self, index: QModelIndex) -> None:
        """Ask for the transactions behind the double-clicked figure."""
        row: VarianceRow | None = index.data(ROW_ROLE)
        kind = index.data(KIND_ROLE)
        if row is None:
            return
        filters: dict[str, str] = {"stream": "=" + row.stream}
        if kind != "stream":
            filters["year"] = FinancialYear(row.year).code
        if kind == "row":
            if row.period is not None:
                filters["period"] = f"P{row.period:02d}"
            elif self.by == "line" and row.key == NO_LINE:
                filters.update(line="=", kind="!reversal")  # the Uncoded view
            elif self.by == "line" and not row.key.startswith("("):
                filters["line"] = "=" + row.key
        if self.data is not None:
            filters["date"] = f"<={self.data.report.as_at:%d/%m/%Y}"
        self.drill_requested.emit(filters)
        self._open_transactions(filters)

    def _open_transactions(self, filters: dict[str, str]) -> None:
        window = self.window()
        show = getattr(window, "show_page", None)
        if show is None:
            return
        show("transactions")
        page = getattr(window, "pages", {}).get("transactions")
        view = getattr(page, "view", None)
        if view is None:
            return
        view.clear_all_filters()
        for key, text in filters.items():
            view.set_filter(key, text)

    def add_comment(self) -> None:
        sel = self.selected_row()
        if sel is None or sel[1] != "row" or sel[0].line_id is None:
            if self.ctx.error_handler is not None:
                self.ctx.error_handler(
                    self.title,
                    ValueError("Choose a budget line (view by budget line) to comment on."),
                )
            return
        row = sel[0]
        got = CommentDialog.get(self, row.key, row.year, self.current_period(row.year))
        if got is None:
            return
        from ui.usecases.variance import add_variance_comment

        line_id = row.line_id
        assert line_id is not None
        self.ctx.run_write(
            lambda ledger: add_variance_comment(ledger, line_id, got[0], got[1]),
            lambda cid: self.ctx.announce(f"Saved commentary #{cid} on {row.key} at P{got[0]:02d}"),
            None,
            False,
            title="Saving commentary…",
            changes=topics(T.BUDGET),
        )
