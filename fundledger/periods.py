"""Month-end periods: names with their months, closing up to a period, and where a correction
to a closed period goes.

Closing is cumulative: closing P06 closes every period of the year up to P06 that is still open.
The closed periods of a year (for a stream) are therefore normally P01…Pn; the close dialog
proposes the last period before today's that is still open, and a correction of a closed
period's transaction is posted in the *current open period*: today's period when it is in the
year and open, else the first open period after the closed ones, dated on its first day.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .years import FinancialYear, period_label, period_of, year_of

if TYPE_CHECKING:
    from collections.abc import Collection

__all__ = [
    "correction_period",
    "default_close_to",
    "month_year",
    "parse_period_range",
    "period_name",
    "range_label",
    "to_close",
    "today",
]

_LONDON = ZoneInfo("Europe/London")


def today() -> date:
    """Today in the council's time zone."""
    return datetime.now(_LONDON).date()


_FULL = ("April", "May", "June", "July", "August", "September", "October", "November",
         "December", "January", "February", "March")  # fmt: skip


def month_year(year: int, period: int) -> str:
    """``September 2025`` for 2025-26 P06."""
    start = FinancialYear(year).period_start(period)
    return f"{_FULL[period - 1]} {start.year}"


def period_name(year: int, period: int) -> str:
    """``P06 September 2025``: the label a picker shows."""
    return f"{period_label(period)} {month_year(year, period)}"


def range_label(year: int, first: int, last: int) -> str:
    """``2025-26 P01–P06 (April–September 2025)``."""
    code = FinancialYear(year).code
    if first == last:
        return f"{code} {period_name(year, first)}"
    a, b = month_year(year, first), month_year(year, last)
    if a.split()[1] == b.split()[1]:
        a = a.split()[0]
    return f"{code} {period_label(first)}–{period_label(last)} ({a}–{b})"


def to_close(closed: Collection[int], last: int) -> list[int]:
    """The periods closing up to ``last`` closes: every one up to it not yet closed."""
    return [p for p in range(1, last + 1) if p not in closed]


def default_close_to(closed: Collection[int], year: int, today: date) -> int | None:
    """The last period before today's that is still open (today's period is still running).

    A year that ended before today proposes its last open period; a year not yet begun
    proposes nothing.  None when every period before today's is closed.
    """
    fy = FinancialYear(year)
    if today < fy.start:
        return None
    before = 13 if today >= fy.end else period_of(today)
    open_ = [p for p in range(1, before) if p not in closed]
    return open_[-1] if open_ else None


def correction_period(closed: Collection[int], year: int, today: date) -> tuple[int, date] | None:
    """(period, date) a correction of ``year`` is posted to, or None when the whole year is
    closed: today's period when today is in the year and it is open, else the first open
    period after the last closed one (or the first open period), dated on its first day."""
    fy = FinancialYear(year)
    if year_of(today) == fy and period_of(today) not in closed:
        return period_of(today), today
    after = max(closed, default=0)
    open_ = [p for p in range(1, 13) if p not in closed]
    later = [p for p in open_ if p > after] or open_
    if not later:
        return None
    return later[0], fy.period_start(later[0])


def parse_period_range(text: str) -> tuple[int, int] | None:
    """``P01-P06`` / ``P3`` / ``1-6`` → (first, last); None when not a range of periods."""
    parts = [p.strip().upper().removeprefix("P") for p in text.replace("–", "-").split("-")]
    if len(parts) not in (1, 2) or not all(p.isdigit() for p in parts):
        return None
    first, last = int(parts[0]), int(parts[-1])
    if not (1 <= first <= last <= 12):
        return None
    return first, last
