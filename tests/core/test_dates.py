"""Every date form DOMAIN.md and SPEC.md §6 list; UK order always."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from fundledger.dates import (
    ParsedDate,
    excel_serial_to_date,
    find_as_at,
    format_long,
    parse_date,
    parse_date_ex,
)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("12/06/2026", date(2026, 6, 12)),
        ("13/12/2024", date(2024, 12, 13)),
        ("03/04/2025", date(2025, 4, 3)),
        ("12/06/26", date(2026, 6, 12)),
        ("1/4/2022", date(2022, 4, 1)),
        ("13.12.24", date(2024, 12, 13)),
        ("12-06-2026", date(2026, 6, 12)),
        ("2026-06-12", date(2026, 6, 12)),
        ("2026-06-12 00:00:00", date(2026, 6, 12)),
        ("2026-06-12T09:30:00", date(2026, 6, 12)),
        ("1st April 2022", date(2022, 4, 1)),
        ("28th August 2026", date(2026, 8, 28)),
        ("4th September 2026", date(2026, 9, 4)),
        ("2nd May 2025", date(2025, 5, 2)),
        ("23rd March 2026", date(2026, 3, 23)),
        ("1 April 2022", date(2022, 4, 1)),
        ("1 Sept 2025", date(2025, 9, 1)),
        ("17 Nov 2025", date(2025, 11, 17)),
        ("Sunday 14th June 2026", date(2026, 6, 14)),
        ("April 1, 2022", date(2022, 4, 1)),
        ("  12/06/2026 ", date(2026, 6, 12)),
        (date(2026, 6, 12), date(2026, 6, 12)),
        (datetime(2026, 6, 12, 15, 30), date(2026, 6, 12)),  # noqa: DTZ001 (naive, as Excel)
    ],
)
def test_full_dates(raw: object, value: date) -> None:
    assert parse_date(raw) == (value, None)
    assert parse_date_ex(raw) == (ParsedDate(value, month_only=False), None)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("May 24", date(2024, 5, 1)),
        ("July 2024", date(2024, 7, 1)),
        ("December 2026", date(2026, 12, 1)),
        ("Jan-26", date(2026, 1, 1)),
        ("Sept 2025", date(2025, 9, 1)),
    ],
)
def test_month_only_dates_are_first_of_month_and_flagged(raw: str, value: date) -> None:
    assert parse_date_ex(raw) == (ParsedDate(value, month_only=True), None)
    assert parse_date(raw) == (value, None)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_blank_is_no_value_and_no_error(raw: object) -> None:
    assert parse_date(raw) == (None, None)
    assert parse_date_ex(raw) == (None, None)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("31/02/2026", "no such date (read as day/month/year)"),
        ("12/13/2024", "no such date (read as day/month/year)"),
        ("2026-02-30", "no such date"),
        ("30th February 2026", "no such date"),
        ("27 February", "date has no year"),
        ("hello", "not a date"),
        ("Mayday 24", "not a date"),
        ("12/06", "not a date"),
        (45000, "a number, not a date"),
        (45000.5, "a number, not a date"),
        (True, "a number, not a date"),
        (["12/06/2026"], "not a date"),
    ],
)
def test_errors(raw: object, reason: str) -> None:
    assert parse_date(raw) == (None, reason)


def test_ambiguous_check_reports_both_readings() -> None:
    assert parse_date("03/04/2025", ambiguous_check=True) == (
        None,
        "date could be 3 April 2025 or 4 March 2025",
    )
    assert parse_date("12/06/2026", ambiguous_check=True) == (
        None,
        "date could be 12 June 2026 or 6 December 2026",
    )


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("13/12/2024", date(2024, 12, 13)),  # only one reading is a date
        ("03/03/2025", date(2025, 3, 3)),  # both readings are the same day
        ("1st April 2022", date(2022, 4, 1)),  # month in words
        ("2025-04-03", date(2025, 4, 3)),  # ISO is never ambiguous
    ],
)
def test_ambiguous_check_passes_unambiguous_dates(raw: str, value: date) -> None:
    assert parse_date(raw, ambiguous_check=True) == (value, None)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "The allocations for each Community Safety Partnership (CSP) area are outlined in the "
            "table below along with expenditure to date as of 12/06/2026.",
            date(2026, 6, 12),
        ),
        ("OPCC CSP allocations 2025-26 (as of 12/06/2026)", date(2026, 6, 12)),
        ("Position as at 12 June 2026", date(2026, 6, 12)),
        ("Pooled budget as at: 31st March 2026, draft", date(2026, 3, 31)),
        ("As At 30/09/2025", date(2025, 9, 30)),
    ],
)
def test_find_as_at(text: str, value: date) -> None:
    assert find_as_at(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "OPCC CSP allocations 2025-26",
        "as at the end of period 10",
        "as of July 2024",  # a month is not an as-at date
        "",
    ],
)
def test_find_as_at_none(text: str) -> None:
    assert find_as_at(text) is None


def test_excel_serial() -> None:
    assert excel_serial_to_date(46185) == date(2026, 6, 12)
    assert excel_serial_to_date(61) == date(1900, 3, 1)
    with pytest.raises(ValueError, match="0 is not an Excel date serial"):
        excel_serial_to_date(0)


def test_format_long() -> None:
    assert format_long(date(2025, 4, 3)) == "3 April 2025"
