"""Listing ledger users (``fundledger user list``, the user form's stored values): one read of
the Core tables.

Apart from :mod:`ui.usecases.users` (which re-exports it with the writes) so that listing the
users imports neither the write operations nor the ORM (issue 23)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from db.ledger import Ledger
from db.schema.reference import streams, user_streams, users

if TYPE_CHECKING:
    from db.queries.core import Reads

__all__ = ["UserRow", "get_user", "list_users", "user_rows"]


@dataclass(frozen=True, slots=True)
class UserRow:
    username: str
    display_name: str
    role: str
    active: bool
    streams: tuple[str, ...]
    version: int = 1


def list_users(ledger: Ledger) -> list[UserRow]:
    with ledger.read_core() as s:
        return user_rows(s)


def get_user(ledger: Ledger, username: str) -> UserRow | None:
    """One user as stored now (with the version a change names), or None."""
    with ledger.read_core() as s:
        rows = user_rows(s, username)
    return rows[0] if rows else None


def user_rows(s: Reads, username: str | None = None) -> list[UserRow]:
    """Every user (or the one called ``username``) by name, with the streams each holds."""
    q = select(users).order_by(users.c.username)
    if username is not None:
        q = q.where(users.c.username == username)
    held: dict[int, list[str]] = {}
    for uid, code in s.execute(
        select(user_streams.c.user_id, streams.c.code)
        .join(streams, streams.c.id == user_streams.c.stream_id)
        .order_by(streams.c.code)
    ):
        held.setdefault(uid, []).append(code)
    return [
        UserRow(u.username, u.display_name, u.role, u.active, tuple(held.get(u.id, ())), u.version)
        for u in s.execute(q)
    ]
