"""What the acting user may do, for the app to enable or disable actions (with the reason).

Presentation only: the ledger still refuses on write (``db.ops.permissions``, and on PostgreSQL
the server's grants).
"""

from __future__ import annotations

from db.ledger import Actor
from db.ops.permissions import ROLE_LABELS
from db.ops.permissions import check as _check

__all__ = ["ROLE_LABELS", "Actor", "hidden_stream", "role_label", "why_not"]


def why_not(actor: Actor, action: str, stream_code: str | None = None) -> str | None:
    """Why ``actor`` may not take ``action`` (on ``stream_code``), or None if they may."""
    return _check(actor, action, stream_code)


def role_label(role: str) -> str:
    """``budget_holder`` → ``budget holder`` (as the app and the CLI say it)."""
    return ROLE_LABELS.get(role, role)


def current_actor() -> Actor:
    """Who is at the keyboard when no ledger is open (the login name, finance role)."""
    return Actor.current()


def hidden_stream(actor: Actor | None, shared: bool, stream_code: str | None) -> str | None:
    """Why a report on ``stream_code`` would be empty for ``actor``: on a shared ledger the
    server's row-level security shows a budget holder only their own streams' money, so a
    return on another stream would read £0.00 everywhere (None if it would not)."""
    if not shared or actor is None or stream_code is None:
        return None
    if actor.role != "budget_holder" or stream_code in actor.streams:
        return None
    held = ", ".join(sorted(actor.streams)) or "no stream"
    return (
        f"{stream_code} is not one of {actor.username}'s streams ({held}): on this shared "
        "ledger the server shows a budget holder only their own streams' money, so every "
        f"figure for {stream_code} would read £0.00"
    )
