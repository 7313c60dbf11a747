"""Single-user SQLite safety: the lock file, no WAL on a network path, automatic and daily backups,
restore with a safety copy, damaged files refused untouched, a hand-edited audit row detected."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from db import engine as engine_mod
from db.filelock import LedgerInUse, LedgerLock, lock_path
from db.ledger import Ledger
from db.migrate import LedgerFileError, alembic_config
from db.restore import daily_backup, restore_sqlite
from db.schema import Setting
from db.writes import insert
from ui.cli import main as cli
from ui.usecases.session import open_ledger


def _write_lock(path: Path, pid: int, machine: str | None = None) -> None:
    lock_path(path).write_text(
        json.dumps(
            {
                "user": "jo",
                "host": machine or socket.gethostname(),
                "pid": pid,
                "since": "2026-11-23T08:00:00+00:00",
            }
        )
    )


def test_a_second_user_is_told_who_has_the_ledger(
    ledger: Ledger, ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _write_lock(ledger_path, other.pid)
        assert cli(["--db", str(ledger_path), "user", "add", "bea", "--role", "viewer"]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"fundledger user: {ledger_path} is open by jo on ")
        assert f"(process {other.pid}) since 23/11/2026" in err
        assert "only one person can use it at a time" in err
    finally:
        other.kill()
        other.wait()
    # the holder died (kill -9, a crash): its lock is stale and is taken over
    assert cli(["--db", str(ledger_path), "user", "add", "bea", "--role", "viewer"]) == 0
    assert not lock_path(ledger_path).exists()  # released after the command


def test_the_app_sees_the_cli_lock_and_the_cli_sees_the_apps(ledger_path: Path) -> None:
    from ui.usecases import ledger_lock as app_lock

    with LedgerLock(ledger_path, "jo"):
        held = app_lock.read_holder(ledger_path)
        assert held is not None and (held.user, held.pid) == ("jo", os.getpid())
    assert not lock_path(ledger_path).exists()


def test_a_lock_from_another_machine_is_respected(ledger_path: Path) -> None:
    _write_lock(ledger_path, 1, machine="FINANCE-PC-07")
    with pytest.raises(LedgerInUse) as info:
        LedgerLock(ledger_path, "me").acquire()
    assert "is open by jo on FINANCE-PC-07" in str(info.value)
    assert "if FINANCE-PC-07 is no longer using it" in str(info.value)


def test_no_wal_on_a_network_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    local = engine_mod.make_engine(f"sqlite:///{tmp_path / 'local.sqlite'}")
    with local.connect() as c:
        assert c.execute(text("pragma journal_mode")).scalar_one() == "wal"
    local.dispose()
    monkeypatch.setattr(engine_mod, "is_network_path", lambda _p: True)
    shared = engine_mod.make_engine(f"sqlite:///{tmp_path / 'share.sqlite'}")
    with shared.connect() as c:
        assert c.execute(text("pragma journal_mode")).scalar_one() == "delete"
    shared.dispose()


def _downgrade_to_0001(path: Path) -> None:
    from alembic import command

    led = Ledger.open(str(path))
    cfg = alembic_config()
    with led.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
        conn.execute(text("update ledger_info set value = '1' where key = 'schema_version'"))
    led.dispose()


def test_an_upgrade_takes_a_verified_backup_first(ledger: Ledger, ledger_path: Path) -> None:
    ledger.dispose()
    _downgrade_to_0001(ledger_path)
    old_bytes = ledger_path.read_bytes()
    upgraded = open_ledger(str(ledger_path))
    upgraded.dispose()
    (backup,) = (ledger_path.parent / "backups").glob("ledger-*.sqlite")
    assert backup.read_bytes()[:16] == b"SQLite format 3\x00"
    with Ledger.open(str(backup)).engine.connect() as c:
        assert c.execute(text("select version_num from alembic_version")).scalar_one() == "0001"
    assert ledger_path.read_bytes() != old_bytes


def test_daily_backup_at_most_once_a_day(ledger: Ledger, ledger_path: Path) -> None:
    first = daily_backup(ledger_path)
    assert first is not None and first.path.exists()
    assert daily_backup(ledger_path) is None
    later = datetime.now(UTC) + timedelta(days=1, minutes=1)
    assert daily_backup(ledger_path, now=later) is not None


def test_restore_keeps_the_current_ledger_aside(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(["--db", str(ledger_path), "backup", "--out", str(tmp_path / "b.sqlite")]) == 0
    with ledger.write() as s:
        insert(s, ledger.actor, Setting(key="after_backup", value="1"))
    ledger.dispose()
    capsys.readouterr()
    assert cli(["--db", str(ledger_path), "restore", str(tmp_path / "b.sqlite")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Restored {ledger_path} from {tmp_path / 'b.sqlite'} (")
    (kept,) = (ledger_path.parent / "backups").glob("ledger.before-restore-*.sqlite")
    assert f"the previous ledger was kept at {kept}" in out
    with Ledger.open(str(ledger_path)).read() as s:
        assert s.get(Setting, "after_backup") is None
    with Ledger.open(str(kept)).read() as s:
        assert s.get(Setting, "after_backup") is not None


def test_restore_refuses_a_file_that_is_not_a_ledger(ledger: Ledger, ledger_path: Path) -> None:
    ledger.dispose()
    junk = ledger_path.parent / "junk.sqlite"
    junk.write_bytes(b"PK\x03\x04 not a database")
    before = ledger_path.read_bytes()
    with pytest.raises(Exception, match="not a fundledger ledger"):
        restore_sqlite(junk, ledger_path)
    assert ledger_path.read_bytes() == before


def test_a_truncated_ledger_is_refused_and_left_as_it_is(ledger: Ledger, tmp_path: Path) -> None:
    with ledger.write() as s:
        for i in range(300):
            insert(s, ledger.actor, Setting(key=f"k{i}", value="x" * 200))
    ledger.dispose()
    src = Path(ledger.url.removeprefix("sqlite:///"))
    cut = tmp_path / "cut.sqlite"
    led = Ledger.open(str(src))
    with led.engine.connect() as c:
        c.exec_driver_sql("pragma wal_checkpoint(truncate)")
    led.dispose()
    data = src.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    before = cut.read_bytes()
    with pytest.raises(LedgerFileError) as info:
        open_ledger(str(cut))
    assert str(info.value).startswith(f"{cut} is damaged and cannot be read")
    assert cut.read_bytes() == before
    wal = Path(str(cut) + "-wal")  # a WAL-mode header: a read-only open may leave an empty -wal
    assert not wal.exists() or wal.stat().st_size == 0


def test_check_detects_a_hand_edited_audit_row(
    ledger: Ledger, ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger.dispose()
    import sqlite3

    raw = sqlite3.connect(ledger_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("update audit_log set user = 'mallory' where id = 3")
    raw.execute("drop trigger guard_audit_log_no_update")  # anyone with the file can
    raw.execute("update audit_log set user = 'mallory' where id = 3")
    raw.commit()
    raw.close()
    capsys.readouterr()
    assert cli(["--db", str(ledger_path), "check"]) == 1
    out = capsys.readouterr()
    assert "audit-chain: audit entry 3: contents do not match their hash (edited?)" in (
        out.out + out.err
    )
    shutil.rmtree(ledger_path.parent / "backups", ignore_errors=True)


def test_a_good_ledger_is_inspected_through_sqlite_alone(
    ledger_path: Path, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a ledger never opens the file itself with Python: closing that descriptor would
    drop the POSIX locks this process's SQLite connections hold on it (another process could
    then delete the WAL under them).  Its bytes are read only once SQLite refused it."""
    from db.migrate import inspect_sqlite

    opened: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", spy)
    assert inspect_sqlite(ledger_path).exists
    assert ledger_path not in opened
    bad = ledger_path.with_name("not-a-ledger.sqlite")
    bad.write_bytes(b"PK\x03\x04 this is a zip, not a ledger" * 10)
    with pytest.raises(LedgerFileError, match="not an SQLite database"):
        inspect_sqlite(bad)
    assert bad in opened
