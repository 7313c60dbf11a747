"""What the Overview page shows, read in one transaction (issue 23).

The stream cards, the chart and the warnings come from the by-period variance report
(:func:`ui.usecases.variance.build_report`); the "Returns due" banner from the return schedules
(:func:`ui.usecases.returns_due.due_in`).  They are read together, on one connection: read
apart, each opened its own, and SQLite parses the ledger's whole schema (≈40 tables, ≈180
triggers) for every new connection.  One read also shows both as of the same moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from db.ledger import Ledger

from .returns_due import Due, due_in
from .variance import build_report
from .variance_rows import VarianceReport

if TYPE_CHECKING:
    from db.queries.core import Reads

#: the states the Overview's banner shows (returns due later are not shown there)
SHOWN = ("overdue", "due soon")


@dataclass(frozen=True, slots=True)
class Overview:
    report: VarianceReport
    #: the returns overdue or due soon for the stream in scope (every stream's when none), each
    #: with its last submission; None when they could not be read (the banner is then hidden)
    due: tuple[Due, ...] | None


def overview(ledger: Ledger, stream: str | None, year: int | None, as_at: date) -> Overview:
    """The Overview's report (by period, as at ``as_at``) and returns due, in one read."""
    with ledger.read_core() as conn:  # Core statements only: no ORM loaded
        return read_overview(conn, stream, year, as_at)


def read_overview(session: Reads, stream: str | None, year: int | None, as_at: date) -> Overview:
    """:func:`overview` in a transaction already open (the window's open reads it with the
    ledger's summary, on the connection that identified the user)."""
    report = build_report(session, year=year, stream=stream, by="period", as_at=as_at)
    try:
        due: tuple[Due, ...] | None = tuple(
            d
            for d in due_in(session)
            if stream in (None, d.schedule.stream) and d.state.state in SHOWN
        )
    except Exception:  # as before: a banner that cannot be read is hidden, the page shown
        due = None
    return Overview(report, due)
