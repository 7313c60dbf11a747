"""The real CLI in a subprocess: init, demo (twice), check, backup, and refusals (SPEC §5)."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ledgers import audit_triggers_dropped

ROOT = Path(__file__).resolve().parents[2]


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), FUNDLEDGER_HOME=str(db.parent / "home"))
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", "--db", str(db), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        return {n: conn.execute(f'select count(*) from "{n}"').fetchone()[0] for n in names}


def edit(path: Path, *statements: str) -> None:
    """Change the file behind fundledger's back, as someone with sqlite3 could."""
    conn = sqlite3.connect(path)
    try:
        with audit_triggers_dropped(conn):
            for sql in statements:
                conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """init → demo → demo → check, each exit 0; the second demo adds nothing."""
    db = tmp_path_factory.mktemp("cli") / "demo.sqlite"
    init = cli(db, "init")
    assert init.returncode == 0, init.stderr
    assert "initialised" in init.stdout
    first = cli(db, "demo")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"Demo ledger loaded into {db}: ")
    before = table_counts(db)
    second = cli(db, "demo")
    assert second.returncode == 0, second.stderr
    assert second.stdout == f"The demo (version 1) is already in {db}; nothing added.\n"
    assert table_counts(db) == before
    check = cli(db, "check")
    assert check.returncode == 0
    assert check.stdout.splitlines()[0] == f"{db}: all checks passed"
    assert check.stdout.splitlines()[1].startswith("Ledger seal #")
    return db


@pytest.fixture
def copy(demo_file: Path, tmp_path: Path) -> Path:
    target = tmp_path / "ledger.sqlite"
    shutil.copy(demo_file, target)
    return target


def test_init_demo_demo_check_chain(demo_file: Path) -> None:
    again = cli(demo_file, "init")
    assert (again.returncode, again.stdout) == (
        0,
        f"Ledger {demo_file} is up to date; nothing added.\n",
    )
    counts = table_counts(demo_file)
    assert counts["contract_lines"] == 17
    assert counts["period_locks"] == 1  # 2024-25 closed at year end


def test_check_detects_a_hand_edited_audit_entry(copy: Path) -> None:
    edit(
        copy,
        "drop trigger if exists guard_audit_log_no_update",
        "update audit_log set reason = 'nothing to see here' where id = 40",
    )
    result = cli(copy, "check")
    assert result.returncode == 1
    assert "audit-chain: audit entry 40: contents do not match their hash (edited?)" in (
        result.stdout.splitlines()
    )
    assert "problem(s) found" in result.stderr


def test_check_detects_a_float_in_a_money_column(copy: Path) -> None:
    edit(copy, "update allocations set amount = 12345.5 where id = 1")
    result = cli(copy, "check", "--json")
    assert result.returncode == 1
    assert '"where": "allocations.amount"' in result.stdout
    assert "1 value(s) are not whole pence (integer storage)" in result.stdout


def test_check_detects_a_row_without_audit(copy: Path) -> None:
    edit(
        copy,
        "insert into ledger_info(key, value) values ('x', 'y')",  # not audited by design: fine
        "insert into settings(key, value, version, created_at, created_by) "
        "values ('sneaky', '1', 1, '2026-01-01 00:00:00', 'mallory')",
    )
    result = cli(copy, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "audit: settings: rows without an audit record: sneaky"
    assert len(result.stdout.splitlines()) == 2  # and the seal


def test_bulk_demo_transactions_then_check(copy: Path) -> None:
    before = table_counts(copy)["transactions"]
    result = cli(copy, "demo", "--transactions", "1000")
    assert result.returncode == 0, result.stderr
    assert "Added 1,000 synthetic transactions as batch 1" in result.stdout
    assert table_counts(copy)["transactions"] == before + 1000
    assert cli(copy, "check").returncode == 0


def test_backup_makes_a_verified_copy(copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere" / "copy.sqlite"
    result = cli(copy, "backup", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Backed up {copy} to {out}: ")
    assert "verified" in result.stdout
    assert table_counts(out) == table_counts(copy)
    with sqlite3.connect(out) as a, sqlite3.connect(copy) as b:
        q = "select sum(amount) from transactions"
        assert a.execute(q).fetchone() == b.execute(q).fetchone()
    assert cli(out, "check").returncode == 0
    # automatic backups go beside the ledger
    auto = cli(copy, "backup")
    assert auto.returncode == 0, auto.stderr
    made = list((copy.parent / "backups").glob("ledger-*.sqlite"))
    assert len(made) == 1 and str(made[0]) in auto.stdout
    # refuses to overwrite
    again = cli(copy, "backup", "--out", str(out))
    assert again.returncode == 1
    assert "already exists" in again.stderr


@pytest.mark.parametrize(
    ("statement", "message", "commands"),
    [
        (
            "update ledger_info set value = '99' where key = 'schema_version'",
            "was written by a newer fundledger (schema version 99",
            ("init", "demo", "check", "backup"),
        ),
        (
            "update alembic_version set version_num = '9999_from_the_future'",
            "has schema revision '9999_from_the_future', which this fundledger does not know",
            ("init",),
        ),
    ],
)
def test_newer_ledger_is_refused_untouched(
    copy: Path, statement: str, message: str, commands: tuple[str, ...]
) -> None:
    edit(copy, statement)
    digest = sha256(copy)
    for command in commands:
        result = cli(copy, command)
        assert result.returncode == 1, command
        assert message in result.stderr, command
        assert "the ledger has not been changed" in result.stderr
    assert sha256(copy) == digest
    wal = Path(f"{copy}-wal")  # a read-only look may leave an empty WAL beside the file
    assert not wal.exists() or wal.stat().st_size == 0


def test_check_on_a_missing_ledger_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "nothing.sqlite"
    result = cli(db, "check")
    assert result.returncode == 1
    assert result.stderr == f"fundledger check: there is no ledger at {db}\n"
    assert not db.exists()


def test_check_asks_for_init_on_an_older_ledger(copy: Path) -> None:
    edit(copy, "update ledger_info set value = '0' where key = 'schema_version'")
    digest = sha256(copy)
    result = cli(copy, "check")
    assert result.returncode == 1
    assert "is at an older schema" in result.stderr
    assert "run `fundledger init` to upgrade it" in result.stderr
    assert sha256(copy) == digest
    assert cli(copy, "init").returncode == 0
    assert cli(copy, "check").returncode == 0
