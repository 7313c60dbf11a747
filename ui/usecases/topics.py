"""What a write changed, so the screens that show it (and only those) reload.

A write names its topics (``ctx.run_write(…, changes=…)``; a write that names none changed
:data:`EVERYTHING`); ``ledger_changed`` carries them and each page reloads only when one of
the topics it shows (its registry record's ``shows``) is among them.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Topic(StrEnum):
    """A part of the ledger that screens show and writes change."""

    #: transactions: spend, receipts, coding, reversals
    TRANSACTIONS = "transactions"
    #: allocations, budget lines, virements, carry-forwards, forecasts and commentary
    BUDGET = "budget"
    #: contract lines, their providers, extensions and profiles
    CONTRACTS = "contracts"
    #: partner contributions and recharges
    PARTNERS = "partners"
    #: income items
    INCOME = "income"
    #: streams, cost centres, organisations and aliases, coding rules, ledger settings
    REFERENCE = "reference"
    #: users and their streams
    USERS = "users"
    #: import batches and profiles
    IMPORTS = "imports"
    #: the GL statement, matches, sign-offs and explanations
    RECONCILIATION = "reconciliation"
    #: period locks (closing and reopening periods)
    PERIODS = "periods"
    #: returns submitted, when they are due, and evidence attached
    RETURNS = "returns"


#: every topic: a ledger opened, an import, or a write that does not say what it changed
EVERYTHING: frozenset[Topic] = frozenset(Topic)


def topics(*names: Topic | str) -> frozenset[Topic]:
    """The topics named (``topics("budget", Topic.CONTRACTS)``); unknown names raise."""
    return frozenset(Topic(n) for n in names)


def touches(changed: Iterable[Topic], shows: Iterable[Topic]) -> bool:
    """Whether a write that ``changed`` these topics concerns a screen that ``shows`` these."""
    return not frozenset(changed).isdisjoint(shows)
