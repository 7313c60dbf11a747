"""Fill a funder's own workbook through a saved cell map, keeping everything else as designed.

A cell map says where each figure goes: ``{target: figure_key}`` where a target is
``Sheet!B5`` / ``'Sheet name'!B5`` or a defined name that points at one cell.  The template
is loaded and saved with openpyxl, so its styles, merged cells, formulas, column widths and
other sheets survive; Excel recalculates its formulas when the filled file is opened.

Rules: text that starts like a formula (``= + - @``) is stored as text; a target that holds a
formula, sits inside a merged range (not its top-left cell), or cannot be found is a problem.
Problems come back as values and then nothing is written.  Money (``Decimal``) is written as
an exact number (openpyxl writes ``str(Decimal)``; no float on the way).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from .cells import is_formula_like

if TYPE_CHECKING:  # openpyxl is imported when a template is filled, not by every export
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook.workbook import Workbook

FigureValue = Decimal | int | str | date | None


@dataclass(frozen=True, slots=True)
class TemplateProblem:
    """Why one map entry could not be filled."""

    target: str
    figure: str
    reason: str

    def __str__(self) -> str:
        return f"{self.target}: {self.figure}: {self.reason}"


def _split_target(target: str) -> tuple[str, str] | None:
    """``'My sheet'!$B$5`` -> (``My sheet``, ``B5``); None when there is no ``!``."""
    if "!" not in target:
        return None
    sheet, _, ref = target.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, ref.replace("$", "")


def _defined_cell(wb: Workbook, name: str) -> tuple[str, str] | str:
    """The one cell a workbook-level defined name points to, or why not."""
    dn = wb.defined_names.get(name)
    for ws in wb.worksheets:  # sheet-scoped names too
        dn = dn or ws.defined_names.get(name)
    if dn is None:
        return "no such sheet!cell or defined name"
    dests = list(dn.destinations)
    if len(dests) != 1:
        return "defined name does not point at one cell"
    sheet, ref = dests[0]
    ref = ref.replace("$", "")
    if ":" in ref:
        lo, hi = ref.split(":")
        if lo != hi:
            return "defined name points at a range, not one cell"
        ref = lo
    return sheet, ref


def _resolve(wb: Workbook, target: str) -> Cell | str:
    """The target cell, or the reason it cannot be filled."""
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.utils.cell import coordinate_from_string
    from openpyxl.utils.exceptions import CellCoordinatesException
    from openpyxl.worksheet.worksheet import Worksheet

    parts = _split_target(target)
    found = parts if parts is not None else _defined_cell(wb, target)
    if isinstance(found, str):
        return found
    sheet, ref = found
    if sheet not in wb.sheetnames:
        return f"no sheet called {sheet!r}"
    try:
        coordinate_from_string(ref)
    except (ValueError, CellCoordinatesException):
        return f"{ref!r} is not a cell reference"
    ws = wb[sheet]
    if not isinstance(ws, Worksheet):
        return f"{sheet!r} is not a worksheet"
    cell = ws[ref]
    if isinstance(cell, MergedCell):
        return "inside a merged range; map its top-left cell"
    if not isinstance(cell, Cell):
        return f"{ref!r} is not one cell"
    if cell.data_type == "f":
        return "holds a formula of the template; not overwritten"
    return cell


def _put(cell: Cell, value: FigureValue) -> None:
    """Write keeping the cell's style; formula-like text stays text."""
    if isinstance(value, float):
        raise TypeError("figures must be Decimal, not float")
    cell.value = value
    if isinstance(value, str) and is_formula_like(value):
        cell.data_type = "s"


def check_cell_map(
    wb: Workbook, cell_map: Mapping[str, str], figures: Mapping[str, FigureValue]
) -> tuple[list[tuple[Cell, FigureValue]], list[TemplateProblem]]:
    """Resolve every map entry: (cells to write with their values, problems)."""
    writes: list[tuple[Cell, FigureValue]] = []
    problems: list[TemplateProblem] = []
    for target, key in cell_map.items():
        if key not in figures:
            problems.append(TemplateProblem(target, key, "no such figure in this return"))
            continue
        cell = _resolve(wb, target)
        if isinstance(cell, str):
            problems.append(TemplateProblem(target, key, cell))
        else:
            writes.append((cell, figures[key]))
    return writes, problems


def fill_template(
    template: str | Path,
    out: str | Path,
    cell_map: Mapping[str, str],
    figures: Mapping[str, FigureValue],
) -> list[TemplateProblem]:
    """Fill ``template`` into ``out``; returns the problems (and writes nothing if any)."""
    from openpyxl import load_workbook

    keep_vba = str(template).lower().endswith(".xlsm")
    wb = load_workbook(template, keep_vba=keep_vba, keep_links=True)
    try:
        writes, problems = check_cell_map(wb, cell_map, figures)
        if problems:
            return problems
        for cell, value in writes:
            _put(cell, value)
        wb.calculation.fullCalcOnLoad = True
        wb.save(out)
    finally:
        wb.close()
    return []
