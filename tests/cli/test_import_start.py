"""The import command loads only what an import uses (issue 23): the workbook writer
(xlsxwriter, ``exports``) is loaded only to save an error workbook, not at start-up.  Checked in
a fresh process, as the test session has loaded everything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from db.ledger import Ledger
from importers.problems import ImportProblem
from ui.usecases.import_errors import write_error_workbook

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_command_loads_no_workbook_writer() -> None:
    probe = (
        "import sys\n"
        "import ui.commands.import_, ui.usecases.imports, ui.usecases.import_errors\n"
        "print(sorted(m for m in ('xlsxwriter', 'exports') if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == "[]"


def test_the_error_workbook_is_still_written(ledger: Ledger, tmp_path: Path) -> None:
    problems = [
        ImportProblem("f.xlsx", "Invoices", "B2", 2, "Cost Centre", "ZZ1", "unknown cost centre"),
        ImportProblem("f.xlsx", "Invoices", "F3", 3, "Amount", "x", "not an amount"),
    ]
    out = tmp_path / "problems.xlsx"
    assert write_error_workbook(ledger, problems, out, "f.xlsx") == 2
    cells = [c for row in load_workbook(out)["Problems"].iter_rows(values_only=True) for c in row]
    assert "unknown cost centre" in cells and "not an amount" in cells
