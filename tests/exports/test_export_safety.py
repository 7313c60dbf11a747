"""Formula injection: text that starts like a formula is written as text, never as ``<f>``."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from exports.cells import is_formula_like, to_number
from exports.data import TransactionRow
from exports.returns import transactions
from tests.exports.export_figures import demo_produced, sheet_xml

HOSTILE = ['=HYPERLINK("http://x","y")', "@SUM(A1)", "-Minus Ltd", "+44 116 000"]


def _cell_xml(xml: str, ref: str) -> str:
    m = re.search(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml)
    assert m, f"no cell {ref}"
    return m.group(0)


def test_hostile_supplier_names_are_text_cells(tmp_path: Path) -> None:
    rows = [
        TransactionRow(date(2025, 4, 1), Decimal("1.00"), "LC4410", name, f"R{i}", name)
        for i, name in enumerate(HOSTILE)
    ]
    out = tmp_path / "hostile.xlsx"
    transactions(out, demo_produced(), rows)
    xml = sheet_xml(out, 1)
    for r in range(6, 10):
        supplier = _cell_xml(xml, f"C{r}")
        assert 't="inlineStr"' in supplier or 't="s"' in supplier
        assert "<f>" not in supplier
        assert "<f>" not in _cell_xml(xml, f"E{r}")
    # the only formula in the sheet is our total
    assert re.findall(r"<f>(.*?)</f>", xml) == ["SUM(F6:F9)"]
    ws = openpyxl.load_workbook(out)["Transactions"]
    assert [ws[f"C{r}"].value for r in range(6, 10)] == HOSTILE
    assert {ws[f"C{r}"].data_type for r in range(6, 10)} == {"s"}
    assert ws["C6"].quotePrefix is True  # editing it in Excel keeps it text
    assert ws["C10"].value is None


def test_is_formula_like() -> None:
    assert [is_formula_like(s) for s in ["=1", "+1", "-1", "@a", "a=b", "", " =x"]] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
    ]


def test_to_number_is_exact_and_refuses_huge_values() -> None:
    for s in ["256061.83", "0.01", "-1234567890.99", "9999999999999.99"]:
        assert Decimal(repr(to_number(Decimal(s)))) == Decimal(s)
    with pytest.raises(ValueError, match="too large to write exactly"):
        to_number(Decimal("10000000000000.00"))
