"""Period locks through the command line: an import into a closed period is refused (exit 2,
nothing written) and goes through once an administrator reopens the period."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.ledger import Actor, Ledger
from db.ops.locks import close_period, reopen
from db.schema import Stream, Transaction
from ui.cli import main

FINANCE = Actor("fiona", "finance")
ADMIN = Actor("ada", "admin")
INVOICES = "invoices-2025-26-p01-p06.xlsx"


def _import(ledger_path: Path, samples: Path) -> int:
    argv = ["--db", str(ledger_path), "import", "transactions", str(samples / INVOICES)]
    return main([*argv, "--year", "2025-26", "--json"])


def _count(ledger: Ledger) -> int:
    with ledger.read() as s:
        return s.execute(select(func.count()).select_from(Transaction)).scalar_one()


def test_import_into_a_closed_period_is_refused_until_reopened(
    ledger: Ledger, ledger_path: Path, samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ledger.write() as s:
        da = s.execute(select(Stream.id).where(Stream.code == "DA")).scalar_one()
        lock = close_period(s, FINANCE, year=2025, period=2, stream_id=da, reason="May closed")
    assert _import(ledger_path, samples) == 2
    out = json.loads(capsys.readouterr().out)
    assert out["batch"] is None
    reasons = [e["reason"] for e in out["errors"]]
    assert len(reasons) == 1
    assert reasons[0].startswith(
        "rows 18, 19, 20, 21, 23, 24, 25, 26, … (10 rows) are charged to a closed period: "
        "2025-26 P02 is closed for DA"
    )
    assert reasons[0].endswith(": May closed)")
    assert _count(ledger) == 0
    with ledger.write() as s:
        reopen(s, ADMIN, lock, reason="late invoices to import")
    assert _import(ledger_path, samples) == 0
    assert json.loads(capsys.readouterr().out)["batch"] is not None
    assert _count(ledger) > 0
