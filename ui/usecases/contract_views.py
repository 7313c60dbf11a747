"""Contracts register reads for the app: the register, the filters a commissioning officer
uses (a Qt-free controller the tests drive directly), a line's invoices, and the spend profile
the contracts give a year.

- :func:`filter_rows`: search text, provider, ending within N months, decision pending, the
  lines behind a budget line's *committed* (the Variance page's drill), and lines flagged
  (ended with money left, overspent).
- :func:`line_invoices`: the transactions coded to a line, adding up to its invoiced figure.
- :func:`spend_profile`: the expected spend by period — each contract's profile for the year
  spread over the days it runs, the rest of the revised budget straight-line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from db.ledger import Ledger
from db.queries import contracts as kq
from db.queries import exports as xq
from db.queries import variance as vq
from db.schema import Stream
from fundledger.money import ZERO, Money, split
from fundledger.variance import period_days
from fundledger.years import FinancialYear
from ui.controllers.contract_filter import FLAG_CODES, ContractFilter, filter_rows, months_ahead

__all__ = [
    "FLAG_CODES",
    "ContractFilter",
    "Invoices",
    "TxnSource",
    "filter_rows",
    "line_invoices",
    "load_register",
    "months_ahead",
    "spend_profile",
]


def load_register(ledger: Ledger, stream_code: str | None, today: date) -> list[kq.ContractRow]:
    """The contracts register (every line of the stream, or of all streams)."""
    with ledger.read() as s:
        sid = None
        if stream_code:
            sid = s.execute(select(Stream.id).where(Stream.code == stream_code)).scalar()
        return kq.register(s, stream_id=sid, today=today)


#: a transaction coded to a contract line (the detail pane's invoices)
TxnSource = xq.TxnSource


@dataclass(frozen=True, slots=True)
class Invoices:
    """The transactions coded to a contract line and their total (= its invoiced figure)."""

    rows: tuple[xq.TxnSource, ...]
    total: Money


def line_invoices(ledger: Ledger, contract_line_id: int) -> Invoices:
    with ledger.read() as s:
        found = xq.contract_invoices(s, [contract_line_id])
    return Invoices(tuple(found), Money(sum((t.amount for t in found), ZERO)))


def _running_days(fy: FinancialYear, start: date | None, last: date | None) -> list[int]:
    """Days of each period P1…P12 the line runs (every day when its dates are not known)."""
    out = []
    for p in range(1, 13):
        a, b = fy.period_start(p), fy.period_end(p)
        lo = max(a, start) if start else a
        hi = min(b, last + timedelta(days=1)) if last else b
        out.append(max((hi - lo).days, 0))
    return out if any(out) else period_days(fy)


def spread_contracts(
    fy: FinancialYear, rows: Sequence[kq.ContractRow]
) -> tuple[list[Money], Money]:
    """Each line's profile for the year spread over the days it runs; (by period, total)."""
    per = [ZERO] * 12
    total = ZERO
    for r in rows:
        amount = dict(r.profile).get(fy.start_year)
        if not amount:
            continue
        days = _running_days(fy, r.contract_start or r.service_start, r.last_day)
        for i, part in enumerate(split(amount, days)):
            per[i] = Money(per[i] + part)
        total = Money(total + amount)
    return per, total


def spend_profile(ledger: Ledger, stream_code: str | None, year: int, today: date) -> list[Money]:
    """Expected spend by period: the contracts as they run, the rest straight-line."""
    fy = FinancialYear(year)
    with ledger.read() as s:
        infos = {i.code: i for i in vq.streams(s)}
        spend = [c for c, i in infos.items() if i.kind != "income"]
        codes = [stream_code] if stream_code else spend
        rows: list[kq.ContractRow] = []
        revised = ZERO
        for code in codes:
            scope = vq.Scope(today, infos[code].id, year)
            for fr in vq.figure_rows(s, scope, "stream", actuals=False):
                revised = Money(revised + fr.original + fr.virements + fr.carry_forward)
            rows += kq.register(s, stream_id=infos[code].id, today=today)
    contracted, total = spread_contracts(fy, rows)
    rest = split(Money(max(revised - total, ZERO)), period_days(fy))
    return [Money(c + r) for c, r in zip(contracted, rest, strict=True)]
