"""Reconciliation writes: statement lines from a GL import, auto-matching, accepting, rejecting
and matching by hand, explanations of unmatched items (sign-off: :mod:`db.ops.recon_signoff`).

A match group is stored as rows of ``recon_matches`` sharing ``group_id`` (one row per pair for
one-to-one, otherwise one row per item with the other side on the first row).  Nothing is
deleted: unmatching is rejecting (the pair is never proposed again).  Once a stream's period is
signed off, every match and explanation touching an item of that period is locked.  Finance
officers reconcile (DOMAIN §5); everyone else is refused.  All writes are audited via db.writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import zip_longest

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import schema as orm  # the ORM classes load on first use, not on import
from db.ledger import Actor
from db.ops.recon_store import store_matches
from db.queries import reconcile as q
from db.queries.recon_scope import Scope
from db.writes import LedgerError, PermissionDenied, insert, update_row
from fundledger.matching import auto_match
from fundledger.money import Money
from fundledger.reconcile import (
    CATEGORIES,
    MANUAL,
    LedgerItem,
    Match,
    Options,
    StatementItem,
    statement_fingerprints,
)
from fundledger.years import FinancialYear, period_label

__all__ = [
    "AutoMatchResult",
    "StatementLineInput",
    "StatementLinesAdded",
    "accept",
    "add_statement_lines",
    "explain",
    "match_manually",
    "reject",
    "run_auto_match",
]

RECONCILERS = frozenset({"finance"})


@dataclass(frozen=True, slots=True)
class StatementLineInput:
    """One line of a GL extract, already mapped to a stream."""

    stream_id: int
    cost_centre: str
    posted_on: date
    year: int
    period: int
    amount: Money
    account: str | None = None
    reference: str | None = None
    supplier: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class StatementLinesAdded:
    ids: tuple[int, ...]
    duplicates: int
    total: Money


@dataclass(frozen=True, slots=True)
class AutoMatchResult:
    accepted: int
    proposed: int
    #: new matches not stored because they touch a signed-off period
    locked: int
    #: the scope as read, with the stored matches after this run (new ones with group ids)
    items: q.ScopeItems | None = None


def require_reconciler(actor: Actor, what: str = "reconcile the ledger") -> None:
    """Only finance officers reconcile."""
    if actor.role not in RECONCILERS:
        raise PermissionDenied(f"{actor.username} ({actor.role}) cannot {what}")


# --------------------------------------------------------------------------- statement lines


def add_statement_lines(
    session: Session, actor: Actor, batch_id: int, lines: Sequence[StatementLineInput]
) -> StatementLinesAdded:
    """Insert the lines of a GL extract not already held (by fingerprint); never commits."""
    prints = statement_fingerprints(
        [
            (x.cost_centre, x.posted_on, x.amount, x.reference, x.supplier, x.description)
            for x in lines
        ]
    )
    held = set(
        session.execute(
            select(orm.StatementLine.fingerprint)
            .join(orm.ImportBatch, orm.ImportBatch.id == orm.StatementLine.batch_id)
            .where(
                orm.ImportBatch.status != "undone", orm.StatementLine.fingerprint.in_(set(prints))
            )
        ).scalars()
    )
    ids: list[int] = []
    total = Decimal(0)
    for line, fp in zip(lines, prints, strict=True):
        if fp in held:
            continue
        row = orm.StatementLine(
            batch_id=batch_id,
            stream_id=line.stream_id,
            cost_centre=line.cost_centre,
            account=line.account,
            posted_on=line.posted_on,
            year=line.year,
            period=line.period,
            amount=line.amount,
            reference=line.reference,
            supplier=line.supplier,
            description=line.description,
            fingerprint=fp,
        )
        insert(session, actor, row, action="import", batch_id=batch_id)
        held.add(fp)
        ids.append(row.id)
        total += line.amount
    return StatementLinesAdded(tuple(ids), len(lines) - len(ids), Money(total))


# --------------------------------------------------------------------------- locks


def _period_keys(
    session: Session, ledger_ids: Iterable[int], statement_ids: Iterable[int]
) -> set[tuple[int, int, int]]:
    keys: set[tuple[int, int, int]] = set()
    lids, sids = list(ledger_ids), list(statement_ids)
    if lids:
        rows = session.execute(
            select(orm.Transaction.stream_id, orm.Transaction.year, orm.Transaction.period).where(
                orm.Transaction.id.in_(lids)
            )
        )
        keys.update((a, b, c) for a, b, c in rows)
    if sids:
        rows = session.execute(
            select(
                orm.StatementLine.stream_id, orm.StatementLine.year, orm.StatementLine.period
            ).where(orm.StatementLine.id.in_(sids))
        )
        keys.update((a, b, c) for a, b, c in rows)
    return keys


def _signed(session: Session, keys: Iterable[tuple[int, int, int]]) -> orm.ReconSignoff | None:
    for stream_id, year, period in sorted(keys):
        row = session.execute(
            select(orm.ReconSignoff).where(
                orm.ReconSignoff.active.is_(True),
                orm.ReconSignoff.stream_id == stream_id,
                orm.ReconSignoff.year == year,
                orm.ReconSignoff.period == period,
            )
        ).scalar_one_or_none()
        if row is not None:
            return row
    return None


def _assert_unlocked(
    session: Session, ledger_ids: Iterable[int], statement_ids: Iterable[int]
) -> None:
    row = _signed(session, _period_keys(session, ledger_ids, statement_ids))
    if row is not None:
        stream = session.get(orm.Stream, row.stream_id)
        code = stream.code if stream else f"#{row.stream_id}"
        raise LedgerError(
            f"the {code} reconciliation for {FinancialYear(row.year).code} "
            f"{period_label(row.period)} was signed off by {row.signed_by} on "
            f"{row.signed_at:%d/%m/%Y}; its matches and explanations are locked"
        )


# --------------------------------------------------------------------------- matches


def _next_group(session: Session) -> int:
    return (
        int(
            session.execute(
                select(func.coalesce(func.max(orm.ReconMatch.group_id), 0))
            ).scalar_one()
        )
        + 1
    )


def _store(session: Session, actor: Actor, m: Match, reason: str | None = None) -> int:
    gid = _next_group(session)
    for lid, sid in zip_longest(m.ledger_ids, m.statement_ids):
        row = orm.ReconMatch(
            group_id=gid,
            transaction_id=lid,
            statement_line_id=sid,
            score=m.score,
            method=m.method,
            status=m.status,
        )
        insert(session, actor, row, action=f"reconcile.{m.method}", reason=reason)
    return gid


def run_auto_match(
    session: Session,
    actor: Actor,
    scope: Scope,
    options: Options | None = None,
) -> AutoMatchResult:
    """Match what is not yet matched in scope (and what is brought forward unmatched from
    earlier periods) and store it (accepted or proposed by score).

    The new groups are written in one set-based insert with one audit entry covering every
    group (:mod:`db.ops.recon_store`), so matching a large ledger stays fast.
    """
    require_reconciler(actor)
    read = q.read_scope(session, scope)
    led, st = read.ledger + read.bf_ledger, read.statement + read.bf_statement
    stored = read.stored
    new = auto_match(led, st, fixed=stored.matches, rejected=stored.rejected, options=options)
    signed = {(x.stream, x.year, x.period) for x in q.signoffs(session, None, None)}
    keep = _unlocked(new, led, st, signed) if signed else list(new)
    label = f"{scope.stream or 'all streams'}{f' {scope.year}' if scope.year else ''}"
    kept = store_matches(session, actor, keep, label)
    accepted = sum(m.status == "accepted" for m in keep)
    after = q.StoredMatches(stored.matches + tuple(kept), stored.rejected)
    return AutoMatchResult(accepted, len(keep) - accepted, len(new) - len(keep),
                           read.with_stored(after))  # fmt: skip


def _unlocked(
    new: Sequence[Match],
    led: Sequence[LedgerItem],
    st: Sequence[StatementItem],
    signed: set[tuple[str, int, int]],
) -> list[Match]:
    """``new`` without the matches touching a signed-off (stream, year, period)."""
    where = {("l", i.id): (i.stream, *i.charged) for i in led}
    where.update({("s", i.id): (i.stream, *i.charged) for i in st})

    def locked(m: Match) -> bool:
        keys = [where[("l", i)] for i in m.ledger_ids] + [where[("s", i)] for i in m.statement_ids]
        return any(k in signed for k in keys)

    return [m for m in new if not locked(m)]


def _group(session: Session, group_id: int) -> list[orm.ReconMatch]:
    rows = list(
        session.execute(
            select(orm.ReconMatch)
            .where(orm.ReconMatch.group_id == group_id)
            .order_by(orm.ReconMatch.id)
        ).scalars()
    )
    if not rows:
        raise LedgerError(f"match #{group_id} does not exist")
    return rows


def _set_status(
    session: Session, actor: Actor, group_id: int, status: str, reason: str | None
) -> None:
    require_reconciler(actor)
    rows = _group(session, group_id)
    if rows[0].status == status:
        raise LedgerError(f"match #{group_id} is already {status}")
    lids = [r.transaction_id for r in rows if r.transaction_id is not None]
    sids = [r.statement_line_id for r in rows if r.statement_line_id is not None]
    _assert_unlocked(session, lids, sids)
    for r in rows:
        update_row(
            session, actor, r, {"status": status}, action=f"reconcile.{status}", reason=reason
        )


def accept(session: Session, actor: Actor, group_id: int) -> None:
    """Accept a proposed match."""
    _set_status(session, actor, group_id, "accepted", None)


def reject(session: Session, actor: Actor, group_id: int, reason: str | None = None) -> None:
    """Reject (unmatch) a match: its items are unmatched and the pairing is never proposed again."""
    _set_status(session, actor, group_id, "rejected", reason)


def match_manually(
    session: Session,
    actor: Actor,
    ledger_ids: Sequence[int],
    statement_ids: Sequence[int],
    reason: str | None = None,
) -> int:
    """Match ledger item(s) to statement line(s) by hand; returns the group id."""
    require_reconciler(actor)
    if not ledger_ids or not statement_ids:
        raise LedgerError("tick at least one ledger item and one statement line to match")
    streams = _streams_of(session, ledger_ids, statement_ids)
    if len(streams) != 1:
        raise LedgerError("a match must be within one stream: " + ", ".join(sorted(streams)))
    _assert_unlocked(session, ledger_ids, statement_ids)
    stored = q.stored_matches(session, ledger_ids, statement_ids)
    taken = [
        m
        for m in stored.matches
        if set(m.ledger_ids) & set(ledger_ids) or set(m.statement_ids) & set(statement_ids)
    ]
    if taken:
        raise LedgerError(f"already matched (match #{taken[0].group_id}); unmatch it first")
    m = Match(tuple(sorted(ledger_ids)), tuple(sorted(statement_ids)), 100, MANUAL, "accepted")
    return _store(session, actor, m, reason)


def _streams_of(
    session: Session, ledger_ids: Sequence[int], statement_ids: Sequence[int]
) -> set[str]:
    found_l = session.execute(
        select(orm.Transaction.id, orm.Stream.code)
        .join(orm.Stream)
        .where(orm.Transaction.id.in_(ledger_ids))
    ).all()
    found_s = session.execute(
        select(orm.StatementLine.id, orm.Stream.code)
        .join(orm.Stream)
        .where(orm.StatementLine.id.in_(statement_ids))
    ).all()
    if len(found_l) != len(set(ledger_ids)) or len(found_s) != len(set(statement_ids)):
        raise LedgerError("a ticked item no longer exists")
    return {c for _, c in found_l} | {c for _, c in found_s}


# --------------------------------------------------------------------------- explanations


def explain(
    session: Session, actor: Actor, side: str, item_id: int, category: str, text: str | None
) -> int:
    """Record (or change) why an unmatched ledger item or statement line is unmatched."""
    require_reconciler(actor)
    if category not in CATEGORIES:
        raise LedgerError(f"category {category!r} is not one of {', '.join(CATEGORIES)}")
    if side not in ("ledger", "statement"):
        raise LedgerError(f"side must be ledger or statement, not {side!r}")
    lids, sids = ([item_id], []) if side == "ledger" else ([], [item_id])
    _assert_unlocked(session, lids, sids)
    col = (
        orm.ReconExplanation.transaction_id
        if side == "ledger"
        else orm.ReconExplanation.statement_line_id
    )
    row = session.execute(select(orm.ReconExplanation).where(col == item_id)).scalar_one_or_none()
    clean = (text or "").strip() or None
    if row is not None:
        update_row(
            session, actor, row, {"category": category, "text": clean}, action="reconcile.explain"
        )
        return row.id
    new = orm.ReconExplanation(
        transaction_id=item_id if side == "ledger" else None,
        statement_line_id=item_id if side == "statement" else None,
        category=category,
        text=clean,
    )
    insert(session, actor, new, action="reconcile.explain")
    return new.id
