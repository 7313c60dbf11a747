"""A budget holder's writes stay in their streams on the server (migration 0020), tried as the
attacker would: bea holds DA and connects with her own login from psql.

- A DA virement or carry-forward whose lines are another stream's (YJ's, which she cannot even
  see) was accepted; a finance officer approving "a DA virement" then moved YJ's budget.
- Return schedules had no row-level security: she could add, retire or re-point YJ's.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.ops.virements import request_virement
from db.schema import BudgetLine
from ui.usecases.session import open_ledger

from .pg_logins import Shared

pytestmark = pytest.mark.postgres

VIREMENT = (
    "insert into virements (stream_id, year, period, from_line_id, to_line_id, amount, reason, "
    "requested_by, requested_at, status, version, created_at, created_by) select id, 2025, 3, "
    ":f, :t, 100, 'move', current_user, now(), 'pending', 1, now(), current_user "
    "from streams where code = 'DA'"
)
CARRY = (
    "insert into carry_forwards (stream_id, from_year, to_year, from_line_id, to_line_id, amount,"
    " basis, reason, requested_by, requested_at, status, version, created_at, created_by) "
    "select id, 2025, 2026, :f, :t, 100, 'underspend', 'carry', current_user, now(), 'pending', "
    "1, now(), current_user from streams where code = 'DA'"
)
SCHEDULE = (
    "insert into return_schedules (ret, stream_id, first_due, every_months, due_to, warn_days, "
    "active, version, created_at, created_by) select 'quarterly', id, '2025-07-31', 3, 'Board', "
    "14, true, 1, now(), current_user from streams where code = :code"
)
MOVES_ONLY_WITHIN = "money moves only within a stream"


def other_line(shared: Shared, code: str, year: int, name: str = "Next") -> int:
    """A budget line of ``code`` in ``year`` (added by the owner)."""
    shared.owner(
        "insert into budget_lines (stream_id, year, name, original, sort_order, version, "
        "created_at, created_by) select id, :y, :n, 50000, 0, 1, now(), 'owner' from streams "
        "where code = :c on conflict do nothing",
        y=year, n=name, c=code,
    )  # fmt: skip
    (row,) = shared.raw("fiona", "select b.id from budget_lines b join streams s on s.id = "
                        "b.stream_id where s.code = :c and b.year = :y and b.name = :n",
                        c=code, y=year, n=name)  # fmt: skip
    return int(row.id)


def test_a_virement_cannot_take_money_from_another_streams_line(shared: Shared) -> None:
    da, yj = shared.lines["DA"], shared.lines["YJ"]
    assert MOVES_ONLY_WITHIN in shared.refused("bea", VIREMENT, f=yj, t=da)
    assert MOVES_ONLY_WITHIN in shared.refused("bea", VIREMENT, f=da, t=yj)
    # not by finance either, nor into another year's line
    assert MOVES_ONLY_WITHIN in shared.refused("fiona", VIREMENT, f=yj, t=da)
    assert MOVES_ONLY_WITHIN in shared.refused(
        "fiona", VIREMENT, f=da, t=other_line(shared, "DA", 2026)
    )
    # nor by re-pointing a pending request afterwards
    led = open_ledger(shared.url_as("bea"))
    try:
        with led.write() as s:
            other = s.execute(select(BudgetLine.id).where(
                BudgetLine.id != da, BudgetLine.year == 2025)).scalars().first()  # fmt: skip
            assert other is not None
            vid = request_virement(s, led.actor, from_line_id=da, to_line_id=other, amount=10,
                                   reason="within DA", period=3)  # fmt: skip
    finally:
        led.dispose()
    assert MOVES_ONLY_WITHIN in shared.refused(
        "bea", "update virements set from_line_id = :f where id = :v", f=yj, v=vid
    )


def test_a_carry_forward_stays_in_its_stream_and_years(shared: Shared) -> None:
    da, yj = shared.lines["DA"], shared.lines["YJ"]
    da26, yj26 = other_line(shared, "DA", 2026), other_line(shared, "YJ", 2026)
    assert MOVES_ONLY_WITHIN in shared.refused("bea", CARRY, f=yj, t=da26)
    assert MOVES_ONLY_WITHIN in shared.refused("bea", CARRY, f=da, t=yj26)
    assert MOVES_ONLY_WITHIN in shared.refused("fiona", CARRY, f=da26, t=da26)
    assert shared.raw("bea", CARRY, f=da, t=da26) == [1]


def test_a_budget_holder_keeps_only_her_streams_return_schedules(shared: Shared) -> None:
    shared.raw("fiona", SCHEDULE, code="YJ")
    assert "row-level security" in shared.refused("bea", SCHEDULE, code="YJ")
    assert shared.raw("bea", SCHEDULE, code="DA") == [1]
    yj = "(select id from streams where code = 'YJ')"
    assert shared.raw(
        "bea", f"update return_schedules set active = false where stream_id = {yj}"
    ) == [0]
    assert "row-level security" in shared.refused(
        "bea", f"update return_schedules set stream_id = {yj} where stream_id <> {yj}"
    )
    seen = shared.raw("bea", "select s.code from return_schedules r join streams s on "
                      "s.id = r.stream_id")  # fmt: skip
    assert {r.code for r in seen} == {"DA"}
    # others as before: finance sees and keeps every stream's
    assert shared.raw(
        "fiona", f"update return_schedules set warn_days = 7 where stream_id = {yj}"
    ) == [1]
