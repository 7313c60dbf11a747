"""When returns are due (issue 22): schedules per stream and return, and each schedule's state
today (overdue, due soon, next due) with the last submission beside it — ``return due`` and
the Overview read this."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from db.ledger import Ledger
from db.queries import submissions as q
from db.queries.submissions import Schedule, Submission
from fundledger.due import EVERY as DUE_EVERY
from fundledger.due import DueState, due_state
from fundledger.messages import Field

from .variance import today

if TYPE_CHECKING:
    from db.queries.core import Reads

__all__ = ["EVERY", "Due", "Schedule", "add_schedule", "due_in", "due_list", "retire_schedule"]

EVERY = tuple(DUE_EVERY)
_EVERY_WORDS = {0: "once", 1: "monthly", 3: "quarterly", 6: "half-yearly", 12: "yearly"}


@dataclass(frozen=True, slots=True)
class Due:
    schedule: Schedule
    state: DueState
    last: Submission | None

    @property
    def every(self) -> str:
        return _EVERY_WORDS.get(self.schedule.every_months, f"every {self.schedule.every_months}")


def add_schedule(
    ledger: Ledger,
    ret: str,
    stream: str | None,
    first_due: str | date,
    every: str,
    due_to: str,
    warn_days: int = 14,
) -> int:
    """Record when ``ret`` is due for ``stream`` (``ExportInputError``: bad input)."""
    from db.ops import submissions as ops
    from db.schema import Stream
    from fundledger.dates import parse_date  # its patterns: only when scheduling

    from .exports import definition  # the returns and their writers: only when scheduling
    from .returns.base import ExportInputError

    d = definition(ret)
    if isinstance(first_due, date):
        first = first_due
    else:
        found, problem = parse_date(first_due)
        if found is None:
            raise ExportInputError(f"{first_due}: {problem or 'not a date'}", Field.FIRST)
        first = found
    if every not in DUE_EVERY:
        raise ExportInputError(f"{every!r}: one of {', '.join(DUE_EVERY)}", Field.EVERY)
    code = stream or d.applies.stream
    with ledger.write() as session:
        sid = None
        if code is not None:
            sid = session.execute(
                select(Stream.id).where(Stream.code == code.strip().upper())
            ).scalar_one_or_none()
            if sid is None:
                raise ExportInputError(f"{code}: no such stream", Field.STREAM)
        return ops.schedule_return(session, ledger.actor, d.name, sid, first, every, due_to,
                                   warn_days)  # fmt: skip


def retire_schedule(ledger: Ledger, schedule_id: int, reason: str | None = None) -> None:
    from db.ops import submissions as ops

    with ledger.write() as session:
        ops.retire_schedule(session, ledger.actor, schedule_id, reason)


def due_list(ledger: Ledger, on: date | None = None) -> list[Due]:
    """Every active schedule's state on ``on`` (default today), most urgent first."""
    with ledger.read_core() as conn:
        return due_in(conn, on)


def due_in(session: Reads, on: date | None = None) -> list[Due]:
    """:func:`due_list` read in an open session (the Overview reads it with its report)."""
    day = on or today()
    plans = q.schedules(session)
    made = q.submissions(session)
    out: list[Due] = []
    for plan in plans:
        mine = [s for s in made if s.ret == plan.ret and s.stream == plan.stream]
        sent = [s for s in mine if s.status != "draft"]
        originals = [s.submitted_on for s in sent if s.supersedes is None]
        state = due_state(plan.first_due, plan.every_months, originals, day, plan.warn_days)
        out.append(Due(plan, state, sent[0] if sent else None))
    order = {"overdue": 0, "due soon": 1, "next due": 2, "done": 3}
    out.sort(key=lambda d: (order[d.state.state], d.state.due or date.max))
    return out
