"""Two people edit the same budget line in two app windows (two connections): the second save is
refused and shows the other person's change; nothing of the second edit is written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from db.ledger import Actor, Ledger
from db.schema import AuditEntry, BudgetLine
from tests.db.lifecycle_helpers import BACKENDS, open_backend
from ui.qt.context import AppContext
from ui.qt.dialogs.budget import BudgetLineDialog

from .shell_helpers import fill

FRANK = Actor("frank", "finance")


@pytest.fixture(params=BACKENDS)
def both(request: pytest.FixtureRequest, ledger_path: Path) -> Iterator[Ledger]:
    yield from open_backend(request, ledger_path)


def _window(ledger: Ledger, tmp_path: Path, name: str) -> AppContext:
    return AppContext(ledger, QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat))


def test_the_second_save_is_refused_with_the_other_users_change(
    qtbot: QtBot, both: Ledger, tmp_path: Path
) -> None:
    ids = fill(both)  # as fiona
    other = Ledger(both.url, FRANK)  # frank's window: its own connection
    try:
        mine, theirs = _window(both, tmp_path, "fiona"), _window(other, tmp_path, "frank")
        a = BudgetLineDialog(mine, None, ids["line"])
        b = BudgetLineDialog(theirs, None, ids["line"])
        qtbot.addWidget(a)
        qtbot.addWidget(b)
        assert mine.wait_idle(10) and theirs.wait_idle(10)  # each form read its row
        assert a.code.text() == b.code.text() == ""
        a.code.setText("LC4410-R")
        a.reason.setText("ledger code")
        a.save()
        qtbot.waitUntil(lambda: a.result() == a.DialogCode.Accepted, timeout=10_000)
        with both.read() as s:
            audits = s.query(AuditEntry).count()
        b.name.setText("Refuge (county)")
        b.reason.setText("rename")
        b.save()
        qtbot.waitUntil(lambda: b.error.text() != "", timeout=10_000)
        text = b.error.text()
        assert "was changed by fiona since you opened it" in text
        assert "code: 'LC4410-R'" in text
        assert "your change was not saved" in text
        assert b.result() != b.DialogCode.Accepted
        theirs.wait_idle(5)
        with both.read() as s:
            line = s.get(BudgetLine, ids["line"])
            assert line is not None
            assert (line.name, line.code, line.version) == ("Refuge", "LC4410-R", 2)
            assert s.query(AuditEntry).count() == audits
    finally:
        other.dispose()
