"""Loading the demo ledger (SPEC §5 ``demo``): the source papers' figures plus synthetic activity.

One write transaction: the demo (if not loaded yet) and any bulk synthetic transactions commit
together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from db.demo import DemoLoad
from db.demo import load_demo as write_demo
from db.ledger import Ledger
from db.synthetic import BulkResult, add_synthetic_transactions


@dataclass(frozen=True, slots=True)
class DemoResult:
    """What ``demo`` did: whether the demo was already there, rows added, the bulk batch."""

    already_loaded: bool
    version: str
    added: dict[str, int] = field(default_factory=dict)
    bulk: BulkResult | None = None

    @property
    def rows_added(self) -> int:
        return sum(self.added.values()) + (self.bulk.rows if self.bulk else 0)


def load_demo(ledger: Ledger, transactions: int = 0) -> DemoResult:
    """Load the demo into an initialised ledger (idempotent); add ``transactions`` bulk rows."""
    with ledger.write() as session:
        loaded: DemoLoad = write_demo(session, ledger.actor)
        bulk = (
            add_synthetic_transactions(session, ledger.actor, transactions)
            if transactions > 0
            else None
        )
    return DemoResult(loaded.already, loaded.version, dict(loaded.added), bulk)
