"""Closing a period is finance's, reopening an administrator's, and a lock is sealed (migration
0024), tried as each would from psql with their own login: before, ada (administrator) closed a
period, moved a lock to another period and made a reopened lock active again with who reopened it
cleared."""

from __future__ import annotations

import pytest

from db.ledger import Ledger
from ui.usecases import lifecycle
from ui.usecases.session import open_ledger

from .pg_logins import Shared

pytestmark = pytest.mark.postgres

CLOSE = (
    "insert into period_locks (stream_id, year, period, reason, active, version, created_at, "
    "created_by) values (null, 2025, :p, 'closed by hand', :a, 1, now(), current_user)"
)
SEALED = "what was closed cannot be changed"


def app(shared: Shared, who: str) -> Ledger:
    return open_ledger(shared.url_as(who))


def lock_ids(shared: Shared, period: int) -> list[int]:
    rows = shared.raw("vic", "select id from period_locks where year = 2025 and period = :p "
                      "order by id", p=period)  # fmt: skip
    return [r.id for r in rows]


def test_an_administrator_reopens_but_never_closes_or_rewrites_a_lock(shared: Shared) -> None:
    assert "permission denied for table period_locks" in shared.refused("ada", CLOSE, p=9, a=True)
    # finance closes (the app's way), the administrator reopens it through the app
    led = app(shared, "fiona")
    try:
        lifecycle.close_period(led, 2025, 10, None, "month end")
    finally:
        led.dispose()
    (lock,) = lock_ids(shared, 10)
    for sql in ("update period_locks set period = 11 where id = :i",
                "update period_locks set reason = 'other' where id = :i",
                "update period_locks set year = 2026 where id = :i"):  # fmt: skip
        assert "permission denied for table period_locks" in shared.refused("ada", sql, i=lock)
    led = app(shared, "ada")
    try:
        lifecycle.reopen_period(led, lock, "a late invoice")
    finally:
        led.dispose()
    again = "update period_locks set active = true where id = :i"
    assert "cannot be made active again" in shared.refused("ada", again, i=lock)
    rewrite = "update period_locks set reopened_by = null, reopen_reason = 'x' where id = :i"
    assert "who reopened a period" in shared.refused("ada", rewrite, i=lock)
    # not even the owner rewrites a lock
    assert SEALED in shared.refused_as_owner(
        f"update period_locks set period = 11 where id = {lock}"
    )
    assert "never deleted" in shared.refused_as_owner(f"delete from period_locks where id = {lock}")


def test_finance_only_closes_with_a_new_active_lock(shared: Shared) -> None:
    assert "never reopened" in shared.refused("fiona", CLOSE, p=12, a=False)
    assert shared.raw("fiona", CLOSE, p=12, a=True) == [1]
    (lock,) = lock_ids(shared, 12)
    assert "permission denied for table period_locks" in shared.refused(
        "fiona", "update period_locks set active = false where id = :i", i=lock
    )
