"""Hostile-file checks run before any workbook parser sees the file (SPEC §6, §8).

:func:`check_workbook_file` looks at the bytes only — never parses XML into a tree — and
refuses, with a message a user can act on:

- a missing file, a directory, or a file over the size limit;
- an OLE compound file (``D0 CF 11 E0``): a password-protected .xlsx or a legacy .xls;
- anything that is not a zip, and a zip whose directory cannot be read (truncated);
- a zip with encrypted members, too many members, members that would expand past the total
  limit, or members compressed suspiciously well (zip bomb) — sizes are counted while
  decompressing, so a lying zip header does not help;
- a zip that is not a workbook (no ``xl/workbook.xml``);
- any XML part that declares a DOCTYPE or ENTITY (entity expansion, external entities),
  in UTF-8 or UTF-16;
- a worksheet whose ``<dimension>`` or whose actual cells span absurd dimensions.

Everything streams through fixed-size chunks, so memory stays small and the checks take well
under a second for ordinary workbooks.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .problems import ImportProblem, parse_cell_ref

__all__ = [
    "DEFAULT_LIMITS",
    "ENTITY_REASON",
    "NOT_ZIP_REASON",
    "OLE_REASON",
    "TRUNCATED_REASON",
    "Limits",
    "PartFlags",
    "check_workbook_file",
    "inspect_workbook_file",
]

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
NOT_ZIP_REASON = "not an .xlsx workbook (it is not a zip file)"
OLE_REASON = "password-protected or legacy .xls workbook: save it as .xlsx without a password"
TRUNCATED_REASON = "the workbook is damaged or truncated (its zip directory cannot be read)"
ENTITY_REASON = "XML entity declarations are not allowed (possible entity-expansion attack)"
MAX_EXCEL_ROWS = 1_048_576
MAX_EXCEL_COLS = 16_384
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    """Ceilings for a workbook we agree to open."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_members: int = 2_000
    max_total_uncompressed: int = 1024 * 1024 * 1024
    max_ratio: int = 200  # uncompressed / compressed, for members over ratio_floor bytes
    ratio_floor: int = 1024 * 1024
    max_cells: int = 20_000_000  # per sheet: rows × columns of the used area


DEFAULT_LIMITS = Limits()


def _mb(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n:,} bytes"
    return f"{n / (1024 * 1024):.1f} MB"


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
    flags: PartFlags = {}

    def problem(reason: str, value: str = "") -> tuple[list[ImportProblem], PartFlags]:
        return [ImportProblem(name, None, None, None, None, value, reason)], {}

    if not path.exists():
        return problem("file not found")
    if not path.is_file():
        return problem("not a file")
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        return problem(f"file is {_mb(size)}, over the {_mb(limits.max_file_bytes)} limit")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        return problem(OLE_REASON)
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK\x03\x04"):
            return problem(TRUNCATED_REASON)
        return problem(NOT_ZIP_REASON)
    try:
        with zipfile.ZipFile(path) as zf:
            found = _check_zip(zf, limits, flags)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        return problem(TRUNCATED_REASON)
    return [ImportProblem(name, None, None, None, None, v, r) for v, r in found], flags


def _check_zip(zf: zipfile.ZipFile, limits: Limits, flags: PartFlags) -> list[tuple[str, str]]:
    """(value, reason) pairs for the zip-level and XML-level checks."""
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        return [
            (
                "",
                f"has {len(infos)} parts, over the limit of {limits.max_members} (possible zip bomb)",
            )
        ]
    names = {i.filename for i in infos}
    if any(i.flag_bits & 0x1 for i in infos):
        return [("", OLE_REASON)]
    if "xl/workbook.xml" not in names:
        return [("", "not an .xlsx workbook (it has no xl/workbook.xml)")]
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_total_uncompressed:
        return [("", _bomb_total(declared, limits))]
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and ratio > limits.max_ratio:
            return [(info.filename, f"expands {ratio:.0f} times (possible zip bomb)")]
    return _scan_members(zf, infos, limits, flags)


def _bomb_total(total: int, limits: Limits) -> str:
    return (
        f"would expand to {_mb(total)}, over the {_mb(limits.max_total_uncompressed)} limit "
        "(possible zip bomb)"
    )


def _scan_members(
    zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits, flags: PartFlags
) -> list[tuple[str, str]]:
    budget = limits.max_total_uncompressed
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        scan = _MemberScan(info.filename.startswith("xl/worksheets/"))
        read = 0
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                read += len(chunk)
                if read > info.file_size:
                    return [(info.filename, "expands beyond its declared size (possible zip bomb)")]
                if read > budget:
                    return [(info.filename, _bomb_total(limits.max_total_uncompressed + 1, limits))]
                issue = scan.feed(chunk)
                if issue:
                    return [(info.filename, issue)]
        budget -= read
        issue = scan.finish(limits)
        if issue:
            return [(info.filename, issue)]
        if scan.is_sheet:
            flags[info.filename] = frozenset(scan.flags)
    return []


_UTF16_DECLS = ("<!".encode("utf-16-le"), "<!".encode("utf-16-be"))
_ROOT = re.compile(rb"<(\w+:)?worksheet\b")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Za-z]+\d+)(?::([A-Za-z]+\d+))?\"")
_ROW_ATTR = re.compile(rb"[^>]*?\sr=\"(\d+)\"")
_WIDE_COL = re.compile(rb" r=\"([A-Z]{2,})\d")
_OVERLAP = 32


def _row_number_at(data: bytes, idx: int) -> int:
    m = _ROW_ATTR.match(data, idx + 4, idx + 400)
    return int(m.group(1)) if m else 0


class _MemberScan:
    """Streaming scan of one XML part: entity declarations and, for sheets, dimensions.

    Any ``<!`` markup other than a comment or CDATA is a DTD declaration (DOCTYPE, ENTITY,
    ELEMENT, ATTLIST, NOTATION), which a workbook never needs: refused.
    """

    def __init__(self, is_sheet: bool) -> None:
        self.is_sheet = is_sheet
        self.tail = b""
        self.head_done = False
        self.dimension: tuple[int, int] | None = None
        self.min_row = 0
        self.max_row = 0
        self.max_col = 0
        self.flags: set[str] = set()
        self.f_tag = b"<f"  # the formula element, with the sheet's namespace prefix if any

    def feed(self, chunk: bytes) -> str | None:
        data = self.tail + chunk
        if _declares(data):
            return ENTITY_REASON
        if self.is_sheet:
            cut = data.rfind(b">") + 1
            self._sheet_chunk(data[:cut] if cut else b"")
            self.tail = data[cut:] if cut else data[-_OVERLAP:]
            if len(self.tail) > _CHUNK:
                self.tail = self.tail[-_OVERLAP:]
        else:
            self.tail = data[-_OVERLAP:]
        return None

    def _sheet_chunk(self, data: bytes) -> None:
        # Literal searches (a false hit, e.g. <filterColumn, only costs the reader a closer look).
        if "formula" not in self.flags and self.f_tag in data:
            self.flags.add("formula")
        if "error" not in self.flags and b'"e"' in data:
            self.flags.add("error")
        if "merge" not in self.flags and b"mergeCell" in data:
            self.flags.add("merge")
        if not self.head_done:
            root = _ROOT.search(data, 0, 4096)
            if root is not None and root.group(1):
                self.f_tag = b"<" + root.group(1) + b"f"
            m = _DIMENSION.search(data)
            if m:
                self.dimension = _span(m.group(1), m.group(2))
            self.head_done = b"sheetData" in data
        first = _find_row_tag(data, last=False)
        if first >= 0:
            if not self.min_row:
                self.min_row = _row_number_at(data, first) or 1
            self.max_row = max(self.max_row, _row_number_at(data, _find_row_tag(data, last=True)))
        for letters in _WIDE_COL.findall(data):
            self.max_col = max(self.max_col, parse_cell_ref(letters.decode() + "1")[1])

    def finish(self, limits: Limits) -> str | None:
        if not self.is_sheet:
            return None
        if self.dimension is not None:
            issue = _absurd(*self.dimension, limits, "it declares")
            if issue:
                return issue
        rows = self.max_row - self.min_row + 1 if self.max_row >= self.min_row > 0 else 0
        cols = max(self.max_col, 26 if rows else 0)  # no two-letter column: at most Z
        return _absurd(rows, cols, limits, "its cells span")


def _span(first: bytes, last: bytes | None) -> tuple[int, int]:
    r1, c1 = parse_cell_ref(first.decode())
    if last is None:
        return 1, 1
    r2, c2 = parse_cell_ref(last.decode())
    return abs(r2 - r1) + 1, abs(c2 - c1) + 1


def _absurd(rows: int, cols: int, limits: Limits, what: str) -> str | None:
    if rows > MAX_EXCEL_ROWS or cols > MAX_EXCEL_COLS:
        return (
            f"sheet dimensions are absurd: {what} {rows:,} rows × {cols:,} columns, "
            f"beyond Excel's {MAX_EXCEL_ROWS:,} × {MAX_EXCEL_COLS:,}"
        )
    if rows * cols > limits.max_cells:
        return (
            f"sheet dimensions are absurd: {what} {rows:,} rows × {cols:,} columns, "
            f"over the limit of {limits.max_cells:,} cells"
        )
    return None


def _find_row_tag(data: bytes, *, last: bool) -> int:
    """Index of the first/last ``<row `` (or ``<x:row ``) tag, or -1."""
    find = data.rfind if last else data.find
    idx = find(b"<row ")
    if idx < 0:
        idx = find(b":row ")
    return idx


def _declares(data: bytes) -> bool:
    """True if ``data`` has ``<!`` markup that is not a comment or CDATA (UTF-8 or UTF-16).

    Searches for the rare ``!`` and looks behind it, which is ten times faster than searching
    for ``<!`` in XML full of ``<``; UTF-16 is only looked for if there is a NUL byte."""
    i = data.find(b"!")
    while i >= 0:
        markup = i > 0 and data[i - 1] == 0x3C  # "<!"
        if markup and not (data.startswith(b"--", i + 1) or data.startswith(b"[CDATA[", i + 1)):
            return True
        i = data.find(b"!", i + 1)
    return b"\x00" in data and any(p in data for p in _UTF16_DECLS)
