"""Creating or upgrading a ledger and giving it its standard reference data (SPEC §5 ``init``)."""

from __future__ import annotations

from dataclasses import dataclass

from db.ledger import Ledger
from db.roles import prepare as prepare_roles
from db.seed import SeedResult, seed_reference

from .session import open_ledger, resolve_actor


@dataclass(frozen=True, slots=True)
class InitResult:
    """What ``init`` did: the ledger and how many reference rows it added (0 when current)."""

    ledger: Ledger
    seed: SeedResult


def init_ledger(db: str | None, user: str | None = None) -> Ledger:
    """Create/migrate the ledger, then add any missing reference data in one write transaction.

    Idempotent: on an initialised ledger nothing is written.  Refuses newer, foreign and
    damaged files before touching them (``db.migrate.LedgerFileError``).
    """
    return initialise(db, user).ledger


def initialise(db: str | None, user: str | None = None) -> InitResult:
    """:func:`init_ledger`, also reporting what was added."""
    ledger = open_ledger(db, user, known_user=False)
    with ledger.write() as session:
        result = seed_reference(session, ledger.actor, username=user)
        if ledger.is_shared:  # group roles, grants (db.roles); RLS is in the migrations
            prepare_roles(session.connection())
    ledger.actor = resolve_actor(ledger, user)
    return InitResult(ledger, result)
