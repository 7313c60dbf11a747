"""Signing off reconciliations over a period range for one or more streams, and reopening them.

A sign-off is stored per stream and period (``recon_signoffs``) with the period's difference
(its *movement*), the *cumulative* difference from the range's first period, the part no
explanation accounts for (*unexplained*), the statement it was signed against and the reason.
Signing off is refused while proposed matches await review, when a period of the range is
already signed off, and — unless the user gives a reason — while any difference is
unexplained.  A sign-off is reopened (finance or administrators, with a reason); the row stays
as history and its matches can change again.  Every write is audited through db.writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import schema as orm  # the ORM classes load on first use, not on import
from db.ledger import Actor
from db.queries import reconcile as q
from db.queries.recon_scope import Scope, resolve
from db.types import utcnow
from db.writes import LedgerError, insert, update_row
from fundledger.money import ZERO, Money, format_gbp
from fundledger.periods import range_label
from fundledger.reconcile import LedgerItem, Match, StatementItem, summarise
from fundledger.years import period_label

from ._common import need_reason
from .permissions import require

__all__ = ["PeriodFigures", "SignoffPlan", "plan", "reopen", "sign_off"]


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """One stream's period in a sign-off: movement, cumulative and unexplained differences."""

    stream: str
    year: int
    period: int
    movement: Money
    cumulative: Money
    unexplained: Money
    statement_only: int
    ledger_only: int
    proposed: int
    signed_by: str | None = None


@dataclass(frozen=True, slots=True)
class SignoffPlan:
    """What signing off would record, per stream and period, and what stands in the way."""

    streams: tuple[str, ...]
    year: int
    first: int
    last: int
    statement: tuple[int, ...]
    lines: tuple[PeriodFigures, ...]

    @property
    def label(self) -> str:
        return f"{', '.join(self.streams)} {range_label(self.year, self.first, self.last)}"

    @property
    def unexplained(self) -> Money:
        return Money(sum((x.unexplained for x in self.lines if x.period == self.last), ZERO))

    @property
    def difference(self) -> Money:
        return Money(sum((x.cumulative for x in self.lines if x.period == self.last), ZERO))

    @property
    def proposed(self) -> int:
        return sum(x.proposed for x in self.lines)

    @property
    def signed(self) -> list[PeriodFigures]:
        return [x for x in self.lines if x.signed_by is not None]

    @property
    def unmatched(self) -> int:
        return sum(x.statement_only + x.ledger_only for x in self.lines)


def _matched_timing(
    led: Sequence[LedgerItem], st: Sequence[StatementItem], matches: Sequence[Match]
) -> dict[int, Money]:
    """Per period, the part of its movement a match accounts for: a matched group whose sides
    fall in different periods (an invoice of P06 paid in P07) moves each period by its own
    side, a timing difference the match itself explains.  What the group's two sides do not
    net to (a part-match) stays unexplained, in the group's last period."""
    period_l = {i.id: (i.charged[1], i.amount) for i in led}
    period_s = {i.id: (i.charged[1], i.amount) for i in st}
    out: dict[int, Money] = {}
    for m in matches:
        parts: dict[int, Money] = {}
        for lid in m.ledger_ids:
            if lid in period_l:
                p, amount = period_l[lid]
                parts[p] = Money(parts.get(p, ZERO) - amount)
        for sid in m.statement_ids:
            if sid in period_s:
                p, amount = period_s[sid]
                parts[p] = Money(parts.get(p, ZERO) + amount)
        if len(parts) < 2:
            continue  # within one period: nothing moves between periods
        last = max(parts)
        parts[last] = Money(parts[last] - sum(parts.values(), ZERO))
        for p, v in parts.items():
            out[p] = Money(out.get(p, ZERO) + v)
    return out


def _stream_lines(session: Session, scope: Scope, signed: dict[int, str]) -> list[PeriodFigures]:
    led, st = q.ledger_items(session, scope), q.statement_items(session, scope)
    lids, sids = [i.id for i in led], [i.id for i in st]
    stored = q.stored_matches(session, lids, sids)
    expl = q.explanations(session, lids, sids)
    rec = summarise(led, st, stored.matches)
    proposed: dict[int, int] = {}
    period_of = {("l", i.id): i.period for i in led} | {("s", i.id): i.period for i in st}
    for m in stored.matches:
        if m.status == "proposed":
            ps = {period_of.get(("l", i)) for i in m.ledger_ids}
            ps |= {period_of.get(("s", i)) for i in m.statement_ids}
            for p in ps - {None}:
                assert p is not None
                proposed[p] = proposed.get(p, 0) + 1
    explained = _matched_timing(led, st, stored.matches)
    for i in rec.statement_only:
        if ("statement", i.id) in expl:
            explained[i.charged[1]] = Money(explained.get(i.charged[1], ZERO) + i.amount)
    for lg in rec.ledger_only:
        if ("ledger", lg.id) in expl:
            explained[lg.charged[1]] = Money(explained.get(lg.charged[1], ZERO) - lg.amount)
    by_period = {x.period: x for x in rec.periods}
    assert scope.periods is not None and scope.stream is not None
    out, cum, unexp = [], ZERO, ZERO
    for p in range(scope.periods[0], scope.periods[1] + 1):
        line = by_period.get(p)
        move = line.proof.difference if line else ZERO
        cum, unexp = Money(cum + move), Money(unexp + move - explained.get(p, ZERO))
        out.append(PeriodFigures(
            scope.stream, scope.year or 0, p, Money(move), cum, unexp,
            line.statement_only if line else 0, line.ledger_only if line else 0,
            proposed.get(p, 0), signed.get(p),
        ))  # fmt: skip
    return out


def plan(
    session: Session,
    streams: Sequence[str],
    year: int | None,
    periods: tuple[int, int] | None,
    statement: tuple[int, ...] = (),
) -> SignoffPlan:
    """The figures a sign-off of ``streams`` over ``periods`` would record (no writing)."""
    if not streams:
        raise LedgerError("name at least one stream to sign off")
    lines: list[PeriodFigures] = []
    first_scope: Scope | None = None
    for code in streams:
        scope = resolve(session, code, year, statement, periods)
        if scope.year is None or scope.periods is None:
            raise LedgerError("say which year and periods to sign off (e.g. --periods P01-P06)")
        first_scope = first_scope or scope
        signed = {
            s.period: s.signed_by for s in q.signoffs(session, code, scope.year)
            if scope.periods[0] <= s.period <= scope.periods[1]
        }  # fmt: skip
        lines.extend(_stream_lines(session, scope, signed))
    assert first_scope is not None and first_scope.periods is not None
    first, last = first_scope.periods
    return SignoffPlan(tuple(streams), first_scope.year or 0, first, last, tuple(statement),
                       tuple(lines))  # fmt: skip


def sign_off(
    session: Session,
    actor: Actor,
    streams: Sequence[str],
    year: int | None,
    periods: tuple[int, int] | None,
    reason: str | None,
    statement: tuple[int, ...] = (),
) -> tuple[SignoffPlan, list[int]]:
    """Sign off every stream and period of the range in one transaction; the ids written."""
    for code in streams:
        require(actor, "reconcile.signoff", code)
    p = plan(session, streams, year, periods, statement)
    if p.signed:
        done = ", ".join(f"{x.stream} P{x.period:02d} (by {x.signed_by})" for x in p.signed)
        raise LedgerError(f"already signed off: {done}; reopen those first")
    if p.proposed:
        raise LedgerError(
            f"{p.proposed} proposed match(es) in {p.label} need accepting or rejecting first"
        )
    note = (reason or "").strip() or None
    if note is None and any(x.unexplained != 0 for x in p.lines):
        at = period_label(p.last)
        diff = (f"the difference at {at} is" if p.first == p.last
                else f"the cumulative difference at {at} is")  # fmt: skip
        raise LedgerError(
            f"{p.label}: {format_gbp(p.unexplained)} is unexplained ({p.unmatched} item(s) "
            f"unmatched; {diff} {format_gbp(p.difference)}); explain the items or give a reason "
            "to sign off anyway"
        )
    ids = {r[0]: r[1] for r in session.execute(
        select(orm.Stream.code, orm.Stream.id).where(orm.Stream.code.in_(list(streams)))
    )}  # fmt: skip
    text = ",".join(str(b) for b in statement) or None
    out = []
    for x in p.lines:
        row = orm.ReconSignoff(
            stream_id=ids[x.stream], year=x.year, period=x.period, difference=x.movement,
            cumulative=x.cumulative, unexplained=x.unexplained, explanation=note,
            statement=text, signed_by=actor.username, active=True,
        )  # fmt: skip
        insert(session, actor, row, action="reconcile.sign_off", reason=note)
        out.append(row.id)
    return p, out


def reopen(
    session: Session,
    actor: Actor,
    stream: str,
    year: int,
    periods: tuple[int, int],
    reason: str | None,
) -> list[int]:
    """Reopen a stream's sign-offs over ``periods`` (finance or administrators, a reason)."""
    require(actor, "reconcile.reopen", stream)
    why = need_reason(reason, "reopen a signed-off reconciliation")
    rows = list(
        session.execute(
            select(orm.ReconSignoff)
            .join(orm.Stream, orm.Stream.id == orm.ReconSignoff.stream_id)
            .where(
                orm.Stream.code == stream,
                orm.ReconSignoff.year == year,
                orm.ReconSignoff.period.between(*periods),
                orm.ReconSignoff.active.is_(True),
            )
            .order_by(orm.ReconSignoff.period)
        ).scalars()
    )
    if not rows:
        raise LedgerError(f"{stream} {range_label(year, *periods)} is not signed off")
    for r in rows:
        update_row(
            session, actor, r,
            {"active": False, "reopened_by": actor.username, "reopened_at": utcnow(),
             "reopen_reason": why},
            action="reconcile.reopen", reason=why,
        )  # fmt: skip
    return [r.id for r in rows]
