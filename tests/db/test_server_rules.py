"""Revision 0008's server rules refuse raw SQL on both backends (decided requests are final;
period locks on every money table), and on PostgreSQL through each person's own login
(variance comments scoped by stream; reopening a period is an administrator's)."""

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
from db.schema import Allocation, Contribution, IncomeItem, Recharge
from db.writes import insert
from ui.usecases import lifecycle
from ui.usecases.session import open_ledger

from .lifecycle_helpers import BACKENDS, DA_HOLDER, FIONA, FRANK, line, m, open_backend, org, sid
from .pg_logins import Shared


@pytest.fixture(params=BACKENDS)
def both(request: pytest.FixtureRequest, ledger_path: Path) -> Iterator[Ledger]:
    yield from open_backend(request, ledger_path)


def refused(ledger: Ledger, sql: str) -> str:
    with pytest.raises(DBAPIError) as info, ledger.engine.begin() as c:
        c.execute(text(sql))
    return str(info.value.orig).splitlines()[0]


def test_an_approved_or_rejected_virement_or_carry_forward_is_final(both: Ledger) -> None:
    ledger = both
    staff = line(ledger, "DA", 2025, "Staff", "1000.00")
    other = line(ledger, "DA", 2025, "Other", "500.00")
    next_year = line(ledger, "DA", 2026, "Staff", "1000.00")
    ledger.actor = DA_HOLDER
    approved = lifecycle.request_virement(ledger, staff, other, Decimal("10.00"), "rephase", 3)
    rejected = lifecycle.request_virement(ledger, staff, other, Decimal("20.00"), "rephase", 3)
    pending = lifecycle.request_virement(ledger, staff, other, Decimal("30.00"), "rephase", 3)
    ledger.actor = FIONA
    lifecycle.approve_virement(ledger, approved)
    lifecycle.reject_virement(ledger, rejected, "not now")
    ledger.actor = FRANK
    carried = lifecycle.request_carry_forward(
        ledger, other, next_year, Decimal("5.00"), "slipped", "underspend"
    )
    ledger.actor = FIONA
    lifecycle.approve_carry_forward(ledger, carried)
    for vid in (approved, rejected):
        msg = refused(ledger, f"update virements set amount = amount * 100 where id = {vid}")
        assert "virements" in msg and "final" in msg, msg
        msg = refused(ledger, f"update virements set to_line_id = {staff} where id = {vid}")
        assert "final" in msg
    msg = refused(ledger, f"update carry_forwards set amount = 500000 where id = {carried}")
    assert "carry_forwards" in msg and "final" in msg
    with ledger.engine.begin() as c:  # a pending request can still be decided
        done = c.execute(text(f"update virements set reason = 'P4' where id = {pending}"))
        assert done.rowcount == 1
    if ledger.backend == "postgresql":
        assert f"#{approved} was approved by fiona and is final" in refused(
            ledger, f"update virements set amount = 1 where id = {approved}"
        )


def test_period_locks_guard_every_money_table(both: Ledger) -> None:
    ledger = both
    da = sid(ledger, "DA")
    staff = line(ledger, "DA", 2025, "Staff", "1000.00")
    partner = org(ledger, "Blaby District Council")
    with ledger.write() as s:
        alloc = insert(s, FIONA, Allocation(stream_id=da, year_from=2024, year_to=2026,
                                            amount=m("3000.00"))).id  # fmt: skip
        contrib = insert(s, FIONA, Contribution(stream_id=da, year=2025, partner_org_id=partner,
                                                heading="Staffing Costs", amount=m("10.00"))).id  # fmt: skip
        charge = insert(s, FIONA, Recharge(stream_id=da, year=2025, org_id=partner,
                                           amount=m("5000.00"), description="DHR",
                                           raised_on=date(2025, 5, 1), due_on=date(2025, 6, 1))).id  # fmt: skip
        income = insert(s, FIONA, IncomeItem(stream_id=da, category="Packages", customer="X",
                                             amount=m("250.00"), raised_on=date(2025, 7, 3),
                                             year=2025, period=4)).id  # fmt: skip
        close_period(s, FIONA, year=2025, period=4, stream_id=da, reason="month end")
    # a period lock closes income of that period; the annual rows stay open
    assert "closed" in refused(
        ledger, f"update income_items set reference = 'R' where id = {income}"
    )
    with ledger.engine.begin() as c:
        c.execute(text(f"update budget_lines set name = 'Staffing' where id = {staff}"))
    with ledger.write() as s:
        close_period(s, FIONA, year=2025, period=None, stream_id=da, reason="year end")
    raw = {
        "budget_lines": f"update budget_lines set name = 'Staff' where id = {staff}",
        "allocations": f"update allocations set label = 'x' where id = {alloc}",
        "contributions": f"update contributions set description = 'x' where id = {contrib}",
        "recharges": f"update recharges set reference = 'x' where id = {charge}",
        "income_items": f"update income_items set reference = 'x' where id = {income}",
    }
    for table, sql in raw.items():
        msg = refused(ledger, sql)
        assert "closed" in msg and (table in msg or ledger.backend == "sqlite"), (table, msg)
    msg = refused(ledger, "insert into budget_lines(stream_id, year, name, original, sort_order,"
                          f" version, created_at, created_by) values ({da}, 2025, 'New', 100, 0,"
                          " 1, '2025-06-01', 'x')")  # fmt: skip
    assert "closed" in msg
    if ledger.backend == "postgresql":
        assert msg.startswith(
            "fundledger: year 2025-26 is closed for DA; budget_lines in it cannot be inserted"
        )


def test_period_locks_guard_carry_forwards(both: Ledger) -> None:
    # a carry-forward moves money out of one year into the next: a whole-year lock on either
    # refuses it on the server, as the application already does
    ledger = both
    other = line(ledger, "DA", 2025, "Other", "500.00")
    next_year = line(ledger, "DA", 2026, "Staff", "1000.00")
    ledger.actor = FRANK
    pending = lifecycle.request_carry_forward(
        ledger, other, next_year, Decimal("5.00"), "slipped", "underspend"
    )
    with ledger.engine.begin() as c:  # open years: a raw change goes through
        assert c.execute(text(f"update carry_forwards set reason = 'r' where id = {pending}"))
    with ledger.write() as s:
        close_period(s, FIONA, year=2025, period=9, stream_id=sid(ledger, "DA"), reason="P09")
    with ledger.engine.begin() as c:  # a period lock is not a whole-year lock
        c.execute(text(f"update carry_forwards set reason = 'p' where id = {pending}"))
    with ledger.write() as s:
        close_period(s, FIONA, year=2026, period=None, stream_id=None, reason="year end")
    for sql in (
        f"update carry_forwards set amount = 1 where id = {pending}",
        f"delete from carry_forwards where id = {pending}",
        "insert into carry_forwards(stream_id, from_year, to_year, from_line_id, to_line_id,"
        f" amount, basis, reason, requested_by, requested_at, status, version, created_at,"
        f" created_by) select stream_id, 2025, 2026, {other}, {next_year}, 100, 'underspend',"
        " 'x', 'frank', '2026-04-02', 'pending', 1, '2026-04-02', 'frank' from budget_lines"
        f" where id = {other}",
    ):
        msg = refused(ledger, sql)
        assert "closed" in msg and "carry_forwards" in msg, (sql, msg)
    if ledger.backend == "postgresql":
        assert refused(ledger, f"update carry_forwards set amount = 1 where id = {pending}") == (
            "fundledger: year 2026-27 is closed for all streams; carry_forwards in it cannot be "
            "changed (an administrator must reopen the year first)"
        )


pg_only = pytest.mark.postgres


@pg_only
def test_variance_comments_are_scoped_by_stream(shared: Shared) -> None:
    add = ("insert into variance_comments(budget_line_id, year, period, comment, version,"
           " created_at, created_by) values (:line, 2025, 3, 'why', 1, now(), current_user)")  # fmt: skip
    assert shared.raw("fiona", add, line=shared.lines["YJ"]) == [1]
    assert shared.raw("bea", add, line=shared.lines["DA"]) == [1]
    assert "row-level security" in shared.refused("bea", add, line=shared.lines["YJ"])
    seen = shared.raw("bea", "select distinct budget_line_id from variance_comments")
    assert [r[0] for r in seen] == [shared.lines["DA"]]
    assert len(shared.raw("vic", "select id from variance_comments")) == 2
    assert shared.raw("bea", "update variance_comments set comment = 'mine' where budget_line_id"
                             " = :line", line=shared.lines["YJ"]) == [0]  # fmt: skip


@pg_only
def test_only_an_administrator_reopens_a_period(shared: Shared) -> None:
    led = open_ledger(shared.url_as("fiona"))
    try:
        with led.write() as s:  # finance closes …
            lock = close_period(s, led.actor, year=2024, period=7, stream_id=None, reason="m/e")
    finally:
        led.dispose()
    reopen = "update period_locks set active = false where id = :i"
    for who in ("fiona", "frank", "cal", "bea", "vic"):  # … but cannot reopen
        assert "permission denied for table period_locks" in shared.refused(who, reopen, i=lock)
    assert shared.raw("ada", reopen, i=lock) == [1]


@pg_only
def test_the_audit_log_is_scoped_by_stream(shared: Shared) -> None:
    from db.audit import verify_chain
    from ui.usecases.audit import entries

    yj_line, da_line = str(shared.lines["YJ"]), str(shared.lines["DA"])
    about = "select table_name, row_id from audit_log where table_name = 'budget_lines'"
    assert {tuple(r) for r in shared.raw("fiona", about)} >= {
        ("budget_lines", yj_line), ("budget_lines", da_line),
    }  # fmt: skip
    assert shared.raw("vic", about) == shared.raw("fiona", about)
    bea_sees = {r[1] for r in shared.raw("bea", about)}
    assert da_line in bea_sees and yj_line not in bea_sees
    yj_txn = shared.raw("bea", "select count(*) from audit_log where table_name ="
                               " 'transactions' and row_id = :r", r=str(shared.txns["YJ"]))  # fmt: skip
    assert yj_txn == [(0,)]
    assert shared.raw("bea", "select count(*) from audit_log where table_name = 'streams'")[0][0]
    # the Audit log page reads through the same server rule
    bea = open_ledger(shared.url_as("bea"))
    try:
        rows = entries(bea, table="budget_lines", limit=1000)
        assert {r.row for r in rows} & {yj_line} == set() and da_line in {r.row for r in rows}
        # her own writes still chain onto the latest entry of any stream
        lifecycle.request_virement(bea, shared.lines["DA"], shared.lines["DA"] + 1,
                                   Decimal("1.00"), "tidy", 3)  # fmt: skip
    finally:
        bea.dispose()
    owner = open_ledger(shared.url)
    try:
        with owner.read() as s:
            assert verify_chain(s) == []
    finally:
        owner.dispose()
