"""Fixtures for the importer tests (helpers live in ``builders.py``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from tests.importers.builders import Build, write_rows


@pytest.fixture
def build(tmp_path: Path) -> Build:
    """``build(rows, name="x.xlsx", title="Sheet", tweak=None)``: one sheet of ``rows``
    (None = blank cell); ``tweak(ws)`` adjusts it (merge cells, styles) before saving."""

    def make(
        rows: Sequence[Sequence[Any]],
        name: str = "x.xlsx",
        title: str = "Sheet",
        tweak: Callable[[Worksheet], None] | None = None,
    ) -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = title
        write_rows(ws, rows)
        if tweak is not None:
            tweak(ws)
        path = tmp_path / name
        wb.save(path)
        return path

    return make
