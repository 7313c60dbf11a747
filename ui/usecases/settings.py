"""The settings page's reads and its one direct write: users with roles and streams, streams'
RAG thresholds, period locks, who manages users on this ledger; changing a stream's thresholds.

User writes are :mod:`ui.usecases.users`, period locks :mod:`ui.usecases.lifecycle`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from db.ledger import Ledger
from db.ops.settings import MAX_EXPIRY_DAYS
from db.ops.settings import set_expiry_window as _set_expiry_window
from db.ops.stream_settings import set_rag_thresholds
from db.queries.admin import ThresholdRow, UserRow, thresholds, users
from db.queries.budget import LockRow, period_locks
from db.queries.contracts import expiry_window

from .users import ServerManager, server_manager

__all__ = [
    "MAX_EXPIRY_DAYS",
    "LockRow",
    "ServerManager",
    "SettingsView",
    "ThresholdRow",
    "UserRow",
    "set_expiry_window",
    "set_thresholds",
    "settings_view",
]


@dataclass(frozen=True, slots=True)
class SettingsView:
    users: list[UserRow]
    thresholds: list[ThresholdRow]
    locks: list[LockRow]
    #: on PostgreSQL: may this login manage users (owner? CREATEROLE?)
    server: ServerManager
    #: days before a contract line ends that a pending extension decision is warned about
    expiry_days: int = 90


def settings_view(ledger: Ledger) -> SettingsView:
    with ledger.read() as s:
        found = users(s), thresholds(s), period_locks(s)
        days = expiry_window(s)
    return SettingsView(*found, server_manager(ledger), days)


def set_expiry_window(ledger: Ledger, days: int, reason: str | None = None) -> None:
    """The contracts expiry warning window, in days (administrators and finance; audited)."""
    with ledger.write() as s:
        _set_expiry_window(s, ledger.actor, days, reason)


def set_thresholds(
    ledger: Ledger, stream_id: int, red: Decimal, amber: Decimal, version: int
) -> None:
    """A stream's RAG thresholds: red above a forecast overspend of ``red`` %, amber when % spent
    is off the straight-line profile by ``amber`` points (version-checked, audited)."""
    with ledger.write() as s:
        set_rag_thresholds(s, ledger.actor, stream_id, red, amber, expected_version=version)
