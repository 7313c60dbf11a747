"""Opening any file the importers read: .xlsx/.xlsm, .xls, .xlsb, .ods and CSV text.

The format is told by the bytes, not the name (a .xlsb saved as ".xlsx" is still read), except
that a file named as an Excel workbook that is not one keeps the workbook checks' own message.
Every format gives a :class:`Book`: its sheets in tab order, each read as a
:class:`importers.workbook.Sheet`, so header finding, mapping, cells, totals and messages are
the same for all.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from .calamine_book import open_calamine
from .package import check_package
from .problems import ImportProblem
from .safety import DEFAULT_LIMITS, OLE_MAGIC, Limits, check_workbook_file
from .text_file import open_text
from .workbook import Sheet, SheetInfo, open_workbook

__all__ = ["FILE_FILTER", "SUFFIXES", "Book", "open_book"]

#: what the file dialog offers, and the suffixes read
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".tsv", ".txt")
FILE_FILTER = (
    "Spreadsheets and CSV (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.tsv *.txt);;"
    "Excel workbooks (*.xlsx *.xlsm *.xls *.xlsb);;OpenDocument (*.ods);;"
    "CSV text (*.csv *.tsv *.txt);;All files (*)"
)
_XLSX_NAMES = (".xlsx", ".xlsm", ".xltx", ".xltm")


class Book(Protocol):
    """An opened file: its sheets, and each sheet's values on demand."""

    @property
    def file(self) -> str: ...
    @property
    def sheets(self) -> Sequence[SheetInfo]: ...
    def read_sheet(self, name: str) -> tuple[Sheet | None, list[ImportProblem]]: ...
    def close(self) -> None: ...


def open_book(
    path: Path, limits: Limits = DEFAULT_LIMITS
) -> tuple[Book | None, list[ImportProblem]]:
    """Check and open ``path`` in whichever format it is (see the module docstring)."""
    if not path.is_file():
        return open_workbook(path, limits)  # the workbook checks say "file not found" etc.
    with path.open("rb") as fh:
        head = fh.read(8)
    suffix = path.suffix.lower()
    if head == OLE_MAGIC:
        return _ole(path, limits, suffix)
    if zipfile.is_zipfile(path):
        return _zip(path, limits)
    if head.startswith(b"PK\x03\x04") or suffix in _XLSX_NAMES or suffix in (".xlsb", ".ods"):
        return open_workbook(path, limits)
    return open_text(path, limits)


def _ole(path: Path, limits: Limits, suffix: str) -> tuple[Book | None, list[ImportProblem]]:
    """An OLE compound file: a legacy .xls, or an encrypted (password-protected) .xlsx."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        return None, check_workbook_file(path, limits)
    book, problems = open_calamine(path, "xls")
    if book is not None or suffix == ".xls":
        return book, problems
    return None, check_workbook_file(path, limits)  # "password-protected or legacy .xls …"


def _zip(path: Path, limits: Limits) -> tuple[Book | None, list[ImportProblem]]:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError):
        return open_workbook(path, limits)
    if "xl/workbook.bin" in names:
        fmt, what = "xlsb", ".xlsb workbook"
    elif b"opendocument.spreadsheet" in mimetype or (
        "content.xml" in names and not mimetype and "xl/workbook.xml" not in names
    ):
        fmt, what = "ods", "OpenDocument spreadsheet"
    else:
        return open_workbook(path, limits)
    problems = check_package(path, limits, what)
    if problems:
        return None, problems
    return open_calamine(path, fmt)
