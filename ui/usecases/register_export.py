"""Exporting the current view of a register (what the user sees: scope, search, filters, sort)
to an Excel workbook in the house layout (exports.workbook)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from db.ledger import Ledger
from db.queries.registers import Register, RegisterQuery, row_ids, rows_by_id
from db.seal import current_seal
from exports.cells import CellValue, Column, Kind
from exports.data import Produced
from exports.workbook import FinanceWorkbook
from fundledger import __version__
from fundledger.years import year_label

CHUNK = 2000

_KINDS: dict[str, Kind] = {"money": "money", "date": "date", "int": "int"}


def _cell(kind: str, value: Any) -> CellValue:
    if value is None:
        return "Not known" if kind == "bool" else None
    if kind in _KINDS:
        return value  # type: ignore[no-any-return]
    if kind == "year":
        return year_label(value)
    if kind == "period":
        return f"P{value:02d}"
    if kind == "bool":
        return "Yes" if value else "No"
    if kind == "datetime":  # stored UTC: written on the user's clock, as the register shows
        return f"{value.astimezone() if value.tzinfo else value:%d/%m/%Y %H:%M:%S}"
    return str(value)


def _rows(
    ledger: Ledger,
    register: Register,
    ids: Sequence[int],
    progress: Callable[[int, int], None] | None,
) -> Iterator[list[CellValue]]:
    kinds = [c.kind for c in register.columns]
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        with ledger.read() as session:
            found = rows_by_id(session, register, chunk)
        for i in chunk:
            row = found.get(i)
            if row is not None:
                yield [_cell(k, v) for k, v in zip(kinds, row.values, strict=True)]
        if progress is not None:
            progress(min(start + CHUNK, len(ids)), len(ids))


def describe(query: RegisterQuery) -> str:
    """The view in words, for the workbook's subtitle."""
    parts = [f"stream {query.stream}" if query.stream else "all streams"]
    parts.append(year_label(query.year) if query.year else "all years")
    if query.search:
        parts.append(f'search "{query.search}"')
    parts += [f"{k} {v}" for k, v in query.filters]
    return "; ".join(parts)


def export_view(
    ledger: Ledger,
    register: Register,
    query: RegisterQuery,
    path: Path,
    *,
    title: str,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the rows of the view to ``path`` (xlsx); returns the number of rows written."""
    with ledger.read() as session:
        ids, _problems = row_ids(session, register, query)
        seal = str(current_seal(session))
    now = datetime.now(UTC)
    produced = Produced(
        ledger.display_name, now.date(), ledger.actor.username, now, __version__, seal
    )
    columns = [
        Column(c.header, _KINDS.get(c.kind, "text"), total=c.total) for c in register.columns
    ]
    with FinanceWorkbook(path, produced, title=title) as book:
        sheet = book.add_sheet(title[:31], title=title, subtitle=describe(query))
        sheet.table(columns, _rows(ledger, register, ids, progress))
    return len(ids)
