"""Helpers that build awkward workbooks: in the test with openpyxl, or by hand with zipfile."""

from __future__ import annotations

import struct
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


def _rec(kind: int, data: bytes = b"") -> bytes:
    """One BIFF12 record: its type and size as 7-bit varints, then the data."""
    out = bytearray([kind] if kind < 128 else [(kind & 0x7F) | 0x80, kind >> 7])
    n = len(data)
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out) + data


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


_XLSB_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.bin" '
    'ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Override '
    'PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>'
    "</Relationships>"
)


def write_xlsb(path: Path, rows: Sequence[Sequence[str | float]], sheet: str = "Sheet") -> Path:
    """A minimal .xlsb (binary workbook) of one sheet of text and number cells, written
    record by record ([MS-XLSB]: BrtBeginBook, BrtBundleSh, BrtWsDim, BrtRowHdr, BrtCellSt,
    BrtCellReal…), since no Python package writes the format."""
    book = (_rec(131) + _rec(143) + _rec(156, struct.pack("<II", 0, 1) + _wide("rId1")
            + _wide(sheet)) + _rec(144) + _rec(132))  # fmt: skip
    width = max(len(r) for r in rows)
    body = _rec(129) + _rec(148, struct.pack("<IIII", 0, len(rows) - 1, 0, width - 1)) + _rec(145)
    for r, row in enumerate(rows):
        body += _rec(0, struct.pack("<IIHHI", r, 0, 300, 0, 0))
        for c, v in enumerate(row):
            cell = struct.pack("<II", c, 0)
            if isinstance(v, str):
                body += _rec(6, cell + _wide(v))
            else:
                body += _rec(5, cell + struct.pack("<d", float(v)))
    body += _rec(146) + _rec(130)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _XLSB_TYPES)
        zf.writestr("_rels/.rels", _RELS.format(kind="officeDocument", target="xl/workbook.bin"))
        zf.writestr("xl/workbook.bin", book)
        zf.writestr(
            "xl/_rels/workbook.bin.rels",
            _RELS.format(kind="worksheet", target="worksheets/sheet1.bin"),
        )
        zf.writestr("xl/worksheets/sheet1.bin", body)
    return path
