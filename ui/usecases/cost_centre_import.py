"""``fundledger costcentre import FILE``: the council's cost-centre list (code, name, stream
and optionally the budget line its rows are coded to) from a workbook or CSV, all or nothing.

The file goes through the import pipeline's readers: the safety checks and sheet reader for a
workbook (a CSV's rows are read as one sheet), the header finder and column mapping by name and
synonym, blank and totals rows set aside.  Every row is checked first; any problem — a code
that is not a cost-centre code, a stream the ledger does not have, a code twice in the file or
already another stream's — is reported with its file, sheet, cell and value, and nothing is
written.  A code the ledger already has for the same stream is left as it is.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db.ledger import Ledger
from db.ops import coding as coding_ops
from db.ops import streams as stream_ops
from db.schema import CostCentre, Stream
from db.writes import LedgerError
from fundledger.streams import cost_centre_code, cost_centre_problem
from importers.body import read_rows
from importers.problems import ImportProblem, cell_ref
from importers.table import FieldSpec, Table, TableSpec, display, find_table
from importers.workbook import Sheet, open_workbook

from .imports import format_problem

__all__ = ["CostCentreImport", "import_cost_centres"]

SPEC = TableSpec(
    "cost-centres",
    (
        FieldSpec("code", ("cost centre", "cost centre code", "code", "cost center", "cc")),
        FieldSpec("name", ("name", "cost centre name", "description", "title")),
        FieldSpec("stream", ("stream", "fund", "funding stream", "grant")),
        FieldSpec("line", ("budget line", "line", "default line")),
    ),
    (("code",), ("stream",)),
)


@dataclass(frozen=True, slots=True)
class CostCentreImport:
    added: int
    rules: int
    unchanged: int


@dataclass(frozen=True, slots=True)
class _Row:
    row: int
    code: str
    name: str | None
    stream: str
    line: str | None


def _csv_sheet(path: Path) -> Sheet:
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = [[c.strip() for c in r] for r in csv.reader(f)]
    return Sheet(path.stem, True, rows)


def _sheet(path: Path, sheet: str | None) -> Sheet:
    if path.suffix.lower() == ".csv":
        return _csv_sheet(path)
    book, problems = open_workbook(path)
    if book is None:
        raise LedgerError("; ".join(format_problem(p) for p in problems))
    with book:
        name = sheet or next((s.name for s in book.sheets if s.visible), book.sheets[0].name)
        found, problems = book.read_sheet(name)
    if found is None:
        raise LedgerError("; ".join(format_problem(p) for p in problems))
    return found


def _rows(table: Table, file: str) -> tuple[list[_Row], list[ImportProblem]]:
    got = read_rows(table, file)
    problems = list(got.problems)
    out = []

    def cell(cells: list[Any], name: str) -> str | None:
        i = table.index(name)
        text = display(cells[i]).strip() if i is not None and i < len(cells) else ""
        return text or None

    for r, cells in got.data:
        code, stream = cell(cells, "code"), cell(cells, "stream")
        out.append(_Row(r, cost_centre_code(code or ""), cell(cells, "name"), stream or "",
                        cell(cells, "line")))  # fmt: skip
    return out, problems


def import_cost_centres(
    ledger: Ledger, path: Path, *, sheet: str | None = None, dry_run: bool = False
) -> CostCentreImport:
    """Check every row, then add the new cost centres (and their line rules) in one write."""
    found = _sheet(path, sheet)
    table, problems = find_table(found, SPEC, path.name)
    if table is None:
        raise LedgerError("; ".join(format_problem(p) for p in problems))
    rows, problems = _rows(table, path.name)
    with ledger.write() as s:
        streams = {c.upper(): c for c in s.execute(select(Stream.code)).scalars()}
        held = {
            code.upper(): stream
            for code, stream in s.execute(
                select(CostCentre.code, Stream.code).join(Stream, Stream.id == CostCentre.stream_id)
            )
        }
        todo = _check(table, path.name, rows, streams, held, problems)
        if problems:
            raise LedgerError("\n".join(format_problem(p) for p in problems))
        added = rules = 0
        for r in todo:
            data = stream_ops.CostCentreIn(r.code, r.stream, r.name)
            stream_ops.add_cost_centre(s, ledger.actor, data)
            added += 1
            if r.line:
                coding_ops.add_budget_rule(s, ledger.actor, r.code, r.line)
                rules += 1
        if dry_run:
            s.rollback()
        return CostCentreImport(added, rules, len(rows) - len(todo))


def _check(
    table: Table,
    file: str,
    rows: list[_Row],
    streams: dict[str, str],
    held: dict[str, str],
    problems: list[ImportProblem],
) -> list[_Row]:
    sheet = table.sheet.name
    seen: dict[str, int] = {}
    todo = []

    def bad(r: _Row, fld: str, value: str, reason: str) -> None:
        m = table.columns[fld]
        problems.append(
            ImportProblem(file, sheet, cell_ref(r.row, m.column), r.row, m.header, value, reason)
        )

    for r in rows:
        if (why := cost_centre_problem(r.code)) is not None:
            bad(r, "code", r.code, why)
            continue
        stream = streams.get(r.stream.upper())
        if stream is None:
            bad(r, "stream", r.stream, f"the ledger has no stream {r.stream!r}")
            continue
        if r.code in seen:
            bad(r, "code", r.code, f"cost centre {r.code} is also on row {seen[r.code]}")
            continue
        seen[r.code] = r.row
        owner = held.get(r.code)
        if owner is not None and owner != stream:
            bad(r, "code", r.code, f"cost centre {r.code} is already {owner}'s")
        elif owner is None:
            todo.append(_Row(r.row, r.code, r.name, stream, r.line))
    return todo
