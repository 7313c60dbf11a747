"""The Contracts page exports the contracts register (Ctrl+E / Export…) of the stream and year
it shows — the commissioning officer's return, from their own page (the toolbar's Export was
disabled there: "This page has nothing to export") — with the same invoiced and remaining
figures as the page."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from db.ledger import Actor, Ledger
from fundledger.money import ZERO
from tests.ui.test_contracts_page import TODAY, _ledger, _page
from ui.qt.main_window import MainWindow


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Any:
    from ui.qt.dialogs import form

    monkeypatch.setattr(form, "local_today", lambda: TODAY)
    return TODAY


def _register(path: Path) -> dict[str, list[Any]]:
    ws = openpyxl.load_workbook(path, data_only=True)["Contracts"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head = next(i for i, r in enumerate(rows) if r[0] == "Support service")
    return {"header": rows[head], **{str(r[0]): r for r in rows[head + 1 :] if r[0]}}


def test_ctrl_e_writes_the_register_of_the_scope_shown(
    qtbot: Any, ledger: Ledger, tmp_path: Path, today: Any
) -> None:
    ctx = _ledger(ledger, tmp_path)
    ledger.actor = Actor("cora", "commissioning")
    page = _page(qtbot, ctx)
    assert page.can_export and page.export_button.isEnabled()
    out = tmp_path / "register.xlsx"
    with qtbot.waitSignal(page.status_changed, timeout=20_000) as said:
        page.export_view(str(out))
    invoiced = sum((r.invoiced for r in page.all_rows), ZERO)
    assert said.args[0].startswith(f"Exported the contracts register to {out}")
    assert "Invoiced £4,083.34" in said.args[0] and invoiced == Decimal("4083.34")
    got = _register(out)
    col = got["header"].index
    assert sorted(k for k in got if k not in ("header", "Total")) == sorted(
        r.service for r in page.all_rows
    )
    for r in page.all_rows:
        row = got[r.service]
        assert Decimal(str(row[col("Invoiced")])).quantize(Decimal("0.01")) == r.invoiced
        assert Decimal(str(row[col("Remaining")])).quantize(Decimal("0.01")) == r.remaining


def test_the_toolbar_export_is_enabled_on_the_contracts_page(
    qtbot: Any, ledger: Ledger, tmp_path: Path, today: Any
) -> None:
    ctx = _ledger(ledger, tmp_path)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    ctx.set_ledger(ledger)
    win.show()
    win.show_page("contracts")
    assert ctx.wait_idle(10)
    act = win.actions_by_name["export"]
    assert act.isEnabled(), act.toolTip()
