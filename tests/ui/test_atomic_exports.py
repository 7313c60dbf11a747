"""Every export is written under a temporary name and renamed only when complete: a cancelled or
failed export leaves nothing (and says so); the file gets the user's normal mode (umask)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.queries.register_defs import TRANSACTIONS
from db.queries.registers import RegisterQuery, rows_by_id
from exports.atomic import atomic_path, normal_mode
from tests.ui.shell_helpers import fill, make_ctx
from ui.qt.widgets.file_choice import last_folder
from ui.qt.widgets.register_view import RegisterView
from ui.usecases import register_export
from ui.usecases.register_export import export_view


@pytest.fixture
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_export_gets_the_users_file_mode_not_owner_only(ledger, tmp_path, umask_027):  # type: ignore[no-untyped-def]
    fill(ledger)
    out = tmp_path / "view.xlsx"
    export_view(ledger, TRANSACTIONS, RegisterQuery(stream="DA", year=2025), out, title="T")
    assert normal_mode() == 0o640
    assert _mode(out) == 0o640  # 0666 less umask 027 (a temporary file would be 0600)
    assert [p.name for p in tmp_path.iterdir() if p.name != "ledger.sqlite"] == ["view.xlsx"]


def test_a_failed_export_leaves_nothing_not_even_an_old_half(ledger, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    fill(ledger)
    out = tmp_path / "view.xlsx"
    out.write_bytes(b"the user's earlier export")
    monkeypatch.setattr(register_export, "CHUNK", 1)

    def stop(done: int, _total: int) -> None:
        if done == 2:
            raise KeyboardInterrupt  # anything that stops the writer half way

    with pytest.raises(KeyboardInterrupt):
        export_view(ledger, TRANSACTIONS, RegisterQuery(stream="DA"), out, title="T", progress=stop)
    assert out.read_bytes() == b"the user's earlier export"  # untouched
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".view")]


def test_atomic_path_publishes_only_on_success(tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "a.txt"
    with pytest.raises(RuntimeError), atomic_path(out) as tmp:
        tmp.write_text("half")
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []
    with atomic_path(out) as tmp:
        tmp.write_text("whole")
    assert out.read_text() == "whole"
    assert list(tmp_path.iterdir()) == [out]


def test_cancelling_export_this_view_leaves_nothing_and_says_so(  # type: ignore[no-untyped-def]
    qtbot, ledger, tmp_path, monkeypatch
):
    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    view = RegisterView(ctx, TRANSACTIONS, "Transactions")
    qtbot.addWidget(view)
    with qtbot.waitSignals([view.model.loaded, view.model.totals_loaded], timeout=10_000):
        view.set_scope("DA", 2025)
    monkeypatch.setattr(register_export, "CHUNK", 1)
    real = rows_by_id

    def rows_then_cancel(session, register, ids):  # type: ignore[no-untyped-def]
        found = real(session, register, ids)
        ctx.cancel_all()  # the user presses Cancel after the first rows are written
        return found

    monkeypatch.setattr(register_export, "rows_by_id", rows_then_cancel)
    out = tmp_path / "all.xlsx"
    with qtbot.waitSignal(view.status_changed, timeout=10_000) as blocker:
        view.export(str(out))
    assert blocker.args == [f"Export cancelled: nothing was written to {out}"]
    assert ctx.wait_idle()
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".all")]


def test_the_export_chooser_starts_in_the_last_folder_of_its_kind(  # type: ignore[no-untyped-def]
    qtbot, ledger, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    view = RegisterView(ctx, TRANSACTIONS, "Transactions")
    qtbot.addWidget(view)
    with qtbot.waitSignals([view.model.loaded, view.model.totals_loaded], timeout=10_000):
        view.set_scope("DA", 2025)
    reports = tmp_path / "reports"
    reports.mkdir()
    asked: list[str] = []

    def chooser(_parent, _caption, start, _filters):  # type: ignore[no-untyped-def]
        asked.append(start)
        return str(reports / "mine.xlsx"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(chooser))
    with qtbot.waitSignal(view.status_changed, timeout=10_000):
        view.export()
    assert (reports / "mine.xlsx").exists()
    assert last_folder(ctx.settings, "export") == reports
    assert last_folder(ctx.settings, "import") != reports  # each kind of file its own folder
    with qtbot.waitSignal(view.status_changed, timeout=10_000):
        view.export()
    assert asked[1] == str(reports / "transactions.xlsx")


def test_opening_a_ledger_starts_in_the_folder_of_the_last_one(qtbot, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog

    from ui.qt.dialogs.connect import choose_file

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    ledgers = tmp_path / "ledgers"
    ledgers.mkdir()
    starts: list[str] = []

    def chooser(_parent, _caption, start, _filters):  # type: ignore[no-untyped-def]
        starts.append(start)
        return str(ledgers / "council.sqlite"), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(chooser))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(chooser))
    assert choose_file(None, settings=settings) == str(ledgers / "council.sqlite")
    assert choose_file(None, create=True, settings=settings) == str(ledgers / "council.sqlite")
    assert starts[1] == str(ledgers / "ledger.sqlite")  # the new ledger proposed beside it
