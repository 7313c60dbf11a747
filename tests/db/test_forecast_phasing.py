"""A forecast outturn with its commentary and, optionally, its phasing by period: the phasing
must add up to the outturn; a phased forecast drives the by-period (and quarter) forecast; the
latest commentary — a forecast's or a comment — is the row's, with its history newest first."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from db.ledger import Actor, Ledger
from db.writes import LedgerError
from fundledger.money import split
from fundledger.variance import period_days
from fundledger.years import FinancialYear
from tests.db.test_variance import line
from ui.usecases.lifecycle import enter_forecast
from ui.usecases.variance import add_variance_comment, variance_report
from ui.usecases.variance import today as variance_today

D = Decimal
AS_AT = date(2025, 10, 15)  # 2025-26 P07


@pytest.fixture
def bea(ledger: Ledger) -> Ledger:
    ledger.actor = Actor("bea.holder", "finance")
    return ledger


def test_phasing_must_add_up_to_the_outturn(bea: Ledger) -> None:
    lid = line(bea, "DA", 2025, "Outreach", "120000.00")
    phasing = [D("10000.00")] * 11 + [D("9999.99")]
    with pytest.raises(LedgerError) as err:
        enter_forecast(bea, lid, 7, D("120000.00"), "two posts from October", phasing)
    assert str(err.value) == (
        "the phasing adds up to £119,999.99, not the forecast outturn £120,000.00 "
        "(a difference of £0.01)"
    )
    with pytest.raises(LedgerError, match="an amount for each of the 12 periods, not 3"):
        enter_forecast(bea, lid, 7, D("30000.00"), None, [D("10000.00")] * 3)
    rep = variance_report(bea, year=2025, stream="DA", as_at=AS_AT)
    assert rep.rows[0].figures.forecast is None  # nothing was written


def test_a_phased_forecast_drives_the_period_view(bea: Ledger) -> None:
    lid = line(bea, "DA", 2025, "Outreach", "120000.00")
    other = line(bea, "DA", 2025, "Helpline", "36500.00")
    phasing = [D("5000.00")] * 6 + [D("20000.00")] * 6  # slow start, two posts from October
    enter_forecast(bea, lid, 7, D("150000.00"), "two posts from October", phasing)
    rep = variance_report(bea, year=2025, stream="DA", by="period", as_at=AS_AT)
    fc = [r.figures.forecast for r in rep.rows]
    # Helpline has no forecast: it counts at its revised £36,500.00, straight-line by days
    # (£100.00 a day: £3,000.00 for 30 days, £3,100.00 for 31, £2,800.00 for February)
    helpline = [D(100 * days) for days in (30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28, 31)]
    assert fc == [p + h for p, h in zip(phasing, helpline, strict=True)]
    assert sum((f or D("0") for f in fc), D("0")) == D("186500.00") == rep.totals.figures.forecast
    quarters = variance_report(bea, year=2025, stream="DA", by="quarter", as_at=AS_AT)
    assert [r.figures.forecast for r in quarters.rows] == [
        D("24100.00"), D("24200.00"), D("69200.00"), D("69000.00")
    ]  # fmt: skip
    # an unphased later forecast replaces it: straight-line again
    enter_forecast(bea, lid, 8, D("150000.00"), "phasing withdrawn")
    again = variance_report(bea, year=2025, stream="DA", by="period", as_at=AS_AT)
    straight = split(D("150000.00"), period_days(FinancialYear(2025)))
    assert again.rows[0].figures.forecast == straight[0] + D("3000.00") == D("15328.77")
    assert other


def test_latest_commentary_and_its_history(bea: Ledger) -> None:
    lid = line(bea, "DA", 2025, "Outreach", "120000.00")
    enter_forecast(bea, lid, 6, D("130000.00"), "agency cover for a vacancy")
    add_variance_comment(bea, lid, 7, "vacancy filled in October")
    enter_forecast(bea, lid, 7, D("125000.00"), "lower: vacancy filled")
    row = variance_report(bea, year=2025, stream="DA", as_at=AS_AT).rows[0]
    assert row.comment == "P07: lower: vacancy filled"
    assert row.figures.forecast == D("125000.00")
    today = variance_today().strftime("%d/%m/%Y")
    assert [n.replace(today, "today") for n in row.notes] == [
        "P07 forecast £125,000.00 — bea.holder, today: lower: vacancy filled",
        "P07 comment — bea.holder, today: vacancy filled in October",
        "P06 forecast £130,000.00 — bea.holder, today: agency cover for a vacancy",
    ]
