"""Hostile-file checks run before any workbook reader sees an .xlsx file (SPEC §6, §8).

:func:`check_workbook_file` looks at the bytes only — never parses a sheet into a tree — and
refuses, with a message a user can act on:

- a missing file, a directory, or a file over the size limit;
- an OLE compound file (``D0 CF 11 E0``): a password-protected .xlsx or a legacy .xls;
- anything that is not a zip, and a zip whose directory cannot be read (truncated);
- everything :func:`importers.zipcheck.check_zip` refuses (zip bombs of one part or many,
  encrypted parts, entity declarations);
- a zip that is not a workbook (no workbook part, found through the package relationships);
- more sheets than the limit; a sheet whose cells span absurd dimensions, judged by the cells
  actually present however their references are written (:mod:`importers.sheetscan`); more
  cells with values, or cell elements, than the limits.

The limits are :class:`importers.limits.Limits`: :data:`DEFAULT_LIMITS` for imports and
:data:`TEMPLATE_LIMITS` for funder templates, which openpyxl loads whole.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .limits import (
    DEFAULT_LIMITS,
    ENTITY_REASON,
    MAX_EXCEL_COLS,
    MAX_EXCEL_ROWS,
    NOT_ZIP_REASON,
    OLE_REASON,
    TEMPLATE_LIMITS,
    TRUNCATED_REASON,
    Limits,
    size_text,
)
from .opc import DEFAULT_WORKBOOK, workbook_part
from .problems import ImportProblem
from .sheetscan import SheetScan
from .zipcheck import PartScanner, check_zip

__all__ = [
    "DEFAULT_LIMITS",
    "ENTITY_REASON",
    "MAX_EXCEL_COLS",
    "MAX_EXCEL_ROWS",
    "NOT_ZIP_REASON",
    "OLE_MAGIC",
    "OLE_REASON",
    "TEMPLATE_LIMITS",
    "TRUNCATED_REASON",
    "Limits",
    "PartFlags",
    "check_workbook_file",
    "inspect_workbook_file",
]

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")

#: What the scan saw in each worksheet part: "formula", "error" (a t="e" cell), "merge".
PartFlags = dict[str, frozenset[str]]


def check_workbook_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[ImportProblem]:
    """Problems that make ``path`` unsafe or impossible to open as .xlsx (empty list = safe)."""
    return inspect_workbook_file(path, limits)[0]


def inspect_workbook_file(
    path: Path, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[ImportProblem], PartFlags]:
    """As :func:`check_workbook_file`, also saying which worksheet parts hold formulas, error
    cells or merged ranges, so a reader can skip looking for them where there are none."""
    name = path.name

    def problem(reason: str, value: str = "") -> tuple[list[ImportProblem], PartFlags]:
        return [ImportProblem(name, None, None, None, None, value, reason)], {}

    refusal = _file_refusal(path, limits)
    if refusal:
        return problem(refusal)
    try:
        with zipfile.ZipFile(path) as zf:
            workbook = workbook_part(zf)
            present = workbook in zf.NameToInfo
    except (zipfile.BadZipFile, OSError):
        return problem(TRUNCATED_REASON)
    scan = _WorkbookScan(limits, workbook)
    found = check_zip(path, limits, OLE_REASON, scan.scanner_for)
    if found:
        return [ImportProblem(name, None, None, None, None, v, r) for v, r in found], {}
    if not present:
        what = (
            "xl/workbook.xml" if workbook == DEFAULT_WORKBOOK else f"its workbook part {workbook}"
        )
        return problem(f"not an .xlsx workbook (it has no {what})")
    refusal = scan.totals_refusal()
    if refusal:
        return problem(refusal)
    return [], scan.flags


def _file_refusal(path: Path, limits: Limits) -> str | None:
    """What is wrong with ``path`` as a file, before its zip is opened."""
    if not path.exists():
        return "file not found"
    if not path.is_file():
        return "not a file"
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        return f"file is {size_text(size)}, over the {size_text(limits.max_file_bytes)} limit"
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        return OLE_REASON
    if not zipfile.is_zipfile(path):
        return TRUNCATED_REASON if head.startswith(b"PK\x03\x04") else NOT_ZIP_REASON
    return None


#: a sheet listed in a workbook part (a sheet's own part has <sheetData>, <sheetView>…)
_SHEET_TAGS = (re.compile(rb"<sheet[\s/>]"), re.compile(rb":sheet[\s/>]"))
_ROOT = re.compile(rb"<(\w+:)?worksheet\b")
_SHEET_WORD = re.compile(rb"sheet")
#: the literals of :meth:`_Part._note_flags` (the regular-expression engine finds a short
#: literal faster than ``in``)
_F_TAG = re.compile(rb"<f")
_E_DOUBLE = re.compile(rb'"e"')
_E_SINGLE = re.compile(rb"'e'")
_MERGE = re.compile(rb"mergeCell")


@dataclass(slots=True)
class _WorkbookScan:
    """Counts across the parts of one workbook, and a scanner for each part."""

    limits: Limits
    workbook: str
    sheets: int = 0
    values: int = 0
    elements: int = 0
    flags: PartFlags = field(default_factory=dict)

    def scanner_for(self, part: str, exact: bool) -> PartScanner | None:
        return _Part(self, part, exact)

    def totals_refusal(self, extra_values: int = 0, extra_elements: int = 0) -> str | None:
        lim = self.limits
        if self.sheets > lim.max_sheets:
            return f"has {self.sheets:,} sheets, over the limit of {lim.max_sheets:,}"
        values = self.values + extra_values
        if values > lim.max_values:
            return (
                f"holds {values:,} cells with values, over the limit of {lim.max_values:,}: "
                "split it into smaller files (a quarter or a month at a time)"
            )
        elements = self.elements + extra_elements
        if elements > lim.max_cell_elements:
            return f"holds {elements:,} cells, over the limit of {lim.max_cell_elements:,}"
        return None


class _Part:
    """One part: the sheets it lists, and its cells once ``sheetData`` starts."""

    binary = False

    def __init__(self, book: _WorkbookScan, part: str, exact: bool) -> None:
        self.book = book
        self.part = part
        self.exact = exact
        self.sheet: SheetScan | None = None
        self.flags: set[str] = set()
        self.f_tag = _F_TAG
        self.head = True

    def feed(self, data: bytes) -> str | None:
        if self.head:
            root = _ROOT.search(data, 0, 4096)
            if root is not None and root.group(1):
                self.f_tag = re.compile(re.escape(b"<" + root.group(1) + b"f"))
            self.head = False
        if self.sheet is None and _SHEET_WORD.search(data) is None:
            return None  # no sheet listed, no sheetData (most of a shared-strings part)
        if not self.exact and self.sheet is None:  # a workbook its rels do not name counts too
            self.book.sheets += sum(len(p.findall(data)) for p in _SHEET_TAGS)
            if self.book.sheets > self.book.limits.max_sheets:
                return self.book.totals_refusal()
        if self.sheet is None:
            if b"sheetData" not in data:
                return None
            self.sheet = SheetScan(self.exact)
        sheet = self.sheet
        found = sheet.feed(data)
        if found:
            return found
        self._note_flags(data)
        return sheet.refusal(self.book.limits) or self.book.totals_refusal(
            sheet.values, sheet.elements
        )

    def _note_flags(self, data: bytes) -> None:
        # Literal searches (a false hit, e.g. <filterColumn, only costs the reader a closer look).
        if "formula" not in self.flags and self.f_tag.search(data) is not None:
            self.flags.add("formula")
        if "error" not in self.flags and (
            _E_DOUBLE.search(data) is not None or (b"'" in data and _E_SINGLE.search(data))
        ):
            self.flags.add("error")
        if "merge" not in self.flags and _MERGE.search(data) is not None:
            self.flags.add("merge")

    def finish(self) -> str | None:
        if self.sheet is None:
            return None
        self.book.values += self.sheet.values
        self.book.elements += self.sheet.elements
        self.book.flags[self.part] = frozenset(self.flags)
        return self.sheet.refusal(self.book.limits)
