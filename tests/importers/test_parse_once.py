"""Each step of reading a file looks at the grid once (issue 23): the header is located while
choosing the sheet and that table is the one parsed; the result is what locating it again
gave."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from importers import table
from importers.api import ImportOptions, parse_file
from tests.importers.builders import Build

ROWS: list[list[Any]] = [
    ["Spend report"],
    ["Date", "Cost Centre", "Supplier", "Amount"],
    [date(2025, 4, 2), "LC4410", "Acme", 12.5],
    [date(2025, 5, 3), "LC5120", "Brook", -3.25],
    [None, "Total", None, 9.25],
]


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = table.find_table

    def find_table(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0].name)
        return real(*args, **kwargs)

    monkeypatch.setattr("importers.api.find_table", find_table)
    return calls


def test_the_header_is_located_once(build: Build, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    rows, problems, info = parse_file("transactions", build(ROWS, title="Spend"))
    assert calls == ["Spend"]
    assert problems == []
    assert info is not None and info.header_row == 2 and len(info.totals) == 1
    assert [(r.row, r.cost_centre, r.amount) for r in rows] == [
        (3, "LC4410", Decimal("12.50")),
        (4, "LC5120", Decimal("-3.25")),
    ]


def test_a_named_sheet_is_located_when_parsed(
    build: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _counting(monkeypatch)
    path = build(ROWS, title="Spend")
    rows, problems, _info = parse_file("transactions", path, ImportOptions(sheet="Spend"))
    assert calls == ["Spend"] and problems == [] and len(rows) == 2
