"""SQLite: an import checks the closed-period guard once for its batch (db.ops.batch_guard)
instead of once per row, and refuses exactly as the per-row trigger does.  The app's own
checks (the plan's lock problems, ``assert_open`` before writing) are switched off here so
that the database is the only thing left to refuse; the ledger's guard is intact afterwards
and a raw insert into the closed period is still refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bench.bench_import import make_workbook
from db.ledger import Ledger
from db.ops import batch_guard, import_writes
from db.ops.locks import close_period
from ui.usecases.imports import import_file

from .lifecycle_helpers import FIONA, sid
from .test_import_write_path import _schema

#: a row of DA (cost centre LC4410) in May 2025 (P02), written as a tool could
RAW = (
    "insert into transactions(stream_id, txn_date, year, period, amount, kind, reported_nil, "
    "version, created_at, created_by) values ({sid}, '2025-05-04', 2025, 2, 1, 'spend', 0, 1, "
    "'2026-01-01', 'x')"
)


def _close_may(ledger: Ledger) -> None:
    ledger.actor = FIONA
    with ledger.write() as s:
        close_period(s, FIONA, year=2025, period=2, stream_id=sid(ledger, "DA"), reason="closed")


def _no_app_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ui.usecases.imports.lock_problems", lambda *a: [])
    monkeypatch.setattr("ui.usecases.import_commit.assert_open", lambda *a: None)


def _refused(ledger: Ledger, book: Path) -> str:
    with pytest.raises(DBAPIError) as info:
        import_file(ledger, "transactions", book, year="2025-26")
    return str(info.value.orig).splitlines()[0]


def _counts(path: Path) -> tuple[int, int]:
    con = sqlite3.connect(path)
    try:
        txns = con.execute("select count(*) from transactions").fetchone()[0]
        batches = con.execute("select count(*) from import_batches").fetchone()[0]
    finally:
        con.close()
    return int(txns), int(batches)


def test_a_batch_in_a_closed_period_is_refused_as_the_trigger_refuses_a_row(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _close_may(ledger)
    before = _schema(ledger_path)
    book = make_workbook(tmp_path / "invoices.xlsx", 60)  # 1 April – 30 May 2025
    _no_app_checks(monkeypatch)
    with pytest.raises(DBAPIError) as raw, ledger.engine.begin() as c:
        c.execute(text(RAW.format(sid=sid(ledger, "DA"))))
    by_trigger = str(raw.value.orig).splitlines()[0]
    assert "P02 is closed" in by_trigger

    assert _refused(ledger, book) == by_trigger  # the batch's one check
    assert _counts(ledger_path) == (0, 0)  # nothing written
    assert _schema(ledger_path) == before  # the guard is back, as it was

    # the same import with the guard left on its rows (checked one by one): the same refusal
    monkeypatch.setattr(import_writes, "suspend_period_guard", lambda *a: [])
    assert _refused(ledger, book) == by_trigger
    assert _counts(ledger_path) == (0, 0)


def test_after_an_import_a_raw_insert_into_a_closed_period_is_still_refused(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _close_may(ledger)
    before = _schema(ledger_path)
    book = make_workbook(tmp_path / "invoices.xlsx", 30)  # April only: open
    checked: list[Any] = []
    real = batch_guard.suspend_period_guard

    def spy(*a: Any) -> Any:
        checked.extend(out := real(*a))
        return out

    monkeypatch.setattr(import_writes, "suspend_period_guard", spy)
    result = import_file(ledger, "transactions", book, year="2025-26")
    assert (result.imported, result.errors) == (30, ())
    assert [g.table for g in checked] == ["transactions"]  # the batch was checked at once
    assert _schema(ledger_path) == before
    with pytest.raises(DBAPIError, match="P02 is closed"), ledger.engine.begin() as c:
        c.execute(text(RAW.format(sid=sid(ledger, "DA"))))
    with ledger.engine.begin() as c:  # another period is open
        c.execute(text(RAW.format(sid=sid(ledger, "DA")).replace("2025, 2,", "2025, 1,")))
