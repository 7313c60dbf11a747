"""Opening a ledger for a command or the app: resolve, vet, migrate, and identify the user."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, select, text

from db.engine import resolve_url
from db.ledger import Actor, Ledger
from db.migrate import LedgerFileError, LedgerState, inspect_engine, upgrade
from db.queries.core import core
from db.schema.reference import streams as stream_table
from db.schema.reference import user_streams as user_stream_table
from db.schema.reference import users as user_table

from .session_errors import UnknownUser as UnknownUser

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from db.queries.core import Reads

T = TypeVar("T")


class InactiveUser(LedgerFileError):
    """The acting user has been deactivated in this ledger (they may not act in it)."""


def open_ledger(
    db: str | None, user: str | None = None, *, migrate: bool = True, known_user: bool = True
) -> Ledger:
    """Open (and by default create/upgrade) a ledger; refuses newer/foreign/corrupt files.

    ``user`` must name a user of the ledger (:class:`UnknownUser` otherwise) unless
    ``known_user`` is False — ``init``, which adds that user, opens it so."""
    return _open(db, user, None, Ledger.read_core, migrate, known_user)[0]


def open_and_read(
    db: str | None,
    user: str | None,
    read: Callable[[Session], T] | None,
    *,
    migrate: bool = True,
    known_user: bool = True,
) -> tuple[Ledger, T | None]:
    """:func:`open_ledger`, and ``read(session)`` in the transaction that identifies the user
    (None when the ledger holds nothing yet, or without ``read``).

    One connection for both: SQLite parses the ledger's whole schema (≈40 tables, ≈180
    triggers) on every new connection, and what the window shows first is read as of the
    moment the ledger was vetted."""
    return _open(db, user, read, Ledger.read, migrate, known_user)


def open_and_read_core(
    db: str | None, user: str | None, read: Callable[[Connection], T]
) -> tuple[Ledger, T | None]:
    """:func:`open_and_read` over a Core connection (``Ledger.read_core``): for a command whose
    reads are Core statements only, so that it never loads the ORM (≈35 ms of a command)."""
    return _open(db, user, read, Ledger.read_core, True, True)


def _open(
    db: str | None,
    user: str | None,
    read: Callable[[Any], T] | None,
    unit: Callable[[Ledger], AbstractContextManager[Any]],
    migrate: bool,
    known_user: bool,
) -> tuple[Ledger, T | None]:
    ledger = Ledger(resolve_url(db), Actor.current())
    got: T | None = None
    try:
        state: LedgerState = upgrade(ledger.engine) if migrate else inspect_engine(ledger.engine)
        if state.exists:
            login = connected_login(ledger)
            with unit(ledger) as s:
                ledger.actor = _actor(s, ledger, user, login, known_user)
                if read is not None:
                    got = read(s)
    except BaseException:
        ledger.dispose()  # a refused ledger keeps no connection open
        raise
    return ledger, got


def resolve_actor(ledger: Ledger, user: str | None, *, known_user: bool = True) -> Actor:
    """The acting user: a named ledger user, else the login name (finance role by default).

    A ``user`` named explicitly that is no user of the ledger is refused (:class:`UnknownUser`,
    on SQLite as on PostgreSQL) unless ``known_user`` is False.

    On PostgreSQL a person's own login *is* their identity: ``current_user`` is mapped to the
    ``users`` row (role, streams) and ``user`` is ignored; a login that is not a ledger user
    acts as a viewer (the server refuses more anyway).  Only the owner or a superuser (who set
    the ledger up) may act as a named ``user``.  A deactivated user is refused
    (:class:`InactiveUser`).
    """
    login = connected_login(ledger)
    with ledger.read_core() as s:
        return _actor(s, ledger, user, login, known_user)


def _actor(
    s: Reads, ledger: Ledger, user: str | None, login: Login | None, known_user: bool
) -> Actor:
    """:func:`resolve_actor`'s answer, read in ``s``."""
    name = user or ledger.actor.username
    if login is not None and not login.privileged:
        name = login.name
    users = core(user_table)  # Core: a short command then needs no ORM (db.queries.core)
    row = s.execute(select(users).where(users.username == name)).one_or_none()
    if row is None:
        if user is not None and known_user and (login is None or login.privileged):
            raise UnknownUser(
                f"--user {user!r} is no user of this ledger; nothing was done (an "
                "administrator adds users: fundledger user add NAME --role ROLE)"
            )
        return Actor(name, "viewer" if login is not None and not login.privileged else "finance")
    if not row.active:
        raise InactiveUser(
            f"{row.username} has been deactivated in this ledger and cannot open it; "
            "an administrator can reactivate them (Settings → Users & roles)"
        )
    streams, user_streams = core(stream_table), core(user_stream_table)
    codes = s.execute(
        select(streams.code)
        .join(user_streams, user_streams.stream_id == streams.id)
        .where(user_streams.user_id == row.id)
    ).scalars()
    return Actor(row.username, row.role, frozenset(codes))


@dataclass(frozen=True, slots=True)
class Login:
    """Who a PostgreSQL connection is: the login, and whether it owns the ledger or is superuser."""

    name: str
    privileged: bool


def connected_login(ledger: Ledger) -> Login | None:
    """The database login of a shared (PostgreSQL) ledger; None for SQLite."""
    if not ledger.is_shared:
        return None
    with ledger.read_core() as s:
        name, privileged = s.execute(
            text(
                "select current_user::text, coalesce((select rolsuper from pg_roles "
                "where rolname = current_user), false) or coalesce(pg_has_role(current_user, "
                "(select tableowner from pg_tables where schemaname = 'public' "
                "and tablename = 'users'), 'MEMBER'), false)"
            )
        ).one()
    return Login(str(name), bool(privileged))


def who_is_connected(ledger: Ledger) -> str:
    """ "jo (finance officer) as login jo on fundledger@db.example:5432" for the status bar."""
    from db.ops.permissions import ROLE_LABELS

    actor = ledger.actor
    role = ROLE_LABELS.get(actor.role, actor.role)
    streams = f" for {', '.join(sorted(actor.streams))}" if actor.streams else ""
    login = connected_login(ledger)
    if login is None:
        return f"{actor.username} ({role}{streams}) on {ledger.display_name}"
    url = ledger.engine.url
    where = f"{url.database}@{url.host or 'localhost'}:{url.port or 5432}"
    owner = " (ledger owner)" if login.privileged else ""
    return f"{actor.username} ({role}{streams}) as login {login.name}{owner} on {where}"
