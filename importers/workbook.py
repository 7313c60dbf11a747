"""Reading an .xlsx workbook: sheets, cell values, and the cells that must not be trusted.

Design (speed matters: issue 3 wants a 100k-row import within 1.5× of a bare python-calamine
read plus a raw insert):

- **Values** come from python-calamine (Rust): shared strings, dates by number format, and the
  *cached* values of formula cells, for 100k rows in well under a second.
- calamine cannot tell a blank cell from a formula with no cached value, nor from an error
  cell (``#REF!`` reads as blank), so the sheet's own XML part is **scanned as bytes**: a
  literal search for ``<f`` and ``t="e"`` finds formula and error cells, and
  ``<mergeCell ref=…>`` gives the merged ranges.  No XML tree is built for the sheet.  The
  safety scan (which decompresses every part anyway) notes which sheets have any of these, so
  a plain data export is not decompressed a second time.
- Sheet names, visibility and each sheet's XML part come from ``xl/workbook.xml`` and its
  relationships, parsed with defusedxml.
- openpyxl is not used for reading: its read-only mode has no merged cells and its normal mode
  is ~20× slower than calamine.  :func:`importers.safety.check_workbook_file` always runs first.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

import python_calamine
from defusedxml import ElementTree

from .opc import DEFAULT_WORKBOOK, Relationship, relationships, rels_name, workbook_part
from .problems import ImportProblem, cell_ref, parse_cell_ref
from .safety import DEFAULT_LIMITS, Limits, PartFlags, inspect_workbook_file

__all__ = [
    "UNCACHED_REASON",
    "CellIssue",
    "CellRange",
    "CellValue",
    "Sheet",
    "SheetInfo",
    "Workbook",
    "open_workbook",
    "scan_sheet_xml",
]

CellValue = str | float | int | bool | date | datetime | time | timedelta | None
UNCACHED_REASON = "formula with no cached value"
ERROR_REASON = "the cell holds an Excel error"


@dataclass(frozen=True, slots=True)
class CellRange:
    """A rectangular range, 1-based and inclusive (a merged range)."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int

    @property
    def ref(self) -> str:
        return (
            f"{cell_ref(self.first_row, self.first_col)}:{cell_ref(self.last_row, self.last_col)}"
        )

    def overlaps_rows(self, first: int, last: int) -> bool:
        return self.first_row <= last and self.last_row >= first

    @classmethod
    def parse(cls, ref: str) -> CellRange:
        a, _, b = ref.partition(":")
        r1, c1 = parse_cell_ref(a)
        r2, c2 = parse_cell_ref(b or a)
        return cls(min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))


@dataclass(frozen=True, slots=True)
class CellIssue:
    """A cell whose value cannot be trusted: an Excel error or a formula never calculated."""

    value: str  # "#REF!" or the formula "=SUM(B5:B12)"
    reason: str


@dataclass(frozen=True, slots=True)
class SheetInfo:
    """A sheet as listed in the workbook, in tab order."""

    name: str
    visible: bool
    part: str | None  # the sheet's XML part, e.g. "xl/worksheets/sheet1.xml"


@dataclass(frozen=True, slots=True)
class Sheet:
    """The values of one sheet.  ``rows[i][j]`` is the cell at sheet row ``first_row + i``,
    column ``first_col + j`` (1-based).  Blank cells are ``""``.  Formula cells hold their
    cached value; cells in ``bad_cells`` (errors, uncached formulas) read as ``""``.
    """

    name: str
    visible: bool
    rows: list[list[Any]]
    first_row: int = 1
    first_col: int = 1
    merged: tuple[CellRange, ...] = ()
    bad_cells: Mapping[tuple[int, int], CellIssue] = field(default_factory=dict)

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.rows) - 1

    @property
    def last_col(self) -> int:
        width = max((len(r) for r in self.rows), default=0)
        return self.first_col + width - 1

    def value(self, row: int, col: int) -> CellValue:
        """The cell at 1-based ``(row, col)``; ``""`` outside the used area."""
        i, j = row - self.first_row, col - self.first_col
        if 0 <= i < len(self.rows) and 0 <= j < len(self.rows[i]):
            v: CellValue = self.rows[i][j]
            return v
        return ""


class Workbook:
    """An opened, already safety-checked workbook.  Use :func:`open_workbook`."""

    def __init__(
        self,
        path: Path,
        sheets: tuple[SheetInfo, ...],
        flags: PartFlags | None = None,
        workbook: str = DEFAULT_WORKBOOK,
    ) -> None:
        self.path = path
        self.workbook = workbook
        self.flags = flags
        self.file = path.name
        self.sheets = sheets
        self._calamine: Any = None

    def __enter__(self) -> Workbook:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._calamine is not None:
            self._calamine.close()
            self._calamine = None

    def info(self, name: str) -> SheetInfo | None:
        return next((s for s in self.sheets if s.name == name), None)

    def read_sheet(self, name: str) -> tuple[Sheet | None, list[ImportProblem]]:
        """All values of sheet ``name`` plus its merged ranges and untrustworthy cells."""
        info = self.info(name)
        if info is None:
            names = ", ".join(repr(s.name) for s in self.sheets)
            return None, [self._problem(None, f"no sheet named {name!r} (sheets: {names})")]
        try:
            rows, first_row, first_col = self._values(name)
        except Exception as exc:  # calamine raises its own error types for damaged parts
            return None, [self._problem(name, f"the sheet cannot be read ({exc})")]
        bad: dict[tuple[int, int], CellIssue] = {}
        merged: list[CellRange] = []
        if info.part is not None and self._may_have_issues(info.part):
            with zipfile.ZipFile(self.path) as zf:
                data = zf.read(info.part)
            bad, merged = scan_sheet_xml(data)
        sheet = Sheet(name, info.visible, rows, first_row, first_col, tuple(merged), bad)
        return sheet, []

    def _may_have_issues(self, part: str) -> bool:
        """Whether the safety scan saw formulas, error cells or merges in ``part``."""
        return self.flags is None or bool(self.flags.get(part, True))

    def _values(self, name: str) -> tuple[list[list[Any]], int, int]:
        if self._calamine is None:
            self._calamine = _open_calamine(self.path, self.workbook)
        try:
            cs = self._calamine.get_sheet_by_name(name)
        except python_calamine.WorksheetNotFound:
            return [], 1, 1
        start = cs.start
        if start is None:
            return [], 1, 1
        rows: list[list[Any]] = cs.to_python()
        return rows, start[0] + 1, start[1] + 1

    def _problem(self, sheet: str | None, reason: str) -> ImportProblem:
        return ImportProblem(self.file, sheet, None, None, None, "", reason)


_STATE = re.compile(rb'\sstate="(?!hidden"|veryHidden"|visible")[^"]*"')


def _open_calamine(path: Path, workbook: str = DEFAULT_WORKBOOK) -> Any:
    """The reader over ``path``.  The reader looks for the workbook at ``xl/workbook.xml``
    only, and fails on a sheet state it does not know (``state="show"``, written by some
    libraries, meaning visible): such a package is handed to it rewritten in memory."""
    if workbook == DEFAULT_WORKBOOK:
        try:
            return python_calamine.CalamineWorkbook.from_path(str(path))
        except Exception as exc:
            if "Unrecognized sheet" not in str(exc):
                raise
    return python_calamine.CalamineWorkbook.from_filelike(_rewritten(path, workbook))


def _rewritten(path: Path, workbook: str) -> io.BytesIO:
    """The package with its workbook at ``xl/workbook.xml``, its relationships there with
    absolute targets, and unknown sheet states read as visible."""
    buf = io.BytesIO()
    moved = workbook != DEFAULT_WORKBOOK
    wb_rels, default_rels = rels_name(workbook), rels_name(DEFAULT_WORKBOOK)
    with (
        zipfile.ZipFile(path) as zin,
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout,
    ):
        rels = relationships(zin, workbook)
        package = [
            replace(r, part=DEFAULT_WORKBOOK) if r.part == workbook else r
            for r in relationships(zin, None)
        ]
        for info in zin.infolist():
            name = info.filename
            if moved and name in (DEFAULT_WORKBOOK, default_rels):
                continue  # a decoy where the reader would look: the package names another
            data = zin.read(info)
            if name == workbook:
                name, data = DEFAULT_WORKBOOK, _STATE.sub(b' state="visible"', data)
            elif name == wb_rels:
                name, data = default_rels, _absolute_rels(rels)
            elif moved and name == rels_name(None):
                data = _absolute_rels(package)
            zout.writestr(name, data)
    buf.seek(0)
    return buf


def _absolute_rels(rels: list[Relationship]) -> bytes:
    items = "".join(
        f'<Relationship Id="{_attribute(r.id)}" Type="{_attribute(r.type)}" '
        f'Target="{_attribute(r.part if r.external else "/" + r.part)}"'
        + (' TargetMode="External"' if r.external else "")
        + "/>"
        for r in rels
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships">{items}</Relationships>'
    ).encode()


def open_workbook(
    path: Path, limits: Limits = DEFAULT_LIMITS
) -> tuple[Workbook | None, list[ImportProblem]]:
    """Safety-check ``path`` and list its sheets; ``(None, problems)`` if it cannot be used."""
    problems, flags = inspect_workbook_file(path, limits)
    if problems:
        return None, problems
    try:
        with zipfile.ZipFile(path) as zf:
            workbook = workbook_part(zf)
            sheets = _list_sheets(zf, workbook)
    except Exception as exc:  # defusedxml / ParseError on a malformed workbook.xml
        reason = f"the workbook's sheet list cannot be read ({exc})"
        return None, [ImportProblem(path.name, None, None, None, None, "", reason)]
    return Workbook(path, sheets, flags, workbook), []


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _list_sheets(zf: zipfile.ZipFile, workbook: str) -> tuple[SheetInfo, ...]:
    targets = {r.id: r.part for r in relationships(zf, workbook) if not r.external}
    root = ElementTree.fromstring(zf.read(workbook))
    sheets: list[SheetInfo] = []
    for el in root.iter():
        if _local(el.tag) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), "")
        state = el.get("state", "visible")
        visible = state not in ("hidden", "veryHidden")  # "show" (some writers) is visible
        sheets.append(SheetInfo(el.get("name", ""), visible, targets.get(rid)))
    return tuple(sheets)


_ROOT = re.compile(rb"<(\w+:)?worksheet\b")
_R_ATTR = re.compile(rb"\sr\s*=\s*[\"']([A-Za-z]+\d+)[\"']")
_T_STR = re.compile(rb"\st\s*=\s*[\"'](?:str|e)[\"']")
_T_ERROR = re.compile(rb"\st\s*=\s*[\"']e[\"']")
_E_VALUE = re.compile(rb"[\"']e[\"']")
_SPACES = (b" ", b"\n", b"\t", b"\r")


def scan_sheet_xml(data: bytes) -> tuple[dict[tuple[int, int], CellIssue], list[CellRange]]:
    """Error cells, uncached formula cells and merged ranges of a sheet's XML, by byte search."""
    m = _ROOT.search(data, 0, 4096)
    prefix = (m.group(1) or b"") if m else b""
    p = re.escape(prefix)
    issues: dict[tuple[int, int], CellIssue] = {}
    c_open, c_close = b"<" + prefix + b"c", b"</" + prefix + b"c>"
    v_pat = re.compile(rb"<" + p + rb"v(?:\s[^>]*)?>([^<]*)</" + p + rb"v>")
    for em in _E_VALUE.finditer(data):  # t="e" or t='e', however the attribute is spaced
        cell = _cell_around(data, em.start(), c_open, c_close)
        if cell is not None and _T_ERROR.search(cell[1]):
            vm = v_pat.search(cell[2])
            text = _text(vm.group(1)) if vm else "#N/A"
            issues[cell[0]] = CellIssue(text, ERROR_REASON)
    for fm in re.finditer(rb"<" + p + rb"f[\s>/]", data):
        cell = _cell_around(data, fm.start(), c_open, c_close)
        if cell is None or cell[0] in issues:
            continue
        vm = v_pat.search(cell[2])
        cached = vm is not None and (vm.group(1) != b"" or _T_STR.search(cell[1]) is not None)
        if not cached:
            issues[cell[0]] = CellIssue(_formula_text(cell[2], p), UNCACHED_REASON)
    merges = re.findall(rb"<" + p + rb'mergeCell\s+ref="([A-Za-z0-9:]+)"', data)
    return issues, [CellRange.parse(r.decode()) for r in merges]


def _cell_around(
    data: bytes, pos: int, c_open: bytes, c_close: bytes
) -> tuple[tuple[int, int], bytes, bytes] | None:
    """The ``(row, col)``, start tag and body of the ``<c>`` element containing ``pos``
    (``c_open`` is ``<c`` with the sheet's prefix: a cell tag is it followed by a space, a
    line break or a tab)."""
    start = data.rfind(c_open, 0, pos)
    while start >= 0 and data[start + len(c_open) : start + len(c_open) + 1] not in _SPACES:
        start = data.rfind(c_open, 0, start)
    if start < 0:
        return None
    tag_end = data.find(b">", start)
    if tag_end < 0 or data[tag_end - 1 : tag_end] == b"/":
        return None
    end = data.find(c_close, tag_end)
    if end < 0 or end < pos:
        return None
    tag = data[start:tag_end]
    rm = _R_ATTR.search(tag)
    if rm is None:
        return None
    return parse_cell_ref(rm.group(1).decode()), tag, data[tag_end + 1 : end]


def _text(raw: bytes) -> str:
    """XML character data as text: the five predefined entities (``&amp;`` last)."""
    text = raw.decode("utf-8", "replace")
    if "&" not in text:
        return text
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


#: what xml.sax.saxutils would replace (it imports urllib.request, http and email: a fifth
#: of the importers' start-up, for a few replacements)
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"))


def _attribute(value: str) -> str:
    """``value`` for a double-quoted XML attribute."""
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        value = value.replace(char, entity)
    return value


def _formula_text(body: bytes, p: bytes) -> str:
    fm = re.search(rb"<" + p + rb"f(?:\s[^>]*)?>([^<]*)</" + p + rb"f>", body)
    if fm is None or not fm.group(1):
        return "(shared formula)"
    return "=" + _text(fm.group(1))
