"""Reading a CSV (or tab-separated) text file as a one-sheet workbook.

Councils publish spending as CSV far more often than as workbooks.  The text is UTF-8 (with or
without a byte-order mark), UTF-16 with a byte-order mark, or Windows-1252; the delimiter is a
comma, semicolon, tab or bar, detected from the first lines; quoted fields may hold delimiters
and line breaks.  Cells stay text: amounts ("1,000.00", "(12.50)") and UK dates are read by the
same core parsers as text cells of a workbook.

The file is one sheet named after the file, so a problem prints as ``file.csv: B7 …``.  Limits
of its own, worded like the workbook checks (:mod:`importers.safety`): the file size, rows,
columns and the length of one field (Excel's own ceilings), and no NUL bytes (a binary file).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .problems import ImportProblem
from .safety import MAX_EXCEL_COLS, MAX_EXCEL_ROWS, Limits
from .workbook import Sheet, SheetInfo

__all__ = ["TEXT_SUFFIXES", "TextBook", "decode_text", "open_text", "sniff_delimiter"]

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
MAX_FIELD_CHARS = 32_767  # Excel's limit for one cell
_DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_LINES = 50


@dataclass(frozen=True, slots=True)
class TextLimits:
    """Ceilings for a text file: rows and columns as Excel's, a field as one Excel cell."""

    max_rows: int = MAX_EXCEL_ROWS
    max_cols: int = MAX_EXCEL_COLS
    max_field: int = MAX_FIELD_CHARS


def decode_text(data: bytes) -> tuple[str | None, str]:
    """The text and the encoding name, or (None, reason)."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        if b"\0" in data[:65536]:
            return None, "not a text file (it holds NUL bytes): not a CSV file or a workbook"
        encoding = "utf-8"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        if encoding != "utf-8":
            return None, f"the text is not valid {encoding.upper()}"
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        byte = data[exc.start : exc.start + 1].hex().upper()
        return None, f"the text is neither UTF-8 nor Windows-1252 (byte 0x{byte} at {exc.start:,})"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number (>1) of fields most
    often; a comma when none does."""
    lines = [ln for ln in text.splitlines()[:_SAMPLE_LINES] if ln.strip()]
    best, best_score = ",", 0
    for d in _DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=d)]
        except csv.Error:
            continue
        common = Counter(w for w in widths if w > 1).most_common(1)
        score = common[0][1] if common else 0
        if score > best_score:
            best, best_score = d, score
    return best


class TextBook:
    """A CSV file opened as a workbook of one visible sheet (see the module docstring)."""

    def __init__(self, path: Path, rows: list[list[str]], delimiter: str, encoding: str) -> None:
        self.path = path
        self.file = path.name
        self.delimiter = delimiter
        self.encoding = encoding
        self.sheets = (SheetInfo(path.name, True, None),)
        self._rows = rows

    def __enter__(self) -> TextBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._rows = []

    def read_sheet(self, name: str) -> tuple[Sheet | None, list[ImportProblem]]:
        if name != self.file:
            reason = f"a CSV file has no sheets: it is read as one table (not {name!r})"
            return None, [ImportProblem(self.file, None, None, None, None, "", reason)]
        return Sheet(self.file, True, self._rows), []


def open_text(
    path: Path, limits: Limits, text_limits: TextLimits = TextLimits()
) -> tuple[TextBook | None, list[ImportProblem]]:
    """The CSV file at ``path`` as a :class:`TextBook`, or the problems that stop it."""

    def problem(reason: str) -> tuple[None, list[ImportProblem]]:
        return None, [ImportProblem(path.name, None, None, None, None, "", reason)]

    size = path.stat().st_size
    if size > limits.max_file_bytes:
        return problem(f"file is {_mb(size)}, over the {_mb(limits.max_file_bytes)} limit")
    text, encoding = decode_text(path.read_bytes())
    if text is None:
        return problem(encoding)
    if not text.strip():
        return problem("the file is empty")
    delimiter = sniff_delimiter(text)
    rows, reason = _read_rows(text, delimiter, text_limits)
    if reason is not None:
        return problem(reason)
    return TextBook(path, rows, delimiter, encoding), []


def _read_rows(text: str, delimiter: str, limits: TextLimits) -> tuple[list[list[str]], str | None]:
    csv.field_size_limit(limits.max_field + 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if len(rows) >= limits.max_rows:
                return [], f"has more than {limits.max_rows:,} rows (the most a sheet can hold)"
            if len(row) > limits.max_cols:
                return [], (
                    f"row {reader.line_num:,} has {len(row):,} fields, over the limit of "
                    f"{limits.max_cols:,} columns"
                )
            rows.append(row)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            return [], (
                f"line {reader.line_num:,} has a field longer than {limits.max_field:,} "
                "characters (the most a cell can hold)"
            )
        return [], f"line {reader.line_num:,} cannot be read as CSV ({exc})"
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return rows, None


def _mb(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n:,} bytes"
    return f"{n / (1024 * 1024):.1f} MB"
