"""A process killed (SIGKILL) in the middle of a large import leaves the ledger exactly as it was.

The import runs in a real subprocess with ``FUNDLEDGER_IMPORT_MARK`` set: after writing its
first chunk of rows inside the write transaction it prints ``writing`` to stderr and pauses,
so the test kills it at a known point — rows written, nothing committed.
"""

from __future__ import annotations

import importlib.util
import os
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from bench.bench_import import make_workbook
from db.audit import verify_chain
from db.ledger import Ledger
from db.schema import AuditEntry, ImportBatch, StatementLine, Transaction
from ui.usecases.imports import import_file

ROOT = Path(__file__).resolve().parents[2]
ROWS = 25_000


def _snapshot(db: Path) -> dict[str, Any]:
    ledger = Ledger.open(str(db))
    try:
        with ledger.read() as s:
            out: dict[str, Any] = {
                m.__tablename__: s.execute(select(func.count()).select_from(m)).scalar_one()
                for m in (Transaction, ImportBatch, AuditEntry, StatementLine)
            }
            out["sum"] = s.execute(select(func.sum(Transaction.amount))).scalar_one()
            out["chain"] = verify_chain(s)
            out["integrity"] = s.execute(text("pragma integrity_check")).scalar_one()
            out["indexes"] = s.execute(
                text(
                    "select group_concat(name) from (select name from sqlite_master "
                    "where type = 'index' and tbl_name = 'transactions' order by name)"
                )
            ).scalar_one()
    finally:
        ledger.dispose()
    return out


def _wait_for(proc: subprocess.Popen[bytes], word: bytes, timeout: float) -> bytes:
    assert proc.stderr is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stderr, selectors.EVENT_READ)
    seen = b""
    deadline = time.monotonic() + timeout
    while word not in seen:
        left = deadline - time.monotonic()
        assert left > 0 and proc.poll() is None, f"no {word!r} in time; stderr: {seen!r}"
        if sel.select(left):
            chunk = os.read(proc.stderr.fileno(), 4096)
            if not chunk:
                break
            seen += chunk
    return seen


def _assert_write_locked(db: Path) -> None:
    con = sqlite3.connect(db, timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            con.execute("BEGIN IMMEDIATE")
    finally:
        con.close()


def test_killed_import_leaves_the_ledger_as_before(
    ledger: Ledger, ledger_path: Path, samples: Path, tmp_path: Path
) -> None:
    first = import_file(ledger, "transactions", samples / "invoices-2025-26-p01-p06.xlsx")
    assert first.errors == ()
    ledger.dispose()
    big = make_workbook(tmp_path / "big.xlsx", ROWS)
    before = _snapshot(ledger_path)
    assert before["transactions"] == 96 and before["chain"] == []
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FUNDLEDGER_IMPORT_MARK": "60"}
    cmd = [sys.executable, "-m", "ui.cli", "--db", str(ledger_path), "import", "transactions"]
    proc = subprocess.Popen(
        [*cmd, str(big), "--year", "2025-26"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    try:
        _wait_for(proc, b"writing", timeout=60)
        _assert_write_locked(ledger_path)  # the import's write transaction is open
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()
    after = _snapshot(ledger_path)
    assert after == before
    if importlib.util.find_spec("ui.commands.check") is not None:
        from ui.cli import main

        assert main(["--db", str(ledger_path), "check"]) == 0
    # and the same file imports cleanly afterwards
    again = Ledger.open(str(ledger_path))
    try:
        result = import_file(again, "transactions", big, year="2025-26")
    finally:
        again.dispose()
    assert (result.errors, result.imported) == ((), ROWS)
    final = _snapshot(ledger_path)  # a bulk import this big rebuilt the indexes: all back
    assert (final["indexes"], final["integrity"], final["chain"]) == (
        before["indexes"],
        "ok",
        [],
    )
    assert final["transactions"] == 96 + ROWS
