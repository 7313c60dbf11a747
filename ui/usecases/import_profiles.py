"""Saved column-mapping profiles: load, save; and the raw first cells of a file's sheets."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from db.ledger import Ledger
from db.queries import imports as q
from importers.books import open_book
from importers.problems import ImportProblem, parse_cell_ref
from importers.table import Profile, display

__all__ = [
    "SheetPreview",
    "delete_profile",
    "load_profiles",
    "parse_profiles",
    "preview_sheets",
    "profile_columns",
    "save_profile",
]

_LETTERS = re.compile(r"[A-Z]{1,3}")


def parse_profiles(rows: list[tuple[str, str, str]]) -> dict[str, Profile]:
    """Profiles by name from their stored rows (name, kind, JSON mapping)."""
    out: dict[str, Profile] = {}
    for name, kind, mapping in rows:
        data = json.loads(mapping)
        positions = {f: int(c) for f, c in data.get("positions", {}).items()}
        out[name] = Profile(
            name,
            kind,
            dict(data.get("columns", {})),
            tuple(data.get("signature", ())),
            positions,
            data.get("header_row"),
        )
    return out


def load_profiles(ledger: Ledger, kind: str | None = None) -> list[Profile]:
    """Saved column-mapping profiles (of one kind)."""
    with ledger.read_core() as s:  # Core: listing profiles needs no ORM (issue 23)
        return list(parse_profiles(q.profiles(s, kind)).values())


def save_profile(
    ledger: Ledger,
    name: str,
    kind: str,
    mapping: Mapping[str, str],
    signature: tuple[str, ...] = (),
    sheet: str | None = None,
    positions: Mapping[str, int] | None = None,
    header_row: int | None = None,
) -> int:
    """Save a column mapping (field → header as printed, and field → column position for
    repeated headers) as a named profile."""
    data = {
        "sheet": sheet,
        "columns": dict(mapping),
        "signature": list(signature),
        "positions": dict(positions or {}),
        "header_row": header_row,
    }
    from db.ops import imports as ops  # the write operations: not imported to list profiles

    with ledger.write() as s:
        return ops.save_profile(s, ledger.actor, name, kind, json.dumps(data, sort_keys=True))


@dataclass(frozen=True, slots=True)
class SheetPreview:
    """One sheet of a workbook as the wizard shows it: its name, visibility and the first
    rows of raw cells as printed (``""`` for blanks)."""

    name: str
    visible: bool
    first_row: int
    first_col: int
    cells: tuple[tuple[str, ...], ...]


def preview_sheets(
    path: str | Path, rows: int = 40, cols: int = 14
) -> tuple[list[SheetPreview], list[ImportProblem]]:
    """The sheets of a file with their first raw cells (safety-checked first)."""
    workbook, problems = open_book(Path(path))
    if workbook is None:
        return [], problems
    out: list[SheetPreview] = []
    try:
        for info in workbook.sheets:
            sheet, sheet_problems = workbook.read_sheet(info.name)
            if sheet is None:
                problems += sheet_problems
                out.append(SheetPreview(info.name, info.visible, 1, 1, ()))
                continue
            cells = tuple(
                tuple(display(v) for v in r[:cols]) + ("",) * max(0, cols - len(r[:cols]))
                for r in sheet.rows[:rows]
            )
            out.append(
                SheetPreview(info.name, info.visible, sheet.first_row, sheet.first_col, cells)
            )
    finally:
        workbook.close()
    return out, problems


def delete_profile(ledger: Ledger, name: str) -> None:
    """Delete a saved profile (audited); refused when none has that name."""
    from db.ops import imports as ops

    with ledger.write() as s:
        ops.delete_profile(s, ledger.actor, name)


def profile_columns(columns: Mapping[str, str]) -> tuple[dict[str, str], dict[str, int]]:
    """``--map`` pairs as a profile keeps them: a column letter (upper case: ``H``, ``AB``)
    becomes a position, anything else is a header text."""
    mapping: dict[str, str] = {}
    positions: dict[str, int] = {}
    for name, ref in columns.items():
        text = ref.strip()
        if _LETTERS.fullmatch(text):
            positions[name] = parse_cell_ref(text + "1")[1]
            mapping[name] = ""
        else:
            mapping[name] = text
    return mapping, positions
