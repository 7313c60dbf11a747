"""What the settings page lists: users with their roles and streams, and streams' thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.schema import Stream, User, UserStream


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    streams: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ThresholdRow:
    stream_id: int
    version: int
    code: str
    name: str
    kind: str
    red_forecast_pct: Decimal
    amber_profile_pct: Decimal


def users(session: Session) -> list[UserRow]:
    """Every ledger user, with the streams a budget holder holds."""
    held: dict[int, list[str]] = {}
    for user_id, code in session.execute(
        select(UserStream.user_id, Stream.code)
        .join(Stream, Stream.id == UserStream.stream_id)
        .order_by(Stream.code)
    ):
        held.setdefault(user_id, []).append(code)
    rows = session.execute(select(User).order_by(User.username)).scalars()
    return [
        UserRow(u.id, u.username, u.display_name, u.role, u.active, tuple(held.get(u.id, ())))
        for u in rows
    ]


def thresholds(session: Session) -> list[ThresholdRow]:
    """Each stream's RAG thresholds (percent)."""
    rows = session.execute(select(Stream).order_by(Stream.sort_order, Stream.code)).scalars()
    return [
        ThresholdRow(
            s.id, s.version, s.code, s.name, s.kind, s.red_forecast_pct, s.amber_profile_pct
        )
        for s in rows
    ]
