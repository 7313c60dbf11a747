"""Reading .xls, .xlsb and .ods workbooks (python-calamine), beside .xlsx (:mod:`.workbook`).

These formats go through the same pipeline as .xlsx: sheets in tab order with visibility, cell
values (formula cells hold their cached values), merged ranges where the reader reports them.
What only the .xlsx byte scan can see (uncached formulas, error cells) is not known for them:
an error cell reads as its error text (``#DIV/0!``), which the cell readers refuse as not an
amount or date.

Safety before reading: the file size limit for all; for the zip-based formats (.xlsb, .ods) the
zip checks of :mod:`.package`; an OLE file (.xls) that is really an encrypted .xlsx is refused
as password-protected.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import python_calamine

from .problems import ImportProblem
from .workbook import CellRange, Sheet, SheetInfo

__all__ = ["CalamineBook", "open_calamine"]

FORMAT_NAMES = {"xls": ".xls workbook", "xlsb": ".xlsb workbook", "ods": "OpenDocument spreadsheet"}


class CalamineBook:
    """An .xls, .xlsb or .ods workbook opened with python-calamine."""

    def __init__(self, path: Path, book: Any, sheets: tuple[SheetInfo, ...]) -> None:
        self.path = path
        self.file = path.name
        self.sheets = sheets
        self._book = book

    def __enter__(self) -> CalamineBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._book is not None:
            self._book.close()
            self._book = None

    def read_sheet(self, name: str) -> tuple[Sheet | None, list[ImportProblem]]:
        info = next((s for s in self.sheets if s.name == name), None)
        if info is None:
            names = ", ".join(repr(s.name) for s in self.sheets)
            return None, [self._problem(None, f"no sheet named {name!r} (sheets: {names})")]
        try:
            cs = self._book.get_sheet_by_name(name)
            start = cs.start
            rows: list[list[Any]] = cs.to_python() if start is not None else []
            merged = _merged(cs)
        except Exception as exc:  # calamine raises its own error types for damaged parts
            return None, [self._problem(name, f"the sheet cannot be read ({_reader_error(exc)})")]
        first_row, first_col = (start[0] + 1, start[1] + 1) if start is not None else (1, 1)
        return Sheet(name, info.visible, rows, first_row, first_col, merged), []

    def _problem(self, sheet: str | None, reason: str) -> ImportProblem:
        return ImportProblem(self.file, sheet, None, None, None, "", reason)


def _merged(cs: Any) -> tuple[CellRange, ...]:
    try:
        found = cs.merged_cell_ranges or []
    except Exception:  # not every format reports merges
        return ()
    return tuple(CellRange(a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1) for a, b in found)


def _reader_error(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def open_calamine(path: Path, fmt: str) -> tuple[CalamineBook | None, list[ImportProblem]]:
    """Open ``path`` as ``fmt`` (xls, xlsb, ods); problems name the format and the reason."""
    what = FORMAT_NAMES[fmt]
    try:
        book = _open(path, fmt)
        sheets = tuple(_sheet_info(m) for m in book.sheets_metadata)
    except python_calamine.PasswordError:
        reason = f"password-protected {what}: save it without a password to import it"
        return None, [ImportProblem(path.name, None, None, None, None, "", reason)]
    except Exception as exc:  # the reader's own errors, said in our words first
        reason = f"the {what} cannot be read: it may be damaged ({_reader_error(exc)})"
        return None, [ImportProblem(path.name, None, None, None, None, "", reason)]
    if not sheets:
        reason = f"the {what} has no sheets"
        return None, [ImportProblem(path.name, None, None, None, None, "", reason)]
    return CalamineBook(path, book, sheets), []


def _open(path: Path, fmt: str) -> Any:
    """The reader picks its parser by the suffix; a file named otherwise is read from its
    bytes, whose format the reader tells itself."""
    if path.suffix.lower() == f".{fmt}":
        return python_calamine.CalamineWorkbook.from_path(str(path))
    with path.open("rb") as fh:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(fh.read()))


def _sheet_info(meta: Any) -> SheetInfo:
    visible = bool(meta.visible == python_calamine.SheetVisibleEnum.Visible)
    return SheetInfo(str(meta.name), visible, None)
