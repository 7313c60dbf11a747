"""Selecting a row from code (a record just saved, a drill-down, "go to").

``QTableView.selectRow`` is meant for the keyboard and mouse: in the usual extended
selection mode it reads the keyboard modifiers Qt last saw, so with Shift held it extends a
range from an old anchor and with Ctrl held it toggles — the row the code meant can end up
unselected. A row chosen by the program replaces the selection, whatever keys are down.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QAbstractItemView

_ONLY = (
    QItemSelectionModel.SelectionFlag.ClearAndSelect
    | QItemSelectionModel.SelectionFlag.Rows
    | QItemSelectionModel.SelectionFlag.Current
)


def select_only_row(view: QAbstractItemView, row: int, scroll: bool = True) -> bool:
    """Make ``row`` of ``view``'s model the one selected row and the current one, and (by
    default) scroll to it; False when there is no such row."""
    model = view.model()
    if model is None or not 0 <= row < model.rowCount():
        return False
    index: QModelIndex = model.index(row, 0)
    selection = view.selectionModel()
    selection.setCurrentIndex(index, _ONLY)
    if scroll:
        view.scrollTo(index)
    return True
