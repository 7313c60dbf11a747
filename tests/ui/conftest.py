"""Fixtures shared by the desktop app's tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from db.ledger import Actor, Ledger
from tests.ledgers import copy_sqlite
from ui.qt.context import AppContext


@pytest.fixture
def ctx(tmp_path: Path, demo_template: Path) -> Iterator[AppContext]:
    """The app's context on a copy of the demo ledger, as a finance user (a module may
    define its own ``ctx`` instead)."""
    path = copy_sqlite(demo_template, tmp_path / "ledger.sqlite")
    led = Ledger(f"sqlite:///{path}", Actor("fiona", "finance"))
    context = AppContext(led, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    yield context
    context.wait_idle()
    led.dispose()


@pytest.fixture(autouse=True)
def _modifiers_released(qapp: QApplication) -> Iterator[None]:
    """Leave no keyboard modifier "held" for the next test. QTest's key clicks with Shift or
    Ctrl end with the modifier's release still carrying that modifier, so Qt's idea of the
    keyboard (``QGuiApplication.keyboardModifiers()``) stays at "Shift held" after a
    Shift+Tab; a real keyboard's release clears it, and so does this."""
    yield
    if QGuiApplication.keyboardModifiers() != Qt.KeyboardModifier.NoModifier:
        spare = QWidget()
        QTest.keyRelease(spare, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier)
        spare.deleteLater()
