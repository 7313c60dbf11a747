"""What a reconciliation is against: the statement (one or more GL import batches) and the
period range, resolved from what the user chose.

By default the statement is every active GL batch in scope and the periods are the ones its
lines cover; the statement's last date is the latest posting date of its batches, and ledger
items dated after it are out of scope (the extract cannot contain them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from db.writes import LedgerError
from fundledger.periods import range_label
from fundledger.years import FinancialYear

from ..schema.books import import_batches, statement_lines
from ..schema.reference import streams
from .core import core

__all__ = ["GlBatch", "Scope", "gl_batches", "resolve"]

# the tables as Core (resolving a scope defines no ORM mapper)
ImportBatch = core(import_batches)
StatementLine = core(statement_lines)
Stream = core(streams)


@dataclass(frozen=True, slots=True)
class Scope:
    """A reconciliation's scope: stream, year, statement batches, periods, last date."""

    stream: str | None = None
    year: int | None = None
    #: the statement's GL import batches; () = every active GL batch
    batches: tuple[int, ...] = ()
    #: first and last period (inclusive) of ``year``; None = every period
    periods: tuple[int, int] | None = None
    #: the statement's last posting date: ledger items dated after it are out of scope
    last_date: date | None = None

    @property
    def label(self) -> str:
        """``DA, 2025-26 P01–P06 (April–September 2025), statement batch 3 to 30/09/2025``."""
        parts = [self.stream or "all streams"]
        if self.year is not None and self.periods is not None:
            parts.append(range_label(self.year, *self.periods))
        elif self.year is not None:
            parts.append(FinancialYear(self.year).code)
        what = "every GL import" if not self.batches else (
            ("statement batch " if len(self.batches) == 1 else "statement batches ")
            + ", ".join(str(b) for b in self.batches)
        )  # fmt: skip
        if self.last_date is not None:
            what += f" to {self.last_date:%d/%m/%Y}"
        return ", ".join(parts) + ", " + what


@dataclass(frozen=True, slots=True)
class GlBatch:
    """An active GL import: what a statement can be made of."""

    id: int
    file_name: str
    imported_at: datetime
    lines: int
    first_date: date | None
    last_date: date | None
    year: int | None
    first_period: int | None
    last_period: int | None

    @property
    def label(self) -> str:
        when = (
            f"{self.first_date:%d/%m/%Y}–{self.last_date:%d/%m/%Y}"
            if self.first_date and self.last_date else "no lines"
        )  # fmt: skip
        return f"#{self.id} {self.file_name} ({self.lines} lines, {when})"


def gl_batches(session: Session) -> list[GlBatch]:
    """Active GL import batches with their lines' date and period span, newest first."""
    out = []
    for bid, name, at, n, d0, d1, y0, y1, p0, p1 in _batch_rows(session):
        one_year = y0 if y0 == y1 else None
        out.append(GlBatch(bid, name, at, n, d0, d1, one_year,
                           p0 if one_year else None, p1 if one_year else None))  # fmt: skip
    return out


def _batch_rows(session: Session) -> list[tuple[Any, ...]]:
    """(id, file, imported at, lines, first/last date, first/last year, first/last period) of
    each active GL batch, newest first: one pass over the statement lines."""
    return [tuple(r) for r in session.execute(_batch_query())]


def _batch_query() -> Select[Any]:
    """The spans aggregated per batch first (one scan of the statement lines, grouped), then
    joined to the batches: joining first made SQLite build an automatic index on the lines'
    ``batch_id`` for every run (~0.3 s at 80k lines)."""
    gl = select(ImportBatch.id).where(ImportBatch.kind == "gl", ImportBatch.status == "active")
    s = StatementLine
    spans = (
        select(s.batch_id, func.count(s.id).label("n"), func.min(s.posted_on).label("d0"),
               func.max(s.posted_on).label("d1"), func.min(s.year).label("y0"),
               func.max(s.year).label("y1"), func.min(s.period).label("p0"),
               func.max(s.period).label("p1"))
        .where(s.batch_id.in_(gl))
        .group_by(s.batch_id)
        .subquery("spans")
    )  # fmt: skip
    a = spans.c
    return (
        select(ImportBatch.id, ImportBatch.file_name, ImportBatch.created_at,
               func.coalesce(a.n, 0), a.d0, a.d1, a.y0, a.y1, a.p0, a.p1)
        .outerjoin(spans, a.batch_id == ImportBatch.id)
        .where(ImportBatch.kind == "gl", ImportBatch.status == "active")
        .order_by(ImportBatch.id.desc())
    )  # fmt: skip


def resolve(
    session: Session,
    stream: str | None,
    year: int | None,
    batches: tuple[int, ...] = (),
    periods: tuple[int, int] | None = None,
) -> Scope:
    """The scope for what the user chose (unknown or undone batches are refused)."""
    rows = _batch_rows(session)
    known = {r[0]: r[1] for r in rows}
    bad = [b for b in batches if b not in known]
    if bad:
        listed = ", ".join(f"#{b} {name}" for b, name in known.items()) or "none"
        raise LedgerError(
            f"statement batch {', '.join(str(b) for b in bad)} is not an active GL import "
            f"(GL imports: {listed})"
        )
    chosen = tuple(sorted(set(batches)))
    if (
        stream is not None
        and not session.execute(select(Stream.id).where(Stream.code == stream)).first()
    ):
        raise LedgerError(f"there is no stream {stream!r}")
    # the statement's years, last date and periods from the batches' spans (no second pass
    # over the lines unless its batches span several years)
    spans = [r for r in rows if r[3] and (not chosen or r[0] in chosen)]
    y0 = min((r[6] for r in spans), default=None)
    y1 = max((r[7] for r in spans), default=None)
    last = max((r[5] for r in spans), default=None)
    if year is None and y0 is not None and y0 == y1:
        year = y0
    if periods is None and year is not None and y0 is not None:
        if all(r[6] == r[7] == year for r in spans):
            periods = (int(min(r[8] for r in spans)), int(max(r[9] for r in spans)))
        else:
            periods = _covered(session, chosen, year)
    if periods is not None and year is None:
        if not spans or y0 is None or y1 is None:
            raise LedgerError(
                "a period range needs a year (--year): there is no GL statement to take it from "
                "(import one with: fundledger import gl FILE)"
            )
        raise LedgerError(
            f"a period range needs a year (--year): the statement spans "
            f"{FinancialYear(int(y0)).code} to {FinancialYear(int(y1)).code}"
        )
    return Scope(stream, year, chosen, periods, last)


def _covered(session: Session, batches: tuple[int, ...], year: int) -> tuple[int, int] | None:
    q = (
        select(func.min(StatementLine.period), func.max(StatementLine.period))
        .join(ImportBatch, ImportBatch.id == StatementLine.batch_id)
        .where(ImportBatch.status == "active", ImportBatch.kind == "gl", StatementLine.year == year)
    )
    if batches:
        q = q.where(StatementLine.batch_id.in_(batches))
    p0, p1 = session.execute(q).one()
    return None if p0 is None else (int(p0), int(p1))
