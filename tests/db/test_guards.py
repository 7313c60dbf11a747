"""Revision 0002's guards refuse raw SQL: closed periods (both backends here), deletes, the audit
log, self-approval (SQLite here; PostgreSQL in test_shared_roles).  Each test writes through the
app first, then tries what a tool could do."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db.ledger import Ledger
from db.ops.locks import close_period
from db.ops.transactions import TransactionInput, add_transaction
from db.schema import MONEY_TABLES
from ui.usecases import lifecycle

from .lifecycle_helpers import BACKENDS, DA_HOLDER, FIONA, FRANK, line, open_backend, sid


@pytest.fixture(params=BACKENDS)
def both(request: pytest.FixtureRequest, ledger_path: Path) -> Iterator[Ledger]:
    """SQLite and PostgreSQL (the other guards' PostgreSQL twins are in test_shared_roles)."""
    yield from open_backend(request, ledger_path)


def refused(ledger: Ledger, sql: str) -> str:
    with pytest.raises(DBAPIError) as info, ledger.engine.begin() as c:
        c.execute(text(sql))
    return str(info.value.orig).splitlines()[0]


def triggers(ledger: Ledger) -> set[str]:
    sql = (
        "select name from sqlite_master where type = 'trigger'"
        if ledger.backend == "sqlite"
        else "select tgname from pg_trigger where not tgisinternal"
    )
    with ledger.engine.connect() as c:
        return set(c.execute(text(sql)).scalars())


def _setup(ledger: Ledger) -> tuple[int, int, int]:
    staff = line(ledger, "DA", 2025, "Staff", "1000.00")
    other = line(ledger, "DA", 2025, "Other", "500.00")
    ledger.actor = FIONA
    with ledger.write() as s:
        txn = add_transaction(s, FIONA, TransactionInput(
            stream_id=sid(ledger, "DA"), txn_date=date(2025, 6, 3), amount=Decimal("10.00"),
            budget_line_id=staff))  # fmt: skip
    return staff, other, txn


def test_a_closed_period_refuses_raw_insert_update_delete(both: Ledger) -> None:
    ledger = both
    staff, other, txn = _setup(ledger)
    ledger.actor = DA_HOLDER
    vid = lifecycle.request_virement(ledger, staff, other, Decimal("5.00"), "rephase", 3)
    lifecycle.enter_forecast(ledger, staff, 3, Decimal("900.00"), None)
    with ledger.write() as s:
        close_period(s, FIONA, year=2025, period=3, stream_id=sid(ledger, "DA"), reason="closed")
    pg = ledger.backend == "postgresql"
    expected = (
        "fundledger: period 2025-26 P03 is closed for DA; transactions in it cannot be changed "
        "(an administrator must reopen the period first)"
        if pg
        else "CHECK constraint failed: fundledger: period P03 is closed (an active period lock "
        "covers the row's stream and year); an administrator must reopen it first"
    )
    assert refused(ledger, f"update transactions set amount = 1 where id = {txn}") == expected
    assert "P03 is closed" in refused(
        ledger, f"update transactions set period = 4 where id = {txn}"
    )  # moving a row out of a closed period is a change to it
    assert "P03 is closed" in refused(ledger, f"update virements set amount = 1 where id = {vid}")
    assert "P03 is closed" in refused(ledger, "update forecasts set amount = 1")
    insert = (
        "insert into transactions(stream_id, txn_date, year, period, amount, kind, reported_nil, "
        f"version, created_at, created_by) values ({sid(ledger, 'DA')}, '2025-06-04', 2025, 3, "
        "1, 'spend', false, 1, '2026-01-01', 'x')"
    )
    assert "P03 is closed" in refused(ledger, insert)
    # another stream, or another period, is open
    with ledger.engine.begin() as c:
        c.execute(text(insert.replace(f"({sid(ledger, 'DA')},", f"({sid(ledger, 'YJ')},")))
        c.execute(text(insert.replace("2025, 3,", "2025, 4,")))


def test_money_delete_refused_with_rows(ledger: Ledger) -> None:
    _staff, _other, txn = _setup(ledger)
    assert refused(ledger, f"delete from transactions where id = {txn}") == (
        "fundledger: transactions rows are never deleted; correct them with a reversal or undo "
        "their import"
    )
    assert "rows are never deleted" in refused(ledger, "delete from budget_lines")
    # every money table carries the guard (an empty table has no row to refuse)
    for table in MONEY_TABLES:
        assert f"guard_{table}_no_delete" in triggers(ledger), table


def test_the_audit_log_is_append_only(ledger: Ledger) -> None:
    _setup(ledger)
    assert "audit log is append-only" in refused(ledger, "update audit_log set reason = 'x'")
    assert "audit log is append-only" in refused(ledger, "delete from audit_log")


def test_self_approval_refused_by_trigger(ledger: Ledger) -> None:
    staff, other, _txn = _setup(ledger)
    ledger.actor = FRANK
    vid = lifecycle.request_virement(ledger, staff, other, Decimal("5.00"), "rephase", 3)
    msg = refused(
        ledger,
        "update virements set status = 'approved', decided_by = requested_by, "
        f"decided_at = '2026-01-01' where id = {vid}",
    )
    assert "cannot approve" in msg or "no_self_approval" in msg
    if ledger.backend == "sqlite":  # the trigger names the rule; the CHECK backs it up
        assert msg == (
            "fundledger: virements: the person who requested it cannot approve or reject it "
            "(segregation of duties)"
        )
