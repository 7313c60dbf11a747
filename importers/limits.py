"""The ceilings a file must stay under before any reader sees it, and the words for refusals.

One set of limits for every zip-based format (.xlsx, .xlsb, .ods) and a tighter set for funder
templates, which are loaded whole by openpyxl (about twenty times the memory and time of the
values-only reader):

- ``max_file_bytes``: the file on disk;
- ``max_members``: parts in the zip;
- ``max_total_uncompressed``: all parts expanded, counted while decompressing (a zip header that
  lies about sizes does not help);
- ``max_ratio``: expansion of every part and of the whole file (a zip bomb); a part's compressed
  size is counted as at least ``ratio_floor`` bytes, so a few kilobytes of padding are no bomb;
- ``max_cells``: the rectangle a sheet's cells span (what the reader allocates, blank cells
  included), judged by the cells actually present, not the sheet's declared ``<dimension>``;
- ``max_values``: cells holding a value, in the whole workbook;
- ``max_cell_elements``: cell elements, blank ones included (openpyxl makes an object of each);
- ``max_sheets``: sheets listed in the workbook.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DEFAULT_LIMITS",
    "ENTITY_REASON",
    "MAX_EXCEL_COLS",
    "MAX_EXCEL_ROWS",
    "NOT_ZIP_REASON",
    "OLE_REASON",
    "TEMPLATE_LIMITS",
    "TRUNCATED_REASON",
    "Limits",
    "size_text",
]

NOT_ZIP_REASON = "not an .xlsx workbook (it is not a zip file)"
OLE_REASON = "password-protected or legacy .xls workbook: save it as .xlsx without a password"
TRUNCATED_REASON = "the workbook is damaged or truncated (its zip directory cannot be read)"
ENTITY_REASON = "XML entity declarations are not allowed (possible entity-expansion attack)"
MAX_EXCEL_ROWS = 1_048_576
MAX_EXCEL_COLS = 16_384


@dataclass(frozen=True, slots=True)
class Limits:
    """Ceilings for a workbook we agree to open (see the module docstring)."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_members: int = 2_000
    max_total_uncompressed: int = 512 * 1024 * 1024
    max_ratio: int = 200
    ratio_floor: int = 512
    max_cells: int = 5_000_000
    max_values: int = 2_000_000
    max_cell_elements: int = 20_000_000
    max_sheets: int = 250


DEFAULT_LIMITS = Limits()

#: a funder's return template: a few sheets of a few thousand cells, loaded whole by openpyxl
TEMPLATE_LIMITS = Limits(
    max_file_bytes=5 * 1024 * 1024,
    max_members=500,
    max_total_uncompressed=16 * 1024 * 1024,
    max_cells=1_000_000,
    max_values=100_000,
    max_cell_elements=200_000,
    max_sheets=50,
)


def size_text(n: int) -> str:
    """``1,000 bytes`` under a megabyte, else ``12.5 MB``."""
    if n < 1024 * 1024:
        return f"{n:,} bytes"
    return f"{n / (1024 * 1024):.1f} MB"
