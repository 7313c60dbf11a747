"""Ledger users: adding a person with a role (and, for budget holders, their streams).

On SQLite a user is a ``users`` row (the app enforces the role).  On PostgreSQL the same row is
written and the person also gets their own database login, a member of this database's group
role for their role (:mod:`db.roles`), so the server enforces it too.  One transaction: if any
part fails nothing is created.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit, roles
from db.ledger import ROLES, Actor
from db.schema import Stream, User, UserStream
from db.writes import LedgerError, insert, update_row

from .permissions import ROLE_LABELS, require


@dataclass(frozen=True, slots=True)
class UserAdded:
    username: str
    role: str
    streams: tuple[str, ...]
    created: bool
    login_created: bool
    group: str | None


def _stream_ids(session: Session, codes: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {
        code: sid
        for code, sid in session.execute(
            select(Stream.code, Stream.id).where(Stream.code.in_(codes))
        )
    }
    missing = [c for c in codes if c not in found]
    if missing:
        known = ", ".join(session.execute(select(Stream.code).order_by(Stream.code)).scalars())
        raise LedgerError(f"no stream {', '.join(missing)} (streams: {known})")
    return found


def _check(role: str, streams: Sequence[str]) -> None:
    if role not in ROLES:
        raise LedgerError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    if role == "budget_holder" and not streams:
        raise LedgerError("a budget holder needs at least one --stream they hold")
    if role != "budget_holder" and streams:
        raise LedgerError(f"only budget holders are scoped to streams, not a {ROLE_LABELS[role]}")


def add_user(
    session: Session,
    actor: Actor,
    username: str,
    role: str,
    streams: Sequence[str] = (),
    *,
    display_name: str | None = None,
    password: str | None = None,
) -> UserAdded:
    """Add (or change the role and streams of) ``username``; on PostgreSQL also its login."""
    require(actor, "user.manage")
    _check(role, streams)
    try:
        roles.check_login_name(username)
    except roles.RoleError as exc:
        raise LedgerError(str(exc)) from exc
    ids = _stream_ids(session, streams)
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    created = user is None
    if user is None:
        user = User(username=username, display_name=display_name or username, role=role)
        insert(session, actor, user, action="add_user")
    elif user.role != role or not user.active:
        update_row(session, actor, user, {"role": role, "active": True}, action="change_role")
    _set_streams(session, actor, user.id, set(ids.values()))
    login_created, group = False, None
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        try:
            login_created = roles.grant_login(conn, username, role, password)
            group = roles.group_role(roles.database_name(conn), role)
        except roles.RoleError as exc:
            raise LedgerError(str(exc)) from exc
    return UserAdded(username, role, tuple(sorted(ids)), created, login_created, group)


def _set_streams(session: Session, actor: Actor, user_id: int, wanted: set[int]) -> None:
    have = set(
        session.execute(select(UserStream.stream_id).where(UserStream.user_id == user_id)).scalars()
    )
    for stream_id in sorted(wanted - have):
        insert(
            session, actor, UserStream(user_id=user_id, stream_id=stream_id), action="add_stream"
        )
    for stream_id in sorted(have - wanted):
        row = session.get(UserStream, (user_id, stream_id))
        assert row is not None
        old = audit.row_dict(row)
        session.delete(row)
        session.flush()
        key = f"{user_id}/{stream_id}"
        audit.record(session, actor.username, "remove_stream", "user_streams", key, old, None)
