"""When a return is due (issue 22): a schedule's due dates (the first, then every 1, 3, 6 or
12 months, or once) and which of them the submissions made so far have met.

A due date is met by a submission made after the due date before it (a late submission still
meets the date it was late for); submissions are used once each, oldest first.  The state of a
schedule on a day is its first unmet due date: *overdue* when it has passed, *due soon* within
the warning days, else *next due*.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

#: repeat → months between due dates
EVERY = {"once": 0, "month": 1, "quarter": 3, "half-year": 6, "year": 12}

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

State = Literal["overdue", "due soon", "next due", "done"]

__all__ = ["DueState", "add_months", "due_dates", "due_state"]


def add_months(d: date, months: int) -> date:
    """``d`` moved ``months`` later, on the same day or the month's last (31/01 + 1 → 28/02)."""
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def due_dates(first: date, every_months: int) -> Iterator[date]:
    """The due dates from ``first`` (only ``first`` when ``every_months`` is 0)."""
    k = 0
    while True:
        yield add_months(first, every_months * k)
        if every_months == 0:
            return
        k += 1


@dataclass(frozen=True, slots=True)
class DueState:
    state: State
    #: the first unmet due date (None: a once-only return already met)
    due: date | None
    #: days until it (negative: days overdue)
    days: int | None


def due_state(
    first: date, every_months: int, submitted: Iterable[date], today: date, warn_days: int
) -> DueState:
    """The schedule's state on ``today`` given the dates of the submissions made."""
    made = sorted(submitted)
    used = 0
    previous: date | None = None
    for due in due_dates(first, every_months):
        while used < len(made) and previous is not None and made[used] <= previous:
            used += 1  # made before the previous due date: it met that one, or none
        if used < len(made):
            used += 1
            previous = due
            continue
        days = (due - today).days
        if days < 0:
            state: State = "overdue"
        elif days <= warn_days:
            state = "due soon"
        else:
            state = "next due"
        return DueState(state, due, days)
    return DueState("done", None, None)
