"""Range entries: one audit entry covering the rows one bulk write inserted into a
:data:`db.audit_sql.BULK_RANGE` table (an auto-match run's ``recon_matches``), instead of one
entry per row (migration 0016).

The entry has ``row_id`` and ``batch_id`` NULL and ``new`` = ``{"ids": [first, last],
"rows": n, "digest": sha256}``: every row with an id in the range is covered, the range holds
exactly ``rows`` rows, and :func:`digest` of their columns that never change (the pairing, the
score and the method; a status change is audited per row) is ``digest``.  ``check`` verifies
all three (:func:`problems`); an older entry with only ``ids`` is taken as it is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from . import audit

__all__ = ["COLUMNS", "RangeEntry", "digest", "entries", "problems", "record"]

#: per table, the columns a range entry's digest covers (id first)
COLUMNS: dict[str, tuple[str, ...]] = {
    "recon_matches": ("id", "group_id", "transaction_id", "statement_line_id", "score", "method"),
}


@dataclass(frozen=True, slots=True)
class RangeEntry:
    entry_id: int
    first: int
    last: int
    rows: int | None
    digest: str | None


def digest(rows: Iterable[Sequence[object]]) -> str:
    """sha256 of the rows (in id order), one ``|``-joined line each (NULL as ``-``)."""
    h = hashlib.sha256()
    for row in rows:
        h.update(("|".join("-" if v is None else str(v) for v in row) + "\n").encode())
    return h.hexdigest()


def _select(table: str) -> str:
    return (f"SELECT {', '.join(COLUMNS[table])} FROM {table} "
            "WHERE id BETWEEN :lo AND :hi ORDER BY id")  # fmt: skip


def record(
    session: Session,
    user: str,
    action: str,
    table: str,
    rows: Sequence[Sequence[object]],
    *,
    reason: str | None = None,
) -> RangeEntry:
    """The covering entry for ``rows`` (in :data:`COLUMNS` order, id first, ascending) just
    inserted into ``table`` inside ``audit.acting(…, bulk_table=table)``."""
    first, last = int(str(rows[0][0])), int(str(rows[-1][0]))
    dig = digest(rows)
    body = {"ids": [first, last], "rows": len(rows), "digest": dig}
    audit.note(session, user, action, table, None, body, reason=reason)
    return RangeEntry(0, first, last, len(rows), dig)


def read_rows(session: Session, table: str, first: int, last: int) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in session.execute(text(_select(table)), {"lo": first, "hi": last})]


def entries(session: Session, table: str) -> list[RangeEntry]:
    """The range entries for ``table`` (bulk entries that are not an import's)."""
    out = []
    q = text(
        "SELECT id, new FROM audit_log WHERE table_name = :t AND row_id IS NULL "
        "AND batch_id IS NULL ORDER BY id"
    )
    for entry_id, new in session.execute(q, {"t": table}):
        body = json.loads(new or "{}") if (new or "").startswith("{") else {}
        ids = body.get("ids")
        if not (isinstance(ids, list) and len(ids) == 2 and all(isinstance(i, int) for i in ids)):
            continue
        rows, dig = body.get("rows"), body.get("digest")
        out.append(RangeEntry(entry_id, ids[0], ids[1], rows if isinstance(rows, int) else None,
                              dig if isinstance(dig, str) else None))  # fmt: skip
    return out


def problems(session: Session, table: str) -> list[tuple[int, str]]:
    """(entry id, what is wrong) for each range entry whose rows no longer fit it."""
    if table not in COLUMNS:
        return []
    found = []
    for e in entries(session, table):
        if e.rows is None and e.digest is None:
            continue
        rows = read_rows(session, table, e.first, e.last)
        if e.rows is not None and len(rows) != e.rows:
            found.append((e.entry_id, f"ids {e.first}-{e.last} hold {len(rows)} rows, "
                                      f"the entry says {e.rows}"))  # fmt: skip
        elif e.digest is not None and digest(rows) != e.digest:
            found.append((e.entry_id, f"ids {e.first}-{e.last} no longer match the entry's "
                                      "digest (changed behind the trail?)"))  # fmt: skip
    return found
