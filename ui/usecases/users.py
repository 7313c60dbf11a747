"""Managing ledger users (``fundledger user`` and Settings → Users & roles): add a person with a
role, change their role, streams or name, deactivate and reactivate them, list them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from db.ledger import Actor, Ledger
from db.ops import users as ops
from db.ops.users import ActiveChanged, UserAdded, add_user
from db.schema import User
from db.writes import LedgerError

from .session import connected_login
from .user_list import UserRow as UserRow
from .user_list import get_user as get_user
from .user_list import list_users as list_users

__all__ = [
    "ActiveChanged",
    "ServerManager",
    "UserAdded",
    "UserRow",
    "add",
    "change",
    "get_user",
    "list_users",
    "server_manager",
    "set_active",
]


def add(
    ledger: Ledger,
    username: str,
    role: str,
    streams: Sequence[str] = (),
    *,
    display_name: str | None = None,
    password: str | None = None,
) -> UserAdded:
    """Add a user in one transaction (on PostgreSQL with their login and group role).

    Allowed to administrators; on PostgreSQL to the ledger's owner (who ran ``init``); and, to
    set a new ledger up, to anyone while the ledger has no active administrator.
    """
    actor = _manager(ledger)
    shared = ledger.is_shared
    with _refused(username, "add"), ledger.write() as session:
        if not shared and not _has_admin(session):
            actor = Actor(actor.username, "admin")
        return add_user(
            session,
            actor,
            username,
            role,
            streams,
            display_name=display_name,
            password=password,
        )


def change(
    ledger: Ledger,
    username: str,
    role: str,
    streams: Sequence[str] = (),
    *,
    display_name: str | None = None,
    expected_version: int | None = None,
) -> UserAdded:
    """Change a user's role, streams and display name (administrators; audited)."""
    actor = _manager(ledger)
    with _refused(username, "change"), ledger.write() as session:
        return ops.change_user(
            session,
            actor,
            username,
            role,
            streams,
            display_name=display_name,
            expected_version=expected_version,
        )


def set_active(
    ledger: Ledger,
    username: str,
    active: bool,
    reason: str | None,
    *,
    expected_version: int | None = None,
) -> ActiveChanged:
    """Deactivate or reactivate a user, with a reason (administrators; audited).

    On PostgreSQL the login is made NOLOGIN / LOGIN in the same transaction.
    """
    actor = _manager(ledger)
    verb = "reactivate" if active else "deactivate"
    with _refused(username, verb), ledger.write() as session:
        return ops.set_active(
            session, actor, username, active, reason, expected_version=expected_version
        )


@dataclass(frozen=True, slots=True)
class ServerManager:
    """Who may manage users on a shared ledger's server (SQLite: nothing to say).

    ``owner``: the connection is the ledger's owner (or a superuser), who manages users as an
    administrator whatever their ``users`` row says.  ``problem``: why this login cannot create
    or change logins on the server (no ``CREATEROLE``), or None.  ``login``: the database login.
    """

    owner: bool = False
    problem: str | None = None
    login: str | None = None


def server_manager(ledger: Ledger) -> ServerManager:
    """Whether this connection can manage users' logins on the server (see :class:`ServerManager`)."""
    login = connected_login(ledger)
    if login is None:
        return ServerManager()
    if login.privileged:
        return ServerManager(owner=True, login=login.name)
    with ledger.read() as s:
        can = s.execute(
            text(
                "select coalesce(rolcreaterole or rolsuper, false) from pg_roles "
                "where rolname = current_user"
            )
        ).scalar()
    if can:
        return ServerManager(login=login.name)
    return ServerManager(
        problem=f"Your database login {login.name} cannot create or change logins: on a shared "
        "ledger users are managed by the ledger's owner (the login that ran init)",
        login=login.name,
    )


def _manager(ledger: Ledger) -> Actor:
    """Who manages users: the acting user; on PostgreSQL the ledger's owner acts as admin."""
    login = connected_login(ledger)
    if login is not None and login.privileged:
        return Actor(login.name, "admin")
    return ledger.actor


@contextmanager
def _refused(username: str, verb: str) -> Iterator[None]:
    """A refusal from the server (e.g. no CREATEROLE) as a :class:`LedgerError` that says so."""
    try:
        yield
    except DBAPIError as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise LedgerError(
            f"the database refused to {verb} {username}: {detail} (manage users as the "
            "ledger's owner, a login with CREATEROLE that ran init)"
        ) from exc


def _has_admin(session: Session) -> bool:
    q = select(User.id).where(User.role == "admin", User.active.is_(True)).limit(1)
    return session.execute(q).first() is not None
