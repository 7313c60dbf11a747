"""Managing users (db.ops.users): deactivating and reactivating with a reason (audited), the
ledger keeping an active administrator, role changes, and an inactive user refused at open.

SQLite here; the PostgreSQL tests check the person's login is NOLOGIN while deactivated.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from db.ledger import Actor, Ledger
from db.ops.users import add_user, change_user, set_active
from db.schema import AuditEntry, User
from db.writes import ConflictError, LedgerError, PermissionDenied
from ui.usecases import users as usecases
from ui.usecases.init import init_ledger
from ui.usecases.session import InactiveUser, open_ledger

ADA = Actor("ada", "admin")


@pytest.fixture
def people(ledger: Ledger) -> Ledger:
    """ada (the only administrator), fiona (finance), bea (budget holder for DA)."""
    with ledger.write() as s:
        add_user(s, ADA, "ada", "admin", display_name="Ada Admin")
        add_user(s, ADA, "fiona", "finance", display_name="Fiona Finance")
        add_user(s, ADA, "bea", "budget_holder", ["DA"])
    return ledger


def _user(ledger: Ledger, name: str) -> User:
    with ledger.read() as s:
        user = s.execute(select(User).where(User.username == name)).scalar_one()
        s.expunge(user)  # keep its values after the read ends
        return user


def _audit(ledger: Ledger, action: str) -> list[AuditEntry]:
    with ledger.read() as s:
        q = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        entries = list(s.execute(q).scalars())
        s.expunge_all()
        return entries


def _refused(ledger: Ledger, fn: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(LedgerError) as info, ledger.write() as s:
        fn(s, *args, **kwargs)
    return str(info.value)


def test_deactivate_and_reactivate_need_a_reason_and_are_audited(people: Ledger) -> None:
    assert "a reason is required to deactivate a user" in _refused(
        people, set_active, ADA, "fiona", False, "  "
    )
    assert _user(people, "fiona").active
    with people.write() as s:
        done = set_active(s, ADA, "fiona", False, "left the council")
    assert (done.username, done.active, done.login_changed) == ("fiona", False, False)
    assert not _user(people, "fiona").active
    (entry,) = _audit(people, "deactivate_user")
    assert (entry.user, entry.table_name, entry.reason) == ("ada", "users", "left the council")
    assert json.loads(entry.old or "")["active"] is True
    assert json.loads(entry.new or "") == {"active": False}
    assert "fiona is already deactivated" in _refused(
        people, set_active, ADA, "fiona", False, "again"
    )
    assert "a reason is required to reactivate a user" in _refused(
        people, set_active, ADA, "fiona", True, None
    )
    with people.write() as s:
        set_active(s, ADA, "fiona", True, "back from secondment")
    assert _user(people, "fiona").active
    (entry,) = _audit(people, "reactivate_user")
    assert entry.reason == "back from secondment"


def test_only_an_administrator_deactivates(people: Ledger) -> None:
    denied = "fiona \\(finance officer\\) cannot manage users"
    with pytest.raises(PermissionDenied, match=denied), people.write() as s:
        set_active(s, Actor("fiona", "finance"), "bea", False, "tidy up")
    assert _user(people, "bea").active
    assert "no user 'nobody'" in _refused(people, set_active, ADA, "nobody", False, "x")


def test_the_last_active_administrator_stays_and_nobody_deactivates_themselves(
    people: Ledger,
) -> None:
    other = Actor("root", "admin")  # e.g. the ledger's owner acting as administrator
    assert _refused(people, set_active, other, "ada", False, "leaving") == (
        "cannot deactivate ada: ada is the last active administrator "
        "(make someone else an administrator first)"
    )
    assert _refused(people, set_active, ADA, "ada", False, "leaving") == (
        "ada cannot deactivate themselves: ask another administrator"
    )
    with people.write() as s:
        add_user(s, ADA, "zed", "admin")
    assert "zed cannot deactivate themselves" in _refused(
        people, set_active, Actor("zed", "admin"), "zed", False, "x"
    )
    with people.write() as s:
        set_active(s, Actor("zed", "admin"), "ada", False, "leaving")
    assert not _user(people, "ada").active
    # zed is now the last active administrator: nobody can take that away
    assert "zed is the last active administrator" in _refused(
        people, set_active, other, "zed", False, "x"
    )
    assert "zed is the last active administrator" in _refused(
        people, change_user, other, "zed", "finance"
    )
    assert _audit(people, "deactivate_user")[-1].row_id == str(_user(people, "ada").id)


def test_change_user_role_streams_and_name(people: Ledger) -> None:
    assert "a budget holder needs at least one" in _refused(
        people, change_user, ADA, "fiona", "budget_holder", []
    )
    assert "only budget holders are scoped to streams" in _refused(
        people, change_user, ADA, "fiona", "viewer", ["DA"]
    )
    assert _user(people, "fiona").role == "finance"
    version = _user(people, "fiona").version
    with people.write() as s:
        done = change_user(
            s, ADA, "fiona", "budget_holder", ["YJ", "DA"], display_name=" Fiona  F ",
            expected_version=version,
        )  # fmt: skip
    assert (done.role, done.streams, done.created) == ("budget_holder", ("DA", "YJ"), False)
    fiona = _user(people, "fiona")
    assert (fiona.role, fiona.display_name) == ("budget_holder", "Fiona F")
    (entry,) = _audit(people, "change_role")
    assert json.loads(entry.new or "") == {"role": "budget_holder", "display_name": "Fiona F"}
    assert len(_audit(people, "add_stream")) == 1 + 2  # bea's DA, then fiona's two
    with pytest.raises(ConflictError), people.write() as s:
        change_user(s, ADA, "fiona", "viewer", expected_version=version)
    assert "ada cannot change their own role" in _refused(
        people, change_user, ADA, "ada", "finance"
    )
    with people.write() as s:
        change_user(s, ADA, "fiona", "viewer")
    assert len(_audit(people, "remove_stream")) == 2


def test_user_add_does_not_reactivate_a_deactivated_user(people: Ledger) -> None:
    with people.write() as s:
        set_active(s, ADA, "fiona", False, "left")
    assert "fiona is deactivated: reactivate them" in _refused(
        people, add_user, ADA, "fiona", "finance"
    )
    assert not _user(people, "fiona").active


def test_a_deactivated_user_cannot_open_the_ledger(people: Ledger, ledger_path: Any) -> None:
    opened = open_ledger(str(ledger_path), "fiona")
    assert opened.actor == Actor("fiona", "finance")
    opened.dispose()
    people.actor = ADA
    usecases.set_active(people, "fiona", False, "left")
    with pytest.raises(InactiveUser) as info:
        open_ledger(str(ledger_path), "fiona")
    assert str(info.value) == (
        "fiona has been deactivated in this ledger and cannot open it; an administrator can "
        "reactivate them (Settings → Users & roles)"
    )
    usecases.set_active(people, "fiona", True, "back")
    opened = open_ledger(str(ledger_path), "fiona")
    assert opened.actor.role == "finance"
    opened.dispose()


# --------------------------------------------------------------------------- PostgreSQL


@pytest.fixture
def shared(pg_ledger_url: str) -> Iterator[tuple[Ledger, str]]:
    led = init_ledger(pg_ledger_url)  # as the owner (who may create logins)
    try:
        yield led, str(make_url(pg_ledger_url).database)
    finally:
        led.dispose()


def _can_login(led: Ledger, name: str) -> bool:
    with led.read() as s:
        return bool(
            s.execute(
                text("select rolcanlogin from pg_roles where rolname = :n"), {"n": name}
            ).scalar_one()
        )


def _connect(url: str, login: str) -> None:
    eng = create_engine(make_url(url).set(username=login, password="pw"))
    try:
        with eng.connect() as c:
            assert c.execute(text("select current_user")).scalar_one() == login
    finally:
        eng.dispose()


@pytest.mark.postgres
def test_deactivating_makes_the_login_nologin_and_reactivating_restores_it(
    shared: tuple[Ledger, str], pg_ledger_url: str
) -> None:
    led, db = shared
    jo, ada = f"{db}_jo", f"{db}_ada"
    usecases.add(led, ada, "admin", password="pw")
    usecases.add(led, jo, "finance", password="pw", display_name="Jo")
    assert _can_login(led, jo)
    _connect(pg_ledger_url, jo)
    done = usecases.set_active(led, jo, False, "left the council")
    assert (done.active, done.login_changed) == (False, True)
    assert not _can_login(led, jo)
    assert not _user(led, jo).active
    with pytest.raises(OperationalError, match="not permitted to log in"):
        _connect(pg_ledger_url, jo)
    (entry,) = _audit(led, "deactivate_user")
    assert entry.reason == "left the council"
    # a deactivated login is not let back in by user add with a new password
    with pytest.raises(LedgerError, match="deactivated: reactivate them"):
        usecases.add(led, jo, "finance", password="new")
    assert not _can_login(led, jo)
    done = usecases.set_active(led, jo, True, "rejoined")
    assert (done.active, done.login_changed) == (True, True)
    assert _can_login(led, jo)
    _connect(pg_ledger_url, jo)  # the password was kept
    # the last administrator's login stays able to connect
    with pytest.raises(LedgerError, match="last active administrator"):
        usecases.set_active(led, ada, False, "x")
    assert _can_login(led, ada)


@pytest.mark.postgres
def test_a_role_change_moves_the_login_to_the_new_group_only(
    shared: tuple[Ledger, str],
) -> None:
    led, db = shared
    jo = f"{db}_jo"
    usecases.add(led, jo, "finance", password="pw")
    row = usecases.get_user(led, jo)
    assert row is not None
    usecases.change(led, jo, "budget_holder", ["DA"], expected_version=row.version)
    with led.read() as s:
        groups = s.execute(
            text(
                "select g.rolname from pg_auth_members m join pg_roles g on g.oid = m.roleid "
                "join pg_roles u on u.oid = m.member where u.rolname = :n order by 1"
            ),
            {"n": jo},
        ).scalars()
        assert list(groups) == [f"{db}_budget_holder"]
    assert usecases.get_user(led, jo) == usecases.UserRow(
        jo, jo, "budget_holder", True, ("DA",), row.version + 1
    )
