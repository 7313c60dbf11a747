"""Explaining several unmatched items at once (the ticked rows of one side of the
reconciliation): one category and note for all, in one audited transaction — all or none."""

from __future__ import annotations

from collections.abc import Sequence

from db.ledger import Ledger
from db.ops import reconcile as ops

__all__ = ["explain_items"]


def explain_items(
    ledger: Ledger, side: str, item_ids: Sequence[int], category: str, text: str | None
) -> list[int]:
    """Record why each of ``item_ids`` (ledger items or statement lines, by ``side``) is
    unmatched; the explanations' ids.  Nothing is written if any one is refused."""
    with ledger.write() as s:
        return [ops.explain(s, ledger.actor, side, i, category, text) for i in item_ids]
