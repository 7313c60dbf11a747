"""Managing ledger users (``fundledger user``): add a person with a role, list them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from db.ledger import Actor, Ledger
from db.ops.users import UserAdded, add_user
from db.schema import Stream, User, UserStream
from db.writes import LedgerError

from .session import connected_login

__all__ = ["UserAdded", "UserRow", "add", "list_users"]


@dataclass(frozen=True, slots=True)
class UserRow:
    username: str
    display_name: str
    role: str
    active: bool
    streams: tuple[str, ...]


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
    actor = ledger.actor
    login = connected_login(ledger)
    if login is not None and login.privileged:
        actor = Actor(login.name, "admin")
    try:
        with ledger.write() as session:
            if login is None and not _has_admin(session):
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
    except DBAPIError as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise LedgerError(
            f"the database refused to add {username}: {detail} (run user add as the ledger's "
            "owner, a login with CREATEROLE that ran init)"
        ) from exc


def _has_admin(session: Session) -> bool:
    q = select(User.id).where(User.role == "admin", User.active.is_(True)).limit(1)
    return session.execute(q).first() is not None


def list_users(ledger: Ledger) -> list[UserRow]:
    with ledger.read() as s:
        held: dict[int, list[str]] = {}
        for uid, code in s.execute(
            select(UserStream.user_id, Stream.code).join(Stream).order_by(Stream.code)
        ):
            held.setdefault(uid, []).append(code)
        return [
            UserRow(u.username, u.display_name, u.role, u.active, tuple(held.get(u.id, ())))
            for u in s.execute(select(User).order_by(User.username)).scalars()
        ]
