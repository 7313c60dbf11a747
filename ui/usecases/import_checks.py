"""The checks an import plan gets before anything is written (:mod:`ui.usecases.imports`):
a file imported before (refused, or only its new rows taken) and rows charged to closed
periods (one problem per closed period, naming the rows)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from db.ops.locks import describe, find_lock
from db.queries import imports as q
from fundledger.money import format_gbp
from importers.problems import ImportProblem
from importers.rows import ImportInfo

from .import_kinds.plan import Plan

__all__ = ["again_warning", "already_imported", "file_problem", "lock_problems", "new_rows_only"]


def new_rows_only(kind: str, held: q.BatchRow, plan: Plan) -> bool:
    """A spend file imported before may be imported again for the rows the ledger did not
    take then (a cost centre added since: Leeds's June file, then its Youth Service rows):
    only when every row of the earlier batch is recognised as a duplicate and some are new."""
    return kind == "transactions" and plan.imported > 0 and plan.duplicates >= held.rows


def again_warning(b: q.BatchRow, verb: str, new: int) -> str:
    return (
        f"this file was imported before as batch {b.id} ({b.file_name}, {b.rows:,} "
        f"row{'s' if b.rows != 1 else ''}, by {b.created_by} on {b.created_at:%d/%m/%Y %H:%M}): only the {new:,} row"
        f"{'s' if new != 1 else ''} the ledger does not hold yet {verb} imported; the batch's "
        "rows are duplicates, left out"
    )


def already_imported(b: q.BatchRow) -> str:
    return (
        f"this file was already imported as batch {b.id} ({b.kind}, {b.file_name}, "
        f"{b.rows} rows, {format_gbp(b.control_total)}, by {b.created_by} on "
        f"{b.created_at:%d/%m/%Y %H:%M}); undo that batch first to import it again"
    )


def file_problem(info: ImportInfo, reason: str) -> ImportProblem:
    return ImportProblem(info.file, info.sheet, None, None, None, "", reason)


def lock_problems(s: Session, info: ImportInfo, plan: Plan) -> list[ImportProblem]:
    """One problem per closed period's lock the rows fall under, naming the rows (when the
    kind kept them) — in period order."""
    locked = q.locked_years(s, {t[1] for t in plan.touches})
    touches = [t for t in plan.touches if t[1] in locked]
    found: dict[int, tuple[Any, list[int], tuple[int, int]]] = {}
    for sid, year, period in sorted(touches, key=lambda t: (t[1], t[2] or 0, t[0])):
        lock = find_lock(s, sid, year, period)
        if lock is None:
            continue
        _lock, rows, _at = found.setdefault(lock.id, (lock, [], (year, period or 0)))
        rows += plan.touch_rows.get((sid, year, period), [])
    out = []
    for lock, rows, _at in sorted(found.values(), key=lambda f: f[2]):
        what = (
            "rows are"
            if not rows
            else f"{_rows_text(sorted(rows))} {'is' if len(rows) == 1 else 'are'}"
        )
        out.append(file_problem(info, f"{what} charged to a closed period: {describe(s, lock)}"))
    return out


def _rows_text(rows: list[int], most: int = 8) -> str:
    """``row 7``, ``rows 2, 3 and 5``, ``rows 2, 3, … (40 rows)``."""
    if len(rows) == 1:
        return f"row {rows[0]}"
    shown = ", ".join(str(r) for r in rows[:most])
    if len(rows) <= most:
        head, _, last = shown.rpartition(", ")
        return f"rows {head} and {last}"
    return f"rows {shown}, … ({len(rows)} rows)"
