"""Step 2: the sheet (read off the GUI thread): its raw cells as they are in the file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QVBoxLayout, QWizardPage

from .busy import Busy
from .models import raw_cells_model, table_view

if TYPE_CHECKING:
    from ui.usecases.imports import SheetPreview

    from .host import WizardHost


class SheetPage(QWizardPage):
    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Choose the sheet")
        self.setSubTitle("The raw cells as they are in the file. Hidden sheets are marked.")
        self.sheets = QListWidget()
        self.sheets.setMaximumWidth(220)
        self.sheets.currentRowChanged.connect(self._show)
        self.cells_model = raw_cells_model(None)
        self.cells = table_view(self.cells_model)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setObjectName("importProblems")
        self.busy = Busy(self)
        row = QHBoxLayout()
        row.addWidget(self.sheets)
        row.addWidget(self.cells, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.busy)
        layout.addLayout(row, 1)
        layout.addWidget(self.problems)
        self.previews: list[SheetPreview] = []
        self.loaded = False

    def initializePage(self) -> None:
        from ui.usecases.imports import preview_sheets

        self.loaded = False
        self.previews = []
        self.sheets.clear()
        self.problems.setText("")
        path = self.wiz.choice["path"]
        self.wiz.run(self.busy, f"Reading {path.name}…", lambda _l: preview_sheets(path),
                     self._loaded)  # fmt: skip

    def _loaded(self, found: tuple[list[SheetPreview], list[Any]]) -> None:
        from ui.usecases.imports import format_problem

        self.previews, problems = found
        for sp in self.previews:
            self.sheets.addItem(sp.name if sp.visible else f"{sp.name} (hidden)")
        self.problems.setText("\n".join(format_problem(p, app=True) for p in problems))
        first = next((i for i, sp in enumerate(self.previews) if sp.visible), 0)
        if self.previews:
            self.sheets.setCurrentRow(first)
        self.loaded = True
        self.completeChanged.emit()

    def _show(self, i: int) -> None:
        sheet = self.previews[i] if 0 <= i < len(self.previews) else None
        self.cells_model = raw_cells_model(sheet)
        self.cells.setModel(self.cells_model)

    def isComplete(self) -> bool:
        return self.loaded and bool(self.previews) and self.sheets.currentRow() >= 0

    def validatePage(self) -> bool:
        i = self.sheets.currentRow()
        sheet = self.previews[i].name if 0 <= i < len(self.previews) else None
        if sheet != self.wiz.choice.get("sheet"):
            self.wiz.reset_table()
        self.wiz.choice["sheet"] = sheet
        return True
