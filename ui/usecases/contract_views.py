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

from collections.abc import Iterable, Sequence
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

__all__ = [
    "FLAG_CODES",
    "ContractFilter",
    "Invoices",
    "filter_rows",
    "line_invoices",
    "load_register",
    "months_ahead",
    "spend_profile",
]

#: warnings that flag a line in the register (not notes such as an unknown cost basis)
FLAG_CODES = frozenset({"over_invoiced", "ended_unspent", "expiring", "invoice_after_end"})


@dataclass(frozen=True, slots=True)
class ContractFilter:
    """What the Contracts page shows: every field optional (None / empty: no filter)."""

    text: str = ""
    provider: str | None = None
    ending_within_months: int | None = None
    decision_pending: bool = False
    flagged: bool = False
    #: the lines behind a budget line's committed: (line name, year)
    behind: tuple[str, int] | None = None


def months_ahead(today: date, months: int) -> date:
    """The same day ``months`` months on (the month's last day when it has fewer days)."""
    y, m = divmod(today.month - 1 + months, 12)
    year, month = today.year + y, m + 1
    for day in range(today.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(today.day, 28))


def _ends_within(r: kq.ContractRow, months: int | None, today: date) -> bool:
    if months is None:
        return True
    return r.last_day is not None and today <= r.last_day <= months_ahead(today, months)


def _matches(r: kq.ContractRow, f: ContractFilter, today: date) -> bool:
    text = f.text.strip().casefold()
    fields = (r.service, r.provider_text, r.reference, r.budget_line, r.commissioner)
    providers = (r.provider_text.casefold(), *(p.casefold() for p in r.providers))
    checks = (
        not text or any(text in (v or "").casefold() for v in fields),
        not f.provider or f.provider.casefold() in providers,
        _ends_within(r, f.ending_within_months, today),
        not f.decision_pending or any(e.decision == "pending" for e in r.extensions),
        not f.flagged or any(w.code in FLAG_CODES for w in r.warnings),
        f.behind is None
        or (r.budget_line == f.behind[0] and any(y == f.behind[1] for y, _a in r.profile)),
    )
    return all(checks)


def filter_rows(
    rows: Iterable[kq.ContractRow], f: ContractFilter, today: date
) -> list[kq.ContractRow]:
    """The rows that pass every filter, in register order."""
    return [r for r in rows if _matches(r, f, today)]


def load_register(ledger: Ledger, stream_code: str | None, today: date) -> list[kq.ContractRow]:
    """The contracts register (every line of the stream, or of all streams)."""
    with ledger.read() as s:
        sid = None
        if stream_code:
            sid = s.execute(select(Stream.id).where(Stream.code == stream_code)).scalar()
        return kq.register(s, stream_id=sid, today=today)


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
