"""A signed-off reconciliation's matches and explanations are locked on the server (migration
0023), tried as a finance officer would from psql with her own login: before, fiona could reject
a match and add an explanation in a signed-off period and the sign-off still stood."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from ui.usecases.reconcile import reopen, sign_off
from ui.usecases.session import open_ledger

from .pg_logins import Shared

pytestmark = pytest.mark.postgres

LOCKED = "its matches and explanations are locked"
MATCH = (
    "insert into recon_matches (group_id, transaction_id, score, method, status, version, "
    "created_at, created_by) values (:g, :t, 100, 'manual', 'accepted', 1, now(), "
    "current_user) returning id"
)
EXPLAIN = (
    "insert into recon_explanations (transaction_id, category, text, version, created_at, "
    "created_by) values (:t, 'timing', 'after the sign-off', 1, now(), current_user)"
)


def test_a_signed_off_periods_matches_and_explanations_are_locked(shared: Shared) -> None:
    da, yj = shared.txns["DA"], shared.txns["YJ"]  # each in P03 2025
    (match,) = shared.raw("fiona", MATCH, g=70001, t=da)
    led = open_ledger(shared.url_as("fiona"))
    try:
        sign_off(led, ["DA"], 2025, (1, 3), "no GL statement yet")
    finally:
        led.dispose()
    update = "update recon_matches set status = 'rejected' where id = :m"
    assert LOCKED in shared.refused("fiona", update, m=match.id)
    assert LOCKED in shared.refused("fiona", MATCH, g=70002, t=da)
    assert LOCKED in shared.refused("fiona", EXPLAIN, t=da)
    # nor moved out of the signed period onto another item
    other = "update recon_matches set transaction_id = :t where id = :m"
    assert LOCKED in shared.refused("fiona", other, t=yj, m=match.id)
    # YJ is not signed off: as before
    assert shared.raw("fiona", EXPLAIN, t=yj) == [1]
    # reopened (finance, with a reason), the matches can change again
    led = open_ledger(shared.url_as("fiona"))
    try:
        reopen(led, "DA", 2025, (1, 3), "a late GL journal")
    finally:
        led.dispose()
    assert shared.raw("fiona", update, m=match.id) == [1]


def test_an_auto_match_run_cannot_carry_a_match_into_a_signed_off_period(shared: Shared) -> None:
    """The run's rows skip the row-by-row check and are checked together at commit."""
    led = open_ledger(shared.url_as("fiona"))
    try:
        sign_off(led, ["YJ"], 2025, (1, 3), "no GL statement yet")
    finally:
        led.dispose()
    begin = ("select set_config('fundledger.bulk_table', 'recon_matches', true), "
             "fl_bulk_begin('recon_matches', null)")  # fmt: skip
    note = "select fl_audit_note('reconcile.auto', 'recon_matches', null, '{}', 'run', null)"
    eng = create_engine(shared.url_as("fiona"))
    try:
        with pytest.raises(DBAPIError) as info, eng.begin() as c:
            c.execute(text(begin))
            c.execute(text(MATCH), {"g": 70010, "t": shared.txns["YJ"]})
            c.execute(text(note))
    finally:
        eng.dispose()
    assert LOCKED in str(info.value.orig) and "YJ reconciliation" in str(info.value.orig)
    assert shared.raw("fiona", "select count(*) from recon_matches where group_id = 70010") == [
        (0,)
    ]
