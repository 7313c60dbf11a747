"""Dates as printed: real Excel dates and the text forms the source papers use.

Numeric dates are always read in UK order (day/month/year): ``12/06/2026`` is 12 June 2026 and
``13.12.24`` is 13 December 2024.  Also accepted: ISO ``2026-06-12``; ``1st April 2022``,
``28th August 2026``, ``Sunday 14th June 2026``; and month-only forms (``May 24``, ``July 2024``,
``Jan-26``) which give the first of the month with ``month_only=True``.

Parsers return problems as values: ``(value, None)`` or ``(None, reason)``; blank is
``(None, None)`` (no value, no error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

__all__ = [
    "ParsedDate",
    "excel_serial_to_date",
    "find_as_at",
    "format_long",
    "parse_date",
    "parse_date_ex",
]

MONTHS: dict[str, int] = {}
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
for _i, _name in enumerate(_MONTH_NAMES, start=1):
    MONTHS[_name.casefold()] = _i
    MONTHS[_name[:3].casefold()] = _i
MONTHS["sept"] = 9

_WEEKDAYS = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?"

NOT_A_DATE = "not a date"
NO_SUCH_DATE = "no such date"
NO_SUCH_DATE_UK = "no such date (read as day/month/year)"
NO_YEAR = "date has no year"


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date read from a cell; ``month_only`` when only a month was given (day set to 1)."""

    value: date
    month_only: bool = False


_NUMERIC = re.compile(r"^(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DAY_MONTH_YEAR = re.compile(
    rf"^(?:{_WEEKDAYS},?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s\-]+([a-z]+)\.?,?[\s\-]+(\d{{4}}|\d{{2}})$",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(
    rf"^(?:{_WEEKDAYS},?\s+)?([a-z]+)\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$",
    re.IGNORECASE,
)
_DAY_MONTH = re.compile(
    rf"^(?:{_WEEKDAYS},?\s+)?\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+([a-z]+)$", re.IGNORECASE
)
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?[\s\-/']+(\d{4}|\d{2})$", re.IGNORECASE)


def parse_date(raw: object, *, ambiguous_check: bool = False) -> tuple[date | None, str | None]:
    """One date from a cell: ``(date, None)``, ``(None, reason)`` or ``(None, None)`` if blank.

    Numeric dates are UK order.  With ``ambiguous_check`` (the caller knows the source may use
    either order), a numeric date valid both ways, such as ``03/04/2025``, is an error
    ``date could be 3 April 2025 or 4 March 2025``.  A month-only date gives the 1st.
    """
    parsed, error = parse_date_ex(raw, ambiguous_check=ambiguous_check)
    return (parsed.value if parsed else None), error


def parse_date_ex(
    raw: object, *, ambiguous_check: bool = False
) -> tuple[ParsedDate | None, str | None]:
    """As :func:`parse_date`, keeping whether the text gave only a month."""
    if raw is None:
        return None, None
    if isinstance(raw, datetime):
        return ParsedDate(raw.date()), None
    if isinstance(raw, date):
        return ParsedDate(raw), None
    if isinstance(raw, bool | int | float):
        return None, "a number, not a date"
    if not isinstance(raw, str):
        return None, NOT_A_DATE
    text = " ".join(raw.split())
    if not text:
        return None, None
    return _parse_text(text, ambiguous_check)


def excel_serial_to_date(serial: int | float) -> date:
    """A date from an Excel 1900-system serial number (for cells whose date format was lost)."""
    if isinstance(serial, bool) or not 1 <= serial < 2958466:
        raise ValueError(f"{serial!r} is not an Excel date serial")
    days = int(serial)
    if days < 60:  # Excel's phantom 29 February 1900
        days += 1
    return date(1899, 12, 30) + timedelta(days=days)


def format_long(d: date) -> str:
    """``3 April 2025``: the unambiguous form used in messages."""
    return f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        return 2000 + y if y < 70 else 1900 + y
    return y


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _parse_text(text: str, ambiguous_check: bool) -> tuple[ParsedDate | None, str | None]:
    m = _NUMERIC.match(text)
    if m:
        return _numeric(int(m.group(1)), int(m.group(3)), _year(m.group(4)), ambiguous_check)
    m = _ISO.match(text)
    if m:
        return _result(_make(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    m = _DAY_MONTH_YEAR.match(text)
    if m:
        return _named(m.group(2), int(m.group(1)), m.group(3))
    m = _MONTH_DAY_YEAR.match(text)
    if m:
        return _named(m.group(1), int(m.group(2)), m.group(3))
    m = _MONTH_YEAR.match(text)
    if m:
        month = MONTHS.get(m.group(1).casefold())
        if month is None:
            return None, NOT_A_DATE
        return ParsedDate(date(_year(m.group(2)), month, 1), month_only=True), None
    m = _DAY_MONTH.match(text)
    if m and m.group(1).casefold() in MONTHS:
        return None, NO_YEAR
    return None, NOT_A_DATE


def _result(d: date | None) -> tuple[ParsedDate | None, str | None]:
    return (ParsedDate(d), None) if d else (None, NO_SUCH_DATE)


def _named(month_text: str, day: int, year_text: str) -> tuple[ParsedDate | None, str | None]:
    month = MONTHS.get(month_text.casefold())
    if month is None:
        return None, NOT_A_DATE
    return _result(_make(_year(year_text), month, day))


def _numeric(
    day: int, month: int, year: int, ambiguous_check: bool
) -> tuple[ParsedDate | None, str | None]:
    uk = _make(year, month, day)
    if uk is None:
        return None, NO_SUCH_DATE_UK
    if ambiguous_check and day != month and day <= 12:
        us = _make(year, day, month)
        if us is not None:
            return None, f"date could be {format_long(uk)} or {format_long(us)}"
    return ParsedDate(uk), None


_AS_AT = re.compile(r"\bas\s+(?:of|at)\b:?\s*", re.IGNORECASE)


def find_as_at(text: str) -> date | None:
    """The date after "as of" / "as at" in a title line, e.g. "… expenditure to date as of
    12/06/2026." or "Position as at 12 June 2026"; None if there is none."""
    for m in _AS_AT.finditer(text):
        words = text[m.end() :].split()[:5]
        for n in range(len(words), 0, -1):
            candidate = " ".join(words[:n]).rstrip(".,;:)")
            parsed, error = parse_date_ex(candidate)
            if parsed is not None and error is None and not parsed.month_only:
                return parsed.value
    return None
