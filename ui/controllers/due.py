"""Returns due, in words (issue 22), for the Returns page and the Overview: one line per
schedule that has a due date, most urgent first (as the use case orders them)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["due_text"]


def due_text(items: Iterable[Any]) -> str:
    """``Overdue: opcc-csp OPCC due 30/09/2026 (32 days overdue) to OPCC board; last #3 on
    28/06/2026, Q1`` — one line each (``items``: ``ui.usecases.returns_due.Due``)."""
    out = []
    for d in items:
        if d.state.due is None:
            continue
        last = ("never submitted" if d.last is None else
                f"last #{d.last.id} on {d.last.submitted_on:%d/%m/%Y}, {d.last.period}")  # fmt: skip
        days = d.state.days or 0
        when = (f"{-days} days overdue" if days < 0 else "due today" if days == 0
                else f"in {days} days")  # fmt: skip
        out.append(f"{d.state.state.capitalize()}: {d.schedule.ret} {d.schedule.stream or ''} "
                   f"due {d.state.due:%d/%m/%Y} ({when}) to {d.schedule.due_to}; {last}")  # fmt: skip
    return "\n".join(out)
