"""Funder templates in the app (issue 22): the cell-map editor lists every figure with its
meaning and today's value, a figure put in a cell is saved in the ledger by name, and the
funder's workbook is filled with the figure; the CLI lists the same figures."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QTableWidget

from db.ledger import Actor, Ledger
from tests.ledgers import copy_sqlite
from ui.cli import main
from ui.qt.context import AppContext
from ui.qt.dialogs.template_map import TemplateMapDialog
from ui.usecases.returns.base import Request
from ui.usecases.template_maps import saved_maps

#: set FUNDLEDGER_TEST_SHOTS=DIR to keep pictures of the screens to look at
SHOTS = os.environ.get("FUNDLEDGER_TEST_SHOTS")


def _text(table: QTableWidget, row: int, col: int) -> str:
    item = table.item(row, col)
    assert item is not None, (row, col)
    return item.text()


@pytest.fixture
def demo(tmp_path: Path, demo_template: Path) -> Path:
    return copy_sqlite(demo_template, tmp_path / "ledger.sqlite")


@pytest.fixture
def ctx(demo: Path, tmp_path: Path) -> Iterator[AppContext]:
    led = Ledger(f"sqlite:///{demo}", Actor("fiona", "finance"))
    context = AppContext(led, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    yield context
    context.wait_idle()
    led.dispose()


def test_pick_a_figure_save_the_map_and_fill(ctx: AppContext, qtbot: Any, tmp_path: Path) -> None:
    claim = tmp_path / "opcc-claim.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Claim"
    ws["B7"] = "Charnwood spend to date"
    wb.save(claim)
    dialog = TemplateMapDialog(ctx, Request("opcc-csp", "2025-26", "OPCC"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(dialog.entries), timeout=20_000)
    keys = {e.key: e for e in dialog.entries}
    charnwood = keys["opcc.area.Charnwood.expenditure"]
    assert str(charnwood.value) == "89530.00"
    assert (
        charnwood.meaning.startswith("an area's expenditure") and "Charnwood" in charnwood.meaning
    )
    assert keys["stream"].value == "OPCC" and keys["as_at"].meaning
    assert all(e.meaning for e in dialog.entries), [e.key for e in dialog.entries if not e.meaning]
    dialog.search.setText("charnwood")
    shown = [_text(dialog.figures, r, 0) for r in range(dialog.figures.rowCount())]
    assert {"opcc.area.Charnwood.allocation", "opcc.area.Charnwood.expenditure"} <= set(shown)
    assert all("charnwood" in k.lower() or "Charnwood" in _text(dialog.figures, r, 2)
               for r, k in enumerate(shown))  # fmt: skip
    dialog.figures.selectRow(shown.index("opcc.area.Charnwood.expenditure"))
    dialog.target.setText("Claim!C7")
    dialog.add_cell()
    dialog.add_cell("Claim!C3", "as_at")
    assert dialog.map_table.rowCount() == 2
    assert [_text(dialog.map_table, 1, c) for c in range(3)] == [
        "Claim!C7", "opcc.area.Charnwood.expenditure", "£89,530.00"]  # fmt: skip
    dialog.name.setCurrentText("OPCC quarterly claim")
    dialog.template.setText(str(claim))
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(Path(SHOTS) / "template-map.png"))
    dialog.save()
    assert ctx.ledger is not None
    qtbot.waitUntil(lambda: "OPCC quarterly claim" in saved_maps(ctx.ledger), timeout=10_000)
    ctx.wait_idle()
    saved = saved_maps(ctx.ledger)["OPCC quarterly claim"]
    assert saved.cells == {"Claim!C7": "opcc.area.Charnwood.expenditure", "Claim!C3": "as_at"}
    assert saved.template == "opcc-claim.xlsx" and saved.stream == "OPCC"
    out = tmp_path / "filled.xlsx"
    dialog.fill(str(out))
    qtbot.waitUntil(lambda: "Filled" in dialog.message.text(), timeout=10_000)
    assert openpyxl.load_workbook(out)["Claim"]["C7"].value == 89530
    # fill and submit, like any return
    from ui.qt.dialogs.submit_return import SubmitChoice
    from ui.usecases.submissions import list_submissions
    from ui.usecases.variance import today

    sent = tmp_path / "claim-q1.xlsx"
    dialog.submit(str(sent), SubmitChoice("OPCC", "Q1 2026-27", today(), None, None, False))
    qtbot.waitUntil(lambda: "Submitted #" in dialog.message.text(), timeout=10_000)
    [row] = list_submissions(ctx.ledger)
    assert (row.ret, row.stream, row.period, row.file_name) == (
        "template:OPCC quarterly claim", "OPCC", "Q1 2026-27", "claim-q1.xlsx")  # fmt: skip
    assert openpyxl.load_workbook(sent)["Claim"]["C7"].value == 89530


def test_cli_lists_the_figures_and_fills_a_saved_map(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(demo), "return", "figures", "--stream", "OPCC", "--year",
                 "2025-26", "--json"]) == 0  # fmt: skip
    figures = {f["key"]: f for f in json.loads(capsys.readouterr().out)["figures"]}
    assert figures["opcc.expenditure_total"]["value"] == "256061.83"
    assert figures["opcc.expenditure_total"]["meaning"] == "expenditure to date of all areas"
    cell_map = tmp_path / "map.json"
    cell_map.write_text(json.dumps({"cells": {"Claim!C5": "opcc.expenditure_total"},
                                    "stream": "OPCC", "year": "2025-26"}))  # fmt: skip
    assert main(["--db", str(demo), "return", "save-map", "OPCC claim", str(cell_map)]) == 0
    claim = tmp_path / "claim.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Claim"
    wb.save(claim)
    out = tmp_path / "out.xlsx"
    capsys.readouterr()
    assert main(["--db", str(demo), "return", "fill", "OPCC claim", "--template", str(claim),
                 "--out", str(out)]) == 0  # fmt: skip
    assert str(openpyxl.load_workbook(out)["Claim"]["C5"].value) == "256061.83"
    assert main(["--db", str(demo), "return", "fill", "nothing", "--template", str(claim),
                 "--out", str(out)]) == 2  # fmt: skip
    assert "no cell map called 'nothing'" in capsys.readouterr().err
    assert main(["--db", str(demo), "--user", "b.okafor", "return", "save-map", "x",
                 str(cell_map)]) == 2  # fmt: skip


def test_a_filled_template_is_submitted_and_compared_like_any_return(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date

    from sqlalchemy import select

    from db.ops.transactions import TransactionInput, add_transaction
    from db.schema import BudgetLine, Stream
    from ui.usecases.session import open_ledger

    cell_map = tmp_path / "map.json"
    cell_map.write_text(json.dumps({"cells": {"Claim!C7": "opcc.area.Charnwood.expenditure",
                                              "Claim!C8": "opcc.area.Leicester.expenditure"},
                                    "stream": "OPCC", "year": "2025-26"}))  # fmt: skip
    assert main(["--db", str(demo), "return", "save-map", "OPCC claim", str(cell_map)]) == 0
    claim = tmp_path / "claim.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Claim"
    wb.save(claim)
    out = tmp_path / "claim-q1.xlsx"
    capsys.readouterr()
    assert main(["--db", str(demo), "return", "fill", "OPCC claim", "--template", str(claim),
                 "--out", str(out), "--to", "OPCC", "--period", "Q1", "--json"]) == 0  # fmt: skip
    sent = json.loads(capsys.readouterr().out)
    assert openpyxl.load_workbook(out)["Claim"]["C7"].value == 89530
    led = open_ledger(str(demo))
    try:
        with led.write() as s:
            sid = s.execute(select(Stream.id).where(Stream.code == "OPCC")).scalar_one()
            line = s.execute(select(BudgetLine.id).where(
                BudgetLine.stream_id == sid, BudgetLine.year == 2025,
                BudgetLine.name == "Charnwood")).scalar_one()  # fmt: skip
            add_transaction(s, led.actor, TransactionInput(
                stream_id=sid, txn_date=date(2026, 3, 20), amount="100.00",
                budget_line_id=line))  # fmt: skip
    finally:
        led.dispose()
    assert main(["--db", str(demo), "return", "diff", str(sent["id"]), "--json"]) == 0
    diff = json.loads(capsys.readouterr().out)
    assert [(r["row"], [(c["name"], c["before"], c["after"], c["difference"]) for c in r["cells"]])
            for r in diff["rows"]] == [
        ("Claim!C7", [("Value", "89530.00", "89630.00", "100.00")])]  # fmt: skip
    back = tmp_path / "back.xlsx"
    assert main(["--db", str(demo), "return", "show", str(sent["id"]), "--out", str(back)]) == 0
    assert back.read_bytes() == out.read_bytes()
