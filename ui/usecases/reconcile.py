"""Reconciliation use cases (no Qt): run the matcher, load the reconciliation for a stream and
year, act on matches, explain differences, sign off, report as JSON (SPEC §5) and export.

The figures come from :func:`fundledger.reconcile.summarise` over the items in scope and the
stored matches; the two totals are also summed in SQL and must agree to the penny.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from db.ledger import Ledger
from db.ops import reconcile as ops
from db.queries import reconcile as q
from db.queries.reconcile import ExplanationRow, SignoffRow
from db.types import utcnow
from fundledger.money import money_str
from fundledger.reconcile import (
    LedgerItem,
    Options,
    Reconciliation,
    StatementItem,
    summarise,
)

__all__ = [
    "ReconView",
    "accept",
    "explain",
    "export_statement",
    "load",
    "match",
    "reconcile",
    "reject",
    "report_json",
    "sign_off",
]


@dataclass(frozen=True, slots=True)
class ReconView:
    """Everything a screen, the CLI or an export shows for one scope."""

    stream: str | None
    year: int | None
    ledger: tuple[LedgerItem, ...]
    statement: tuple[StatementItem, ...]
    result: Reconciliation
    explanations: dict[tuple[str, int], ExplanationRow] = field(default_factory=dict)
    signoffs: tuple[SignoffRow, ...] = ()
    auto: ops.AutoMatchResult | None = None

    def ledger_by_id(self) -> dict[int, LedgerItem]:
        return {i.id: i for i in self.ledger}

    def statement_by_id(self) -> dict[int, StatementItem]:
        return {i.id: i for i in self.statement}


def load(ledger: Ledger, stream: str | None = None, year: int | None = None) -> ReconView:
    """The reconciliation as stored (no new matching)."""
    with ledger.read() as s:
        led = tuple(q.ledger_items(s, stream, year))
        st = tuple(q.statement_items(s, stream, year))
        lids, sids = [i.id for i in led], [i.id for i in st]
        stored = q.stored_matches(s, lids, sids)
        expl = q.explanations(s, lids, sids)
        signed = tuple(q.signoffs(s, stream, year))
        sql_ledger, sql_statement = q.totals(s, stream, year)
    result = summarise(led, st, stored.matches)
    if (sql_ledger, sql_statement) != (result.ledger_total, result.statement_total):
        raise AssertionError(  # a bug, never user input
            f"reconciliation totals disagree with SQL: {result.ledger_total} vs {sql_ledger}, "
            f"{result.statement_total} vs {sql_statement}"
        )
    return ReconView(stream, year, led, st, result, expl, signed)


def reconcile(
    ledger: Ledger,
    stream: str | None = None,
    year: int | None = None,
    *,
    options: Options | None = None,
) -> ReconView:
    """Auto-match what is unmatched (stored, audited) when the user may reconcile, then load.

    A user who may not reconcile (viewer, budget holder, administrator) sees the stored result.
    """
    auto = None
    if ledger.actor.role in ops.RECONCILERS:
        with ledger.write() as s:
            auto = ops.run_auto_match(s, ledger.actor, stream, year, options)
    view = load(ledger, stream, year)
    return ReconView(
        view.stream, view.year, view.ledger, view.statement, view.result,
        view.explanations, view.signoffs, auto,
    )  # fmt: skip


def report_json(view: ReconView) -> dict[str, Any]:
    """The ``reconcile --json`` object of SPEC §5 (difference = statement − ledger)."""
    r = view.result

    def item(i: LedgerItem | StatementItem) -> dict[str, Any]:
        return {"ref": i.reference, "date": i.date.isoformat(), "amount": money_str(i.amount)}

    return {
        "matched": len(r.matches),
        "ledger_only": [item(i) for i in r.ledger_only],
        "statement_only": [item(i) for i in r.statement_only],
        "ledger_total": money_str(r.ledger_total),
        "statement_total": money_str(r.statement_total),
        "difference": money_str(r.difference),
    }


def accept(ledger: Ledger, group_id: int) -> None:
    with ledger.write() as s:
        ops.accept(s, ledger.actor, group_id)


def reject(ledger: Ledger, group_id: int, reason: str | None = None) -> None:
    """Unmatch: the items become unmatched and the pairing is not proposed again."""
    with ledger.write() as s:
        ops.reject(s, ledger.actor, group_id, reason)


def match(
    ledger: Ledger,
    ledger_ids: Sequence[int],
    statement_ids: Sequence[int],
    reason: str | None = None,
) -> int:
    with ledger.write() as s:
        return ops.match_manually(s, ledger.actor, ledger_ids, statement_ids, reason)


def explain(ledger: Ledger, side: str, item_id: int, category: str, text: str | None) -> int:
    with ledger.write() as s:
        return ops.explain(s, ledger.actor, side, item_id, category, text)


def sign_off(ledger: Ledger, stream: str, year: int, period: int, explanation: str | None) -> int:
    with ledger.write() as s:
        return ops.sign_off(s, ledger.actor, stream, year, period, explanation)


def export_statement(
    ledger: Ledger, view: ReconView, out: Path, *, title: str | None = None
) -> Path:
    """Write the reconciliation statement workbook for ``view`` to ``out``."""
    from exports import reconciliation as xr
    from exports.data import Produced

    now = utcnow()
    produced = Produced(ledger.display_name, now.date(), ledger.actor.username, now)

    data = xr.statement_data(
        view.result,
        view.ledger,
        view.statement,
        explanations={k: (e.category, e.text) for k, e in view.explanations.items()},
        signoffs=[
            xr.Signoff(
                x.stream, x.year, x.period, x.difference, x.explanation, x.signed_by, x.signed_at
            )
            for x in view.signoffs
        ],
        stream=view.stream,
        year=view.year,
        title=title,
    )
    return xr.write_statement(data, out, produced)
