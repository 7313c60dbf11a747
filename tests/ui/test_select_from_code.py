"""A row chosen by the program (a record just saved, "go to") is selected whatever keys Qt
thinks are held: ``QTableView.selectRow`` follows the keyboard modifiers, so with Shift held
it extended a range from an old anchor and with Ctrl held it toggled the row off."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTableView

from ui.qt.widgets.selection import select_only_row


def _table(qtbot: Any) -> QTableView:
    model = QStandardItemModel(6, 3)
    for r in range(6):
        for c in range(3):
            model.setItem(r, c, QStandardItem(f"{r}.{c}"))
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    qtbot.addWidget(view)
    view.show()
    model.setParent(view)
    return view


def _selected_rows(view: QTableView) -> list[int]:
    return sorted(i.row() for i in view.selectionModel().selectedRows())


@pytest.mark.parametrize(
    "held", [Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.ControlModifier]
)
def test_a_row_chosen_by_code_is_the_one_selected_with_a_modifier_held(
    qtbot: Any, held: Qt.KeyboardModifier
) -> None:
    view = _table(qtbot)
    assert select_only_row(view, 1)
    # a key click with a modifier leaves Qt believing the modifier is still down
    box = QLineEdit()
    qtbot.addWidget(box)
    QTest.keyClick(box, Qt.Key.Key_A, held)
    assert QGuiApplication.keyboardModifiers() == held
    view.selectRow(4)  # what the pages did: a range 1–4 (Shift) or nothing new toggled
    assert _selected_rows(view) != [4]
    assert select_only_row(view, 4)
    assert _selected_rows(view) == [4]
    assert view.currentIndex().row() == 4
    assert select_only_row(view, 4)  # choosing it again keeps it (Ctrl would toggle it off)
    assert _selected_rows(view) == [4]


def test_no_such_row_selects_nothing(qtbot: Any) -> None:
    view = _table(qtbot)
    assert select_only_row(view, 2)
    assert not select_only_row(view, 6)
    assert not select_only_row(view, -1)
    assert _selected_rows(view) == [2]
