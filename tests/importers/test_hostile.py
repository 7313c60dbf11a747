"""Issue 16's hostile workbooks, built in code, are refused in a child process within the
issue's bounds (an abort or a runaway allocation fails the test, not the suite).

The child runs under an address-space ceiling; its own peak memory (VmHWM) and CPU seconds
are what it reports.  CPU seconds, not wall time, so a loaded machine does not flake."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from importers.api import parse_file
from importers.safety import check_workbook_file
from tests.importers import hostile
from tests.importers.hostile import ChildRun, run_child

MAX_MB = 400
MAX_CPU_S = 5.0


def _refused(run: ChildRun, *expected: str) -> None:
    assert run.returncode == 0, f"the child died ({run.returncode}): {run.stderr}"
    assert run.problems, "the hostile file was accepted"
    for text in expected:
        assert any(text in p for p in run.problems), run.problems
    assert run.peak_mb < MAX_MB, f"peak {run.peak_mb:.0f} MB"
    assert run.cpu_s < MAX_CPU_S, f"{run.cpu_s:.1f} CPU seconds"


@pytest.mark.parametrize(
    "tag",
    [
        "r='XFD1048576'",
        '\nr="XFD1048576"',
        'r = "XFD1048576"',
        "\tr='XFD1048576'",
        's="1" r="XFD1048576"',
        'r="xfd1048576"',
        'r="XFD01048576"',
    ],
    ids=["single-quoted", "newline", "spaced", "tab-single", "not-first", "lower", "zero"],
)
def test_far_cell_however_written_is_refused(tmp_path: Path, tag: str) -> None:
    path = hostile.far_corner(tmp_path / "far.xlsx", tag)
    assert path.stat().st_size < 5 * 1024
    _refused(
        run_child(path),
        "sheet dimensions are absurd: its cells span 1,048,576 rows × 16,384 columns",
    )


def test_cells_without_references_are_placed_as_the_reader_places_them(tmp_path: Path) -> None:
    """No ``r`` on the cells: each is the next column of its row; a row without ``r`` is
    the next row.  One row far down and one row of 16,384 cells still span the sheet."""
    wide = "<row>" + "".join(f"<c><v>{i * 7919 % 10007}</v></c>" for i in range(16_384)) + "</row>"
    body = hostile.HEADER + '<row r="1048575"><c r="A1048575"><v>1</v></c></row>' + wide
    path = hostile.write_xlsx(tmp_path / "norefs.xlsx", [hostile.sheet_xml(body)])
    _refused(run_child(path), "its cells span 1,048,576 rows × 16,384 columns")


def test_many_small_parts_expanding_to_1000_mib(tmp_path: Path) -> None:
    path = hostile.many_small_bombs(tmp_path / "bomb.xlsx")
    with zipfile.ZipFile(path) as zf:
        assert max(i.file_size for i in zf.infolist()) <= 1024 * 1024
    assert path.stat().st_size < 6 * 1024 * 1024
    _refused(run_child(path), "would expand to 1000.0 MB, over the 512.0 MB limit")


def test_parts_each_under_1_mib_compressing_300_times(tmp_path: Path) -> None:
    """Under the total limit, but every part a bomb: the ratio applies to every part."""
    path = hostile.many_small_bombs(tmp_path / "parts.xlsx", parts=100)
    _refused(run_child(path), "xl/media/pad", "times (possible zip bomb)")


def test_900_sheets(tmp_path: Path) -> None:
    path = hostile.many_sheets(tmp_path / "sheets.xlsx")
    _refused(run_child(path), "has 900 sheets, over the limit of 250")


def test_more_values_than_the_limit(tmp_path: Path) -> None:
    path = hostile.many_values(tmp_path / "values.xlsx", 400_000)
    _refused(run_child(path), "cells with values, over the limit of 2,000,000: split it")


def test_template_of_blank_cells(tmp_path: Path) -> None:
    path = hostile.blank_cells(tmp_path / "template.xlsx", 30_000)
    assert path.stat().st_size > 1_000_000
    _refused(run_child(path, "template"), "cells, over the limit of 200,000")


def test_workbook_found_through_relationships(tmp_path: Path) -> None:
    """A workbook part not at xl/workbook.xml is the one checked and read; a decoy at
    xl/workbook.xml is not what the reader sees."""
    body = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Amount</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>01/04/2025</t></is></c>'
        '<c r="B2"><v>12.5</v></c></row>'
    )
    path = hostile.write_xlsx(
        tmp_path / "moved.xlsx",
        [hostile.sheet_xml(body)],
        workbook="book/main.xml",
        extra={"xl/workbook.xml": b"<workbook/>"},
    )
    assert check_workbook_file(path) == []
    from importers.workbook import open_workbook

    book, problems = open_workbook(path)
    assert problems == [] and book is not None
    sheet, problems = book.read_sheet("S1")
    book.close()
    assert problems == []
    assert sheet is not None and sheet.rows == [["Date", "Amount"], ["01/04/2025", 12.5]]
    far = hostile.sheet_xml(body + "<row r=\"1048576\"><c r='XFD1048576'><v>1</v></c></row>")
    bad = hostile.write_xlsx(tmp_path / "far.xlsx", [far], workbook="book/main.xml")
    assert "its cells span 1,048,576 rows" in str(check_workbook_file(bad)[0])
    rows, problems, _ = parse_file("transactions", bad)
    assert rows == [] and problems


def test_far_cell_in_a_binary_workbook(tmp_path: Path) -> None:
    path = hostile.far_xlsb(tmp_path / "far.xlsb")
    _refused(
        run_child(path),
        "sheet1.bin: sheet dimensions are absurd: its cells span 1,048,576 rows × 16,384 columns",
    )


def test_repeated_cells_in_an_opendocument_spreadsheet(tmp_path: Path) -> None:
    """6,000 rows × 16,384 columns of one repeated value: the reader would take gigabytes
    before its own hundred-million-cell limit; a million trailing blank rows are no refusal."""
    path = hostile.repeated_ods(tmp_path / "rep.ods", 6_000, 16_384)
    _refused(run_child(path), "its cells span 6,000 rows × 16,384 columns")
    small = hostile.repeated_ods(tmp_path / "small.ods", 2, 3)
    from importers.package import check_package
    from importers.safety import DEFAULT_LIMITS

    assert check_package(small, DEFAULT_LIMITS, "OpenDocument spreadsheet") == []


def test_too_many_sheets_in_binary_and_opendocument_workbooks(tmp_path: Path) -> None:
    from importers.package import check_package
    from importers.safety import DEFAULT_LIMITS

    xlsb = hostile.far_xlsb(tmp_path / "many.xlsb", sheets=300)
    assert [p.reason for p in check_package(xlsb, DEFAULT_LIMITS, ".xlsb workbook")] == [
        "has 300 sheets, over the limit of 250"
    ]
    ods = hostile.repeated_ods(tmp_path / "many.ods", 1, 1, tables=300)
    assert [p.reason for p in check_package(ods, DEFAULT_LIMITS, "OpenDocument spreadsheet")] == [
        "has 251 sheets, over the limit of 250"
    ]
