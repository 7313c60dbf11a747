"""``costcentre import``: the council's cost-centre list from a workbook or CSV, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from db.ledger import Ledger
from db.writes import LedgerError
from ui.usecases import reference as uc
from ui.usecases.cost_centre_import import import_cost_centres


def test_a_workbook_list_with_title_rows(ledger: Ledger, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Cost centres"
    for row in (["Council cost centres 2025-26"], [], ["Cost Centre", "Name", "Stream", "Budget line"],
                ["LC7001", "Gambling harms", "DA", "Refuge"], ["lc7002", "Prevention", "yj", None],
                ["LC4410", "DA duty", "DA", None]):  # fmt: skip
        ws.append(row)
    path = tmp_path / "cc.xlsx"
    wb.save(path)
    dry = import_cost_centres(ledger, path, dry_run=True)
    assert (dry.added, dry.rules, dry.unchanged) == (2, 1, 1)
    assert "LC7001" not in {c.code for c in uc.cost_centres(ledger)}
    done = import_cost_centres(ledger, path)
    assert (done.added, done.rules, done.unchanged) == (2, 1, 1)
    got = {c.code: (c.stream, c.name, c.line) for c in uc.cost_centres(ledger)}
    assert got["LC7001"] == ("DA", "Gambling harms", "Refuge")
    assert got["LC7002"] == ("YJ", "Prevention", None)


def test_every_bad_row_is_named_and_nothing_is_written(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Cost Centre,Name,Stream\nLC7003,X,NOPE\nLC4410,Y,YJ\nLC*9,Z,DA\nLC7004,W,DA\n")
    before = uc.cost_centres(ledger)
    with pytest.raises(LedgerError) as info:
        import_cost_centres(ledger, path)
    assert str(info.value).splitlines() == [
        "bad.csv: bad!C2 (Stream): 'NOPE': the ledger has no stream 'NOPE'",
        "bad.csv: bad!A3 (Cost Centre): 'LC4410': cost centre LC4410 is already DA's",
        "bad.csv: bad!A4 (Cost Centre): 'LC*9': cost centre 'LC*9' has '*': a cost centre "
        "must start with a capital letter or digit and use capital letters, digits, spaces "
        "and & . _ / - , ' ( ) + (at most 64 characters)",
    ]
    assert uc.cost_centres(ledger) == before
