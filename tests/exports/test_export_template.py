"""Filling a funder's template through a cell map keeps its design (styles, merges, formulas)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName

from exports.template import FigureValue, TemplateProblem, fill_template
from tests.exports.export_figures import sheet_xml


def _template(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "YJB return"
    ws["A1"] = "Youth Justice Board – partner contributions"
    ws.merge_cells("A1:D1")
    ws["A1"].font = Font(bold=True, size=16, color="FF1F4E79")
    for r, label in enumerate(["Staffing", "In kind", "Other"], start=3):
        ws[f"A{r}"] = label
        ws[f"B{r}"].number_format = "#,##0"
        ws[f"B{r}"].fill = PatternFill("solid", fgColor="FFFFF2CC")
    ws["A6"] = "Total"
    ws["B6"] = "=SUM(B3:B5)"
    ws["A8"] = "Submitted by"
    ws["A9"] = "Date"
    ws["B9"].number_format = "dd/mm/yyyy"
    ws.column_dimensions["A"].width = 31
    wb.defined_names["OtherFunds"] = DefinedName("OtherFunds", attr_text="'YJB return'!$B$5")
    notes = wb.create_sheet("Guidance")
    notes["A1"] = "Complete the yellow cells only."
    wb.save(path)
    return path


FIGURES: dict[str, FigureValue] = {
    "staffing": Decimal("236556.00"),
    "in_kind": Decimal("12.34"),
    "other": Decimal("1876093.00"),
    "by": '=HYPERLINK("http://x","y")',
    "on": date(2026, 6, 12),
}
MAP = {
    "'YJB return'!B3": "staffing",
    "YJB return!$B$4": "in_kind",
    "OtherFunds": "other",
    "'YJB return'!B8": "by",
    "'YJB return'!B9": "on",
}


def test_fill_keeps_styles_merges_formulas_and_other_sheets(tmp_path: Path) -> None:
    tpl = _template(tmp_path / "template.xlsx")
    out = tmp_path / "filled.xlsx"
    assert fill_template(tpl, out, MAP, FIGURES) == []
    wb = openpyxl.load_workbook(out)
    ws = wb["YJB return"]
    assert [ws["B3"].value, ws["B4"].value, ws["B5"].value] == [236556, 12.34, 1876093]
    assert ws["B6"].value == "=SUM(B3:B5)"
    assert ws["B9"].value.date() == date(2026, 6, 12)
    assert ws["B9"].number_format == "dd/mm/yyyy"
    assert ws["B3"].number_format == "#,##0"
    assert ws["B3"].fill.fgColor.rgb == "FFFFF2CC"
    assert ws["A1"].font.bold is True and ws["A1"].font.sz == 16
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:D1"]
    assert ws.column_dimensions["A"].width == 31
    assert wb.sheetnames == ["YJB return", "Guidance"]
    assert wb["Guidance"]["A1"].value == "Complete the yellow cells only."
    assert "OtherFunds" in wb.defined_names
    assert wb.calculation.fullCalcOnLoad is True
    # the hostile text is a text cell, and the only formula is the template's own
    xml = sheet_xml(out, 1)
    assert re.findall(r"<f>(.*?)</f>", xml) == ["SUM(B3:B5)"]
    assert ws["B8"].value == FIGURES["by"] and ws["B8"].data_type == "s"
    # money went in exactly (no float on the way)
    assert re.search(r'<c r="B4"[^>]*t="n"[^>]*><v>12.34</v>', xml)
    assert re.search(r'<c r="B5"[^>]*t="n"[^>]*><v>1876093</v>', xml)


def test_problems_are_reported_and_nothing_is_written(tmp_path: Path) -> None:
    tpl = _template(tmp_path / "template.xlsx")
    out = tmp_path / "filled.xlsx"
    bad = {
        "'YJB return'!B6": "staffing",  # the template's total formula
        "'YJB return'!B1": "staffing",  # inside the merged title
        "Nowhere!A1": "staffing",
        "NoSuchName": "staffing",
        "'YJB return'!B3": "missing",
        "'YJB return'!ZZ": "staffing",
    }
    problems = fill_template(tpl, out, bad, FIGURES)
    assert [str(p) for p in problems] == [
        "'YJB return'!B6: staffing: holds a formula of the template; not overwritten",
        "'YJB return'!B1: staffing: inside a merged range; map its top-left cell",
        "Nowhere!A1: staffing: no sheet called 'Nowhere'",
        "NoSuchName: staffing: no such sheet!cell or defined name",
        "'YJB return'!B3: missing: no such figure in this return",
        "'YJB return'!ZZ: staffing: 'ZZ' is not a cell reference",
    ]
    assert isinstance(problems[0], TemplateProblem)
    assert not out.exists()
