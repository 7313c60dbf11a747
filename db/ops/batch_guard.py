"""SQLite: a bulk import's closed-period check made once for the batch instead of once per row.

A money table's insert guard (``guard_TABLE_locked_insert``, revision 0002) refuses a row
charged to a closed period: for each row it looks for an active period lock covering the row's
stream, year and period, and if there is one inserts the row's period into
``guard_closed_periods``, whose CHECK constraints name the period in the message.  For the rows
of an import batch the writer drops that trigger inside the import's transaction (SQLite DDL is
transactional and the writer holds the write lock: no other connection ever sees the table
without it), inserts the rows, and then runs the trigger's own condition over the batch's rows
in **one** statement: the first row (in insert order) that the trigger would have refused is
refused the same way — the same insert into ``guard_closed_periods``, so the same error and
message — and the whole transaction with it.  The trigger is then re-created from its own DDL
(:func:`db.ops.imports.restore_indexes`), before the commit.

A guard whose text is not the form this module knows is left in place (rows are then checked
one by one, as before).  PostgreSQL is untouched: its guard runs for COPY and INSERT alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from db.writes import LedgerError

__all__ = ["BatchGuard", "guards_ddl", "suspend_period_guard"]

#: the guard's form: WHEN <condition on NEW> BEGIN <insert naming NEW.period>; RAISE(…); END
_GUARD = re.compile(
    r"\bWHEN\s+(?P<when>EXISTS\s*\(.*\))\s+BEGIN\s+"
    r"(?P<insert>INSERT INTO guard_closed_periods\s*\(period\)\s*VALUES\s*\(NEW\.period\))\s*;\s*"
    r"SELECT RAISE\(ABORT,\s*'(?P<message>[^']*)'\)\s*;\s*END\s*$",
    re.S | re.I,
)


@dataclass(frozen=True, slots=True)
class BatchGuard:
    """The dropped guard of one table: its DDL (to re-create it) and its condition."""

    table: str
    ddl: str
    when: str
    message: str

    def check(self, session: Session, batch_id: int) -> None:
        """Refuse the batch as the trigger would have refused its first row in a closed period.

        One statement: the active locks are looked at once (no lock at all: nothing to scan),
        then the batch's rows in insert order against the trigger's own condition."""
        when = re.sub(r"\bNEW\.", "t.", self.when)
        conn = session.connection()
        found = conn.exec_driver_sql(
            "INSERT INTO guard_closed_periods(period) "
            f"SELECT t.period FROM {self.table} t "
            "WHERE EXISTS (SELECT 1 FROM period_locks WHERE active) "
            f"AND t.batch_id = ? AND {when} ORDER BY t.id LIMIT 1",
            (batch_id,),
        ).rowcount
        if found:  # guard_closed_periods' CHECK refuses every period: never reached
            raise LedgerError(self.message)


def suspend_period_guard(session: Session, table: str) -> list[BatchGuard]:
    """SQLite only: drop ``table``'s closed-period insert guard inside the transaction and
    return it, for :meth:`BatchGuard.check` after the batch's rows are in.  Elsewhere, or when
    the guard is not of the known form, drops nothing and returns ``[]``."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return []
    name = f"guard_{table}_locked_insert"
    found = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ? AND tbl_name = ?",
        (name, table),
    ).all()
    out: list[BatchGuard] = []
    for (ddl,) in found:
        m = _GUARD.search(ddl)
        if m is None:
            continue
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
        out.append(BatchGuard(table, ddl, m["when"], m["message"]))
    return out


def guards_ddl(guards: Sequence[BatchGuard]) -> list[str]:
    """The DDL that re-creates the guards."""
    return [g.ddl for g in guards]
