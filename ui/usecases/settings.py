"""The settings page's reads and its one direct write: users with roles and streams, streams'
RAG thresholds, period locks, who manages users on this ledger; changing a stream's thresholds.

User writes are :mod:`ui.usecases.users`, period locks :mod:`ui.usecases.lifecycle`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from db.ledger import Ledger
from db.ops.settings import MAX_EXPIRY_DAYS, MAX_NAME_LENGTH
from db.ops.settings import set_expiry_window as _set_expiry_window
from db.ops.settings import set_ledger_name as _set_ledger_name
from db.ops.stream_settings import set_rag_thresholds
from db.queries.admin import ThresholdRow, UserRow, thresholds, users
from db.queries.budget import LockRow, period_locks
from db.queries.contracts import expiry_window
from db.queries.navigation import ledger_name

from .users import ServerManager, server_manager

__all__ = [
    "MAX_EXPIRY_DAYS",
    "MAX_NAME_LENGTH",
    "LockRow",
    "ServerManager",
    "SettingsView",
    "ThresholdRow",
    "UserRow",
    "set_expiry_window",
    "set_ledger_name",
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
    #: the ledger's name, on every export and return
    name: str | None = None


def settings_view(ledger: Ledger) -> SettingsView:
    with ledger.read() as s:
        found = users(s), thresholds(s), period_locks(s)
        days = expiry_window(s)
        name = ledger_name(s)
    return SettingsView(*found, server_manager(ledger), days, name)


def set_expiry_window(ledger: Ledger, days: int, reason: str | None = None) -> None:
    """The contracts expiry warning window, in days (administrators and finance; audited)."""
    with ledger.write() as s:
        _set_expiry_window(s, ledger.actor, days, reason)


def set_ledger_name(ledger: Ledger, name: str, reason: str | None = None) -> str:
    """Name the ledger: its council's name, on every export and return (administrators and
    finance; audited).  Returns the name as kept."""
    with ledger.write() as s:
        return _set_ledger_name(s, ledger.actor, name, reason)


def set_thresholds(
    ledger: Ledger, stream_id: int, red: Decimal, amber: Decimal, version: int
) -> None:
    """A stream's RAG thresholds: red above a forecast overspend of ``red`` %, amber when % spent
    is off the straight-line profile by ``amber`` points (version-checked, audited)."""
    with ledger.write() as s:
        set_rag_thresholds(s, ledger.actor, stream_id, red, amber, expected_version=version)
