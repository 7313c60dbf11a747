"""Property: on random small ledgers every variance total is the sum of its children, the
figures match an independent oracle computed from the generated rows, and actuals match the
raw SQL sum of the transactions behind them, to the penny."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.schema import (
    BudgetLine,
    ContractLine,
    ContractProfile,
    Forecast,
    Stream,
    Transaction,
    Virement,
)
from fundledger.money import from_pence
from fundledger.variance import total
from fundledger.years import period_of
from ui.usecases.variance import BY_CHOICES, build_report

STREAMS = ("DA", "OPCC")
YEARS = (2024, 2025)
D = Decimal


@dataclass(frozen=True)
class Gen:
    lines: list[tuple[int, int, int]]  # (stream index, year, original pence)
    txns: list[tuple[int | None, int, int, int]]  # (line index|None, stream, day offset, pence)
    virements: list[tuple[int, int, int, bool]]  # (from line, to line, pence, approved)
    contracts: list[tuple[int, int, int]]  # (line index, profile pence, invoiced pence)
    forecasts: list[tuple[int, int, int]]  # (line index, period, pence)
    as_at_offset: int


pence = st.integers(min_value=-5_000_00, max_value=50_000_00)
positive = st.integers(min_value=1, max_value=20_000_00)


@st.composite
def ledgers(draw: st.DrawFn) -> Gen:
    lines = draw(
        st.lists(
            st.tuples(st.integers(0, 1), st.sampled_from(YEARS), pence), min_size=1, max_size=6
        )
    )
    n = len(lines)
    idx = st.integers(0, n - 1)
    txns = draw(
        st.lists(
            st.tuples(st.one_of(st.none(), idx), st.integers(0, 1), st.integers(0, 729), pence),
            max_size=15,
        )
    )
    virs = draw(st.lists(st.tuples(idx, idx, positive, st.booleans()), max_size=3))
    cons = draw(st.lists(st.tuples(idx, positive, st.integers(0, 30_000_00)), max_size=3))
    fcs = draw(st.lists(st.tuples(idx, st.integers(1, 12), pence), max_size=4))
    return Gen(lines, txns, virs, cons, fcs, draw(st.integers(0, 820)))


@pytest.fixture(scope="module")
def shared_ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    from ui.usecases.init import init_ledger

    led = init_ledger(str(Path(tmp_path_factory.mktemp("prop")) / "ledger.sqlite"))
    yield led
    led.dispose()


def _build(s: Session, g: Gen) -> tuple[list[BudgetLine], dict[str, int]]:
    sids = {c: s.execute(select(Stream.id).where(Stream.code == c)).scalar_one() for c in STREAMS}
    lines = []
    for i, (si, year, p) in enumerate(g.lines):
        bl = BudgetLine(
            stream_id=sids[STREAMS[si]], year=year, name=f"L{i}", original=from_pence(p)
        )
        bl.created_by = "t"
        lines.append(bl)
    s.add_all(lines)
    s.flush()
    return lines, sids


def _populate(s: Session, g: Gen, lines: list[BudgetLine], sids: dict[str, int]) -> None:
    start = date(2024, 4, 1)
    rows: list[object] = []
    for li, si, off, p in g.txns:
        day = start + timedelta(days=off)
        year = day.year if day.month >= 4 else day.year - 1
        stream = lines[li].stream_id if li is not None else sids[STREAMS[si]]
        bl = lines[li].id if li is not None and lines[li].year == year else None
        rows.append(
            Transaction(
                stream_id=stream,
                year=year,
                period=period_of(day),
                txn_date=day,
                amount=from_pence(p),
                budget_line_id=bl,
                created_by="t",
            )
        )
    for a, b, p, ok in g.virements:
        la, lb = lines[a], lines[b]
        if a == b or (la.stream_id, la.year) != (lb.stream_id, lb.year):
            continue
        rows.append(
            Virement(
                stream_id=la.stream_id,
                year=la.year,
                period=1,
                from_line_id=la.id,
                to_line_id=lb.id,
                amount=from_pence(p),
                reason="r",
                requested_by="a",
                status="approved" if ok else "pending",
                decided_by="b" if ok else None,
                created_by="t",
                # random amounts may be more than the line has: overridden, as finance would
                override_reason="generated" if ok else None,
                override_by="b" if ok else None,
            )
        )
    for li, period, p in g.forecasts:
        ln = lines[li]
        rows.append(
            Forecast(
                budget_line_id=ln.id,
                year=ln.year,
                period=period,
                amount=from_pence(p),
                created_by="t",
            )
        )
    s.add_all(rows)
    s.flush()
    _contracts(s, g, lines)


def _contracts(s: Session, g: Gen, lines: list[BudgetLine]) -> None:
    for li, prof, inv in g.contracts:
        ln = lines[li]
        cl = ContractLine(
            stream_id=ln.stream_id,
            budget_line_id=ln.id,
            service="S",
            provider_text="P",
            created_by="t",
        )
        s.add(cl)
        s.flush()
        day = date(ln.year, 4, 1)
        s.add_all(
            [
                ContractProfile(
                    contract_line_id=cl.id, year=ln.year, amount=from_pence(prof), created_by="t"
                ),
                Transaction(
                    stream_id=ln.stream_id,
                    year=ln.year,
                    period=1,
                    txn_date=day,
                    amount=from_pence(inv),
                    budget_line_id=ln.id,
                    contract_line_id=cl.id,
                    created_by="t",
                ),
            ]
        )
    s.flush()


def _oracle(g: Gen, lines: list[BudgetLine], as_at: date) -> dict[int, dict[str, Decimal]]:
    """Expected per-line figures computed in Python from the generated rows."""
    exp: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: D(0)))
    start = date(2024, 4, 1)
    for i, (_s, _y, p) in enumerate(g.lines):
        exp[i]["original"] += from_pence(p)
    for li, _si, off, p in g.txns:
        day = start + timedelta(days=off)
        year = day.year if day.month >= 4 else day.year - 1
        if li is not None and lines[li].year == year and day <= as_at:
            exp[li]["actual"] += from_pence(p)
    for a, b, p, ok in g.virements:
        la, lb = lines[a], lines[b]
        if ok and a != b and (la.stream_id, la.year) == (lb.stream_id, lb.year):
            exp[a]["virements"] -= from_pence(p)
            exp[b]["virements"] += from_pence(p)
    for li, prof, inv in g.contracts:
        invoiced = inv if date(lines[li].year, 4, 1) <= as_at else 0
        exp[li]["committed"] += from_pence(max(prof - invoiced, 0))
        exp[li]["actual"] += from_pence(invoiced)
    return exp


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ledgers())
def test_totals_are_sums_of_children_and_of_sql(shared_ledger: Ledger, g: Gen) -> None:
    as_at = date(2024, 4, 1) + timedelta(days=g.as_at_offset)
    with Session(shared_ledger.engine) as s, s.begin():
        lines, sids = _build(s, g)
        _populate(s, g, lines, sids)
        exp = _oracle(g, lines, as_at)
        by_line = build_report(s, by="line", as_at=as_at)
        for r in by_line.rows:
            if r.key.startswith("L"):
                e = exp[int(r.key[1:])]
                got = r.figures
                assert (got.original, got.virements, got.committed, got.actual) == (
                    e["original"],
                    e["virements"],
                    e["committed"],
                    e["actual"],
                ), r.key
        sql_actual = s.execute(
            select(func.coalesce(func.sum(Transaction.amount), D(0))).where(
                Transaction.txn_date <= as_at
            )
        ).scalar_one()
        for by in BY_CHOICES:
            for year in (None, 2025):
                rep = build_report(s, by=by, year=year, as_at=as_at)
                kids = total(r.figures for r in rep.rows)
                assert rep.totals.figures == kids, (by, year)
                assert kids.virements == 0
                if year is None:
                    assert rep.totals.figures.actual == sql_actual, by
                    assert rep.totals.figures.original == sum(
                        (from_pence(p) for _s, _y, p in g.lines), D(0)
                    )
        s.rollback()
