"""Faults leave the last committed state: kill -9 mid-edit, a full disk mid-import, two writers.

(kill -9 in the middle of an import is tests/ui/test_import_kill.py.)  The processes are real
(``subprocess``); every wait is bounded.
"""

from __future__ import annotations

import os
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text

from db.audit import verify_chain
from db.ledger import Actor, Ledger
from db.schema import AuditEntry, BudgetLine, Setting, Stream, Transaction
from db.writes import StorageFault, insert
from fundledger.money import Money
from ui.usecases.imports import import_file

ROOT = Path(__file__).resolve().parents[2]
FIONA = Actor("fiona", "finance")

EDITOR = """
import sys, time
from db.ledger import Actor, Ledger
from db.schema import BudgetLine
from db.writes import update_row
from sqlalchemy import select
led = Ledger.open(sys.argv[1], Actor("frank", "finance"))
with led.write() as s:
    for line in s.execute(select(BudgetLine)).scalars():
        update_row(s, led.actor, line, {"sort_order": line.sort_order + 1}, reason="reorder")
    print("writing", file=sys.stderr, flush=True)
    time.sleep(60)
"""

COUNTER = """
import sys
from db.ledger import Actor, Ledger
from db.schema import Setting
from db.writes import ConflictError, update_row
led = Ledger.open(sys.argv[1], Actor(sys.argv[2], "admin"))
conflicts = 0
for _ in range(int(sys.argv[3])):
    while True:
        with led.read() as s:  # read, think, write: the version seen guards the write
            seen = s.get(Setting, "counter")
            version, value = seen.version, int(seen.value)
        try:
            with led.write() as s:
                row = s.get(Setting, "counter")
                update_row(s, led.actor, row, {"value": str(value + 1)}, expected_version=version)
            break
        except ConflictError:
            conflicts += 1
print(conflicts)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _snapshot(path: Path) -> dict[str, Any]:
    led = Ledger.open(str(path))
    try:
        with led.read() as s:
            return {
                "lines": s.execute(
                    select(BudgetLine.id, BudgetLine.sort_order, BudgetLine.version).order_by(
                        BudgetLine.id
                    )
                ).all(),
                "audit": s.execute(select(func.count()).select_from(AuditEntry)).scalar_one(),
                "chain": verify_chain(s),
                "integrity": s.execute(text("pragma integrity_check")).scalar_one(),
            }
    finally:
        led.dispose()


def _wait_for(proc: subprocess.Popen[bytes], word: bytes, timeout: float) -> None:
    assert proc.stderr is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stderr, selectors.EVENT_READ)
    seen, deadline = b"", time.monotonic() + timeout
    while word not in seen:
        left = deadline - time.monotonic()
        assert left > 0 and proc.poll() is None, f"no {word!r} in time: {seen!r}"
        if sel.select(left):
            seen += os.read(proc.stderr.fileno(), 4096)


def _lines(ledger: Ledger, n: int) -> None:
    with ledger.write() as s:
        da = s.execute(select(Stream.id).where(Stream.code == "DA")).scalar_one()
        for i in range(n):
            line = BudgetLine(stream_id=da, year=2025, name=f"Line {i:02d}",
                              original=Money(Decimal("100.00")))  # fmt: skip
            insert(s, FIONA, line)


def test_kill_9_during_a_bulk_edit_leaves_the_last_commit(
    ledger: Ledger, ledger_path: Path
) -> None:
    _lines(ledger, 40)
    ledger.dispose()
    before = _snapshot(ledger_path)
    assert before["chain"] == [] and before["integrity"] == "ok" and len(before["lines"]) == 40
    for _ in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(ledger_path)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(), cwd=ROOT,
        )  # fmt: skip
        try:
            _wait_for(proc, b"writing", timeout=30)  # 40 edits made, not committed
            os.kill(proc.pid, signal.SIGKILL)
            assert proc.wait(timeout=10) == -signal.SIGKILL
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            assert proc.stderr is not None
            proc.stderr.close()
        assert _snapshot(ledger_path) == before


def test_a_full_disk_during_an_import_saves_nothing(
    ledger: Ledger, ledger_path: Path, samples: Path
) -> None:
    with ledger.read() as s:
        pages = s.execute(text("pragma page_count")).scalar_one()
    before = _snapshot(ledger_path)

    @event.listens_for(ledger.engine, "connect")
    def _small_disk(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute(f"pragma max_page_count = {pages + 2}")

    with pytest.raises(StorageFault) as info:
        import_file(ledger, "transactions", samples / "invoices-2025-26-p01-p06.xlsx")
    assert str(info.value) == (
        "invoices-2025-26-p01-p06.xlsx: the disk is full: nothing from this import was saved "
        "(the ledger is as it was); free some space and import again"
    )
    event.remove(ledger.engine, "connect", _small_disk)
    ledger.dispose()
    assert _snapshot(ledger_path) == before
    with Ledger.open(str(ledger_path)).read() as s:
        assert s.execute(select(func.count()).select_from(Transaction)).scalar_one() == 0
    # with room again the same file imports in full
    done = import_file(Ledger.open(str(ledger_path)), "transactions",
                       samples / "invoices-2025-26-p01-p06.xlsx")  # fmt: skip
    assert done.errors == () and done.imported == 96


def _race(url: str, n: int) -> tuple[int, int]:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", COUNTER, url, who, str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(),
            cwd=ROOT,
        )
        for who in ("ann", "bob")
    ]
    conflicts = 0
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err.decode()
        conflicts += int(out)
    led = Ledger.open(url)
    try:
        with led.read() as s:
            row = s.get(Setting, "counter")
            assert row is not None
            return int(row.value), conflicts
    finally:
        led.dispose()


def _counter(ledger: Ledger) -> None:
    with ledger.write() as s:
        insert(s, Actor("ada", "admin"), Setting(key="counter", value="0"))


def test_two_processes_incrementing_end_at_the_exact_total(ledger: Ledger) -> None:
    _counter(ledger)
    total, _conflicts = _race(ledger.url, 25)
    assert total == 50


@pytest.mark.postgres
def test_two_processes_incrementing_on_postgres(pg_ledger_url: str) -> None:
    from ui.usecases.init import init_ledger

    led = init_ledger(pg_ledger_url)
    _counter(led)
    led.dispose()
    total, _conflicts = _race(pg_ledger_url, 10)
    assert total == 20
