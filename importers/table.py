"""Finding the table on a sheet: header row, column mapping, profiles, data and totals rows.

- The **header row** is the first row (within the first :data:`HEADER_SCAN_ROWS` rows of the
  used area) where enough cells match the kind's column names and synonyms; title rows above
  it are kept for the caller (e.g. an as-at date in a title).
- Each field is **mapped** to the best-matching column with a confidence 0–100 (exact name
  100; the name once years and ``£`` are removed 95; the name as a phrase inside a longer
  heading 85 down to 60).  A saved :class:`Profile` (field → header text, plus the layout
  signature of the header row) maps columns explicitly and is re-applied to files whose header
  row has the same signature.
- **Rows**: blank rows (including rows of formatting only, which read as blank) are skipped;
  a row labelled ``Total``, ``Totals`` or ``Grand Total`` is a **totals row**: never data,
  checked by :class:`importers.totals.TotalsChecker` against the rows above it; merged cells inside the table
  (header to last row) are refused, except a totals row's label merged across its own row;
  an Excel error or an uncached formula in a used column is a problem on that cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from .problems import ImportProblem, cell_ref, column_letter
from .workbook import Sheet

__all__ = [
    "HEADER_SCAN_ROWS",
    "ColumnMatch",
    "FieldSpec",
    "Profile",
    "Table",
    "TableRows",
    "TableSpec",
    "display",
    "find_table",
    "layout_signature",
    "normalise_header",
    "profile_for",
    "read_rows",
]

HEADER_SCAN_ROWS = 50
MIN_CONFIDENCE = 60
TOTAL_LABELS = frozenset({"total", "totals", "grand total"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"\b\d+\b")


def normalise_header(text: str) -> str:
    """``"Amount (£)"`` → ``"amount"``; ``"2025-26 Allocations"`` → ``"2025 26 allocations"``."""
    return " ".join(_NON_WORD.sub(" ", text.casefold().replace("&", " and ")).split())


def display(value: Any) -> str:
    """A cell value as it would be printed in a message."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A field a kind reads, with the header names that mean it (normalised on use)."""

    name: str
    synonyms: tuple[str, ...]
    money: bool = False  # summed and checked against totals rows


@dataclass(frozen=True, slots=True)
class TableSpec:
    """What a kind's table looks like.

    ``needs``: each entry lists alternative fields, at least one of which must be mapped.
    ``markers``: header texts that are not fields but show this is the header row (the YJ
    headings).  ``min_matches``: how many cells must match for a row to be the header.
    """

    kind: str
    fields: tuple[FieldSpec, ...]
    needs: tuple[tuple[str, ...], ...]
    markers: tuple[str, ...] = ()
    min_matches: int = 2

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True, slots=True)
class ColumnMatch:
    """A field mapped to a column (1-based), with the header as printed and a confidence."""

    field: str
    column: int
    header: str
    confidence: int

    @property
    def letter(self) -> str:
        return column_letter(self.column)


@dataclass(frozen=True, slots=True)
class Profile:
    """A saved mapping for a source: field → header text as printed, and the layout signature
    (normalised header row) it was saved from, so it is re-applied to files of that shape."""

    name: str
    kind: str
    mapping: Mapping[str, str]
    signature: tuple[str, ...] = ()


def layout_signature(headers: Iterable[str]) -> tuple[str, ...]:
    """The normalised, non-blank header texts in column order."""
    return tuple(h for h in (normalise_header(x) for x in headers) if h)


@dataclass(frozen=True, slots=True)
class Table:
    """A located table: the header row and the mapping of fields to columns."""

    sheet: Sheet
    header_row: int
    headers: Mapping[int, str]  # column → header text as printed (non-blank only)
    columns: Mapping[str, ColumnMatch]
    profile: str | None = None

    @property
    def signature(self) -> tuple[str, ...]:
        return layout_signature(self.headers[c] for c in sorted(self.headers))

    def index(self, name: str) -> int | None:
        """0-based index of field ``name`` within a row list, or None if unmapped."""
        m = self.columns.get(name)
        return None if m is None else m.column - self.sheet.first_col

    def header_of(self, col: int) -> str:
        return self.headers.get(col, "")

    def title_lines(self) -> list[str]:
        """Text of the rows above the header (titles, notes)."""
        out = []
        for r in range(self.sheet.first_row, self.header_row):
            texts = [display(v) for v in self.sheet.rows[r - self.sheet.first_row] if v != ""]
            if texts:
                out.append(" ".join(texts))
        return out


def _score(header: str, synonym: str) -> int:
    if header == synonym:
        return 100
    stripped = " ".join(_DIGITS.sub(" ", header).split())
    if stripped == synonym:
        return 95
    hw, sw = stripped.split(), synonym.split()
    n = len(sw)
    for i in range(len(hw) - n + 1):
        if hw[i : i + n] == sw:
            return max(MIN_CONFIDENCE, 85 - 10 * (len(hw) - n - 1))
    return 0


def _match_row(
    cells: Sequence[Any], first_col: int, spec: TableSpec
) -> tuple[dict[str, ColumnMatch], int]:
    """Best mapping of ``spec``'s fields onto one candidate header row, and its match count."""
    candidates: list[tuple[int, int, int, str, str]] = []
    markers = 0
    marker_set = {normalise_header(m) for m in spec.markers}
    for j, raw in enumerate(cells):
        if not isinstance(raw, str) or not raw.strip():
            continue
        h = normalise_header(raw)
        if h in marker_set:
            markers += 1
        for order, f in enumerate(spec.fields):
            best = max((_score(h, normalise_header(s)) for s in f.synonyms), default=0)
            if best >= MIN_CONFIDENCE:
                candidates.append((-best, j, order, f.name, raw))
    candidates.sort()
    used_cols: set[int] = set()
    mapping: dict[str, ColumnMatch] = {}
    for neg, j, _order, name, raw in candidates:
        if name in mapping or j in used_cols:
            continue
        used_cols.add(j)
        mapping[name] = ColumnMatch(name, first_col + j, " ".join(raw.split()), -neg)
    return mapping, len(mapping) + markers


def _satisfied(mapping: Mapping[str, ColumnMatch], spec: TableSpec) -> list[tuple[str, ...]]:
    return [alts for alts in spec.needs if not any(a in mapping for a in alts)]


def _headers(cells: Sequence[Any], first_col: int) -> dict[int, str]:
    return {
        first_col + j: " ".join(v.split())
        for j, v in enumerate(cells)
        if isinstance(v, str) and v.strip()
    }


def find_table(
    sheet: Sheet,
    spec: TableSpec,
    file: str,
    profile: Profile | None = None,
    profiles: Sequence[Profile] = (),
) -> tuple[Table | None, list[ImportProblem]]:
    """Locate the header row and map the columns (explicit ``profile``, else a saved profile
    whose signature matches the header row, else names and synonyms)."""
    if profile is None:
        profile = _saved_profile(sheet, spec, profiles)
    if profile is not None:
        return _with_profile(sheet, spec, file, profile)
    best: tuple[int, int, dict[str, ColumnMatch]] | None = None
    for i, cells in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        mapping, count = _match_row(cells, sheet.first_col, spec)
        if count < spec.min_matches:
            continue
        row = sheet.first_row + i
        if not _satisfied(mapping, spec):
            return Table(sheet, row, _headers(cells, sheet.first_col), mapping), []
        if best is None or count > best[1]:
            best = (row, count, mapping)
    if best is None:
        return None, [_sheet_problem(file, sheet, _no_header_reason(spec))]
    missing = _satisfied(best[2], spec)
    reasons = [_missing_reason(spec, alts) for alts in missing]
    return None, [_sheet_problem(file, sheet, r, row=best[0]) for r in reasons]


def _saved_profile(sheet: Sheet, spec: TableSpec, profiles: Sequence[Profile]) -> Profile | None:
    """A saved profile of this kind whose layout signature is one of the first rows'."""
    mine = [p for p in profiles if p.kind == spec.kind and p.signature]
    if not mine:
        return None
    for cells in sheet.rows[:HEADER_SCAN_ROWS]:
        headers = _headers(cells, sheet.first_col)
        sig = layout_signature(headers[c] for c in sorted(headers))
        found = next((p for p in mine if p.signature == sig), None)
        if found is not None:
            return found
    return None


def _no_header_reason(spec: TableSpec) -> str:
    names = ", ".join(repr(f.synonyms[0]) for f in spec.fields[:6])
    return (
        f"no header row found in the first {HEADER_SCAN_ROWS} rows "
        f"(looked for {spec.kind} columns such as {names})"
    )


def _missing_reason(spec: TableSpec, alts: tuple[str, ...]) -> str:
    looked = ", ".join(repr(s) for a in alts for s in spec.field(a).synonyms[:3])
    return f"no column for {' or '.join(alts)} in the header row (looked for {looked})"


def _sheet_problem(file: str, sheet: Sheet, reason: str, row: int | None = None) -> ImportProblem:
    cell = None if row is None else cell_ref(row, sheet.first_col)
    return ImportProblem(file, sheet.name, cell, row, None, "", reason)


def _with_profile(
    sheet: Sheet, spec: TableSpec, file: str, profile: Profile
) -> tuple[Table | None, list[ImportProblem]]:
    wanted = {f: normalise_header(h) for f, h in profile.mapping.items()}
    for i, cells in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        headers = _headers(cells, sheet.first_col)
        by_norm = {normalise_header(h): c for c, h in headers.items()}
        if all(w in by_norm for w in wanted.values()):
            cols = {
                f: ColumnMatch(f, by_norm[w], headers[by_norm[w]], 100) for f, w in wanted.items()
            }
            table = Table(sheet, sheet.first_row + i, headers, cols, profile.name)
            missing = _satisfied(cols, spec)
            reasons = [_missing_reason(spec, alts) for alts in missing]
            return (None if reasons else table), [
                _sheet_problem(file, sheet, f"profile {profile.name!r}: {r}", table.header_row)
                for r in reasons
            ]
    expected = ", ".join(repr(h) for h in profile.mapping.values())
    reason = f"profile {profile.name!r}: no header row has the columns {expected}"
    return None, [_sheet_problem(file, sheet, reason)]


def profile_for(name: str, kind: str, table: Table) -> Profile:
    """A profile that re-applies ``table``'s mapping to files of the same layout."""
    mapping = {f: m.header for f, m in table.columns.items()}
    return Profile(name, kind, mapping, table.signature)


@dataclass(frozen=True, slots=True)
class TableRows:
    """The rows under the header, sorted out.  ``data`` and ``totals`` hold
    ``(sheet row, cells)``; cells are indexed like :meth:`Table.index`.  ``bad_rows`` (an
    error or uncached formula in a used column, or merged cells) are reported in
    ``problems`` and left out of ``data``."""

    data: list[tuple[int, list[Any]]]
    totals: list[tuple[int, list[Any], str, int]]  # row, cells, label, label column
    blank_rows: int
    bad_rows: frozenset[int]
    problems: list[ImportProblem] = field(default_factory=list)
    read: int = 0  # data rows read, bad ones included


_PLAIN = frozenset({float, int, date, datetime})


def _is_blank(cells: Sequence[Any]) -> bool:
    for v in cells:
        if v != "" and v is not None and not (isinstance(v, str) and not v.strip()):
            return False
    return True


def _total_label(cells: Sequence[Any]) -> tuple[str, int] | None:
    for j, v in enumerate(cells):
        if v == "" or v is None:
            continue
        if isinstance(v, str):
            label = " ".join(v.split())
            if label.casefold().rstrip(":").strip() in TOTAL_LABELS:
                return label, j
        return None
    return None


def read_rows(table: Table, file: str, used_columns: Iterable[int] = ()) -> TableRows:
    """Sort the rows under the header into data, totals and blanks; refuse merged cells and
    untrustworthy cells in the columns used (mapped columns plus ``used_columns``)."""
    sheet = table.sheet
    start = table.header_row - sheet.first_row + 1
    body = sheet.rows[start:]
    data, totals, blank = _plain_rows(body, table.header_row + 1) or _sort_rows(
        body, table.header_row + 1, sheet.first_col
    )
    cols = {m.column for m in table.columns.values()} | set(used_columns)
    bad_rows: set[int] = set()
    problems = _merged_problems(table, file, {t[0] for t in totals}, bad_rows)
    for (r, c), issue in sorted(sheet.bad_cells.items()):
        if r > table.header_row and c in cols:
            bad_rows.add(r)
            header = table.header_of(c)
            problems.append(
                ImportProblem(
                    file, sheet.name, cell_ref(r, c), r, header, issue.value, issue.reason
                )
            )
    read = len(data)
    if bad_rows:
        data = [(r, cells) for r, cells in data if r not in bad_rows]
    return TableRows(data, totals, blank, frozenset(bad_rows), problems, read)


def _plain_rows(
    body: list[list[Any]], first: int
) -> tuple[list[tuple[int, list[Any]]], list[tuple[int, list[Any], str, int]], int] | None:
    """All rows at once when every row starts with a date, a number or text that is not a
    totals label (so none is blank or a totals row): the common shape of a ledger export."""
    if not body or not all(body):
        return None
    firsts = list(map(itemgetter(0), body))
    kinds = set(map(type, firsts))
    if not _PLAIN.issuperset(kinds - {str}):
        return None
    if str in kinds:
        labels = {f.strip().casefold().rstrip(":").strip() for f in firsts if type(f) is str}
        if "" in labels or labels & TOTAL_LABELS:
            return None
    return list(zip(range(first, first + len(body)), body, strict=True)), [], 0


def _sort_rows(
    body: list[list[Any]], first: int, first_col: int
) -> tuple[list[tuple[int, list[Any]]], list[tuple[int, list[Any], str, int]], int]:
    data: list[tuple[int, list[Any]]] = []
    totals: list[tuple[int, list[Any], str, int]] = []
    blank = 0
    for i, cells in enumerate(body, start=first):
        if cells and type(cells[0]) in _PLAIN:  # the common case: a figure or date first
            data.append((i, cells))
        elif _is_blank(cells):
            blank += 1
        else:
            label = _total_label(cells)
            if label is not None:
                totals.append((i, cells, label[0], label[1] + first_col))
            else:
                data.append((i, cells))
    return data, totals, blank


def _merged_problems(
    table: Table, file: str, total_rows: set[int], bad_rows: set[int]
) -> list[ImportProblem]:
    sheet = table.sheet
    out = []
    for rng in sheet.merged:
        if not rng.overlaps_rows(table.header_row, max(sheet.last_row, table.header_row)):
            continue
        if rng.first_row == rng.last_row and rng.first_row in total_rows:
            continue  # a totals row's label spread across its own row
        bad_rows.update(range(rng.first_row, rng.last_row + 1))
        cell = cell_ref(rng.first_row, rng.first_col)
        value = display(sheet.value(rng.first_row, rng.first_col))
        reason = f"merged cells {rng.ref} inside the table: unmerge them before importing"
        out.append(
            ImportProblem(
                file, sheet.name, cell, rng.first_row, table.header_of(rng.first_col), value, reason
            )
        )
    return out
