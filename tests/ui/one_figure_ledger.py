"""Random ledgers for the one-figure test: a year of allocations, budget lines, contracts,
transactions, pooled contributions and income per example (hypothesis), written to a ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.schema import (
    Allocation,
    BudgetLine,
    ContractLine,
    ContractProfile,
    Contribution,
    Forecast,
    IncomeItem,
    Organisation,
    Stream,
    Transaction,
    Virement,
)
from exports.data import YJ_AGENCIES
from exports.returns.yj import HEADINGS
from fundledger.money import from_pence
from fundledger.years import FinancialYear, period_of

D = Decimal


CENT = D("0.01")


FIRST_YEAR = 2001


CATEGORIES = ("Commercial package", "Paid listing", "Sponsorship", "Council contribution")
pence = st.integers(min_value=0, max_value=9_000_000)
small = st.integers(min_value=1, max_value=4_000_000)


@dataclass(frozen=True)
class Gen:
    """One year's random rows in the DA, OPCC, YJ and PMT streams."""

    lines: list[int]  # DA budget lines: original pence
    spend: list[tuple[int | None, int, int]]  # (line|None, day, pence)
    virements: list[tuple[int, int, int]]  # (from line, to line, pence)
    contracts: list[tuple[int, int, int, int]]  # (line, profile pence, invoiced pence, day)
    forecasts: list[tuple[int, int, int]]  # (line, period, pence)
    allocations: list[tuple[int, bool]]  # (pence, covers the next year too)
    areas: list[tuple[int, int | None, bool]]  # OPCC (allocation, spent or None, nil)
    contributions: list[tuple[int, int, int | None, bool]]  # (agency, heading, pence, in kind)
    income: list[tuple[int, int, int, str]]  # (category, day, pence, status)


@st.composite
def years(draw: st.DrawFn) -> Gen:
    lines = draw(st.lists(pence, min_size=1, max_size=4))
    line = st.integers(0, len(lines) - 1)
    day = st.integers(0, 364)
    return Gen(
        lines=lines,
        spend=draw(st.lists(st.tuples(st.one_of(st.none(), line), day, small), max_size=6)),
        virements=draw(st.lists(st.tuples(line, line, small), max_size=2)),
        contracts=draw(st.lists(st.tuples(line, small, pence, day), max_size=3)),
        forecasts=draw(st.lists(st.tuples(line, st.integers(1, 12), pence), max_size=3)),
        allocations=draw(st.lists(st.tuples(small, st.booleans()), max_size=2)),
        areas=draw(
            st.lists(
                st.tuples(small, st.one_of(st.none(), pence), st.booleans()),
                min_size=1,
                max_size=4,
            )
        ),
        contributions=draw(
            st.lists(
                st.tuples(
                    st.integers(0, 7), st.integers(0, 2), st.one_of(st.none(), small), st.booleans()
                ),
                max_size=5,
            )
        ),
        income=draw(
            st.lists(
                st.tuples(
                    st.integers(0, 3),
                    day,
                    small,
                    st.sampled_from(("raised", "received", "cancelled")),
                ),
                max_size=5,
            )
        ),
    )


def ledger_ids(s: Session) -> dict[str, int]:
    return {code: sid for code, sid in s.execute(select(Stream.code, Stream.id))}


def _org(s: Session, name: str) -> int:
    return s.execute(select(Organisation.id).where(Organisation.name == name)).scalars().first()  # type: ignore[return-value]


def _txn(
    sid: int, on: date, p: int, year: int | None = None, period: int | None = None, **kw: Any
) -> Transaction:
    """A transaction charged to ``year``/``period`` (default: those of its date)."""
    charged = on.year if on.month >= 4 else on.year - 1
    return Transaction(stream_id=sid, year=charged if year is None else year,
                       period=period_of(on) if period is None else period, txn_date=on,
                       amount=from_pence(p), created_by="t", **kw)  # fmt: skip


def write_year(led: Ledger, year: int, g: Gen) -> None:
    start = FinancialYear(year).start
    with Session(led.engine) as s, s.begin():
        sid = ledger_ids(s)
        lines = [BudgetLine(stream_id=sid["DA"], year=year, name=f"Line {i}",
                            original=from_pence(p), sort_order=i, created_by="t")
                 for i, p in enumerate(g.lines)]  # fmt: skip
        areas = [BudgetLine(stream_id=sid["OPCC"], year=year, name=f"Area {i}",
                            original=from_pence(a), category="csp_area", sort_order=i,
                            created_by="t")
                 for i, (a, _s, _n) in enumerate(g.areas)]  # fmt: skip
        s.add_all(lines + areas)
        s.flush()
        rows: list[Any] = []
        for li, d, p in g.spend:
            bl = None if li is None else lines[li].id
            rows.append(_txn(sid["DA"], start + timedelta(d), p, budget_line_id=bl,
                             counterparty=f"Supplier {d}", reference=f"INV-{year}-{d}"))  # fmt: skip
        for a, b, p in g.virements:
            if a != b:
                rows.append(Virement(stream_id=sid["DA"], year=year, period=1,
                                     from_line_id=lines[a].id, to_line_id=lines[b].id,
                                     amount=from_pence(p), reason="r", requested_by="a",
                                     status="approved", decided_by="b", created_by="t",
                                     # random amounts: past what a line has, so overridden
                                     override_reason="generated", override_by="b"))  # fmt: skip
        for li, period, p in g.forecasts:
            rows.append(Forecast(budget_line_id=lines[li].id, year=year, period=period,
                                 amount=from_pence(p), commentary=f"forecast at P{period}",
                                 created_by="t"))  # fmt: skip
        for p, ranged in g.allocations:
            rows.append(Allocation(stream_id=sid["DA"], year_from=year,
                                   year_to=year + 1 if ranged else year, amount=from_pence(p),
                                   label=f"Allocation {year} {p}", created_by="t"))  # fmt: skip
        reported = start + timedelta(days=400)  # after the year end, as the OPCC reports
        for area, (_a, spent, nil) in zip(areas, g.areas, strict=True):
            if spent is not None:
                rows.append(_txn(sid["OPCC"], reported, 0 if nil else spent, year=year,
                                 period=12, budget_line_id=area.id, kind="reported_actual",
                                 reported_nil=nil))  # fmt: skip
        s.add_all(rows)
        s.flush()
        _contracts(s, sid["DA"], year, lines, g)
        _pooled(s, sid["YJ"], year, g)
        _income(s, sid["PMT"], year, g)


def _contracts(s: Session, sid: int, year: int, lines: list[BudgetLine], g: Gen) -> None:
    start = FinancialYear(year).start
    for n, (li, prof, inv, d) in enumerate(g.contracts):
        cl = ContractLine(stream_id=sid, budget_line_id=lines[li].id, service=f"Service {year}/{n}",
                          provider_text=f"Provider {n}", value=from_pence(prof),
                          cost_basis="whole_term", contract_start=start, base_term_months=12,
                          created_by="t")  # fmt: skip
        s.add(cl)
        s.flush()
        s.add_all([
            ContractProfile(contract_line_id=cl.id, year=year, amount=from_pence(prof),
                            created_by="t"),
            _txn(sid, start + timedelta(d), inv, budget_line_id=lines[li].id,
                 contract_line_id=cl.id, reference=f"C-{year}-{n}"),
        ])  # fmt: skip
    s.flush()


def _pooled(s: Session, sid: int, year: int, g: Gen) -> None:
    seen: set[tuple[int, int]] = set()
    for agency, heading, p, in_kind in g.contributions:
        if (agency, heading) in seen:
            continue
        seen.add((agency, heading))
        s.add(Contribution(stream_id=sid, year=year, partner_org_id=_org(s, YJ_AGENCIES[agency]),
                           heading=HEADINGS[heading], amount=None if p is None else from_pence(p),
                           kind="in_kind" if in_kind else "cash", created_by="t"))  # fmt: skip
    s.flush()


def _income(s: Session, sid: int, year: int, g: Gen) -> None:
    start = FinancialYear(year).start
    for cat, d, p, status in g.income:
        on = start + timedelta(d)
        s.add(IncomeItem(stream_id=sid, category=CATEGORIES[cat], customer=f"Customer {d}",
                         amount=from_pence(p), raised_on=on, year=year, period=period_of(on),
                         status=status, is_council_investment=cat == 3, created_by="t"))  # fmt: skip
    s.flush()
