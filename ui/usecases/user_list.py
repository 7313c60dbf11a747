"""Listing ledger users (``fundledger user list``, the user form's stored values): one read of
the Core tables.

Apart from :mod:`ui.usecases.users` (which re-exports it with the writes) so that listing the
users imports neither the write operations nor the ORM (issue 23)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from db.ledger import Ledger
from db.queries import admin

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
    """Every user (or the one called ``username``) by name, with the streams each holds
    (:func:`db.queries.admin.users`, the settings page's list too)."""
    return [UserRow(u.username, u.display_name, u.role, u.active, u.streams, u.version)
            for u in admin.users(s, username)]  # fmt: skip
