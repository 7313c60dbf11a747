"""Helpers that build awkward workbooks: in the test with openpyxl, or by hand with zipfile."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

Build = Callable[..., Path]


def write_rows(ws: Worksheet, rows: Sequence[Sequence[Any]], start_row: int = 1) -> None:
    for i, row in enumerate(rows, start=start_row):
        for j, v in enumerate(row, start=1):
            if v is not None:
                ws.cell(row=i, column=j, value=v)


def replace_member(src: Path, dst: Path, member: str, data: bytes, **extra: bytes) -> Path:
    """Copy the zip ``src`` to ``dst`` with ``member`` replaced (and ``extra`` parts added)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, data if info.filename == member else zin.read(info))
        for name, payload in extra.items():
            zout.writestr(name.replace("__", "/"), payload)
    return dst
