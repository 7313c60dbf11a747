"""Reading the reference data lists (``fundledger stream|costcentre|org|rule list``, the
Settings lists): one read each over :mod:`db.queries.reference`, which reads the Core tables.

Apart from :mod:`ui.usecases.reference` (which re-exports these with the writes) so that a
listing command imports neither the write operations nor the ORM mappers they define (issue 23).
"""

from __future__ import annotations

from db.ledger import Ledger
from db.queries import reference as q
from db.queries.reference import CostCentreItem, OrgItem, RuleItem, StreamItem

__all__ = [
    "CostCentreItem",
    "OrgItem",
    "RuleItem",
    "StreamItem",
    "cost_centres",
    "organisations",
    "rules",
    "streams",
]


def streams(ledger: Ledger) -> list[StreamItem]:
    with ledger.read_core() as s:
        return q.streams(s)


def cost_centres(ledger: Ledger) -> list[CostCentreItem]:
    with ledger.read_core() as s:
        return q.cost_centres(s)


def organisations(ledger: Ledger, *, include_merged: bool = False) -> list[OrgItem]:
    with ledger.read_core() as s:
        return q.organisations(s, include_merged=include_merged)


def rules(ledger: Ledger, *, include_retired: bool = False) -> list[RuleItem]:
    with ledger.read_core() as s:
        return q.rules(s, include_retired=include_retired)
