"""``fundledger profile``: save a mapping from the command line (header texts and column
letters), list and show it, import with it (by name, and by the file's layout), delete it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from db.ledger import Ledger
from ui.cli import main


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "finsys.csv"
    path.write_text(
        "Exported from FinSys\n"
        "Dt,CC,CC,Payee,GBP\n"
        "01/05/2025,LC4410,Domestic abuse,FreeVa,10.50\n"
        "02/05/2025,LC5120,Youth justice,Acme,4.25\n"
    )
    return path


def test_profile_save_list_show_use_delete(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, capsys: Any
) -> None:
    db = ["--db", str(ledger_path)]
    code = main([*db, "profile", "save", "finsys", "--kind", "transactions", "--map", "date=Dt",
                 "--map", "cost_centre=B", "--map", "supplier=Payee", "--map", "amount=GBP",
                 "--header-row", "2"])  # fmt: skip
    assert (code, capsys.readouterr().out) == (0, "saved profile 'finsys' (transactions)\n")
    assert main([*db, "profile", "list"]) == 0
    assert capsys.readouterr().out == (
        "finsys  (transactions): amount=GBP, cost_centre=B, date=Dt, supplier=Payee\n"
    )
    assert main([*db, "profile", "show", "finsys"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["header_row"] == 2
    assert shown["columns"]["cost_centre"] == {"header": None, "column": "B"}
    path = _file(tmp_path)
    assert main([*db, "import", "transactions", str(path), "--profile", "finsys", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["imported"], out["total"]) == (2, "14.75")
    assert out["mapping"]["cost_centre"] == {"column": "B", "header": "CC"}
    assert main([*db, "profile", "delete", "finsys"]) == 0
    assert capsys.readouterr().out == "deleted profile 'finsys'\n"
    assert main([*db, "profile", "show", "finsys"]) == 2
    assert capsys.readouterr().err == "fundledger profile: no import profile is called 'finsys'\n"


def test_profile_save_refuses_unknown_fields_and_kinds(
    ledger: Ledger, ledger_path: Path, capsys: Any
) -> None:
    db = ["--db", str(ledger_path)]
    assert main([*db, "profile", "save", "x", "--kind", "invoices", "--map", "date=A"]) == 2
    assert capsys.readouterr().err.startswith("fundledger profile: --kind 'invoices': one of ")
    assert main([*db, "profile", "save", "x", "--kind", "gl", "--map", "colour=A"]) == 2
    assert capsys.readouterr().err.startswith("fundledger profile: gl has no field 'colour' (")
    assert main([*db, "profile", "save", "x", "--kind", "gl", "--map", "date=A"]) == 2
    assert capsys.readouterr().err == (
        "fundledger profile: every column is a letter: give --header-row so the profile finds it\n"
    )
