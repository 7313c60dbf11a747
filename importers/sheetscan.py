"""Where a worksheet's cells really are, read from its XML bytes before any reader allocates.

The values reader (python-calamine) allocates the rectangle its cells span, so one cell at
``XFD1048576`` beside one at ``A1`` asks for seventeen billion cells and aborts the process.  A
cell's position is its ``r`` attribute, or, without one, the next column of the current row
(a ``<row>`` without ``r`` is the row after the last).  The reader takes attribute values in
single or double quotes, with any whitespace around ``=`` and before ``r``, so this scan does.

Three ways through a part, chosen per chunk:

- **quick** (the common writers, nearly every chunk): every cell start tag begins exactly
  ``<c r="REF"``, upper-case letters and no leading zero, and no ``REF`` lies beyond the
  farthest cell so far or the chunk's last cells.  One search proves it (a cell tag that is
  not so is all it can find), so the farthest cell is known without converting a reference;
  a cell with a reference is placed by it whatever its row says, so rows need no look.
  Otherwise the way below;
- **canonical**: each ``<c`` and ``<row`` start tag begins exactly ``<c r="`` / ``<row r="``
  with upper-case letters and no leading zero.  Then byte searches find the largest row and
  column without a Python step per cell (the largest of equal-length numbers is the greatest
  byte string, so no number is converted until the last);
- **exact** otherwise: every ``<c>``/``<row>`` tag is read (quotes respected) and positioned as
  the reader would.  The scanner asks to be fed the part again from the start.

Cells with values are counted by their end tags (``</c``, however spaced): the reader gives a
cell its value when the cell ends, one value a cell.

Blank self-closing cells (``<c r="B2" s="1"/>``) hold no value and are not placed by the
reader; they are still counted as cell elements, which openpyxl (templates) makes objects of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .limits import MAX_EXCEL_COLS, MAX_EXCEL_ROWS, Limits

__all__ = ["RESTART", "SheetScan", "column_number", "number"]

#: returned by :meth:`SheetScan.feed` when the part must be fed again from the start (exact)
RESTART = "\0restart"

#: anything but ``<c r="`` / ``<row r="`` starting a cell or row tag, upper-case letters and
#: no leading zero, a self-closing cell included (``<c/>`` is a cell element too, which openpyxl
#: makes an object of); each its own search: a literal start keeps them fast
_UNUSUAL = (
    re.compile(rb'<c(?:[\t\n\r\f\v>/]| (?!r="[A-Z]+[1-9]))'),
    re.compile(rb'<row(?:[\t\n\r\f\v>]| (?!r="[1-9]))'),
    re.compile(rb":(?:c|row)[\s>/]"),
)
_ROW_NUM = re.compile(rb'<c r="[A-Z]+(\d+)"')
_LAST_REF = re.compile(rb'<c r="([A-Z]+)(\d+)"')
_WIDE = re.compile(rb'<c r="([A-Z]{2,})\d')
_LETTERS = re.compile(rb'<c r="([A-Z])\d')
#: a one-letter column past the n-th (n = 0..25)
_LETTER_PAST = [re.compile(rb'<c r="[' + bytes([65 + n]) + rb"-Z]\d") for n in range(26)]
_ANY_TAG = re.compile(
    rb"<(/?)(?:[^\s<>/=\"']*:)?(c|row)(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
)
_TAG_START = re.compile(rb"<(?:[^\s<>/=\"']*:)?(?:c|row)(?=[\s/>])")
_R_ATTR = re.compile(rb"(?:^|\s)r\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REF = re.compile(rb"([A-Za-z]*)(\d*)")
_MAX_TAG = 1 << 20


#: what a row or column number past any sheet counts as: a reference of thousands of digits
#: would not even convert (Python refuses ints of over 4,300 digits), and is refused either way
HUGE = 10**12


def number(digits: bytes) -> int:
    """``b"0042"`` → 42; a number of more than twelve digits → :data:`HUGE`."""
    digits = digits.lstrip(b"0")
    return int(digits) if len(digits) <= 12 else HUGE if digits else 0


def column_number(letters: bytes) -> int:
    """``b"XFD"`` → 16384 (any case); more than eight letters → :data:`HUGE`."""
    if len(letters) > 8:
        return HUGE
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _largest(found: list[bytes]) -> bytes:
    """The largest of equal-alphabet tokens without leading zeros: longest, then greatest
    (byte order is number order among tokens of one length)."""
    longest = max(map(len, found))
    if min(map(len, found)) == longest:
        return max(found)
    return max(t for t in found if len(t) == longest)


def _greater(token: str, alphabet: str) -> str:
    """A pattern for the tokens of ``alphabet`` (no leading zero) greater than ``token``
    (``""`` for none): longer ones, or as long with a greater symbol after a common start."""
    first, last = alphabet[0], alphabet[-1]
    every = f"[{first}-{last}]"
    alternatives = [f"{every}{{{len(token) + 1},}}"]
    for i, symbol in enumerate(token):
        if symbol != last:
            rest = len(token) - i - 1
            after = alphabet[alphabet.index(symbol) + 1]
            alternatives.append(f"{token[:i]}[{after}-{last}]" + f"{every}{{{rest}}}" * bool(rest))
    return "|".join(alternatives)


def column_letters(n: int) -> str:
    """16384 → ``"XFD"`` (0 → ``""``)."""
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _at_most(token: str, alphabet: str) -> str:
    """A pattern for the tokens of ``alphabet`` (no leading zero: digits start at ``1``) not
    greater than ``token``: shorter ones, or as long with a symbol no greater after a common
    start.  Written for the regular-expression engine: the shorter ones possessively (what
    follows is of the other alphabet, or a quote), and a class where one will do."""
    every = f"[{alphabet[0]}-{alphabet[-1]}]"
    lead = alphabet[1] if alphabet[0] == "0" else alphabet[0]
    alternatives = []
    if len(token) > 1:
        alternatives.append(f"[{lead}-{alphabet[-1]}]{every}{{0,{len(token) - 2}}}+")
    for i, symbol in enumerate(token):
        low = lead if i == 0 else alphabet[0]
        rest = len(token) - i - 1
        if rest == 0:
            alternatives.append(f"{token[:i]}[{low}-{symbol}]")
        elif symbol > low:
            below = alphabet[alphabet.index(symbol) - 1]
            alternatives.append(f"{token[:i]}[{low}-{below}]{every}{{{rest}}}")
    return "|".join(alternatives)


@lru_cache(maxsize=32)
def _suspect(max_row: int, max_col: int) -> re.Pattern[bytes]:
    """A cell start tag the quick way does not vouch for: not ``<c r="REF"`` with ``REF``
    upper-case, without a leading zero and within ``max_row`` and ``max_col``."""
    rows = _at_most(str(max_row), "0123456789")
    cols = _at_most(column_letters(max_col), "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return re.compile(f'<c(?:[\\t\\n\\r\\f\\v>/]| (?!r="(?:{cols})(?:{rows})"))'.encode())


@lru_cache(maxsize=32)
def _beyond(max_row: int, max_col: int) -> re.Pattern[bytes]:
    """A canonical cell reference past row ``max_row`` or past column ``max_col``."""
    rows = _greater(str(max_row) if max_row else "", "0123456789")
    cols = _greater(column_letters(max_col), "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return re.compile(f'<c r="(?:(?:{cols})\\d|[A-Z]+(?:{rows})")'.encode())


@dataclass(slots=True)
class _Walk:
    """The reader's own position rules, for the exact way through a part."""

    row: int = 1
    col: int = 1

    def tag(self, closing: bool, name: bytes, attrs: bytes) -> tuple[int, int] | None:
        """The position a start tag gives a cell (None for rows, ends and empty cells)."""
        empty = attrs.endswith(b"/")
        if closing:
            if name == b"row":
                self.row, self.col = self.row + 1, 1
            return None
        if empty:
            return None
        m = _R_ATTR.search(attrs)
        ref = (m.group(1) if m.group(1) is not None else m.group(2)) if m else None
        if name == b"row":
            if ref is not None:
                digits = _REF.fullmatch(ref)
                self.row = number(digits.group(2)) if digits and digits.group(2) else self.row
            return None
        if ref is None:
            pos = (self.row, self.col)
        else:
            parts = _REF.fullmatch(ref)
            if parts is None or not parts.group(2) or not parts.group(1):
                return None  # the reader refuses the sheet as damaged: no allocation
            pos = (number(parts.group(2)), column_number(parts.group(1)))
        self.col = pos[1] + 1
        return pos


class SheetScan:
    """Cells of one worksheet part, fed in chunks that end at a ``>`` (see the docstring)."""

    def __init__(self, exact: bool = False) -> None:
        self.exact = exact
        #: whether the last chunk was taken the quick way (its cell tags are all vouched for)
        self.quick = False
        self.max_row = 0
        self.max_col = 0
        self.min_row = 0
        self.min_col = 0
        self.values = 0
        self.elements = 0
        self._walk = _Walk()
        self._tail = b""

    def feed(self, data: bytes) -> str | None:
        """Take one chunk; RESTART when the part needs the exact way, else None."""
        self.quick = False
        if self.exact:
            return self._exact(data)
        if self._quick(data):
            self.quick = True
            return None
        if any(p.search(data) for p in _UNUSUAL):
            self.exact = True
            return RESTART
        cells = data.count(b'<c r="')
        self.elements += cells
        self.values += data.count(b"</c")
        if not cells:  # rows without cells place nothing
            return None
        self.min_row = self.min_row or 1
        self.min_col = self.min_col or 1
        # The last cell is usually the farthest so far: one search then proves no cell is
        # past it (a pass in C), and only a chunk with one that is looks at every reference.
        last = _LAST_REF.match(data, data.rfind(b'<c r="'))
        if last is not None:
            row = max(self.max_row, number(last.group(2)))
            col = max(self.max_col, column_number(last.group(1)))
            if _beyond(row, col).search(data) is None:
                self.max_row, self.max_col = row, col
                return None
        rows = _ROW_NUM.findall(data)  # a reference the reader cannot parse it refuses itself
        if rows:
            self.max_row = max(self.max_row, number(_largest(rows)))
        wide = _WIDE.findall(data)
        if wide:
            self.max_col = max(self.max_col, column_number(_largest(wide)))
        elif self.max_col < 26 and _LETTER_PAST[self.max_col].search(data):
            self.max_col = max(self.max_col, column_number(max(_LETTERS.findall(data))))
        return None

    def _quick(self, data: bytes) -> bool:
        """Take ``data`` the quick way if it can be (see the module docstring)."""
        at = data.rfind(b'<c r="')
        last = _LAST_REF.match(data, at) if at >= 0 else None
        if last is None or (b":" in data and _UNUSUAL[2].search(data) is not None):
            return False  # no cell to start from, or a tag with a namespace prefix
        row = max(self.max_row, number(last.group(2)))
        col = max(self.max_col, column_number(last.group(1)))
        # a chunk may end inside a row: the last cell of the last whole row is as far right
        row_end = data.rfind(b"</row>", 0, at)
        before = data.rfind(b'<c r="', 0, row_end) if row_end > 0 else -1
        whole = _LAST_REF.match(data, before) if before >= 0 else None
        if whole is not None:
            row = max(row, number(whole.group(2)))
            col = max(col, column_number(whole.group(1)))
        if _suspect(row, col).search(data) is not None:
            return False
        self.elements += data.count(b'<c r="')
        self.values += data.count(b"</c")
        self.min_row = self.min_row or 1
        self.min_col = self.min_col or 1
        self.max_row, self.max_col = row, col
        return True

    def _exact(self, data: bytes) -> str | None:
        data = self._tail + data
        end = 0
        for m in _ANY_TAG.finditer(data):
            end = m.end()
            closing, name, attrs = m.group(1) == b"/", m.group(2), m.group(3).rstrip()
            if name == b"c":
                if closing:
                    self.values += 1
                else:
                    self.elements += 1
            pos = self._walk.tag(closing, name, attrs)
            if pos is None:
                continue
            r, c = pos
            self.max_row, self.max_col = max(self.max_row, r), max(self.max_col, c)
            self.min_row = min(self.min_row, r) if self.min_row else r
            self.min_col = min(self.min_col, c) if self.min_col else c
        tail = data[end:]
        start = _TAG_START.search(tail)
        self._tail = tail[start.start() :] if start else tail[-64:]
        if len(self._tail) > _MAX_TAG:
            return "a cell's markup is over 1 MB long: the sheet cannot be read safely"
        return None

    def span(self) -> tuple[int, int]:
        """Rows × columns of the rectangle the cells span (what the reader allocates)."""
        if not self.max_row or not self.max_col:
            return 0, 0
        return self.max_row - self.min_row + 1, self.max_col - self.min_col + 1

    def refusal(self, limits: Limits) -> str | None:
        rows, cols = self.span()
        what = "its cells span"
        if self.max_row > MAX_EXCEL_ROWS or self.max_col > MAX_EXCEL_COLS:
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
