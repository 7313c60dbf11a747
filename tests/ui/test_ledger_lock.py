"""A SQLite ledger open in one app is read-only in a second, which is told who has it."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

from db.engine import sqlite_path
from tests.ui.shell_helpers import fill, make_ctx
from ui.qt.main_window import MainWindow
from ui.usecases.ledger_lock import acquire, lock_path, read_holder, release


def _other_holder(path: Path, pid: int = 1) -> None:
    lock_path(path).write_text(
        json.dumps(
            {
                "user": "sam",
                "host": socket.gethostname(),
                "pid": pid,
                "since": "2026-11-23T09:05:00+00:00",
            }
        )
    )


def test_acquire_release_and_stale_locks(tmp_path: Path) -> None:
    db = tmp_path / "ledger.sqlite"
    assert acquire(db, "fiona") is None
    me = read_holder(db)
    assert me is not None and (me.user, me.pid) == ("fiona", os.getpid())
    release(db)
    assert not lock_path(db).exists()
    _other_holder(db)  # pid 1 is alive: a real holder
    held = acquire(db, "fiona")
    assert held is not None and held.describe() == (
        f"sam on {socket.gethostname()} since 2026-11-23 09:05 UTC"
    )
    _other_holder(db, pid=2**22 + 12345)  # no such process: stale, taken over
    assert acquire(db, "fiona") is None
    assert read_holder(db).user == "fiona"  # type: ignore[union-attr]


def test_a_ledger_held_by_someone_else_opens_read_only(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    path = sqlite_path(ledger.url)
    assert path is not None
    _other_holder(path)
    ctx = make_ctx(ledger, tmp_path)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    ctx.set_ledger(ledger)
    assert ctx.wait_idle(10)
    assert ctx.read_only
    assert ctx.why_not("transaction.write") == (
        f"This ledger is open read-only: {ctx.locked_by} has it open"
    )
    assert win.mode_label.text().startswith("Read-only: locked by sam on ")
    assert win.windowTitle().endswith("— read-only — fundledger")
    errors: list[str] = []
    ctx.run_write(
        lambda led: 1, lambda r: errors.append("written"), lambda e: errors.append(str(e))
    )
    assert ctx.wait_idle(10)
    assert errors == [f"this ledger is open read-only: {ctx.locked_by} has it open"]
    lock_path(path).unlink()


def test_a_ledger_whose_folder_cannot_be_written_opens_read_only(  # type: ignore[no-untyped-def]
    qtbot, ledger, tmp_path, monkeypatch
):
    """Its file or folder read-only (simulated: root ignores permission bits): the app reads,
    says why it cannot write, and a write is refused with that reason, not a traceback."""
    import db.engine
    from db.ledger import Ledger

    fill(ledger)
    path = sqlite_path(ledger.url)
    assert path is not None
    ledger.dispose()
    why = f"its folder {path.parent} is read-only"
    monkeypatch.setattr(db.engine, "read_only_reason", lambda _p: why)
    led = Ledger(ledger.url, ledger.actor)
    ctx = make_ctx(led, tmp_path)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    ctx.set_ledger(led)
    assert ctx.wait_idle(10)
    assert ctx.read_only and ctx.locked_by is None
    assert ctx.why_not("transaction.write") == f"This ledger is open read-only: {why}"
    assert win.mode_label.text() == f"Read-only: {why}"
    assert win.windowTitle().endswith("— read-only — fundledger")
    errors: list[str] = []

    def change(lg: Ledger) -> None:
        with lg.write():
            pass

    ctx.run_write(change, lambda r: errors.append("written"), lambda e: errors.append(str(e)))
    assert ctx.wait_idle(10)
    assert errors == [
        f"{path} cannot be changed: {why}; it was opened read-only and nothing was changed"
    ]
