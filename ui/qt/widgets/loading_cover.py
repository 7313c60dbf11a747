"""A page's loading state: a labelled cover over the whole page ("Loading Demo ledger…") with
the page's actions disabled underneath, from the moment a ledger is opened (or the page is
made) until the page's own data is in.  The previous ledger's figures are never shown under
the new name: the page's tables are emptied when the ledger changes (:func:`clear_models`)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["LoadingCover", "clear_models", "ledger_label"]


def ledger_label(display_name: str) -> str:
    """A ledger as the cover names it: a file by its name, a shared ledger by its URL."""
    if "://" in display_name:
        return display_name
    from pathlib import Path

    return Path(display_name).name or display_name


class LoadingCover(QLabel):
    """An opaque label over its parent page, resized with it."""

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self.page = page
        self.setObjectName("loadingCover")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAutoFillBackground(True)
        self.setWordWrap(True)
        self.setAccessibleName("Loading")
        # the page under it is disabled; the words stay readable
        self.setStyleSheet("QLabel#loadingCover { color: palette(window-text); font-size: 13pt; }")
        self.hide()
        page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.page.rect())
        return False

    def cover(self, text: str) -> None:
        self.setText(text)
        self.setGeometry(self.page.rect())
        self.show()
        self.raise_()


def clear_models(page: QWidget) -> None:
    """Empty every table and tree model of ``page`` (and cancel their loads): the ledger
    changed, so their rows, totals, ticks and hints belong to another ledger."""
    from ..models.reconciliation import ReconItemsModel
    from ..models.records import RecordsModel
    from ..models.register import RegisterModel
    from ..models.rows import RowsModel
    from ..models.variance import OverviewModel, VarianceTreeModel

    for model in page.findChildren(QAbstractItemModel):
        if isinstance(model, ReconItemsModel):
            model.ticked.clear()
            model.set_rows([])
        elif isinstance(model, RecordsModel):
            model.set_rows([])
        elif isinstance(model, RowsModel):
            model.set_rows([], [])
        elif isinstance(model, OverviewModel):
            model.set_cards([], "")
        elif isinstance(model, VarianceTreeModel):
            model.set_report(None)
        elif isinstance(model, RegisterModel):
            model.clear()
        elif hasattr(model, "set_prepared"):  # a return's preview
            model.set_prepared(None)
