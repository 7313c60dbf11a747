"""What the import wizard asks of the ledger and the file, without Qt (run off the GUI thread).

:func:`table_columns` reads the chosen sheet and says, for its header row (found, or chosen
by the user), every column by letter and text — repeated headers included — the field each
column is mapped to (by a saved profile, by names and content, or by the user), and why any
field could not be mapped.  The preview and the commit are :func:`ui.usecases.imports.
import_file` with the same choices.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from db.ledger import Ledger
from db.queries import imports as q
from importers.books import open_book
from importers.headers import TableChoice
from importers.problems import column_letter
from importers.table import locate

from .import_kinds import REGISTRY
from .import_profiles import parse_profiles

__all__ = ["ColumnView", "TableView", "table_columns"]


@dataclass(frozen=True, slots=True)
class ColumnView:
    """A column of the header row: position, letter, header as printed."""

    column: int
    letter: str
    header: str

    @property
    def text(self) -> str:
        return f"{self.letter} — {self.header}" if self.header else f"{self.letter} (no header)"


@dataclass(frozen=True, slots=True)
class TableView:
    """The table as the mapping page shows it."""

    header_row: int | None
    first_row: int
    last_row: int
    columns: tuple[ColumnView, ...]
    mapped: Mapping[str, int]  # field → column
    confidence: Mapping[str, int]
    problems: tuple[str, ...]
    profile: str | None
    signature: tuple[str, ...]


def table_columns(
    ledger: Ledger,
    kind: str,
    path: Path,
    sheet: str | None,
    choice: TableChoice | None = None,
) -> TableView:
    """The header row's columns and the mapping (see the module docstring)."""
    parser_spec = REGISTRY.get(kind).spec
    with ledger.read() as s:
        profiles = tuple(parse_profiles(q.profiles(s, kind)).values())
    book, problems = open_book(path)
    if book is None:
        return _empty(tuple(str(p) for p in problems))
    try:
        name = sheet or book.sheets[0].name
        read, problems = book.read_sheet(name)
    finally:
        book.close()
    if read is None:
        return _empty(tuple(str(p) for p in problems))
    found, problems = locate(read, parser_spec, book.file, None, profiles, choice)
    reasons = tuple(p.reason for p in problems)
    if found is None:
        return TableView(None, read.first_row, read.last_row, (), {}, {}, reasons, None, ())
    mapping, profile = found
    width = max(mapping.headers, default=read.first_col - 1)
    row_cells = read.rows[mapping.row - read.first_row]
    width = max(width, read.first_col + len(row_cells) - 1)
    columns = tuple(
        ColumnView(c, column_letter(c), mapping.headers.get(c, ""))
        for c in range(read.first_col, width + 1)
    )
    signature = tuple(h for c, h in sorted(mapping.headers.items()))
    return TableView(
        mapping.row,
        read.first_row,
        read.last_row,
        columns,
        {f: m.column for f, m in mapping.columns.items()},
        {f: m.confidence for f, m in mapping.columns.items()},
        reasons,
        profile,
        signature,
    )


def _empty(problems: tuple[str, ...]) -> TableView:
    return TableView(None, 1, 1, (), {}, {}, problems, None, ())
