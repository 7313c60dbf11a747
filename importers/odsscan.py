"""Where an OpenDocument spreadsheet's cells really are, read from ``content.xml`` before the
reader expands them.

A row or a cell may stand for many (``table:number-rows-repeated``,
``table:number-columns-repeated``); the reader expands the repeats of any row that holds a
value, up to a hundred million cells, which takes gigabytes first.  LibreOffice ends a sheet
with a blank row repeated a million times: a blank cell (self-closing, no value type) adds
nothing, so that is no refusal.  The extent of each table is the rectangle from A1 to its last
row and column that hold a value, judged against the same limits as .xlsx
(:meth:`importers.sheetscan.SheetScan.refusal`).
"""

from __future__ import annotations

import re

from .limits import Limits
from .sheetscan import SheetScan, number

__all__ = ["OdsContentScan"]

_TAG = re.compile(
    rb"<(/?)(?:[^\s<>/=\"':]*:)?(table-row|table-cell|covered-table-cell|table)(?=[\s/>])"
    rb"((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
)
_TAG_START = re.compile(
    rb"<(?:[^\s<>/=\"':]*:)?(?:table-row|table-cell|covered-table-cell|table)(?=[\s/>])"
)
_ROWS = re.compile(rb"number-rows-repeated\s*=\s*[\"'](\d+)")
_COLS = re.compile(rb"number-columns-repeated\s*=\s*[\"'](\d+)")
_MAX_TAG = 1 << 20


def _repeat(pattern: re.Pattern[bytes], attrs: bytes) -> int:
    m = pattern.search(attrs)
    return max(number(m.group(1)), 1) if m else 1


class OdsContentScan:
    """The tables of ``content.xml``, fed in chunks that end at a ``>``."""

    binary = False

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.table = SheetScan(exact=True)
        self._tail = b""
        self._rows = 0  # rows passed in the current table
        self._repeat = 1
        self._col = 0
        self._last = 0  # the row's last column that holds a value
        self.tables = 0

    def feed(self, data: bytes) -> str | None:
        data = self._tail + data
        end = 0
        for m in _TAG.finditer(data):
            end = m.end()
            found = self._tag(m.group(1) == b"/", m.group(2), m.group(3).rstrip())
            if found:
                return found
        tail = data[end:]
        start = _TAG_START.search(tail)
        self._tail = tail[start.start() :] if start else tail[-64:]
        if len(self._tail) > _MAX_TAG:
            return "a cell's markup is over 1 MB long: the sheet cannot be read safely"
        return None

    def _tag(self, closing: bool, name: bytes, attrs: bytes) -> str | None:
        empty = attrs.endswith(b"/")
        if name == b"table":
            if not closing:
                self.tables += 1
                if self.tables > self.limits.max_sheets:
                    return (
                        f"has {self.tables:,} sheets, over the limit of {self.limits.max_sheets:,}"
                    )
                found = self.table.refusal(self.limits)
                self._rows = 0
                return found
            return self.table.refusal(self.limits)
        if name == b"table-row":
            if closing:
                return self._end_row()
            self._repeat, self._col, self._last = _repeat(_ROWS, attrs), 0, 0
            if empty:
                self._rows += self._repeat
            return None
        if closing:
            return None
        columns = _repeat(_COLS, attrs)
        if not empty or b"value-type" in attrs:
            self._last = self._col + columns
        self._col += columns
        return None

    def _end_row(self) -> str | None:
        if self._last:
            t = self.table
            t.max_row = max(t.max_row, self._rows + self._repeat)
            t.max_col = max(t.max_col, self._last)
            t.min_row = t.min_col = 1
        self._rows += self._repeat
        return self.table.refusal(self.limits)

    def finish(self) -> str | None:
        return self.table.refusal(self.limits)
