"""Users, their roles and streams change only with their database logins (migration 0021), tried
as an administrator would from psql with their own login (no CREATEROLE): the app refuses them
user management on a shared ledger, and the server now does too — before, setting a budget
holder's ``users.role`` let her read every stream and change YJ's budget lines while holding DA.
"""

from __future__ import annotations

import pytest

from ui.usecases.users import change

from .pg_logins import Shared

pytestmark = pytest.mark.postgres

MANAGED = "change together with their database logins"


def test_an_administrators_login_cannot_widen_a_budget_holder(shared: Shared) -> None:
    bea, ada = shared.login("bea"), shared.login("ada")
    yj = "(select id from streams where code = 'YJ')"
    me = "(select id from users where username = :u)"
    assert MANAGED in shared.refused("ada", "update users set role = 'viewer' where username = :u",
                                     u=bea)  # fmt: skip
    assert MANAGED in shared.refused(
        "ada", f"insert into user_streams (user_id, stream_id) select {me}, {yj}", u=bea
    )
    assert MANAGED in shared.refused("ada", f"delete from user_streams where user_id = {me}", u=bea)
    # nor step out of the users table so the audit trigger takes a name from the settings
    assert MANAGED in shared.refused(
        "ada", "update users set username = 'ghost' where username = :u", u=ada
    )
    assert MANAGED in shared.refused(
        "ada", "insert into users (username, role, active, version, created_at, created_by) "
        "values ('ghost', 'finance', true, 1, now(), current_user)",
    )  # fmt: skip
    # so she still sees and changes DA only
    seen = shared.raw("bea", "select count(distinct stream_id) from transactions")
    assert seen == [(1,)]
    assert shared.raw("bea", "update budget_lines set name = name where id = :i",
                      i=shared.lines["YJ"]) == [0]  # fmt: skip


def test_the_owner_still_manages_users(shared: Shared) -> None:
    from db.ledger import Ledger

    from .pg_logins import OWNER

    led = Ledger(shared.url, OWNER)
    try:
        change(led, shared.login("frank"), "finance", (), display_name="Frank F")
    finally:
        led.dispose()
    rows = shared.raw("fiona", "select display_name from users where username = :u",
                      u=shared.login("frank"))  # fmt: skip
    assert rows == [("Frank F",)]
