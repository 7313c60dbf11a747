"""Finding the table on a sheet: the header row, the column for each field, profiles.

- The **header row** is the one the user chose (``--header-row``), else the first row within
  the first :data:`HEADER_SCAN_ROWS` rows of the used area where enough cells name the kind's
  fields (headers normalised: case, CamelCase, snake_case, punctuation); title rows above it
  are kept for the caller (an as-at date in a title).
- **Columns** are chosen by :mod:`importers.mapping` (names, then content; ties asked), or by a
  saved :class:`Profile` (header texts, and positions for repeated headers), re-applied to
  files whose header row has the profile's layout signature; the user's ``--map`` choices win.
- The rows under the header are sorted out by :mod:`importers.body`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fundledger.messages import Field, Wording, given

from .headers import (
    ColumnMatch,
    FieldSpec,
    Profile,
    TableChoice,
    TableSpec,
    display,
    layout_signature,
    normalise_header,
)
from .mapping import HeaderMapping, map_columns, name_matches
from .problems import ImportProblem, cell_ref, column_letter
from .workbook import Sheet

__all__ = [
    "HEADER_SCAN_ROWS",
    "ColumnMatch",
    "FieldSpec",
    "Profile",
    "Table",
    "TableChoice",
    "TableSpec",
    "display",
    "find_table",
    "layout_signature",
    "locate",
    "normalise_header",
    "profile_for",
]

HEADER_SCAN_ROWS = 50


@dataclass(frozen=True, slots=True)
class Table:
    """A located table: the header row, the mapping of fields to columns, and the last data
    row when the user gave one."""

    sheet: Sheet
    header_row: int
    headers: Mapping[int, str]  # column → header text as printed (non-blank only)
    columns: Mapping[str, ColumnMatch]
    profile: str | None = None
    last_row: int | None = None

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


def find_table(
    sheet: Sheet,
    spec: TableSpec,
    file: str,
    profile: Profile | None = None,
    profiles: Sequence[Profile] = (),
    choice: TableChoice | None = None,
) -> tuple[Table | None, list[ImportProblem]]:
    """Locate the header row and map the columns; None with the problems if that fails."""
    found, problems = locate(sheet, spec, file, profile, profiles, choice)
    if found is None or problems:
        return None, problems
    mapping, used = found
    last = choice.last_row if choice is not None else None
    return Table(sheet, mapping.row, mapping.headers, mapping.columns, used, last), []


def locate(
    sheet: Sheet,
    spec: TableSpec,
    file: str,
    profile: Profile | None = None,
    profiles: Sequence[Profile] = (),
    choice: TableChoice | None = None,
) -> tuple[tuple[HeaderMapping, str | None] | None, list[ImportProblem]]:
    """The header row's columns and the fields mapped (with the profile used), plus every
    problem; the mapping is returned even with problems, so a user can fix them."""
    choice = choice or TableChoice()
    bad = _bad_rows(sheet, file, choice)
    if bad:
        return None, bad
    if profile is None and choice.header_row is None:
        profile = _saved_profile(sheet, spec, profiles)
    if profile is not None:
        return _with_profile(sheet, spec, file, profile, choice)
    row = choice.header_row or _header_row(sheet, spec)
    if row is None:
        return None, [_sheet_problem(file, sheet, _no_header_reason(spec))]
    cands, _count = name_matches(sheet.rows[row - sheet.first_row], sheet.first_col, spec)
    mapping = map_columns(sheet, row, spec, cands, last_row=choice.last_row, chosen=choice.columns)
    return (mapping, None), _mapping_problems(file, sheet, spec, mapping)


def _bad_rows(sheet: Sheet, file: str, choice: TableChoice) -> list[ImportProblem]:
    out = []
    for what, row in ((Field.HEADER_ROW, choice.header_row), (Field.LAST_ROW, choice.last_row)):
        if row is not None and not sheet.first_row <= row <= sheet.last_row:
            span = f"{sheet.first_row}–{sheet.last_row}"
            reason = given(what, row, f"the sheet's rows are {span}")
            out.append(_sheet_problem(file, sheet, reason))
    h, last = choice.header_row, choice.last_row
    if not out and h is not None and last is not None and last <= h:
        out.append(
            _sheet_problem(
                file, sheet, given(Field.LAST_ROW, last, f"is not below the header row {h}")
            )
        )
    return out


def _header_row(sheet: Sheet, spec: TableSpec) -> int | None:
    best: tuple[int, int] | None = None
    for i, cells in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        cands, count = name_matches(cells, sheet.first_col, spec)
        if count < spec.min_matches:
            continue
        row = sheet.first_row + i
        if not _missing(cands, spec):
            return row
        if best is None or count > best[1]:
            best = (row, count)
    return None if best is None else best[0]


def _missing(have: Mapping[str, object], spec: TableSpec) -> list[tuple[str, ...]]:
    return [alts for alts in spec.needs if not any(a in have for a in alts)]


def _mapping_problems(
    file: str, sheet: Sheet, spec: TableSpec, mapping: HeaderMapping, prefix: str = ""
) -> list[ImportProblem]:
    reasons = list(mapping.problems)
    for alts in _missing(mapping.columns, spec):
        if not any(a in mapping.ambiguous or a in mapping.chosen for a in alts):
            reasons.append(_missing_reason(spec, alts))
    return [_sheet_problem(file, sheet, prefix + r, mapping.row) for r in reasons]


def _saved_profile(sheet: Sheet, spec: TableSpec, profiles: Sequence[Profile]) -> Profile | None:
    """A saved profile of this kind whose layout signature is one of the first rows'."""
    mine = [p for p in profiles if p.kind == spec.kind and p.signature]
    if not mine:
        return None
    for cells in sheet.rows[:HEADER_SCAN_ROWS]:
        texts = [" ".join(v.split()) for v in cells if isinstance(v, str) and v.strip()]
        found = next((p for p in mine if p.signature == layout_signature(texts)), None)
        if found is not None:
            return found
    return None


def _no_header_reason(spec: TableSpec) -> str:
    names = ", ".join(repr(f.synonyms[0]) for f in spec.fields[:6])
    return (
        f"no header row found in the first {HEADER_SCAN_ROWS} rows "
        f"(looked for {spec.kind} columns such as {names}); choose the header row"
    )


def _missing_reason(spec: TableSpec, alts: tuple[str, ...]) -> str:
    looked = ", ".join(repr(s) for a in alts for s in spec.field(a).synonyms[:3])
    return f"no column for {' or '.join(alts)} in the header row (looked for {looked})"


def _sheet_problem(
    file: str, sheet: Sheet, reason: str | Wording, row: int | None = None
) -> ImportProblem:
    cell = None if row is None else cell_ref(row, sheet.first_col)
    return ImportProblem.said(file, sheet.name, cell, row, None, "", reason)


def _with_profile(
    sheet: Sheet, spec: TableSpec, file: str, profile: Profile, choice: TableChoice
) -> tuple[tuple[HeaderMapping, str | None] | None, list[ImportProblem]]:
    """Columns by the profile's header texts (positions for repeated headers), in the first
    row that has them all, the other fields by their headers; the user's ``--map`` choices on
    top."""
    wanted = {f: normalise_header(h) for f, h in profile.mapping.items() if h.strip()}
    header_row = choice.header_row or profile.header_row
    inside = header_row is not None and sheet.first_row <= header_row <= sheet.last_row
    rows = ([header_row] if inside else []) if header_row else _scan_rows(sheet)
    for row in rows:
        cells = sheet.rows[row - sheet.first_row]
        norm = [normalise_header(v) if isinstance(v, str) else "" for v in cells]
        if not all(w in norm for w in wanted.values()):
            continue
        refs, reasons = _profile_columns(profile, wanted, norm, sheet.first_col)
        # the fields the profile does not name are found as without one (a profile saved with
        # only the columns its file names oddly still reads the date and amount it recognises),
        # but not the alternatives of one it names: a profile reading the account as the key,
        # or debit and credit, keeps that choice
        named = set(profile.mapping) | set(profile.positions)
        taken = {f for alts in spec.needs if named & set(alts) for f in alts}
        found, _count = name_matches(cells, sheet.first_col, spec)
        cands = {f: ms for f, ms in found.items() if f not in taken}
        mapping = map_columns(
            sheet, row, spec, cands, last_row=choice.last_row, chosen={**refs, **choice.columns}
        )
        mapping.problems[:0] = reasons
        prefix = f"profile {profile.name!r}: "
        return (mapping, profile.name), _mapping_problems(file, sheet, spec, mapping, prefix)
    expected = ", ".join(repr(h) for h in profile.mapping.values())
    reason = (
        f"profile {profile.name!r}: no header row has the columns {expected}: the file no "
        "longer fits the profile"
    )
    return None, [_sheet_problem(file, sheet, reason)]


def _scan_rows(sheet: Sheet) -> list[int]:
    return [sheet.first_row + i for i in range(min(HEADER_SCAN_ROWS, len(sheet.rows)))]


def _profile_columns(
    profile: Profile, wanted: Mapping[str, str], norm: list[str], first_col: int
) -> tuple[dict[str, str], list[str]]:
    refs = {f: column_letter(c) for f, c in profile.positions.items() if f not in wanted}
    reasons: list[str] = []
    for name, w in wanted.items():
        cols = [first_col + j for j, h in enumerate(norm) if h == w]
        if len(cols) == 1:
            refs[name] = column_letter(cols[0])
            continue
        pos = profile.positions.get(name)
        if pos in cols:
            refs[name] = column_letter(pos)
        else:
            letters = " and ".join(column_letter(c) for c in cols)
            reasons.append(
                f"{len(cols)} columns are headed {profile.mapping[name]!r} ({letters}) and the "
                f"profile does not say which is {name}: the file no longer fits the profile"
            )
    return refs, reasons


def profile_for(name: str, kind: str, table: Table) -> Profile:
    """A profile that re-applies ``table``'s mapping to files of the same layout."""
    mapping = {f: m.header for f, m in table.columns.items()}
    positions = {f: m.column for f, m in table.columns.items()}
    return Profile(name, kind, mapping, table.signature, positions)
