"""The variance query's plans on SQLite: each figure family seeks the index written for it
(EXPLAIN QUERY PLAN), so a long ledger answers in milliseconds (bench/bench_variance.py)."""

from __future__ import annotations

from datetime import date

import pytest

from db.ledger import Ledger

AS_AT = date(2026, 6, 12)


def test_actual_query_uses_the_covering_index(ledger: Ledger) -> None:
    """The actual subquery is answered from ix_transactions_variance alone."""
    from db.queries.variance import Scope
    from db.queries.variance_families import _actuals
    from db.queries.variance_scope import params

    scope = Scope(AS_AT, 3, 2025)
    stmt = _actuals(scope)[0]
    with ledger.read() as s:
        compiled = stmt.compile(s.get_bind())
        values = compiled.construct_params(params(scope))
        args = tuple(str(values[k]) for k in compiled.positiontup or ())
        conn = s.connection()
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), args).all()
    plan = " ".join(r[-1] for r in rows)
    assert "USING COVERING INDEX ix_transactions_variance (stream_id=? AND year=?)" in plan
    assert "TEMP B-TREE" not in plan


def test_invoiced_per_contract_profile_is_an_index_seek(ledger: Ledger) -> None:
    """Invoiced-to-date per contract profile seeks ix_transactions_contract, never a year scan.

    Without it the planner picked ix_transactions_year_date and read a whole year of
    transactions per contract profile (1.7 s instead of 25 ms on a 100k-row ledger).
    """
    from db.queries.variance import Scope
    from db.queries.variance_families import _profiles
    from db.queries.variance_scope import params

    scope = Scope(AS_AT, None, None)
    with ledger.read() as s:
        compiled = _profiles(scope).compile(s.get_bind())
        values = compiled.construct_params(params(scope))
        args = tuple(str(values[k]) for k in compiled.positiontup or ())
        rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), args).all()
    plan = " ".join(r[-1] for r in rows)
    assert "USING COVERING INDEX ix_transactions_contract (contract_line_id=? AND year=?" in plan
    assert "ix_transactions_year_date" not in plan


def _plan(ledger: Ledger, stmt: object, scope: object) -> str:
    from db.queries.variance_scope import params

    with ledger.read() as s:
        compiled = stmt.compile(s.get_bind())  # type: ignore[attr-defined]
        values = compiled.construct_params(params(scope))  # type: ignore[arg-type]
        args = tuple(
            v.isoformat() if isinstance(v, date) else v
            for v in (values[k] for k in compiled.positiontup or ())
        )
        rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), args).all()
    return " ".join(r[-1] for r in rows)


@pytest.mark.parametrize(
    ("stream_id", "year", "seek"),
    [
        (None, None, "ix_transactions_variance"),
        (None, 2025, "ix_transactions_variance (stream_id=? AND year=?)"),
        (1, None, "ix_transactions_variance (stream_id=?)"),
        (1, 2025, "ix_transactions_variance (stream_id=? AND year=?)"),
    ],
)
def test_actuals_read_the_covering_index_in_group_order(
    ledger: Ledger, stream_id: int | None, year: int | None, seek: str
) -> None:
    """Actual (by line and by period) comes off ix_transactions_variance, seeking the scope.

    Without statistics SQLite preferred ix_transactions_year_date for ``year = ? AND
    txn_date <= ?`` and read the table per row to group by line: 1.2 s instead of 0.07 s
    on a 1M-row ledger (bench/bench_variance.py).  No sort of the big table either.
    """
    from db.queries.variance import Scope, _period_actuals_stmt
    from db.queries.variance_families import _spend
    from db.queries.variance_scope import shape

    scope = Scope(AS_AT, stream_id, year)
    for stmt in (_spend(shape(scope)), _period_actuals_stmt(shape(scope))):
        plan = _plan(ledger, stmt, scope)
        assert f"COVERING INDEX {seek}" in plan, plan
        assert "ix_transactions_year_date" not in plan, plan
        assert "ix_transactions_stream_year_date" not in plan, plan
        assert "ix_transactions_date" not in plan, plan
        assert "TEMP B-TREE" not in plan.split("transactions", 1)[1].split("income_items")[0], plan


def test_nil_flag_is_a_seek_only_for_lines_that_sum_to_zero(ledger: Ledger) -> None:
    from db.queries.variance import Scope
    from db.queries.variance_families import _spend
    from db.queries.variance_scope import shape

    scope = Scope(AS_AT, None, 2025)
    plan = _plan(ledger, _spend(shape(scope)), scope)
    seek = "nil_txn USING COVERING INDEX ix_transactions_variance"
    assert f"{seek} (stream_id=? AND year=? AND budget_line_id=?)" in plan, plan


@pytest.mark.parametrize(("stream_id", "year"), [(None, None), (None, 2025), (3, None), (3, 2025)])
def test_eligibility_spend_seeks_each_line_off_the_covering_index(
    ledger: Ledger, stream_id: int | None, year: int | None
) -> None:
    """Spend on lines not (known to be) eligible is summed per line in question by (stream,
    year, line) off ix_transactions_variance; joining every transaction to its line read the
    whole table (2.0 s of a 2.1 s variance report on a 1M-row ledger)."""
    from db.queries.variance import Scope
    from db.queries.variance_context import _eligibility_stmt

    scope = Scope(AS_AT, stream_id, year)
    plan = _plan(ledger, _eligibility_stmt(scope), scope)
    assert (
        "SEARCH transactions USING COVERING INDEX ix_transactions_variance "
        "(stream_id=? AND year=? AND budget_line_id=?)" in plan
    )
    assert "SCAN transactions" not in plan
    # each line's spend is summed once: a filter on it in SQL evaluated the flattened
    # correlated sum a second time (≈7 → 2 ms of a 1M-row ledger's stream report)
    assert len(_transaction_reads(ledger, _eligibility_stmt(scope), scope)) == 1


def _transaction_reads(ledger: Ledger, stmt: object, scope: object) -> list[str]:
    """The plan's steps that read ``transactions`` (its own name or an alias of it)."""
    from db.queries.variance_scope import params

    with ledger.read() as s:
        compiled = stmt.compile(s.get_bind())  # type: ignore[attr-defined]
        values = compiled.construct_params(params(scope))  # type: ignore[arg-type]
        args = tuple(
            v.isoformat() if isinstance(v, date) else v
            for v in (values[k] for k in compiled.positiontup or ())
        )
        rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), args).all()
    return [r[-1] for r in rows if " transactions " in r[-1] or " nil_txn " in r[-1]]


@pytest.mark.parametrize(
    ("stream_id", "year", "seek"),
    [
        (None, None, "ix_transactions_variance"),
        (None, 2025, "ix_transactions_variance (stream_id=? AND year=?)"),
        (3, None, "ix_transactions_variance (stream_id=?)"),
        (3, 2025, "ix_transactions_variance (stream_id=? AND year=?)"),
    ],
)
@pytest.mark.parametrize("level", ["line", "partner", "period"])
def test_the_whole_report_reads_transactions_only_off_their_covering_indexes(
    ledger: Ledger, stream_id: int | None, year: int | None, seek: str, level: str
) -> None:
    """Every read of ``transactions`` in the report's statements — the figures at a level (at
    period level: the figures without actual, then actual per period), the nil flag and the
    eligibility spend — is a covering-index read: actual seeks ix_transactions_variance by the
    scope (``variance --stream DA``: stream_id=?, every year), invoiced-to-date seeks
    ix_transactions_contract, and no step reads the table or a date index (issue 23: the
    stream-only report is a seek like the others; what it spends beyond the raw GROUP BY is the
    eligibility spend of its lines in question and the per-report Python, not the plan)."""
    from db.queries.variance import Scope, _figure_stmt, _period_actuals_stmt
    from db.queries.variance_context import _eligibility_stmt
    from db.queries.variance_scope import shape

    scope = Scope(AS_AT, stream_id, year)
    if level == "period":
        stmts = [_figure_stmt(shape(scope), "line", False), _period_actuals_stmt(shape(scope))]
    else:
        stmts = [_figure_stmt(shape(scope), level, True)]
    reads = [r for stmt in (*stmts, _eligibility_stmt(shape(scope))) for r in
             _transaction_reads(ledger, stmt, scope)]  # fmt: skip
    assert any(f"COVERING INDEX {seek}" in r for r in reads), reads
    for r in reads:
        assert "COVERING INDEX ix_transactions_variance" in r or (
            "COVERING INDEX ix_transactions_contract (contract_line_id=? AND year=?" in r
        ), r
