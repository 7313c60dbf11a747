"""Step 1: what the file holds (the kind, from the registry), the file, and the kind's options."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWizardPage,
)

from ui.usecases.import_kinds import REGISTRY, Option

if TYPE_CHECKING:
    from .host import WizardHost

#: the file dialog's filter (kept in step with importers.books.FILE_FILTER by a test)
FILE_FILTER = (
    "Spreadsheets and CSV (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.tsv *.txt);;"
    "Excel workbooks (*.xlsx *.xlsm *.xls *.xlsb);;OpenDocument (*.ods);;"
    "CSV text (*.csv *.tsv *.txt);;All files (*)"
)


class FilePage(QWizardPage):
    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Choose the file")
        self.setSubTitle(
            "Excel (.xlsx, .xls, .xlsb), OpenDocument (.ods) or CSV. What it holds and where it "
            "goes. Nothing is written until the last step."
        )
        self.kind = QComboBox()
        for kind in REGISTRY:
            self.kind.addItem(kind.label, kind.name)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setPlaceholderText("a workbook or CSV file")
        self.path.setAccessibleName("File to import")
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
        self.form = form = QFormLayout(self)
        form.addRow("&Kind:", self.kind)
        form.addRow("", self.about)
        file_label = QLabel("&File:")
        file_label.setBuddy(self.path)
        form.addRow(file_label, row)
        form.addRow("&Stream:", self.stream)
        form.addRow("&Year:", self.year)
        form.addRow("&As at:", self.as_at)
        form.addRow("", self.create_missing)
        self.path.textChanged.connect(self.completeChanged)
        self.path.textChanged.connect(self._guess_kind)
        #: the user chose the kind themselves: the file name no longer decides it
        self.kind_chosen = False
        self.kind.activated.connect(lambda _i: setattr(self, "kind_chosen", True))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = REGISTRY.find(str(self.kind.currentData()))
        if kind is None:
            return
        self.about.setText(kind.description)
        for option, widget in (
            (Option.STREAM, self.stream),
            (Option.YEAR, self.year),
            (Option.AS_AT, self.as_at),
            (Option.CREATE_MISSING, self.create_missing),
        ):
            self.form.setRowVisible(widget, option in kind.options)

    def _guess_kind(self, text: str) -> None:
        """An obvious file name picks the kind (a GL extract, contracts…) until the user has
        chosen one themselves."""
        if self.kind_chosen or not text.strip():
            return
        from ui.controllers.import_guess import guess_kind

        names = {str(self.kind.itemData(i)) for i in range(self.kind.count())}
        guessed = guess_kind(text.strip(), names)
        if guessed is not None:
            self.kind.setCurrentIndex(self.kind.findData(guessed))

    def browse(self) -> None:
        from ...widgets.file_choice import choose_open

        name = choose_open(self, self.wiz.ctx.settings, "import", "Import a file", FILE_FILTER)
        if name:
            self.path.setText(name)

    def isComplete(self) -> bool:
        return Path(self.path.text().strip()).is_file()

    def validatePage(self) -> bool:
        kind = REGISTRY.get(str(self.kind.currentData()))
        takes = kind.options
        self.wiz.choice = {
            "kind": kind.name,
            "path": Path(self.path.text().strip()),
            "stream": self.stream.currentData() if Option.STREAM in takes else None,
            "year": (self.year.text().strip() or None) if Option.YEAR in takes else None,
            "as_at": (self.as_at.text().strip() or None) if Option.AS_AT in takes else None,
            "create_missing": self.create_missing.isChecked() and Option.CREATE_MISSING in takes,
        }
        self.wiz.reset_table()
        return True
