"""A council other than the demo's sets up a new ledger from the command line: names it, adds
its own streams, cost centres and rules, and imports its published spending file (the
shapes of Leeds City Council's June 2013 file, built here in code)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from db.ledger import Ledger
from ui.cli import main

LEEDS = "Leeds City Council – Children's, Highways & Parks grant ledger"


def _ok(capsys: Any, *args: str) -> Any:
    code = main(list(args))
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out) if "--json" in args else out.out


def test_a_named_ledger_puts_its_own_name_on_exports(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, capsys: Any
) -> None:
    db = ("--db", str(ledger_path))
    shown = _ok(capsys, *db, "settings", "show", "--json")
    assert shown["name"].startswith("Leicestershire County Council")  # what init wrote
    got = _ok(capsys, *db, "settings", "name", f"  {LEEDS}  ", "--reason", "ours", "--json")
    assert got["name"] == LEEDS
    assert [(a["action"], a["reason"]) for a in got["audit"]] == [("set_ledger_name", "ours")]
    assert _ok(capsys, *db, "settings", "show", "--json")["name"] == LEEDS
    out = tmp_path / "variance.xlsx"
    _ok(capsys, *db, "export", "variance", "--out", str(out), "--year", "2025-26")
    ws = load_workbook(out).worksheets[0]
    header = " ".join(str(c.value) for c in ws["A"][:4] if c.value)
    assert f"Ledger: {LEEDS} ·" in header
    assert "Leicestershire" not in header
    assert main([*db, "settings", "name", "   "]) == 2
    assert "the ledger's name must be 1 to 200 characters" in capsys.readouterr().err
