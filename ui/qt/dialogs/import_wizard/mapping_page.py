"""Step 3: the columns.  Every column of the header row by letter and text (repeated headers
included, mapped by position), the header row and last data row the user may set, how sure
each automatic match is, why a field could not be matched (a tie, several amount columns),
and saving the mapping as a profile for files of this shape.  Worked out off the GUI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWizardPage,
)

from .busy import Busy
from .models import HeaderChoice, MapCol, MappingModel, table_view

if TYPE_CHECKING:
    from ui.usecases.import_wizard import TableView

    from .host import WizardHost


class MappingPage(QWizardPage):
    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Map the columns")
        self.setSubTitle(
            "Found by header names and by what the columns hold. Double-click a column to "
            "change it; save the mapping as a profile for files of this shape."
        )
        self.model = MappingModel(self)
        self.view = table_view(self.model, stretch=MapCol.COLUMN)
        self.view.setWordWrap(False)
        self.view.setColumnWidth(MapCol.FIELD, 160)
        self.view.setItemDelegateForColumn(MapCol.COLUMN, HeaderChoice(self.model, self.view))
        self.header_row = QSpinBox()
        self.header_row.setAccessibleName("Header row")
        self.last_row = QSpinBox()
        self.last_row.setAccessibleName("Last data row")
        self.last_row.setSpecialValueText("to the end")
        self.reread = QPushButton("Read &again")
        self.reread.setToolTip("Map the columns of the header row chosen, and stop at the last row")
        self.reread.clicked.connect(self._reread)
        rows = QHBoxLayout()
        for text, box in (("Header &row:", self.header_row), ("&Last data row:", self.last_row)):
            label = QLabel(text)
            label.setBuddy(box)
            rows.addWidget(label)
            rows.addWidget(box)
        rows.addWidget(self.reread)
        rows.addStretch(1)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setObjectName("mappingInfo")
        self.save = QPushButton("Save as &profile…")
        self.save.clicked.connect(self.save_profile)
        self.saved = QLabel()
        self.saved.setObjectName("profileSaved")
        self.busy = Busy(self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.info, 1)
        bottom.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.busy)
        layout.addLayout(rows)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.saved)
        self.table: TableView | None = None

    def initializePage(self) -> None:
        if self.wiz.table is not None and self.wiz.table_key == self.wiz.key():
            return  # back from the preview: keep what the user set
        self._load(None, None)

    def _reread(self) -> None:
        last = self.last_row.value() or None
        self._load(self.header_row.value() or None, last)

    def _load(self, header_row: int | None, last_row: int | None) -> None:
        from importers.headers import TableChoice
        from ui.usecases.import_wizard import table_columns

        self.table = None
        self.completeChanged.emit()
        c = self.wiz.choice
        kind, path, sheet = c["kind"], c["path"], c.get("sheet")
        choice = TableChoice(header_row, last_row)

        def work(ledger: object) -> TableView:
            return table_columns(ledger, kind, path, sheet, choice)  # type: ignore[arg-type]

        self.wiz.run(self.busy, "Finding the header row and the columns…", work, self._loaded)

    def _loaded(self, table: TableView) -> None:
        from ui.usecases.import_kinds import REGISTRY

        self.table = table
        self.wiz.set_table(table)
        fields = list(REGISTRY.get(self.wiz.choice["kind"]).fields)
        self.model.load(fields, table.columns, table.mapped, table.confidence)
        for box in (self.header_row, self.last_row):
            box.setRange(0 if box is self.last_row else table.first_row, table.last_row)
        self.header_row.setValue(table.header_row or table.first_row)
        self.last_row.setValue(self.wiz.last_row or 0)
        self._say(table)
        self.completeChanged.emit()

    def _say(self, table: TableView) -> None:
        if table.header_row is None:
            self.info.setText("\n".join(table.problems) or "No table found: choose the header row.")
            return
        profile = f"; profile {table.profile!r} applied" if table.profile else ""
        unmapped = [c.text for c in table.columns if c.column not in table.mapped.values()]
        lines = [
            f"Header row {table.header_row}{profile}. "
            f"Unmapped columns: {', '.join(unmapped) or 'none'}."
        ]
        self.info.setText("\n".join(lines + list(table.problems)))

    def isComplete(self) -> bool:
        return self.table is not None and self.table.header_row is not None

    def validatePage(self) -> bool:
        assert self.table is not None
        self.wiz.header_row = self.table.header_row
        self.wiz.last_row = self.last_row.value() or None
        self.wiz.columns = self.model.letters()
        return True

    def save_profile(self) -> None:
        name, ok = QInputDialog.getText(self, "Save profile", "Profile name:")
        if not ok or not name.strip():
            return
        self.wiz.save_profile(name.strip(), self.model.mapping())
