"""The usual transactions import (no duplicate to look for, no preview, no row chosen by hand)
is planned a column at a time (issue 23); the same file planned row by row — as it is with the
preview on — must give the same rows, column for column, and the same result."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select

from db.ledger import Ledger
from db.schema import actuals
from tests.ledgers import copy_sqlite
from ui.usecases.demo import load_demo
from ui.usecases.import_coding import RowCoder
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


def test_code_column_codes_each_row_as_code_does(ledger: Ledger) -> None:
    """RowCoder.code_column (a distinct key coded once, the rest looked up) gives each row
    the coding RowCoder.code gives it, on the demo ledger's own transactions."""
    load_demo(ledger)
    t = actuals.transactions
    cols = (t.c.stream_id, t.c.year, t.c.counterparty_org_id, t.c.cost_centre, t.c.account,
            t.c.counterparty, t.c.reference, t.c.description)  # fmt: skip
    with ledger.read() as s:
        got = s.execute(select(*cols).order_by(t.c.id)).all()
        rows = [SimpleNamespace(cost_centre=g[3], account=g[4], counterparty=g[5],
                                reference=g[6], description=g[7]) for g in got]  # fmt: skip
        sids, years, orgs = [g[0] for g in got], [g[1] for g in got], [g[2] for g in got]
        one, two = RowCoder(s, set(sids), set(years)), RowCoder(s, set(sids), set(years))
        for c in (one, two):  # the case coded once per key (no words, no reference patterns)
            c.by_ref, c.words = False, dict.fromkeys(sids, False)
        column = one.code_column(sids, years, rows, orgs)
        each = list(map(two.code, sids, years, rows, orgs))
    assert len(column) == len(rows) > 0
    assert any(c.line_id is not None for c in each)
    assert column == each
