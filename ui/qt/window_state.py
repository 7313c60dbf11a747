"""What the main window reads about the open ledger (run off the GUI thread) and how it
describes it: the summary, who is connected, today's backup, the year to show first and the
backend's mode text."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ui.usecases.navigation import LedgerSummary


def load_summary(ledger: Any) -> LedgerSummary:
    from ui.usecases.navigation import summary

    return summary(ledger)


def who(ledger: Any) -> str:
    from ui.usecases.session import who_is_connected

    return who_is_connected(ledger)


def daily_backup(ledger: Any) -> str | None:
    """Today's automatic backup of a SQLite ledger (if the newest is over a day old)."""
    from ui.usecases.ledger_files import daily_backup

    return daily_backup(ledger)


def first_scope(
    summary: LedgerSummary, saved_stream: object, saved_year: object
) -> tuple[str | None, int | None]:
    """The stream and year the window shows first: the saved ones if the ledger has them."""
    stream = saved_stream or None
    return (stream if stream in {x.code for x in summary.streams} else None), default_year(
        summary, saved_year
    )


def first_read(
    page: str, saved_stream: object, saved_year: object
) -> Callable[[Any, LedgerSummary], dict[object, Any]] | None:
    """What the first page shows, read as the ledger opens (in the transaction that identifies
    the user: :func:`ui.usecases.navigation.open_with_summary`), keyed as the page asks for it
    (:attr:`AppContext.prefetched`): the Overview's report and returns due.  None for a page
    that reads its own."""
    if page != "overview":
        return None

    def read(session: Any, summary: LedgerSummary) -> dict[object, Any]:
        from ui.usecases.overview import read_overview
        from ui.usecases.variance import today

        stream, year = first_scope(summary, saved_stream, saved_year)
        as_at = today()
        return {("overview", stream, year, as_at): read_overview(session, stream, year, as_at)}

    return read


def default_year(summary: LedgerSummary, saved: object) -> int | None:
    if saved == "all":
        return None
    try:
        year = int(str(saved))
    except (TypeError, ValueError):
        year = None
    if year is not None and year in summary.years:
        return year
    from datetime import UTC, datetime

    from fundledger.years import year_of

    current = year_of(datetime.now(UTC).date()).start_year
    latest = summary.transactions_max_year
    if latest is not None and latest in summary.years:
        return min(current, latest)
    if current in summary.years:
        return current
    if summary.years:
        return summary.years[-1]
    return None


def mode_text(ledger: Any, locked_by: str | None = None) -> str:
    if ledger.is_shared:
        return "Shared (PostgreSQL)"
    if locked_by:
        return f"Read-only: locked by {locked_by}"
    cannot_write = getattr(ledger, "read_only", None)
    if cannot_write:
        return f"Read-only: {cannot_write}"
    return "Single user (SQLite)"
