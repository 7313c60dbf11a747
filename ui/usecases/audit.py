"""The audit page's check: does the hash chain still hold (no entry edited, removed or
inserted outside the app)?"""

from __future__ import annotations

from db.audit import ChainProblem, verify_chain
from db.ledger import Ledger

__all__ = ["ChainProblem", "verify"]


def verify(ledger: Ledger) -> list[ChainProblem]:
    """Every break in the audit log's hash chain (empty when it holds)."""
    with ledger.read() as s:
        return verify_chain(s)
