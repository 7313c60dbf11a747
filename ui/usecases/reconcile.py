"""Reconciliation use cases (no Qt): run the matcher over a statement's scope, load the
reconciliation, act on matches, explain differences, sign off and reopen over period ranges,
report as JSON (SPEC §5 plus scope and brought-forward items) and export.

The figures come from :func:`fundledger.reconcile.summarise` over the items in scope and the
stored matches; the two totals are also summed in SQL and must agree to the penny.  Matching
and loading read the items once, in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.ops import recon_signoff as signoff_ops
from db.ops import reconcile as ops
from db.queries import reconcile as q
from db.queries.recon_scope import GlBatch, Scope, gl_batches, resolve
from db.queries.reconcile import ExplanationRow, SignoffRow
from db.types import utcnow
from fundledger.money import ZERO, Money, format_gbp, money_str
from fundledger.reconcile import (
    LedgerItem,
    Match,
    Options,
    Reconciliation,
    StatementItem,
    summarise,
)
from fundledger.years import FinancialYear, period_label

__all__ = [
    "GlBatch",
    "ReconView",
    "Scope",
    "accept",
    "explain",
    "export_statement",
    "gl_batches_of",
    "load",
    "match",
    "out_of_scope",
    "reconcile",
    "reject",
    "reopen",
    "report_json",
    "sign_off",
    "signoff_plan",
    "stream_codes",
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
    scope: Scope = field(default_factory=Scope)
    #: unmatched items of earlier periods of the year (ledger, then statement)
    brought_forward: tuple[LedgerItem | StatementItem, ...] = ()
    #: ledger items of the scope's periods dated after the statement's last date
    after_last_date: tuple[LedgerItem, ...] = ()
    #: statement lines of periods after the range that pay none of its items (out of scope)
    after_range: tuple[StatementItem, ...] = ()

    def ledger_by_id(self) -> dict[int, LedgerItem]:
        return {i.id: i for i in self.ledger}

    def statement_by_id(self) -> dict[int, StatementItem]:
        return {i.id: i for i in self.statement}


def _read(session: Session, scope: Scope, auto: ops.AutoMatchResult | None) -> ReconView:
    read = auto.items if auto is not None and auto.items is not None else None
    read = read or q.read_scope(session, scope)
    led, st, bf_l, bf_s = (
        tuple(read.ledger),
        tuple(read.statement),
        read.bf_ledger,
        read.bf_statement,
    )
    lids = [i.id for i in led] + [i.id for i in bf_l]
    sids = [i.id for i in st] + [i.id for i in bf_s]
    stored = read.stored
    st, later, matches = _after_range(scope, led, bf_l, st, stored.matches)
    matches = _of_this_statement(session, scope, st, bf_s, matches)
    expl = q.explanations(session, lids, sids)
    signed = tuple(q.signoffs(session, scope.stream, scope.year))
    sql_ledger, sql_statement = q.totals(session, scope)
    sql_statement = Money(sql_statement - sum((i.amount for i in later), ZERO))
    after = tuple(q.after_last_date(session, scope))
    result = summarise(led, st, matches)
    if (sql_ledger, sql_statement) != (result.ledger_total, result.statement_total):
        raise AssertionError(  # a bug, never user input
            f"reconciliation totals disagree with SQL: {result.ledger_total} vs {sql_ledger}, "
            f"{result.statement_total} vs {sql_statement}"
        )
    # brought-forward items matched since are part of a match now, not brought forward
    ml = {i for m in stored.matches for i in m.ledger_ids}
    ms = {i for m in stored.matches for i in m.statement_ids}
    bf = tuple([i for i in bf_l if i.id not in ml] + [i for i in bf_s if i.id not in ms])
    return ReconView(scope.stream, scope.year, led, st, result, expl, signed, auto, scope, bf,
                     after, later)  # fmt: skip


def _of_this_statement(
    session: Session,
    scope: Scope,
    st: Sequence[StatementItem],
    bf_s: Sequence[StatementItem],
    matches: tuple[Match, ...],
) -> tuple[Match, ...]:
    """Against a chosen statement, a ledger item matched to a line of another GL import is
    unmatched here (it showed as matched, the figure hidden in 'matched items')."""
    if not scope.batches:
        return matches
    known = {i.id for i in st} | {i.id for i in bf_s}
    other = {sid for m in matches for sid in m.statement_ids if sid not in known}
    if not other:
        return matches
    ours = known | q.lines_in_batches(session, other, scope.batches)
    return tuple(m for m in matches if not ours.isdisjoint(m.statement_ids))


def _after_range(
    scope: Scope,
    led: Sequence[LedgerItem],
    bf_l: Sequence[LedgerItem],
    st: tuple[StatementItem, ...],
    matches: Sequence[Match],
) -> tuple[tuple[StatementItem, ...], tuple[StatementItem, ...], tuple[Match, ...]]:
    """The statement lines of periods after the range are read so that a payment posted
    later still matches the invoice it pays; those that pay none of the range's (or earlier)
    ledger items are out of scope — a later statement batch's own lines are not the range's
    statement-only items.  (statement in scope, lines after the range, matches in scope)"""
    if scope.periods is None or scope.year is None:
        return st, (), tuple(matches)
    last = (scope.year, scope.periods[1])
    ours = {i.id for i in led} | {i.id for i in bf_l}
    paying = {s for m in matches if not ours.isdisjoint(m.ledger_ids) for s in m.statement_ids}
    later = tuple(i for i in st if i.charged > last and i.id not in paying)
    if not later:
        return st, (), tuple(matches)
    out = {i.id for i in later}
    return (
        tuple(i for i in st if i.id not in out),
        later,
        tuple(m for m in matches if out.isdisjoint(m.statement_ids)),
    )


def load(
    ledger: Ledger,
    stream: str | None = None,
    year: int | None = None,
    *,
    statement: Sequence[int] = (),
    periods: tuple[int, int] | None = None,
) -> ReconView:
    """The reconciliation as stored (no new matching) against ``statement`` (GL batch ids;
    default every active GL import) over ``periods`` (default: what the statement covers)."""
    with ledger.read() as s:
        scope = resolve(s, stream, year, tuple(statement), periods)
        return _read(s, scope, None)


def reconcile(
    ledger: Ledger,
    stream: str | None = None,
    year: int | None = None,
    *,
    options: Options | None = None,
    statement: Sequence[int] = (),
    periods: tuple[int, int] | None = None,
) -> ReconView:
    """Auto-match what is unmatched in scope (stored, audited) when the user may reconcile,
    then the reconciliation; one transaction.  Others see the stored result."""
    if ledger.actor.role not in ops.RECONCILERS:
        return load(ledger, stream, year, statement=statement, periods=periods)
    with ledger.write() as s:
        scope = resolve(s, stream, year, tuple(statement), periods)
        auto = ops.run_auto_match(s, ledger.actor, scope, options)
        return _read(s, scope, auto)


def stream_codes(ledger: Ledger) -> list[str]:
    """Every stream's code, sorted."""
    from sqlalchemy import select

    from db.schema.reference import streams

    with ledger.read() as s:
        return sorted(s.execute(select(streams.c.code)).scalars())


def gl_batches_of(ledger: Ledger) -> list[GlBatch]:
    """The active GL imports a statement can be made of (the page's statement picker)."""
    with ledger.read() as s:
        return gl_batches(s)


def _item(i: LedgerItem | StatementItem) -> dict[str, Any]:
    return {"ref": i.reference, "date": i.date.isoformat(), "amount": money_str(i.amount)}


def out_of_scope(view: ReconView) -> list[str]:
    """What the scope leaves out, a sentence each (the command line, the page and the
    statement workbook say the same): ledger items after the statement's last date, and
    statement lines of later periods that pay none of the range's items."""
    out = []
    if view.after_last_date:
        n, total = len(view.after_last_date), sum((i.amount for i in view.after_last_date), ZERO)
        last = f" ({view.scope.last_date:%d/%m/%Y})" if view.scope.last_date else ""
        out.append(
            f"{n:,} ledger item{'s' if n != 1 else ''} dated after the statement's last date"
            f"{last}, {format_gbp(total)}"
        )
    if view.after_range and view.scope.periods is not None:
        n, total = len(view.after_range), sum((i.amount for i in view.after_range), ZERO)
        out.append(
            f"{n:,} statement line{'s' if n != 1 else ''} of periods after "
            f"{period_label(view.scope.periods[1])} that pay none of its items, {format_gbp(total)}"
        )
    return out


def report_json(view: ReconView) -> dict[str, Any]:
    """The ``reconcile --json`` object of SPEC §5 (difference = statement − ledger), with the
    scope it was made over and the items brought forward unmatched from earlier periods."""
    r, sc = view.result, view.scope
    return {
        "matched": len(r.matches),
        "ledger_only": [_item(i) for i in r.ledger_only],
        "statement_only": [_item(i) for i in r.statement_only],
        "ledger_total": money_str(r.ledger_total),
        "statement_total": money_str(r.statement_total),
        "difference": money_str(r.difference),
        "scope": {
            "statement": list(sc.batches),
            "periods": [period_label(p) for p in sc.periods] if sc.periods else None,
            "year": FinancialYear(sc.year).code if sc.year is not None else None,
            "stream": sc.stream,
            "last_date": sc.last_date.isoformat() if sc.last_date else None,
            "after_last_date": len(view.after_last_date),
            "after_range": len(view.after_range),
        },
        "brought_forward": [_brought(i) for i in view.brought_forward],
    }


def _brought(i: LedgerItem | StatementItem) -> dict[str, Any]:
    side = "ledger" if isinstance(i, LedgerItem) else "statement"
    return {**_item(i), "side": side, "period": period_label(i.charged[1])}


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


def signoff_plan(
    ledger: Ledger,
    streams: Sequence[str],
    year: int | None,
    periods: tuple[int, int] | None,
    statement: Sequence[int] = (),
) -> signoff_ops.SignoffPlan:
    """What signing off would record: movement, cumulative and unexplained per period."""
    with ledger.read() as s:
        return signoff_ops.plan(s, streams, year, periods, tuple(statement))


def sign_off(
    ledger: Ledger,
    streams: Sequence[str],
    year: int | None,
    periods: tuple[int, int] | None,
    reason: str | None,
    statement: Sequence[int] = (),
) -> tuple[signoff_ops.SignoffPlan, list[int]]:
    """Sign off ``streams`` over ``periods`` in one audited transaction."""
    with ledger.write() as s:
        return signoff_ops.sign_off(
            s, ledger.actor, streams, year, periods, reason, tuple(statement)
        )


def reopen(
    ledger: Ledger, stream: str, year: int, periods: tuple[int, int], reason: str | None
) -> list[int]:
    """Reopen a stream's sign-offs over ``periods`` (finance or administrators, a reason)."""
    with ledger.write() as s:
        return signoff_ops.reopen(s, ledger.actor, stream, year, periods, reason)


def export_statement(
    ledger: Ledger, view: ReconView, out: Path, *, title: str | None = None
) -> Path:
    """Write the reconciliation statement workbook for ``view`` to ``out``."""
    from db.seal import current_seal
    from exports import reconciliation as xr
    from exports.data import Produced

    now = utcnow()
    with ledger.read() as session:
        seal = str(current_seal(session))
    produced = Produced(ledger.display_name, now.date(), ledger.actor.username, now, seal=seal)

    data = xr.statement_data(
        view.result,
        view.ledger,
        view.statement,
        explanations={k: (e.category, e.text) for k, e in view.explanations.items()},
        signoffs=[
            xr.Signoff(
                x.stream,
                x.year,
                x.period,
                x.difference,
                x.explanation,
                x.signed_by,
                x.signed_at,
                x.cumulative,
                x.unexplained,
            )
            for x in view.signoffs
        ],
        stream=view.stream,
        year=view.year,
        title=title,
        scope_label=view.scope.label,
        out_of_scope=out_of_scope(view),
        brought_forward=view.brought_forward,
    )
    return xr.write_statement(data, out, produced)
