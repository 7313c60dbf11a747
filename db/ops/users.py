"""Ledger users: adding a person with a role (and, for budget holders, their streams), changing
their role or name, deactivating and reactivating them.

On SQLite a user is a ``users`` row (the app enforces the role).  On PostgreSQL the same row is
written and the person also gets their own database login, a member of this database's group
role for their role (:mod:`db.roles`), so the server enforces it too; a deactivated user's login
is ``NOLOGIN``.  One transaction: if any part fails nothing is changed.

Users are never deleted (the audit log names them).  The ledger always keeps an active
administrator: the last one cannot be deactivated or given another role, and nobody deactivates
themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit, roles
from db.ledger import ROLES, Actor
from db.schema import Stream, User, UserStream
from db.writes import LedgerError, insert, update_row

from ._common import need_reason
from .permissions import ROLE_LABELS, require

MAX_DISPLAY_NAME = 200


@dataclass(frozen=True, slots=True)
class UserAdded:
    """What :func:`add_user` or :func:`change_user` did (``created`` only for a new user)."""

    username: str
    role: str
    streams: tuple[str, ...]
    created: bool
    login_created: bool
    group: str | None


@dataclass(frozen=True, slots=True)
class ActiveChanged:
    """What :func:`set_active` did; ``login_changed``: a PostgreSQL login was (NO)LOGIN-ed."""

    username: str
    active: bool
    login_changed: bool


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
    """Add (or change the role and streams of) ``username``; on PostgreSQL also its login.

    A deactivated user is refused: reactivate them first (:func:`set_active`, with a reason).
    """
    require(actor, "user.manage")
    _check(role, streams)
    _check_name(username)
    name = _display_name(display_name)
    ids = _stream_ids(session, streams)
    user = _find(session, username)
    created = user is None
    if user is None:
        user = User(username=username, display_name=name or username, role=role)
        insert(session, actor, user, action="add_user")
    else:
        if not user.active:
            raise LedgerError(
                f"{username} is deactivated: reactivate them (with a reason) before changing "
                "their role"
            )
        _change(session, actor, user, role, name, None)
    _set_streams(session, actor, user.id, set(ids.values()))
    return _granted(session, username, role, ids, created, password)


def change_user(
    session: Session,
    actor: Actor,
    username: str,
    role: str,
    streams: Sequence[str] = (),
    *,
    display_name: str | None = None,
    expected_version: int | None = None,
) -> UserAdded:
    """Change an existing user's role, streams and (if given) display name; audited.

    On PostgreSQL the login becomes a member of the new role's group only (its password and
    LOGIN/NOLOGIN state are kept).  The last active administrator keeps the admin role.
    """
    require(actor, "user.manage")
    _check(role, streams)
    name = _display_name(display_name)
    ids = _stream_ids(session, streams)
    user = _existing(session, username)
    _change(session, actor, user, role, name, expected_version)
    _set_streams(session, actor, user.id, set(ids.values()))
    return _granted(session, username, role, ids, False, None)


def set_active(
    session: Session,
    actor: Actor,
    username: str,
    active: bool,
    reason: str | None,
    *,
    expected_version: int | None = None,
) -> ActiveChanged:
    """Deactivate (``active=False``) or reactivate a user, with a reason; audited.

    A deactivated user cannot open the ledger (:func:`ui.usecases.session.resolve_actor`); on
    PostgreSQL their login is also made ``NOLOGIN`` (reactivation: ``LOGIN``).  Refused: an
    administrator deactivating themselves, and deactivating the last active administrator.
    """
    require(actor, "user.manage")
    why = need_reason(reason, "deactivate a user" if not active else "reactivate a user")
    user = _existing(session, username)
    if user.active == active:
        state = "active" if active else "deactivated"
        raise LedgerError(f"{username} is already {state}")
    if not active:
        if username == actor.username:
            raise LedgerError(f"{username} cannot deactivate themselves: ask another administrator")
        _keep_an_admin(session, user, f"deactivate {username}")
    update_row(
        session,
        actor,
        user,
        {"active": active},
        expected_version=expected_version,
        action="reactivate_user" if active else "deactivate_user",
        reason=why,
    )
    login_changed = False
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        try:
            login_changed = roles.set_login(conn, username, active)
        except roles.RoleError as exc:
            raise LedgerError(str(exc)) from exc
    return ActiveChanged(username, active, login_changed)


def _find(session: Session, username: str) -> User | None:
    q = select(User).where(User.username == username)
    return session.execute(q).scalar_one_or_none()


def _existing(session: Session, username: str) -> User:
    user = _find(session, username)
    if user is None:
        raise LedgerError(f"no user {username!r} in this ledger")
    return user


def _check_name(username: str) -> None:
    try:
        roles.check_login_name(username)
    except roles.RoleError as exc:
        raise LedgerError(str(exc)) from exc


def _display_name(name: str | None) -> str | None:
    """The display name with its spaces tidied; None (the login name / unchanged) if blank."""
    name = " ".join((name or "").split())
    if not name:
        return None
    if len(name) > MAX_DISPLAY_NAME:
        raise LedgerError(f"the display name is longer than {MAX_DISPLAY_NAME} characters")
    return name


def _keep_an_admin(session: Session, user: User, what: str) -> None:
    """Refuse ``what`` if ``user`` is the ledger's last active administrator."""
    if user.role != "admin" or not user.active:
        return
    others = session.execute(
        select(func.count())
        .select_from(User)
        .where(User.role == "admin", User.active.is_(True), User.id != user.id)
    ).scalar_one()
    if not others:
        raise LedgerError(
            f"cannot {what}: {user.username} is the last active administrator "
            "(make someone else an administrator first)"
        )


def _change(
    session: Session,
    actor: Actor,
    user: User,
    role: str,
    display_name: str | None,
    expected_version: int | None,
) -> None:
    changes: dict[str, object] = {}
    if user.role != role:
        if user.username == actor.username:
            raise LedgerError(
                f"{user.username} cannot change their own role: ask another administrator"
            )
        _keep_an_admin(session, user, f"make {user.username} a {ROLE_LABELS[role]}")
        changes["role"] = role
    if display_name is not None and display_name != user.display_name:
        changes["display_name"] = display_name
    if changes:
        update_row(
            session,
            actor,
            user,
            changes,
            expected_version=expected_version,
            action="change_role" if "role" in changes else "change_user",
        )


def _granted(
    session: Session,
    username: str,
    role: str,
    ids: dict[str, int],
    created: bool,
    password: str | None,
) -> UserAdded:
    """On PostgreSQL: the login, a member of ``role``'s group only."""
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
        with audit.acting(session, actor.username, "remove_stream"):
            session.delete(row)
