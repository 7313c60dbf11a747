"""What the settings page lists: users with their roles and streams, and streams' thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select

from db.schema.reference import streams, user_streams
from db.schema.reference import users as user_table

if TYPE_CHECKING:
    from db.queries.core import Reads


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    streams: tuple[str, ...]
    #: the row's version, which a change to the user names
    version: int = 1


@dataclass(frozen=True, slots=True)
class ThresholdRow:
    stream_id: int
    version: int
    code: str
    name: str
    kind: str
    red_forecast_pct: Decimal
    amber_profile_pct: Decimal


def users(session: Reads, username: str | None = None) -> list[UserRow]:
    """Every ledger user (or the one called ``username``) by name, with the streams a budget
    holder holds.  Core tables only: ``user list`` reads it without the ORM."""
    held: dict[int, list[str]] = {}
    for user_id, code in session.execute(
        select(user_streams.c.user_id, streams.c.code)
        .join(streams, streams.c.id == user_streams.c.stream_id)
        .order_by(streams.c.code)
    ):
        held.setdefault(user_id, []).append(code)
    q = select(user_table).order_by(user_table.c.username)
    if username is not None:
        q = q.where(user_table.c.username == username)
    return [
        UserRow(
            u.id, u.username, u.display_name, u.role, u.active, tuple(held.get(u.id, ())), u.version
        )
        for u in session.execute(q)
    ]


def thresholds(session: Reads) -> list[ThresholdRow]:
    """Each stream's RAG thresholds (percent)."""
    rows = session.execute(select(streams).order_by(streams.c.sort_order, streams.c.code))
    return [
        ThresholdRow(
            s.id, s.version, s.code, s.name, s.kind, s.red_forecast_pct, s.amber_profile_pct
        )
        for s in rows
    ]
