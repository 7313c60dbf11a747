"""The usual transactions import (no duplicate to look for, no preview, no row chosen by hand)
is planned a column at a time (issue 23); the same file planned row by row — as it is with the
preview on — must give the same rows, column for column, and the same result."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from tests.ledgers import copy_sqlite
from ui.usecases.imports import import_file
from ui.usecases.init import init_ledger

FILE = "invoices-2025-26-p01-p06.xlsx"


def _rows(path: Path) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(path)
    try:
        cols = [r[1] for r in con.execute("pragma table_info(transactions)")]
        keep = ", ".join(c for c in cols if c not in ("created_at", "updated_at"))
        return con.execute(f"select {keep} from transactions order by id").fetchall()
    finally:
        con.close()


def test_column_wise_plan_writes_what_the_row_by_row_plan_writes(
    ledger_template: Path, tmp_path: Path, samples: Path
) -> None:
    seen: dict[bool, tuple[Any, ...]] = {}
    for preview in (False, True):  # False: column-wise; True: row by row
        path = copy_sqlite(ledger_template, tmp_path / f"preview-{preview}.sqlite")
        led = init_ledger(str(path))
        try:
            r = import_file(led, "transactions", samples / FILE, year="2025-26",
                            with_preview=preview)  # fmt: skip
        finally:
            led.dispose()
        assert r.errors == ()
        seen[preview] = (r.rows_read, r.imported, r.total, r.by_stream, _rows(path))
    assert seen[False][1] == 96
    assert seen[False] == seen[True]


def test_a_column_of_booleans_binds_as_its_processor_binds_it() -> None:
    """``_bind`` writes an all-bool column without the per-value processor: the same values."""
    from sqlalchemy import Boolean
    from sqlalchemy.dialects import postgresql, sqlite

    from db.ops.imports import _bind, _processor

    batch = [(True, 1), (False, 2), (False, 3)]
    for dialect in (sqlite.dialect(), postgresql.dialect()):  # type: ignore[no-untyped-call]
        proc = _processor(Boolean(), dialect)
        got = _bind(batch, [(0, proc, Boolean())], dialect.supports_native_boolean)
        want = [(proc(b), n) for b, n in batch]
        assert got == want
        assert [type(v) for v, _n in got] == [type(v) for v, _n in want]
