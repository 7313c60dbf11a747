"""The reconciliation queries' plans on SQLite (EXPLAIN QUERY PLAN): the ledger side seeks the
(year, date) index and each reversal by its index — never a scan of the transactions per row —
and a stream's statement lines seek their (stream, year, period) index; so a 100k × 100k
auto-match spends its time matching, not in SQL (bench/bench_reconcile.py)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from db.ledger import Ledger
from db.queries import reconcile as q
from db.queries.recon_scope import Scope
from db.schema import Transaction


def _plan(ledger: Ledger, stmt: Any) -> str:
    with ledger.read() as s:
        compiled = stmt.compile(s.get_bind(), compile_kwargs={"render_postcompile": True})
        values = compiled.construct_params()
        args = tuple(
            v.isoformat() if isinstance(v, date) else v
            for v in (values[k] for k in compiled.positiontup or ())
        )
        rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), args).all()
    return " | ".join(r[-1] for r in rows)


SCOPES = [
    Scope(None, 2025, (), (1, 6), date(2025, 10, 6)),
    Scope("DA", 2025, (), (4, 6), date(2025, 10, 6)),
    Scope("DA", 2025, (3,), (1, 12), None),
]


@pytest.mark.parametrize("scope", SCOPES)
def test_ledger_side_seeks_year_date_and_reversal_indexes(ledger: Ledger, scope: Scope) -> None:
    for stmt in (q._ledger_query(scope), q._ledger_query(scope, before=True)):
        plan = _plan(ledger, stmt)
        assert "SCAN transactions" not in plan, plan
        assert "USING INDEX ix_transactions_reverses_id (reverses_id=?)" in plan
        assert "SEARCH transactions_1 USING INTEGER PRIMARY KEY (rowid=?)" in plan
        # a seek on the stream and year (or, for every stream, the year), never a scan
        want = r"SEARCH transactions USING INDEX ix_transactions_\w+ \("
        want += r"stream_id=\? AND year=\?" if scope.stream else r"year=\?"
        assert re.search(want, plan), plan


def test_a_streams_statement_lines_seek_their_index(ledger: Ledger) -> None:
    plan = _plan(ledger, q._statement_query(SCOPES[1]))
    assert "SEARCH statement_lines USING INDEX ix_statement_lines_stream_year (stream_id=? AND " \
           "year=? AND period>?)" in plan  # fmt: skip


def test_totals_read_no_more_than_the_item_queries(ledger: Ledger) -> None:
    from sqlalchemy import select

    sub = q._ledger_query(SCOPES[0], (Transaction.amount,)).subquery()
    plan = _plan(ledger, select(sub.c.amount))
    assert "SCAN transactions" not in plan and "TEMP B-TREE" not in plan


def test_gl_batch_spans_scan_the_lines_once_without_an_automatic_index(ledger: Ledger) -> None:
    """Resolving a scope reads each active GL batch's span: the lines are grouped by batch in
    one scan, not joined per batch through an index SQLite builds on every run."""
    from db.queries.recon_scope import _batch_query

    plan = _plan(ledger, _batch_query())
    assert "SCAN statement_lines" in plan, plan
    assert "SEARCH statement_lines USING AUTOMATIC" not in plan, plan
