"""Opening a ledger for a command or the app: resolve, vet, migrate, and identify the user."""

from __future__ import annotations

from sqlalchemy import select

from db.engine import resolve_url
from db.ledger import Actor, Ledger
from db.migrate import LedgerState, inspect_engine, upgrade
from db.schema import User


def open_ledger(db: str | None, user: str | None = None, *, migrate: bool = True) -> Ledger:
    """Open (and by default create/upgrade) a ledger; refuses newer/foreign/corrupt files."""
    ledger = Ledger(resolve_url(db), Actor.current())
    state: LedgerState = upgrade(ledger.engine) if migrate else inspect_engine(ledger.engine)
    if not state.exists:
        return ledger
    ledger.actor = resolve_actor(ledger, user)
    return ledger


def resolve_actor(ledger: Ledger, user: str | None) -> Actor:
    """The acting user: a named ledger user, else the login name (finance role by default)."""
    name = user or ledger.actor.username
    with ledger.read() as s:
        row = s.execute(select(User).where(User.username == name)).scalar_one_or_none()
        if row is None:
            return Actor(name, "finance")
        from db.schema import Stream, UserStream

        codes = s.execute(
            select(Stream.code).join(UserStream).where(UserStream.user_id == row.id)
        ).scalars()
        return Actor(row.username, row.role, frozenset(codes))
