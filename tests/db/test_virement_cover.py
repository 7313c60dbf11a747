"""A virement may not take the line it moves from below zero available unless finance overrides
it with a reason: in the app (request and approval) and at the server (raw SQL, own logins)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from db.ledger import Ledger
from db.ops.transactions import TransactionInput, add_transaction
from db.schema import Virement
from db.writes import LedgerError
from ui.usecases import lifecycle

from .lifecycle_helpers import BACKENDS, DA_HOLDER, FIONA, FRANK, line, open_backend, sid
from .pg_logins import Shared


@pytest.fixture(params=BACKENDS)
def both(request: pytest.FixtureRequest, ledger_path: Path) -> Iterator[Ledger]:
    yield from open_backend(request, ledger_path)


def spend(ledger: Ledger, line_id: int, amount: str) -> None:
    with ledger.write() as s:
        add_transaction(s, FIONA, TransactionInput(
            stream_id=sid(ledger, "DA"), txn_date=date(2025, 6, 3), amount=Decimal(amount),
            budget_line_id=line_id))  # fmt: skip


def test_the_app_refuses_a_virement_that_leaves_a_line_below_zero(both: Ledger) -> None:
    ledger = both
    staff = line(ledger, "DA", 2025, "Staff", "1000.00")
    other = line(ledger, "DA", 2025, "Other", "500.00")
    spend(ledger, staff, "1000.00")
    assert lifecycle.line_available(ledger, staff) == Decimal("0.00")
    ledger.actor = DA_HOLDER
    with pytest.raises(LedgerError) as info:
        lifecycle.request_virement(ledger, staff, other, Decimal("10.00"), "rephase", 3)
    assert str(info.value) == (
        "moving £10.00 out of Staff (2025-26) would take it below zero available: £0.00 "
        "available leaves -£10.00; finance can override this with a reason"
    )
    with pytest.raises(LedgerError, match="only finance can override this"):
        lifecycle.request_virement(ledger, staff, other, Decimal("10.00"), "rephase", 3, "ok")
    ledger.actor = FIONA
    vid = lifecycle.request_virement(
        ledger, staff, other, Decimal("10.00"), "rephase", 3, "Cabinet agreed 01/07"
    )
    ledger.actor = FRANK
    lifecycle.approve_virement(ledger, vid)  # the request's override carries it
    with ledger.read() as s:
        v = s.execute(select(Virement).where(Virement.id == vid)).scalar_one()
        assert (v.status, v.override_reason, v.override_by) == (
            "approved", "Cabinet agreed 01/07", "fiona",
        )  # fmt: skip
    # requested while the money was there; spent before approval: checked again
    ledger.actor = DA_HOLDER
    later = lifecycle.request_virement(ledger, other, staff, Decimal("400.00"), "cover", 4)
    spend(ledger, other, "200.00")
    ledger.actor = FIONA
    with pytest.raises(LedgerError, match=re.escape("£310.00 available leaves -£90.00")):
        lifecycle.approve_virement(ledger, later)
    lifecycle.approve_virement(ledger, later, "Year-end accrual reverses in P5")
    assert lifecycle.line_available(ledger, other) == Decimal("-90.00")


def test_the_server_refuses_raw_approval_without_an_override(both: Ledger) -> None:
    ledger = both
    staff = line(ledger, "DA", 2025, "Staff", "1000.00")
    other = line(ledger, "DA", 2025, "Other", "500.00")
    spend(ledger, staff, "990.00")
    approved = (
        "insert into virements(stream_id, year, period, from_line_id, to_line_id, amount,"
        " reason, requested_by, requested_at, status, decided_by, decided_at, version,"
        f" created_at, created_by) values ({sid(ledger, 'DA')}, 2025, 3, {staff}, {other},"
        " {pence}, 'raw', 'bea', '2025-06-01', 'approved', 'fiona', '2025-06-02', 1,"
        " '2025-06-01', 'bea')"
    )

    def refused(sql: str) -> str:
        with pytest.raises(DBAPIError) as info, ledger.engine.begin() as c:
            c.execute(text(sql))
        return str(info.value.orig)

    assert "below zero available" in refused(approved.format(pence=1001))
    with ledger.engine.begin() as c:  # £10.00 is there
        c.execute(text(approved.format(pence=1000)))
    ledger.actor = DA_HOLDER
    vid = lifecycle.request_virement(ledger, other, staff, Decimal("50.00"), "cover", 4)
    spend(ledger, other, "470.00")  # other: 500 + 10 in − 470 = 40 < 50
    msg = refused(f"update virements set status = 'approved', decided_by = 'fiona',"
                  f" decided_at = '2025-07-01' where id = {vid}")  # fmt: skip
    assert "below zero available" in msg
    if ledger.backend == "postgresql":
        assert f"approving #{vid} would take budget line #{other} below zero available (40.00" \
            " available, 50.00 moved)" in msg  # fmt: skip


@pytest.mark.postgres
def test_only_finance_may_override_in_their_own_name(shared: Shared) -> None:
    da_staff = shared.lines["DA"]
    with shared.session("owner") as c:
        other = c.execute(text("select id from budget_lines where stream_id = (select stream_id"
                               " from budget_lines where id = :i) and name = 'Other'"),
                          {"i": da_staff}).scalar_one()  # fmt: skip
    ins = (
        "insert into virements(stream_id, year, period, from_line_id, to_line_id, amount,"
        " reason, requested_by, requested_at, status, override_reason, override_by, version,"
        " created_at, created_by) select stream_id, 2025, 3, id, :to, 100000, 'raw',"
        " current_user, now(), 'pending', 'because', :by, 1, now(), current_user"
        " from budget_lines where id = :line"
    )
    bea, fiona, frank = shared.login("bea"), shared.login("fiona"), shared.login("frank")
    msg = shared.refused("bea", ins, to=other, by=bea, line=da_staff)
    assert "only finance may override the available check" in msg
    assert "in their own name" in shared.refused("fiona", ins, to=other, by=frank, line=da_staff)
    assert shared.raw("fiona", ins, to=other, by=fiona, line=da_staff) == [1]
