"""Where an .xlsb worksheet's cells really are, read from its binary records before the reader
allocates the rectangle they span (one cell at the last row and column beside one at A1 asks
for seventeen billion cells and aborts the process).

The workbook part's ``BrtBundleSh`` records are its sheets, counted against the sheet limit.
A sheet part is a stream of BIFF12 records ([MS-XLSB] 2.1.4): a record type and a size, each a
little-endian base-128 number, then the data.  ``BrtRowHdr`` (type 0) starts a row (its first
four bytes); a cell record (types 1–11) holds its column in its first four bytes; a "short"
cell record (types 12–18) is the column after the previous cell.  The part is fed in chunks;
a record cut by a chunk's end waits for the next.
"""

from __future__ import annotations

import struct

from .limits import Limits
from .sheetscan import SheetScan

__all__ = ["XlsbSheetScan", "is_sheet_part"]

_ROW = 0
_BUNDLE_SHEET = 156  # BrtBundleSh: a sheet listed in the workbook part
_CELLS = range(1, 12)
_SHORT_CELLS = range(12, 19)
_BEGIN_SHEET = b"\x81\x01"
_BEGIN_BOOK = b"\x83\x01"
_U32 = struct.Struct("<I")
_MAX_RECORD = 1 << 24


def is_sheet_part(first: bytes) -> bool:
    """Whether a part's first bytes are a worksheet's (``BrtBeginSheet``)."""
    return first.startswith(_BEGIN_SHEET)


class XlsbSheetScan:
    """The cells of one .xlsb worksheet part; its extent judged as for .xlsx
    (:meth:`importers.sheetscan.SheetScan.refusal`)."""

    binary = True

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.cells = SheetScan(exact=True)  # holds the extent and the refusal wording
        self._buf = b""
        self._row = 0
        self._col = 0
        self._sheet: bool | None = None
        self._book = False
        self.sheets = 0

    def feed(self, data: bytes) -> str | None:
        buf = self._buf + data
        if self._sheet is None:
            if len(buf) < 2:
                self._buf = buf
                return None
            self._sheet = is_sheet_part(buf)
            self._book = buf.startswith(_BEGIN_BOOK)
        if not self._sheet and not self._book:
            return None  # another part: styles, shared strings, a macro project
        i = self._records(buf)
        self._buf = buf[i:]
        if self.sheets > self.limits.max_sheets:
            return f"has {self.sheets:,} sheets, over the limit of {self.limits.max_sheets:,}"
        return self.cells.refusal(self.limits)

    def _records(self, buf: bytes) -> int:
        """Read whole records from ``buf``; the offset of the first incomplete one."""
        i, n = 0, len(buf)
        while True:
            start = i
            kind, i = _varint(buf, i, 2)
            size, i = _varint(buf, i, 4) if i >= 0 else (0, -1)
            if i < 0 or i + size > n:
                return start
            if size > _MAX_RECORD:
                return n  # not a record stream the reader would follow either
            if self._book:
                self.sheets += kind == _BUNDLE_SHEET
            elif kind == _ROW and size >= 4:
                self._row = _U32.unpack_from(buf, i)[0] + 1
            elif kind in _CELLS and size >= 4:
                self._place(_U32.unpack_from(buf, i)[0] + 1)
            elif kind in _SHORT_CELLS:
                self._place(self._col + 1)
            i += size

    def _place(self, col: int) -> None:
        self._col = col
        s, row = self.cells, max(self._row, 1)
        s.max_row, s.max_col = max(s.max_row, row), max(s.max_col, col)
        s.min_row = min(s.min_row, row) if s.min_row else row
        s.min_col = min(s.min_col, col) if s.min_col else col
        s.values += 1

    def finish(self) -> str | None:
        return self.cells.refusal(self.limits)


def _varint(buf: bytes, i: int, most: int) -> tuple[int, int]:
    """A base-128 number of at most ``most`` bytes at ``i``; (value, next offset) or (0, -1)
    when ``buf`` ends first."""
    value = 0
    for k in range(most):
        if i + k >= len(buf):
            return 0, -1
        b = buf[i + k]
        value |= (b & 0x7F) << (7 * k)
        if not b & 0x80:
            return value, i + k + 1
    return value, i + most
