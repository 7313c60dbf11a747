"""Fixtures shared by the desktop app's tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

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
