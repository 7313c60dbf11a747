"""What the acting user may do, for the app to enable or disable actions (with the reason).

Presentation only: the ledger still refuses on write (``db.ops.permissions``, and on PostgreSQL
the server's grants).
"""

from __future__ import annotations

from db.ledger import Actor
from db.ops.permissions import ROLE_LABELS
from db.ops.permissions import check as _check

__all__ = ["ROLE_LABELS", "Actor", "role_label", "why_not"]


def why_not(actor: Actor, action: str, stream_code: str | None = None) -> str | None:
    """Why ``actor`` may not take ``action`` (on ``stream_code``), or None if they may."""
    return _check(actor, action, stream_code)


def role_label(role: str) -> str:
    """``budget_holder`` → ``budget holder`` (as the app and the CLI say it)."""
    return ROLE_LABELS.get(role, role)


def current_actor() -> Actor:
    """Who is at the keyboard when no ledger is open (the login name, finance role)."""
    return Actor.current()
