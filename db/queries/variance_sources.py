"""The rows behind each variance figure, for the variance workbook's "Rows" sheet.

Each row carries the key of the variance row it feeds at a level (the same key expression as
:mod:`db.queries.variance`) and the figure it feeds:

- *actual*: every transaction charged to the year dated on or before the as-at date, and every
  income item raised (not cancelled) to it;
- *committed*: every contract profile for the year, at its profile less invoiced to the as-at
  date, never below £0.00;
- *forecast*: the forecast counted for each line and year (the latest), with its commentary.

At the quarter and period levels only *actual* has rows of its own (by the period each row is
charged to): committed and forecast are spread over the year straight-line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import String, case, func, literal, null, select, type_coerce
from sqlalchemy.orm import Session

from fundledger.money import Money, format_gbp, from_pence
from fundledger.years import period_label, quarter_label, quarter_of_period

from ..schema import BudgetLine, Forecast, IncomeItem, Organisation, Stream, Transaction
from .core import active_batch
from .variance import _key
from .variance_families import _profiles
from .variance_scope import AS_AT, Scope, params, pence, scoped

_LONDON = ZoneInfo("Europe/London")
#: a row that feeds no pooled or allocation key: the level's "(no …)" key when it has no line
_NO_ITEMS = SimpleNamespace(
    c=SimpleNamespace(key_line=type_coerce(null(), String), key_partner=type_coerce(null(), String))
)


@dataclass(frozen=True, slots=True)
class FigureSource:
    """One ledger row behind a variance figure (``figure``: actual | committed | forecast)."""

    stream: str
    year: int
    key: str
    figure: str
    source: str
    amount: Money
    on: date | None
    reference: str | None
    description: str | None


def figure_sources(session: Session, scope: Scope, level: str) -> list[FigureSource]:
    """Every row behind the figures of the scope's variance rows at ``level``."""
    span = level in ("quarter", "period")
    key_level = "line" if span else level
    out = _actuals(session, scope, key_level, level if span else None)
    if not span:
        out += _committed(session, scope, key_level) + _forecasts(session, scope, key_level)
    return out


def _line_key(level: str) -> Any:
    bl, org = BudgetLine, Organisation
    return _key(level, _NO_ITEMS, bl, org).label("key")


def _span_key(period: int, span: str | None, key: str) -> str:
    if span == "period":
        return period_label(period)
    if span == "quarter":
        return quarter_label(quarter_of_period(period))
    return key


def _actuals(session: Session, scope: Scope, level: str, span: str | None) -> list[FigureSource]:
    t, i, bl, org = Transaction, IncomeItem, BudgetLine, Organisation
    txns = (
        select(
            Stream.code,
            t.year,
            _line_key(level),
            t.period,
            t.id,
            t.txn_date,
            pence(t.amount),
            t.reference,
            func.coalesce(t.counterparty, ""),
            t.description,
            literal("transaction"),
        )
        .join(Stream, Stream.id == t.stream_id)
        .outerjoin(bl, bl.id == t.budget_line_id)
        .outerjoin(org, org.id == bl.org_id)
        .where(t.txn_date <= AS_AT, active_batch(bl.batch_id))
    )
    income = (
        select(
            Stream.code,
            i.year,
            _line_key(level),
            i.period,
            i.id,
            i.raised_on,
            pence(i.amount),
            i.reference,
            i.customer,
            i.description,
            literal("income item"),
        )
        .join(Stream, Stream.id == i.stream_id)
        .outerjoin(bl, bl.id == i.budget_line_id)
        .outerjoin(org, org.id == bl.org_id)
        .where(i.raised_on <= AS_AT, i.status != "cancelled", active_batch(bl.batch_id))
    )
    out = []
    for stmt, stream_col, year_col in ((txns, t.stream_id, t.year), (income, i.stream_id, i.year)):
        stmt = scoped(stmt, scope, stream_col, year_col)
        for code, year, key, period, rid, on, amount, ref, party, text, what in session.execute(
            stmt, params(scope)
        ):
            about = ": ".join(x for x in (party, text) if x) or None
            out.append(FigureSource(code, year, _span_key(period, span, key), "actual",
                                    f"{what} {rid}", from_pence(int(amount)), on, ref, about))  # fmt: skip
    return sorted(out, key=lambda s: (s.stream, s.year, s.key, s.on or date.min, s.source))


def _committed(session: Session, scope: Scope, level: str) -> list[FigureSource]:
    p = _profiles(scope).subquery("prof")
    bl, org = BudgetLine, Organisation
    left = p.c.profile - p.c.invoiced
    stmt = (
        select(
            Stream.code,
            p.c.year,
            _line_key(level),
            p.c.cl_id,
            p.c.service,
            p.c.provider,
            p.c.profile,
            p.c.invoiced,
            case((left > 0, left), else_=0),
        )
        .join(Stream, Stream.id == p.c.stream_id)
        .outerjoin(bl, bl.id == p.c.line_id)
        .outerjoin(org, org.id == bl.org_id)
        .order_by(Stream.code, p.c.year, p.c.cl_id)
    )
    out = []
    for code, year, key, cl_id, service, provider, prof, inv, committed in session.execute(
        stmt, params(scope)
    ):
        profile, invoiced = from_pence(int(prof)), from_pence(int(inv or 0))
        text = (f"{service} ({provider}): profile {format_gbp(profile)} less invoiced "
                f"{format_gbp(invoiced)}")  # fmt: skip
        out.append(FigureSource(code, year, key, "committed", f"contract line {cl_id}",
                                from_pence(int(committed)), None, None, text))  # fmt: skip
    return out


def _forecasts(session: Session, scope: Scope, level: str) -> list[FigureSource]:
    f, bl, org = Forecast, BudgetLine, Organisation
    rank = func.row_number().over(
        partition_by=(f.budget_line_id, f.year), order_by=(f.period.desc(), f.id.desc())
    )
    ranked = select(f.id.label("id"), rank.label("rank")).subquery("ranked")
    stmt = (
        select(
            Stream.code,
            f.year,
            _line_key(level),
            f.id,
            f.period,
            pence(f.amount),
            f.commentary,
            f.created_at,
        )
        .join(ranked, ranked.c.id == f.id)
        .join(bl, bl.id == f.budget_line_id)
        .join(Stream, Stream.id == bl.stream_id)
        .outerjoin(org, org.id == bl.org_id)
        .where(ranked.c.rank == 1, active_batch(bl.batch_id))
        .order_by(Stream.code, f.year, f.id)
    )
    stmt = scoped(stmt, scope, bl.stream_id, f.year)
    out = []
    for code, year, key, fid, period, amount, note, made in session.execute(stmt, params(scope)):
        text = f"forecast made at {period_label(period)}" + (f": {note}" if note else "")
        on = made.astimezone(_LONDON).date() if made is not None else None
        out.append(FigureSource(code, year, key, "forecast", f"forecast {fid}",
                                from_pence(int(amount)), on, None, text))  # fmt: skip
    return out
