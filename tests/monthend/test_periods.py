"""Month-end periods on SQLite and PostgreSQL: closing up to a period is cumulative, a closed
period refuses postings, reopening is an administrator's (from a period onwards), and a
reversal of a closed period's transaction goes into the open period, moving variance by
exactly its amount."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from db.audit import verify_chain
from db.checks import run_checks
from db.ops import period_close, transactions
from db.ops.locks import PeriodLocked, close_period
from db.ops.transactions import TransactionInput
from db.schema import AuditEntry, Transaction
from db.writes import LedgerError, PermissionDenied
from fundledger.periods import correction_period, default_close_to, period_name, range_label
from tests.db.lifecycle_helpers import ADMIN, BACKENDS, FIONA, m, open_backend, sid
from ui.usecases.variance import variance_report


@pytest.fixture(params=BACKENDS)
def ledger(request, ledger_path):  # type: ignore[no-untyped-def]
    yield from open_backend(request, ledger_path)


def _post(ledger, stream: int, when: date, amount: str) -> int:  # type: ignore[no-untyped-def]
    with ledger.write() as s:
        return transactions.add_transaction(s, FIONA, TransactionInput(stream, when, amount))


def _actual(ledger) -> Decimal:  # type: ignore[no-untyped-def]
    rep = variance_report(ledger, year=2025, stream="DA", as_at=date(2026, 3, 31))
    return Decimal(rep.totals.figures.actual)


def test_pure_period_rules() -> None:
    assert period_name(2025, 6) == "P06 September 2025"
    assert period_name(2025, 10) == "P10 January 2026"
    assert range_label(2025, 1, 6) == "2025-26 P01–P06 (April–September 2025)"
    assert range_label(2025, 7, 12) == "2025-26 P07–P12 (October 2025–March 2026)"
    # the last period before today's that is still open
    assert default_close_to(set(), 2025, date(2025, 10, 15)) == 6
    assert default_close_to({1, 2, 3, 4, 5, 6}, 2025, date(2025, 10, 15)) is None
    assert default_close_to({1, 2, 3}, 2025, date(2026, 12, 2)) == 12
    assert default_close_to(set(), 2027, date(2026, 12, 2)) is None
    # corrections: today's period when open in the year, else the first after the closed ones
    assert correction_period({1, 2, 3, 4, 5, 6}, 2025, date(2025, 11, 3)) == (8, date(2025, 11, 3))
    assert correction_period({1, 2, 3, 4, 5, 6}, 2025, date(2026, 12, 2)) == (7, date(2025, 10, 1))
    assert correction_period(set(range(1, 13)), 2025, date(2026, 12, 2)) is None


def test_close_to_p06_is_cumulative_and_refuses_p05(ledger) -> None:  # type: ignore[no-untyped-def]
    da = sid(ledger, "DA")
    with ledger.write() as s:
        close_period(s, FIONA, year=2025, period=2, stream_id=None, reason="May")
    with ledger.write() as s:
        done = period_close.close_through(s, FIONA, year=2025, to=6, reason="month end")
    assert done.periods == (1, 3, 4, 5, 6) and len(done.lock_ids) == 5
    assert done.label == "2025-26 P01–P06 (April–September 2025)"
    with pytest.raises(PeriodLocked, match=r"2025-26 P05 is closed for all streams \(by fiona"):
        _post(ledger, da, date(2025, 8, 20), "100.00")
    refused = pytest.raises(LedgerError, match="P01–P06 are already closed for all streams")
    with refused, ledger.write() as s:
        period_close.close_through(s, FIONA, year=2025, to=6, reason="again")
    assert _post(ledger, da, date(2025, 10, 2), "100.00") > 0  # P07 is open
    with ledger.write() as s:
        assert run_checks(s) == [] and verify_chain(s) == []


def test_reopen_is_an_administrators_from_a_period_on(ledger) -> None:  # type: ignore[no-untyped-def]
    da = sid(ledger, "DA")
    with ledger.write() as s:
        period_close.close_through(s, FIONA, year=2025, to=6, stream_id=da, reason="DA close")
    denied = pytest.raises(PermissionDenied, match="cannot reopen a closed period")
    with denied, ledger.write() as s:
        period_close.reopen_from(s, FIONA, year=2025, period=4, stream_id=da, reason="x")
    with pytest.raises(LedgerError, match="a reason is required"), ledger.write() as s:
        period_close.reopen_from(s, ADMIN, year=2025, period=4, stream_id=da, reason=" ")
    not_closed = pytest.raises(LedgerError, match="2025-26 P04 is not closed for all streams")
    with not_closed, ledger.write() as s:
        period_close.reopen_from(s, ADMIN, year=2025, period=4, reason="late invoice")
    with ledger.write() as s:
        done = period_close.reopen_from(
            s, ADMIN, year=2025, period=4, stream_id=da, reason="late invoice"
        )
    assert done.periods == (4, 5, 6) and done.stream == "DA"
    assert _post(ledger, da, date(2025, 8, 20), "100.00") > 0
    with pytest.raises(PeriodLocked, match="P03 is closed for DA"):
        _post(ledger, da, date(2025, 6, 20), "100.00")
    with ledger.read() as s:
        reasons = s.execute(
            select(AuditEntry.reason).where(AuditEntry.action == "reopen_period")
        ).scalars()
        assert list(reasons) == ["late invoice"] * 3


def test_reversing_a_closed_p03_transaction_posts_in_the_open_period(ledger) -> None:  # type: ignore[no-untyped-def]
    da = sid(ledger, "DA")
    tid = _post(ledger, da, date(2025, 6, 12), "1234.56")
    before = _actual(ledger)
    with ledger.write() as s:
        period_close.close_through(s, FIONA, year=2025, to=6, reason="month end")
    with ledger.write() as s:
        rid = transactions.reverse_transaction(
            s, FIONA, tid, reason="paid to the wrong supplier", today=date(2026, 12, 2)
        )
    with ledger.read() as s:
        rev = s.get(Transaction, rid)
        assert rev is not None
        assert (rev.amount, rev.reverses_id, rev.year, rev.period, rev.txn_date) == (
            m("-1234.56"), tid, 2025, 7, date(2025, 10, 1),
        )  # fmt: skip
        assert rev.description == (
            f"Reversal of #{tid}: paid to the wrong supplier (posted in P07: P03 is closed)"
        )
        entry = s.execute(
            select(AuditEntry).where(AuditEntry.action == "reverse_transaction")
        ).scalar_one()
        assert (entry.row_id, entry.reason) == (str(rid), "paid to the wrong supplier")
        assert run_checks(s) == []
    assert _actual(ledger) == before - Decimal("1234.56")


def test_reversal_refused_when_every_period_is_closed(ledger) -> None:  # type: ignore[no-untyped-def]
    da = sid(ledger, "DA")
    tid = _post(ledger, da, date(2025, 6, 12), "10.00")
    with ledger.write() as s:
        period_close.close_through(s, FIONA, year=2025, to=12, reason="year end")
    with pytest.raises(PeriodLocked, match="2025-26 P03 is closed"), ledger.write() as s:
        transactions.reverse_transaction(s, FIONA, tid, reason="x", today=date(2026, 12, 2))
    with ledger.read() as s:
        assert s.execute(select(Transaction).where(Transaction.reverses_id == tid)).first() is None
