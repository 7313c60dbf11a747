"""fundledger.years: financial years, periods and quarters, and the printed year labels."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fundledger.years import (
    FinancialYear,
    parse_period_label,
    parse_year,
    parse_years,
    period_label,
    period_of,
    quarter_of_period,
    year_of,
)

dates = st.dates(min_value=date(1901, 4, 1), max_value=date(2199, 3, 31))


@settings(deadline=None)  # no timings in unit tests
@given(dates)
def test_year_and_period_of_a_date_agree_with_period_bounds(d: date) -> None:
    fy = year_of(d)
    p = period_of(d)
    assert fy.contains(d)
    assert fy.start <= d < fy.end
    assert fy.period_start(p) <= d < fy.period_end(p)
    assert year_of(fy.period_start(p)) == fy
    assert period_of(fy.period_start(p)) == p
    assert quarter_of_period(p) == (p - 1) // 3 + 1


@settings(deadline=None)  # no timings in unit tests
@given(st.integers(min_value=1901, max_value=2198))
def test_periods_tile_the_year(y: int) -> None:
    fy = FinancialYear(y)
    assert fy.period_start(1) == fy.start
    assert fy.period_end(12) == fy.end
    for p in range(1, 12):
        assert fy.period_end(p) == fy.period_start(p + 1)
    assert fy.last_day == fy.end - timedelta(days=1)
    assert parse_year(fy.code) == fy
    assert fy.next().previous() == fy


def test_year_facts() -> None:
    fy = FinancialYear(2025)
    assert fy.code == "2025-26" and str(fy) == "2025-26"
    assert fy.start == date(2025, 4, 1)
    assert fy.end == date(2026, 4, 1)
    assert fy.period_start(10) == date(2026, 1, 1)  # "period 10 (the end of January 2026)"
    assert year_of(date(2026, 3, 31)) == fy
    assert year_of(date(2026, 4, 1)) == FinancialYear(2026)
    assert period_of(date(2025, 4, 1)) == 1
    assert period_of(date(2026, 3, 31)) == 12
    assert period_label(3) == "P03"
    with pytest.raises(ValueError, match="financial year 1800 is out of range"):
        FinancialYear(1800)
    with pytest.raises(ValueError, match="period 13 is not between 1 and 12"):
        fy.period_start(13)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("2025-26", 2025),
        ("2025/26", 2025),
        ("2025 – 2026", 2025),
        ("2025-2026", 2025),
        ("2025 - 26", 2025),
        ("2026/2027", 2026),
        ("26/27", 2026),
        ("2024/5", 2024),
        ("Quarter 4 FY 2026", 2025),
        ("FY 2026", 2025),
        ("2099/00", 2099),
    ],
)
def test_parse_year(text: str, start: int) -> None:
    assert parse_year(text) == FinancialYear(start)


@pytest.mark.parametrize("text", ["2025-27", "2025", "year one", "", "2024/28"])
def test_parse_year_refuses(text: str) -> None:
    assert parse_year(text) is None


def test_parse_years() -> None:
    assert parse_years("DA duty 2021-2022 allocation") == (FinancialYear(2021),)
    assert parse_years("DA duty 2025 – 2026/ 2026-2027 allocation") == (
        FinancialYear(2025),
        FinancialYear(2026),
    )
    assert parse_years("2025/26 to 2029/30") == tuple(FinancialYear(y) for y in range(2025, 2030))
    assert parse_years("no years here") == ()


def test_parse_period_label() -> None:
    assert parse_period_label("2025/26 P03") == (FinancialYear(2025), 3)
    assert parse_period_label("P3") == (None, 3)
    assert parse_period_label("Period 10") == (None, 10)
    assert parse_period_label("P13") is None
    assert parse_period_label("rubbish P03") is None
