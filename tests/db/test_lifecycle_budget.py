"""Virements, carry-forward, forecasts and period locks against a fresh ledger."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.audit import verify_chain
from db.ledger import Actor, Ledger
from db.ops import carry_forward, forecasts, locks, transactions, virements
from db.ops.locks import PeriodLocked
from db.ops.transactions import TransactionInput
from db.queries import budget as q
from db.schema import Virement
from db.writes import LedgerError, PermissionDenied

from .lifecycle_helpers import (
    ADMIN,
    BACKENDS,
    DA_HOLDER,
    FIONA,
    FRANK,
    VIEWER,
    line,
    m,
    open_backend,
    sid,
)


@pytest.fixture(params=BACKENDS)
def ledger(request, ledger_path):  # type: ignore[no-untyped-def]
    yield from open_backend(request, ledger_path)


def _virement(
    ledger: Ledger, a: int, b: int, amount: Any = "250.00", period: int = 3, actor: Actor = FIONA
) -> int:
    with ledger.write() as s:
        return virements.request_virement(
            s, actor, from_line_id=a, to_line_id=b, amount=amount, reason="rephase", period=period
        )


def test_virement_self_approval_refused_and_pending_does_not_count(ledger) -> None:  # type: ignore[no-untyped-def]
    a = line(ledger, "DA", 2025, "Outreach", "1000.00")
    b = line(ledger, "DA", 2025, "Refuge", "500.00")
    vid = _virement(ledger, a, b)
    with ledger.read() as s:
        before = {r.line_id: r for r in q.line_budgets(s, line_ids=[a, b])}
    assert before[a].revised == m("1000.00") and before[a].pending_out == m("250.00")
    with pytest.raises(LedgerError) as err, ledger.write() as s:
        virements.approve_virement(s, FIONA, vid)
    assert str(err.value) == "you requested this virement; it must be approved by someone else"
    with ledger.write() as s:
        virements.approve_virement(s, FRANK, vid)
    with ledger.read() as s:
        after = {r.line_id: r for r in q.line_budgets(s, line_ids=[a, b])}
        rows = q.virements(s, year=2025)
    assert after[a].revised == m("750.00") and after[b].revised == m("750.00")
    assert after[a].virements == m("-250.00") and after[a].pending_out == m("0.00")
    assert rows[0].status == "approved" and rows[0].decided_by == "frank"


def test_schema_check_backs_up_the_self_approval_rule(ledger) -> None:  # type: ignore[no-untyped-def]
    a = line(ledger, "DA", 2025, "A", "100.00")
    b = line(ledger, "DA", 2025, "B", "100.00")
    vid = _virement(ledger, a, b, "10.00")
    with pytest.raises(IntegrityError), ledger.write() as s:
        s.execute(
            update(Virement).where(Virement.id == vid).values(status="approved", decided_by="fiona")
        )


def test_virement_must_stay_within_stream_and_year(ledger) -> None:  # type: ignore[no-untyped-def]
    a = line(ledger, "DA", 2025, "A", "100.00")
    b = line(ledger, "DA", 2026, "B", "100.00")
    with pytest.raises(LedgerError, match="use a carry-forward"):
        _virement(ledger, a, b, "10.00")


def test_carry_forward_refused_when_grant_conditions_forbid_it(ledger) -> None:  # type: ignore[no-untyped-def]
    a = line(ledger, "PMT", 2025, "Sponsorship", "1000.00")
    b = line(ledger, "PMT", 2026, "Sponsorship", "1000.00")
    with pytest.raises(LedgerError) as err, ledger.write() as s:
        carry_forward.request_carry_forward(
            s, FIONA, from_line_id=a, to_line_id=b, amount="100.00", reason="slipped"
        )
    assert str(err.value) == (
        "PMT grant conditions do not allow carry-forward: "
        "“An income stream: income is not carried forward as budget.”"
    )


def test_carry_forward_moves_underspend_on_both_years_once_approved(ledger) -> None:  # type: ignore[no-untyped-def]
    a = line(ledger, "DA", 2025, "Outreach", "1000.00")
    b = line(ledger, "DA", 2026, "Outreach", "1000.00")
    with ledger.write() as s:
        transactions.add_transaction(
            s, FIONA, TransactionInput(sid(ledger, "DA"), date(2025, 6, 1), "600.00",
                                       budget_line_id=a)
        )  # fmt: skip
    with (
        pytest.raises(LedgerError, match=r"the underspend available is £400\.00"),
        ledger.write() as s,
    ):
        carry_forward.request_carry_forward(
            s, FIONA, from_line_id=a, to_line_id=b, amount="400.01", reason="slipped"
        )
    with ledger.write() as s:
        cf = carry_forward.request_carry_forward(
            s, FIONA, from_line_id=a, to_line_id=b, amount="400.00", reason="slipped"
        )
    with pytest.raises(LedgerError, match="you requested this carry-forward"), ledger.write() as s:
        carry_forward.approve_carry_forward(s, FIONA, cf)
    with ledger.write() as s:
        carry_forward.approve_carry_forward(s, FRANK, cf)
    with ledger.read() as s:
        got = {r.line_id: r.revised for r in q.line_budgets(s, line_ids=[a, b])}
        on_2025 = q.carry_forwards(s, year=2025)
        on_2026 = q.carry_forwards(s, year=2026)
    assert got == {a: m("600.00"), b: m("1400.00")}
    assert [r.id for r in on_2025] == [cf] == [r.id for r in on_2026]


def test_forecast_history_and_latest(ledger) -> None:  # type: ignore[no-untyped-def]
    a = line(ledger, "DA", 2025, "Outreach", "1000.00")
    with ledger.write() as s:
        forecasts.enter_forecast(s, FIONA, budget_line_id=a, period=6, amount="900.00",
                                 commentary="slow start")  # fmt: skip
        forecasts.enter_forecast(s, FIONA, budget_line_id=a, period=3, amount="950.00")
        last = forecasts.enter_forecast(s, FIONA, budget_line_id=a, period=6, amount="980.00",
                                        commentary="caught up")  # fmt: skip
    with ledger.read() as s:
        latest = q.latest_forecasts(s, year=2025)
        history = q.forecast_history(s, a)
    assert [(f.id, f.amount, f.commentary) for f in latest] == [(last, m("980.00"), "caught up")]
    assert [f.amount for f in history] == [m("980.00"), m("900.00"), m("950.00")]


def _post(ledger: Ledger, line_id: int, when: date, amount: Any = "100.00") -> int:
    with ledger.write() as s:
        return transactions.add_transaction(
            s, FIONA, TransactionInput(sid(ledger, "DA"), when, amount, budget_line_id=line_id)
        )


def test_locked_period_refuses_every_kind_of_change(ledger) -> None:  # type: ignore[no-untyped-def]
    a = line(ledger, "DA", 2025, "Outreach", "1000.00")
    b = line(ledger, "DA", 2025, "Refuge", "1000.00")
    posted = _post(ledger, a, date(2025, 6, 10))  # P03
    with ledger.write() as s:
        lock_id = locks.close_period(s, FIONA, year=2025, period=3, stream_id=sid(ledger, "DA"),
                                     reason="June closed")  # fmt: skip
    refused = "2025-26 P03 is closed for DA (by fiona on "
    attempts: dict[str, Callable[[Session], object]] = {
        "add": lambda s: transactions.add_transaction(
            s, FIONA, TransactionInput(sid(ledger, "DA"), date(2025, 6, 11), "5.00")
        ),
        "edit": lambda s: transactions.edit_transaction(
            s, FIONA, posted, {"description": "x"}, expected_version=1
        ),
        # a reversal naming the closed period itself (unnamed, it goes into the open period)
        "reverse": lambda s: transactions.reverse_transaction(
            s, FIONA, posted, reason="dup", year=2025, period=3
        ),
        "virement": lambda s: virements.request_virement(
            s, FIONA, from_line_id=a, to_line_id=b, amount="1.00", reason="r", period=3
        ),
        "forecast": lambda s: forecasts.enter_forecast(
            s, FIONA, budget_line_id=a, period=3, amount="1.00"
        ),
    }
    for name, attempt in attempts.items():
        with pytest.raises(PeriodLocked) as err, ledger.write() as s:
            attempt(s)
        assert str(err.value).startswith(refused), name
        assert str(err.value).endswith(": June closed); an administrator must reopen it first")
    # another period of the same year is open
    _post(ledger, a, date(2025, 7, 1))
    with pytest.raises(PermissionDenied, match="finance officer"), ledger.write() as s:
        locks.reopen(s, FIONA, lock_id, reason="late invoice")
    with pytest.raises(LedgerError, match="a reason is required"), ledger.write() as s:
        locks.reopen(s, ADMIN, lock_id, reason=" ")
    with ledger.write() as s:
        locks.reopen(s, ADMIN, lock_id, reason="late invoice")
    with ledger.write() as s:
        transactions.reverse_transaction(s, FIONA, posted, reason="duplicate")
    with ledger.read() as s:
        assert verify_chain(s) == []
        assert [r.reopen_reason for r in q.period_locks(s)] == ["late invoice"]


def test_year_lock_covers_every_period_and_all_streams(ledger) -> None:  # type: ignore[no-untyped-def]
    a = line(ledger, "YJ", 2025, "Police", "100.00")
    with ledger.write() as s:
        locks.close_period(s, FIONA, year=2025, period=None, reason="year end")
    with (
        pytest.raises(PeriodLocked, match=r"^2025-26 \(whole year\) is closed for all streams"),
        ledger.write() as s,
    ):
        forecasts.enter_forecast(s, FIONA, budget_line_id=a, period=11, amount="1.00")


def test_roles(ledger) -> None:  # type: ignore[no-untyped-def]
    da = line(ledger, "DA", 2025, "Outreach", "1000.00")
    yj = line(ledger, "YJ", 2025, "Police", "1000.00")
    new = TransactionInput(sid(ledger, "DA"), date(2025, 6, 1), "10.00")
    with pytest.raises(PermissionDenied) as err, ledger.write() as s:
        transactions.add_transaction(s, ADMIN, new)
    assert str(err.value) == (
        "administrators post no money (segregation of duties): "
        "ada (administrator) cannot post or change transactions"
    )
    with pytest.raises(PermissionDenied) as err, ledger.write() as s:
        forecasts.enter_forecast(s, VIEWER, budget_line_id=da, period=1, amount="1.00")
    assert str(err.value) == "viewers cannot change the ledger: vic (viewer) cannot enter forecasts"
    with ledger.write() as s:
        forecasts.enter_forecast(s, DA_HOLDER, budget_line_id=da, period=1, amount="1.00")
    with pytest.raises(PermissionDenied) as err, ledger.write() as s:
        forecasts.enter_forecast(s, DA_HOLDER, budget_line_id=yj, period=1, amount="1.00")
    assert str(err.value) == "bea (budget holder) holds DA; YJ is not one of their streams"
    with (
        pytest.raises(PermissionDenied, match="bea \\(budget holder\\) cannot post"),
        ledger.write() as s,
    ):
        transactions.add_transaction(s, DA_HOLDER, new)


def test_rejecting_needs_a_reason_and_a_decided_virement_stays_decided(ledger) -> None:  # type: ignore[no-untyped-def]
    a = line(ledger, "DA", 2025, "A", "100.00")
    b = line(ledger, "DA", 2025, "B", "100.00")
    vid = _virement(ledger, a, b, "10.00")
    with (
        pytest.raises(LedgerError, match="a reason is required to reject a virement"),
        ledger.write() as s,
    ):
        virements.reject_virement(s, FRANK, vid, reason="")
    with ledger.write() as s:
        virements.reject_virement(s, FRANK, vid, reason="not affordable")
    with pytest.raises(LedgerError, match="was already rejected by frank"), ledger.write() as s:
        virements.approve_virement(s, FRANK, vid)
    with ledger.read() as s:
        got = {r.line_id: (r.revised, r.pending_out) for r in q.line_budgets(s, line_ids=[a])}
    assert got == {a: (m("100.00"), m("0.00"))}
