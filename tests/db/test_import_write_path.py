"""The bulk import write leaves the ledger's schema as it found it: the per-row insert audit
trigger it suspends while the batch's rows go in (one covering entry audits them) and the
indexes it rebuilds come back with their own DDL — also when the write is cancelled after its
rows are in — and a row written afterwards is audited by that trigger again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bench.bench_import import make_workbook
from db.ledger import Ledger
from ui.usecases.imports import ImportCancelled, import_file


def _schema(path: Path) -> list[tuple[str, str, str]]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "select type, name, sql from sqlite_master where tbl_name = 'transactions' "
            "order by type, name"
        ).fetchall()
    finally:
        con.close()
    return [(str(t), str(n), str(s)) for t, n, s in rows]


def _audit(path: Path) -> list[tuple[str, str | None]]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "select action, row_id from audit_log where table_name = 'transactions' order by id"
        ).fetchall()
    finally:
        con.close()
    return [(str(a), r) for a, r in rows]


def test_an_import_restores_the_insert_audit_trigger(
    ledger: Ledger, ledger_path: Path, tmp_path: Path
) -> None:
    before = _schema(ledger_path)
    assert ("trigger", "audit_transactions_insert") in [(t, n) for t, n, _s in before]
    book = make_workbook(tmp_path / "invoices.xlsx", 60)
    result = import_file(ledger, "transactions", book, year="2025-26")
    assert (result.imported, result.errors) == (60, ())
    assert _schema(ledger_path) == before
    # one covering entry for the batch's rows, none per row
    assert _audit(ledger_path) == [("bulk_insert", None)]
    with ledger.write() as s:  # a row written later is audited by the trigger, one entry
        s.connection().exec_driver_sql(
            "UPDATE transactions SET description = 'checked' WHERE id = 1"
        )
    assert _audit(ledger_path)[-1] == ("update", "1")


def test_a_cancelled_import_leaves_the_trigger_and_writes_nothing(
    ledger: Ledger, ledger_path: Path, tmp_path: Path
) -> None:
    before = _schema(ledger_path)
    book = make_workbook(tmp_path / "invoices.xlsx", 60)
    asked: list[bool] = []

    def cancel() -> bool:  # first asked after the first chunk's rows are in
        asked.append(True)
        return True

    with pytest.raises(ImportCancelled):
        import_file(ledger, "transactions", book, year="2025-26", cancel=cancel)
    assert asked
    assert _schema(ledger_path) == before
    assert _audit(ledger_path) == []


def test_the_bulk_insert_stores_what_the_mapped_insert_stores(
    ledger: Ledger, ledger_path: Path
) -> None:
    """Every column a bulk insert writes — dates as ``YYYY-MM-DD`` text, booleans as 1/0
    (passed to the driver as they are), NULLs, pence — holds the same value and SQLite type as
    the same row inserted through the mapped class."""
    from datetime import date
    from decimal import Decimal

    from db.ops.imports import bulk_insert
    from db.schema import Transaction
    from db.writes import insert

    cols = ("stream_id", "txn_date", "year", "period", "amount", "kind", "counterparty",
            "reference", "reported_nil", "budget_line_id")  # fmt: skip
    rows = [(1, date(2025, 4, 1), 2025, 1, 12345, "spend", "Acme", "INV-1", True, None),
            (1, date(2026, 3, 31), 2025, 12, -5, "credit", None, None, False, None)]  # fmt: skip
    with ledger.write() as s:
        for row in rows:
            values: dict[str, object] = dict(zip(cols, row, strict=True))
            values["amount"] = Decimal(int(str(values["amount"]))) / 100  # the mapped class: pounds
            insert(s, ledger.actor, Transaction(**values))
        assert bulk_insert(s, Transaction, cols, iter(rows), ledger.actor, chunk=1) == 2
    con = sqlite3.connect(ledger_path)
    try:
        picked = ", ".join(f"typeof({c}), {c}" for c in (*cols, "version", "created_by"))
        got = con.execute(f"select {picked} from transactions order by id").fetchall()
    finally:
        con.close()
    assert got[0][:4] == ("integer", 1, "text", "2025-04-01")
    assert got[:2] == got[2:], got


def test_fixed_columns_and_repeated_days_store_what_the_rows_themselves_carry(
    ledger: Ledger, ledger_path: Path
) -> None:
    """``fixed`` values (the batch, bound once for every row) and a chunk whose days repeat
    (each day's text made once) store exactly what the same values in each row store."""
    from datetime import date

    from db.ops.imports import bulk_insert
    from db.schema import Transaction

    cols = ("stream_id", "txn_date", "year", "period", "amount", "kind", "reported_nil")
    days = [date(2025, 4, 1), date(2025, 4, 2)]
    rows = [(1, days[i % 2], 2025, 1, 100 + i, "spend", False) for i in range(8)]
    fixed = {"counterparty": "Acme", "reference": "INV-9", "description": None}
    with ledger.write() as s:
        carried = [(*r, *fixed.values()) for r in rows]
        assert bulk_insert(s, Transaction, (*cols, *fixed), carried, ledger.actor) == 8
        assert bulk_insert(s, Transaction, cols, rows, ledger.actor, fixed=fixed) == 8
    con = sqlite3.connect(ledger_path)
    try:
        picked = ", ".join(f"typeof({c}), {c}" for c in (*cols, *fixed, "version", "created_by"))
        got = con.execute(f"select {picked} from transactions order by id").fetchall()
    finally:
        con.close()
    assert got[1][2:4] == ("text", "2025-04-02") and got[0][14:16] == ("text", "Acme")
    assert got[:8] == got[8:], got


def test_a_big_import_keeps_the_partial_indexes_its_rows_do_not_enter(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The contract-line and reversal indexes hold only rows with a contract line or a
    reversal: an import of rows with neither leaves them in place (building them again
    would read the whole table) and drops and rebuilds the others; the ledger comes back
    whole and its indexes hold every row."""
    from sqlalchemy import event

    from db.ops import import_writes

    monkeypatch.setattr(import_writes, "REBUILD_AT", 10)  # 60 rows count as a big import
    dropped: list[str] = []

    def spy(_c: object, _cur: object, stmt: str, *_a: object) -> None:
        if stmt.startswith("DROP INDEX"):
            dropped.append(stmt.split('"')[1])

    before = _schema(ledger_path)
    event.listen(ledger.engine, "before_cursor_execute", spy)
    book = make_workbook(tmp_path / "invoices.xlsx", 60)
    result = import_file(ledger, "transactions", book, year="2025-26")
    assert (result.imported, result.errors) == (60, ())
    assert "ix_transactions_variance" in dropped  # a full index: rebuilt once
    assert "ix_transactions_contract" not in dropped
    assert "ix_transactions_reverses_id" not in dropped
    assert _schema(ledger_path) == before
    con = sqlite3.connect(ledger_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute(
            "SELECT count(*) FROM transactions INDEXED BY ix_transactions_variance"
        ).fetchone() == (60,)
    finally:
        con.close()


def test_a_partial_index_most_rows_enter_is_rebuilt() -> None:
    from db.ops.imports import sparse_partial

    sql = "CREATE INDEX ix_c ON transactions (contract_line_id, year) WHERE contract_line_id IS NOT NULL"
    few = sparse_partial(("stream_id", "contract_line_id"), [(1, None)] * 9 + [(1, 7)])
    most = sparse_partial(("stream_id", "contract_line_id"), [(1, None)] * 8 + [(1, 7)] * 2)
    assert few(sql) and not most(sql)  # a tenth at most stays; more are rebuilt
    assert sparse_partial(("stream_id",), [(1,)])(sql)  # a column the rows leave NULL
    assert not few("CREATE INDEX ix_b ON transactions (batch_id)")  # not partial: rebuilt
