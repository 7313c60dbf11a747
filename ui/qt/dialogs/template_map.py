"""A funder template's cell map, edited in the app (issue 22): pick a figure from the
documented list (every figure key with its meaning and today's value), say which cell of the
funder's workbook it goes in, save the map in the ledger by name, and fill the workbook.

Reading the figures, saving and filling run off the GUI thread through the use cases."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fundledger.money import format_gbp

if TYPE_CHECKING:
    from ui.usecases.returns.base import Request
    from ui.usecases.template_maps import FigureEntry, SavedMap
    from ui.usecases.templates import TemplateResult

    from ..context import AppContext

__all__ = ["TemplateMapDialog", "value_text"]


def value_text(value: Any, key: str = "") -> str:
    """A figure as a reader knows it: £1,234.56, 40.03%, 12/06/2026, text."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}%" if "pct" in key or "percent" in key else format_gbp(value)
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _cell_order(item: tuple[str, str]) -> list[Any]:
    """Claim!C3 before Claim!C12 (numbers in a cell's name compared as numbers)."""
    return [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", item[0])]


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _table(name: str, headers: tuple[str, ...]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setAccessibleName(name)
    t.setHorizontalHeaderLabels(list(headers))
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setAlternatingRowColors(True)
    t.setTabKeyNavigation(False)
    t.horizontalHeader().setStretchLastSection(True)
    return t


class TemplateMapDialog(QDialog):
    def __init__(self, ctx: AppContext, request: Request, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.request = ctx, request
        self.setWindowTitle("Funder template: cell map")
        self.resize(1200, 640)
        self.entries: list[FigureEntry] = []
        self.maps: dict[str, SavedMap] = {}
        self.cells: dict[str, str] = {}
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.setAccessibleName("Map name")
        self.name.setPlaceholderText("e.g. OPCC quarterly claim")
        self.name.currentTextChanged.connect(self._choose_map)
        self.template = QLineEdit()
        self.template.setAccessibleName("Funder's workbook")
        self.template.setPlaceholderText("the funder's workbook (.xlsx) to fill")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(lambda _c=False: self._browse())
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search figures (key or meaning)")
        self.search.setAccessibleName("Search figures")
        self.search.textChanged.connect(lambda _t: self._show_figures())
        self.figures = _table("Figures", ("Figure key", "Today's value", "Meaning"))
        self.figures.doubleClicked.connect(lambda _i: self.add_cell())
        self.target = QLineEdit()
        self.target.setAccessibleName("Cell")
        self.target.setPlaceholderText("Sheet!C7 or a defined name")
        self.target.returnPressed.connect(self.add_cell)
        add = QPushButton("&Put in cell →")
        add.setToolTip("Put the selected figure in the cell typed beside it")
        add.clicked.connect(lambda _c=False: self.add_cell())
        self.map_table = _table("Cell map", ("Cell", "Figure key", "Today's value"))
        remove = QPushButton("&Remove cell")
        remove.clicked.connect(lambda _c=False: self.remove_cell())
        self.save_button = QPushButton("&Save map")
        self.save_button.setToolTip("Keep this map in the ledger under its name (audited)")
        self.save_button.clicked.connect(lambda _c=False: self.save())
        self.fill_button = QPushButton("&Fill workbook…")
        self.fill_button.clicked.connect(lambda _c=False: self.fill())
        self.submit_button = QPushButton("Fill and su&bmit…")
        self.submit_button.setToolTip("Fill the workbook through the saved map and keep it as "
                                      "sent, like any return (the map must be saved first)")  # fmt: skip
        self.submit_button.clicked.connect(lambda _c=False: self.submit())
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        self.message = QLabel("Loading the figures…")
        self.message.setWordWrap(True)
        self._layout(browse, add, remove, close)
        self.reload()

    def _layout(self, browse: QPushButton, add: QPushButton, remove: QPushButton,
                close: QPushButton) -> None:  # fmt: skip
        top = QGridLayout()
        top.addWidget(_buddy("&Map", self.name), 0, 0)
        top.addWidget(self.name, 0, 1)
        top.addWidget(_buddy("Funder's &workbook", self.template), 0, 2)
        top.addWidget(self.template, 0, 3)
        top.addWidget(browse, 0, 4)
        top.setColumnStretch(1, 1)
        top.setColumnStretch(3, 2)
        left = QWidget()
        lcol = QVBoxLayout(left)
        lcol.setContentsMargins(0, 0, 0, 0)
        lcol.addWidget(QLabel(f"<b>Figures</b> — values for {self._scope_text()}"))
        lcol.addWidget(self.search)
        lcol.addWidget(self.figures, 1)
        pick = QHBoxLayout()
        pick.addWidget(_buddy("&Cell", self.target))
        pick.addWidget(self.target, 1)
        pick.addWidget(add)
        lcol.addLayout(pick)
        right = QWidget()
        rcol = QVBoxLayout(right)
        rcol.setContentsMargins(0, 0, 0, 0)
        rcol.addWidget(QLabel("<b>Cell map</b>"))
        rcol.addWidget(self.map_table, 1)
        rcol.addWidget(remove, 0, Qt.AlignmentFlag.AlignLeft)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([720, 480])
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for b in (self.save_button, self.fill_button, self.submit_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

    def _scope_text(self) -> str:
        r = self.request
        return f"{r.stream or 'each return’s own stream'}, {r.year or 'the latest year'}"

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        request = self.request

        def work(ledger: Any) -> tuple[list[FigureEntry], dict[str, SavedMap]]:
            from ui.usecases.template_maps import figure_catalogue, saved_maps

            return figure_catalogue(ledger, request), saved_maps(ledger)

        self.ctx.run_read(work, self._loaded, lambda e: self.message.setText(f"{e}"))

    def _loaded(self, result: tuple[list[FigureEntry], dict[str, SavedMap]]) -> None:
        self.entries, self.maps = result
        current = self.name.currentText()
        self.name.blockSignals(True)
        self.name.clear()
        self.name.addItems(list(self.maps))
        self.name.setCurrentText(current or next(iter(self.maps), ""))
        self.name.blockSignals(False)
        self._choose_map(self.name.currentText())
        self._show_figures()
        self.message.setText(f"{len(self.entries)} figures; {len(self.maps)} saved maps. Pick a "
                             "figure, type its cell, Put in cell →.")  # fmt: skip

    def _show_figures(self) -> None:
        words = self.search.text().strip().lower()
        shown = [e for e in self.entries
                 if not words or words in e.key.lower() or words in e.meaning.lower()]  # fmt: skip
        self.figures.setRowCount(len(shown))
        for r, e in enumerate(shown):
            for c, text in enumerate((e.key, value_text(e.value, e.key), e.meaning)):
                item = QTableWidgetItem(text)
                if c == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.figures.setItem(r, c, item)
        self.figures.resizeColumnsToContents()
        self.figures.setColumnWidth(0, min(self.figures.columnWidth(0), 340))

    def _choose_map(self, name: str) -> None:
        found = self.maps.get(name)
        if found is not None:
            self.cells = dict(found.cells)
            self.template.setPlaceholderText(found.template or "the funder's workbook (.xlsx)")
        self._show_cells()

    def _show_cells(self) -> None:
        values = {e.key: e.value for e in self.entries}
        self.map_table.setRowCount(len(self.cells))
        for r, (target, key) in enumerate(sorted(self.cells.items(), key=_cell_order)):
            shown = value_text(values[key], key) if key in values else "not a known figure"
            for c, text in enumerate((target, key, shown)):
                self.map_table.setItem(r, c, QTableWidgetItem(text))
        self.map_table.resizeColumnsToContents()

    # ------------------------------------------------------------------ editing
    def selected_key(self) -> str | None:
        rows = self.figures.selectionModel().selectedRows()
        item = self.figures.item(rows[0].row(), 0) if rows else None
        return None if item is None else item.text()

    def add_cell(self, target: str | None = None, key: str | None = None) -> None:
        target = (target or self.target.text()).strip()
        key = key or self.selected_key()
        if not target or not key:
            self.message.setText("Select a figure and type the cell it goes in (Sheet!C7).")
            return
        self.cells[target] = key
        self.target.clear()
        self._show_cells()
        self.message.setText(f"{target} = {key}")

    def remove_cell(self) -> None:
        rows = self.map_table.selectionModel().selectedRows()
        item = self.map_table.item(rows[0].row(), 0) if rows else None
        if item is not None:
            self.cells.pop(item.text(), None)
            self._show_cells()

    def _browse(self) -> None:
        from ..widgets.file_choice import choose_open

        path = choose_open(self, self.ctx.settings, "template", "Funder's workbook",
                           "Excel (*.xlsx *.xlsm)")  # fmt: skip
        if path:
            self.template.setText(path)

    # ------------------------------------------------------------------ save, fill
    def save(self) -> None:
        from ui.usecases.template_maps import SavedMap, save_map

        name = self.name.currentText().strip()
        saved = SavedMap(name, Path(self.template.text()).name, dict(self.cells),
                         self.request.year, self.request.stream)  # fmt: skip

        def done(_r: Any) -> None:
            self.message.setText(f"Saved the cell map {name!r} ({len(saved.cells)} cells)")
            self.reload()

        self.ctx.run_write(lambda ledger: save_map(ledger, saved), done,
                           lambda e: self.message.setText(f"Not saved: {e}"),
                           title="Saving the cell map…")  # fmt: skip

    def fill(self, out: str | None = None) -> None:
        from ui.usecases.templates import fill_cells

        template = Path(self.template.text())
        if not template.is_file():
            self.message.setText("Choose the funder's workbook to fill (Browse…).")
            return
        if out is None:
            from ..widgets.file_choice import choose_save

            out = choose_save(self, self.ctx.settings, "template", "Save the filled workbook",
                              f"{template.stem}-filled{template.suffix}", "Excel (*.xlsx *.xlsm)")  # fmt: skip
            if not out:
                return
        cells, request, target = dict(self.cells), self.request, Path(out)

        def done(result: TemplateResult) -> None:
            if result.problems:
                self.message.setText("Not filled, nothing written: " + "; ".join(result.problems))
            else:
                self.message.setText(f"Filled {result.out}: {len(result.filled)} cells")

        self.ctx.run_read(lambda ledger: fill_cells(ledger, template, cells, {}, target, request),
                          done, lambda e: self.message.setText(f"Not filled: {e}"))  # fmt: skip

    def submit(self, out: str | None = None, choice: Any = None) -> None:
        """Fill through the saved map and keep the filled workbook as submitted."""
        name = self.name.currentText().strip()
        template = Path(self.template.text())
        saved = self.maps.get(name)
        if saved is None or saved.cells != self.cells:
            self.message.setText("Save the map first: a submission records the saved map.")
            return
        if not template.is_file():
            self.message.setText("Choose the funder's workbook to fill (Browse…).")
            return
        if out is None:
            from ..widgets.file_choice import choose_save

            out = choose_save(self, self.ctx.settings, "template", "Submit the filled workbook",
                              f"{template.stem}-filled{template.suffix}", "Excel (*.xlsx *.xlsm)")  # fmt: skip
            if not out:
                return
        if choice is None:
            from .submit_return import SubmitDialog

            dialog = SubmitDialog(f"{name} (funder template)", Path(out).name, "", "", (), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            choice = dialog.choice()
        request, target, chosen = self.request, Path(out), choice

        def work(ledger: Any) -> Any:
            from ui.usecases.template_submit import submit_template

            return submit_template(ledger, name, template, target, request, to=chosen.to,
                                   on=chosen.on, period=chosen.period, note=chosen.note,
                                   supersedes=chosen.supersedes, draft=chosen.draft)  # fmt: skip

        def done(s: Any) -> None:
            self.message.setText(f"Submitted #{s.id}: {s.title} to {s.submitted_to} — wrote "
                                 f"{s.path.name}, sha256 {s.sha256[:16]}…")  # fmt: skip

        from ui.usecases.topics import Topic, topics

        self.ctx.run_write(work, done, lambda e: self.message.setText(f"Not submitted, nothing "
                                                                      f"was written: {e}"),
                           title="Submitting…", changes=topics(Topic.RETURNS))  # fmt: skip
