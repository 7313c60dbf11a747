"""Binding a bulk insert's chunk (db.ops.bulk_bind): on SQLite a column NULL on every row of
the chunk that may be left out is left out of the INSERT, booleans go as the 1/0 SQLite stores,
and what is stored is what binding every value stores; a NOT NULL column is never left out."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Boolean, Date
from sqlalchemy.exc import IntegrityError

from db.ledger import Ledger
from db.ops.bulk_bind import bind_chunk
from db.ops.imports import bulk_insert
from db.schema import Transaction


def _iso(v: date) -> str:
    return v.isoformat()


def test_a_chunk_leaves_out_only_optional_columns_null_throughout() -> None:
    rows: list[tuple[object, ...]] = [
        (1, None, date(2025, 4, 1), True, None),
        (2, None, date(2025, 4, 2), False, "x"),
    ]
    active = [(2, _iso, Date()), (3, bool, Boolean())]
    optional = [False, True, False, False, True, True, True]  # then const: None, 7
    kept, params = bind_chunk(rows, active, (None, 7), True, optional)
    assert kept == [0, 2, 3, 4, 6]  # column 1 and the NULL constant left out
    assert params == [(1, "2025-04-01", 1, None, 7), (2, "2025-04-02", 0, "x", 7)]
    assert all(type(p[2]) is int for p in params)
    # not optional (NOT NULL): kept however NULL, so SQLite refuses the row as before
    kept, params = bind_chunk(rows, active, (None, 7), True, [False] * 7)
    assert kept == list(range(7)) and params[0][1] is None


def _stored(path: Path, cols: tuple[str, ...]) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        picked = ", ".join(f"typeof({c}), {c}" for c in cols)
        return con.execute(f"select {picked} from transactions order by id").fetchall()
    finally:
        con.close()


def test_left_out_columns_store_the_null_binding_stores(ledger: Ledger, ledger_path: Path) -> None:
    cols = ("stream_id", "txn_date", "year", "period", "amount", "kind", "reported_nil",
            "budget_line_id", "account")  # fmt: skip
    row = (1, date(2025, 4, 1), 2025, 1, 5, "spend", True, None, None)
    with ledger.write() as s:  # account NULL throughout (left out), then bound as NULL
        assert bulk_insert(s, Transaction, cols, [row, row], ledger.actor) == 2
        bound = [row, (*row[:-1], "A1")]
        assert bulk_insert(s, Transaction, cols, bound, ledger.actor) == 2
    got = _stored(ledger_path, cols)
    assert got[0] == got[2], got
    assert got[0][12:] == ("integer", 1, "null", None, "null", None)
    assert got[3][-2:] == ("text", "A1")


def test_a_not_null_column_given_none_is_still_refused(ledger: Ledger) -> None:
    cols = ("stream_id", "txn_date", "year", "period", "amount", "kind", "reported_nil")
    with pytest.raises(IntegrityError), ledger.write() as s:
        bulk_insert(s, Transaction, cols, [(1, date(2025, 4, 1), 2025, 1, 5, None, False)],
                    ledger.actor)  # fmt: skip
