"""Financial years (1 April – 31 March), periods P1 (April) … P12 (March) and quarters.

A year is identified by its start: ``FinancialYear(2025)`` is "2025-26".  Storage keeps that
integer.  Date ranges are half-open: ``[start, end)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_DASH = "[-–—/]"  # hyphen, en dash, em dash or slash between the two years


def year_label(start_year: int) -> str:
    """The financial year starting in ``start_year`` as people write it: ``2025`` → ``2025-26``.

    The one place the label is made (registers, returns, messages, the command line).
    """
    return f"{start_year}-{(start_year + 1) % 100:02d}"


@dataclass(frozen=True, slots=True, order=True)
class FinancialYear:
    """The UK public-sector financial year starting 1 April ``start``."""

    start_year: int

    def __post_init__(self) -> None:
        if not 1900 <= self.start_year <= 2200:
            raise ValueError(f"financial year {self.start_year} is out of range")

    @property
    def code(self) -> str:
        """Canonical label, e.g. ``2025-26``."""
        return year_label(self.start_year)

    @property
    def start(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def end(self) -> date:
        """Exclusive end: 1 April of the next year."""
        return date(self.start_year + 1, 4, 1)

    @property
    def last_day(self) -> date:
        return date(self.start_year + 1, 3, 31)

    def contains(self, d: date) -> bool:
        return self.start <= d < self.end

    def next(self) -> FinancialYear:
        return FinancialYear(self.start_year + 1)

    def previous(self) -> FinancialYear:
        return FinancialYear(self.start_year - 1)

    def period_start(self, period: int) -> date:
        """First day of period ``period`` (1 = April … 12 = March)."""
        check_period(period)
        month = (period + 2) % 12 + 1
        return date(self.start_year + (1 if month < 4 else 0), month, 1)

    def period_end(self, period: int) -> date:
        """Exclusive end of period ``period``."""
        return self.period_start(period + 1) if period < 12 else self.end

    def __str__(self) -> str:
        return self.code


def check_period(period: int) -> int:
    if not 1 <= period <= 12:
        raise ValueError(f"period {period} is not between 1 and 12")
    return period


def year_of(d: date) -> FinancialYear:
    """The financial year a date falls in."""
    return FinancialYear(d.year if d.month >= 4 else d.year - 1)


def period_of(d: date) -> int:
    """Period 1 (April) … 12 (March) of a date."""
    return (d.month - 4) % 12 + 1


def period_in_year(year: int | None, today: date) -> int:
    """The period ``today`` falls in within financial year ``year``: P12 once the year is over,
    P01 before it starts, today's period when no year is given — where a budget change dated
    "now" lands in that year (a virement's or a form's default period)."""
    if year is None or FinancialYear(year).contains(today):
        return period_of(today)
    return 12 if today >= FinancialYear(year).end else 1


def quarter_of_period(period: int) -> int:
    """Q1 = P1–P3 (Apr–Jun) … Q4 = P10–P12 (Jan–Mar)."""
    return (check_period(period) - 1) // 3 + 1


def period_label(period: int) -> str:
    """``P01`` … ``P12`` (the JSON and export form)."""
    return f"P{check_period(period):02d}"


def quarter_label(quarter: int) -> str:
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter {quarter} is not between 1 and 4")
    return f"Q{quarter}"


_MONTHS = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")


def period_month_name(period: int) -> str:
    return _MONTHS[check_period(period) - 1]


def _expand(first: int, second_text: str) -> int | None:
    """The second year of a pair: "26" after 2025, "5" after 2024, "2026" after 2025."""
    second = int(second_text)
    if len(second_text) == 4:
        return second
    if len(second_text) == 2:
        return first - first % 100 + second + (100 if second < first % 100 else 0)
    if len(second_text) == 1:
        return first - first % 10 + second + (10 if second < first % 10 else 0)
    return None


_PAIR = re.compile(rf"^(?:fy\s*)?(\d{{4}}|\d{{2}})\s*{_DASH}\s*(\d{{4}}|\d{{1,2}})$", re.I)
_QTR_FY = re.compile(r"^quarter\s*([1-4])\s*fy\s*(\d{4})$", re.I)
_FY_END = re.compile(r"^fy\s*(\d{4})$", re.I)


def parse_year(text: str) -> FinancialYear | None:
    """One financial year from any printed form, or None if it is not exactly one year.

    Accepts ``2025-26``, ``2025/26``, ``2025 – 2026``, ``2025-2026``, ``2025 - 26``,
    ``2026/2027``, ``26/27``, ``2024/5``, ``FY 2026`` (the year *ending* in 2026, as in
    "Quarter 4 FY 2026").  A pair whose years are not consecutive is refused.
    """
    s = " ".join(text.strip().split())
    m = _QTR_FY.match(s) or _FY_END.match(s)
    if m:
        return FinancialYear(int(m.groups()[-1]) - 1)
    m = _PAIR.match(s)
    if not m:
        return None
    first = int(m.group(1))
    if len(m.group(1)) == 2:
        first += 2000
    second = _expand(first, m.group(2))
    if second != first + 1:
        return None
    return FinancialYear(first)


_YEAR_TOKEN = re.compile(
    rf"(?<!\d)(\d{{4}})\s*{_DASH}\s*(\d{{4}}|\d{{1,2}})(?!\d)",
)


def parse_years(text: str) -> tuple[FinancialYear, ...]:
    """Every financial year named in a label, in order, without duplicates.

    ``"DA duty 2021-2022 allocation"`` → (2021-22,);
    ``"DA duty 2025 – 2026/ 2026-2027 allocation"`` → (2025-26, 2026-27);
    ``"2025/26 to 2029/30"`` → 2025-26 … 2029-30 (a "to" range is expanded).
    """
    s = " ".join(text.split())
    found: list[FinancialYear] = []
    for m in _YEAR_TOKEN.finditer(s):
        first = int(m.group(1))
        second = _expand(first, m.group(2))
        if second == first + 1:
            fy = FinancialYear(first)
            if fy not in found:
                found.append(fy)
    if len(found) == 2 and re.search(r"\bto\b", s, re.I):
        lo, hi = found
        found = [FinancialYear(y) for y in range(lo.start_year, hi.start_year + 1)]
    return tuple(found)


def parse_period_label(text: str) -> tuple[FinancialYear | None, int] | None:
    """``"2025/26 P03"`` → (2025-26, 3); ``"P3"`` / ``"Period 10"`` → (None, n)."""
    s = " ".join(text.strip().split())
    m = re.match(r"^(?:(.+?)\s+)?(?:p|period)\s*0?(\d{1,2})$", s, re.I)
    if not m:
        return None
    period = int(m.group(2))
    if not 1 <= period <= 12:
        return None
    if m.group(1) is None:
        return None, period
    fy = parse_year(m.group(1))
    return (fy, period) if fy else None
