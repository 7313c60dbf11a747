"""Contract terms as printed, exclusive end dates and profiling a value across years."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fundledger.terms import (
    ContractTerm,
    add_months,
    end_date,
    last_day,
    months_by_year,
    parse_term,
    profile_even,
)

D = Decimal


@pytest.mark.parametrize(
    ("text", "base", "extensions", "fixed", "rolling"),
    [
        ("2 years fixed term", 24, (), True, False),
        ("2 years (+1 year extension)", 24, (12,), False, False),
        ("1 year", 12, (), False, False),
        ("2 years", 24, (), False, False),
        ("3 years plus 1 plus 1", 36, (12, 12), False, False),
        (
            "whilst the contract covered 3 years, this was on a plus 1 plus 1 rolling basis",
            36,
            (12, 12),
            False,
            True,
        ),
        ("3 years … plus 1 plus 1 rolling basis", 36, (12, 12), False, True),
        ("three-year programme", 36, (), False, False),
        ("a three-year period", 36, (), False, False),
        ("three-year settlement", 36, (), False, False),
        ("12 months", 12, (), False, False),
        ("18 months + 6 months", 18, (6,), False, False),
        ("2+1 years", 24, (12,), False, False),
        ("3 years + 1 + 1", 36, (12, 12), False, False),
        ("2 years (+6 months extension)", 24, (6,), False, False),
        ("2 years with an option to extend by 12 months", 24, (12,), False, False),
        ("1.5 years", 18, (), False, False),
        ("Two Years Fixed-Term", 24, (), True, False),
    ],
)
def test_parse_term(
    text: str, base: int, extensions: tuple[int, ...], fixed: bool, rolling: bool
) -> None:
    term, error = parse_term(text)
    assert error is None
    assert term == ContractTerm(base, extensions, fixed, text, rolling)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no term given"),
        ("   ", "no term given"),
        ("ongoing", "no term length found"),
        ("until further notice", "no term length found"),
        ("0 years", "term length is zero"),
        ("1.5 months", "term length is not a whole number of months"),
    ],
)
def test_parse_term_errors(text: str, reason: str) -> None:
    assert parse_term(text) == (None, reason)


def test_max_months() -> None:
    term, _ = parse_term("3 years plus 1 plus 1")
    assert term is not None and term.max_months == 60
    assert ContractTerm(None).max_months is None


def test_end_dates_are_exclusive() -> None:
    term, _ = parse_term("2 years (+1 year extension)")
    assert term is not None
    start = date(2022, 4, 1)
    assert end_date(start, term) == date(2024, 4, 1)
    assert last_day(start, term) == date(2024, 3, 31)
    assert end_date(start, term, 1) == date(2025, 4, 1)
    assert last_day(start, term, 1) == date(2025, 3, 31)
    ecins, _ = parse_term("3 years plus 1 plus 1")
    assert ecins is not None
    assert end_date(date(2025, 1, 15), ecins, 2) == date(2030, 1, 15)


def test_end_date_refuses_bad_calls() -> None:
    term, _ = parse_term("2 years")
    assert term is not None
    with pytest.raises(ValueError, match="has 0 extensions, not 1"):
        end_date(date(2022, 4, 1), term, 1)
    with pytest.raises(ValueError, match="has no length"):
        end_date(date(2022, 4, 1), ContractTerm(None, text="ongoing"))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 3, 1)),
        (date(2023, 1, 31), 1, date(2023, 3, 1)),
        (date(2024, 2, 29), 12, date(2025, 3, 1)),
        (date(2024, 7, 1), 24, date(2026, 7, 1)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 4, 1), -1, date(2025, 3, 1)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_months_by_year() -> None:
    assert months_by_year(date(2024, 7, 1), 24) == {2024: 9, 2025: 12, 2026: 3}
    assert months_by_year(date(2025, 4, 1), 12) == {2025: 12}
    assert months_by_year(date(2026, 3, 31), 1) == {2025: 1}
    with pytest.raises(ValueError, match="at least one month, not 0"):
        months_by_year(date(2025, 4, 1), 0)


def test_profile_even_splits_across_financial_years_exactly() -> None:
    # Panahghar-like: contract from July 2024 for 24 months.
    profile = profile_even(D("97054.00"), date(2024, 7, 1), 24)
    assert profile == {2024: D("36395.25"), 2025: D("48527.00"), 2026: D("12131.75")}
    assert sum(profile.values()) == D("97054.00")
    assert profile_even(D("100.00"), date(2025, 4, 1), 12) == {2025: D("100.00")}
    # A third each that does not divide: largest remainder, earlier year first.
    assert profile_even(D("100.00"), date(2025, 4, 1), 36) == {
        2025: D("33.34"),
        2026: D("33.33"),
        2027: D("33.33"),
    }
    assert list(profile_even(D("1.00"), date(2024, 3, 1), 2)) == [2023, 2024]
