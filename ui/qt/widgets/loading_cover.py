"""A page's loading state: a labelled cover over the whole page ("Loading Demo ledger…") with
the page's actions disabled underneath, from the moment a ledger is opened (or the page is
made) until the page's own data is in.  The previous ledger's figures are never shown under
the new name: the page's tables are emptied when the ledger changes (:func:`clear_models`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

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
    changed, so their rows, totals, ticks and hints belong to another ledger.

    Only the model modules already imported are looked at: a model whose module was never
    imported has no instance to clear (opening the app to the Overview does not import the
    reconciliation or register models to clear nothing)."""
    models = page.findChildren(QAbstractItemModel)
    if not models:
        return
    clear: list[tuple[type, Callable[[Any], None]]] = []
    for module, name, how in _CLEARS:
        loaded = sys.modules.get(f"ui.qt.models.{module}")
        cls = getattr(loaded, name, None) if loaded is not None else None
        if isinstance(cls, type):
            clear.append((cls, how))
    for model in models:
        empty = next((how for cls, how in clear if isinstance(model, cls)), None)
        if empty is not None:
            empty(model)
        elif hasattr(model, "set_prepared"):  # a return's preview
            model.set_prepared(None)


def _clear_recon(model: Any) -> None:
    model.ticked.clear()
    model.set_rows([])


#: (module under ui.qt.models, class, how to empty it), in the order they are tried
_CLEARS: tuple[tuple[str, str, Callable[[Any], None]], ...] = (
    ("reconciliation", "ReconItemsModel", _clear_recon),
    ("records", "RecordsModel", lambda m: m.set_rows([])),
    ("rows", "RowsModel", lambda m: m.set_rows([], [])),
    ("variance", "OverviewModel", lambda m: m.set_cards([], "")),
    ("variance", "VarianceTreeModel", lambda m: m.set_report(None)),
    ("register", "RegisterModel", lambda m: m.clear()),
)
