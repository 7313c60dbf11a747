"""Exporting the current view of a register (Ctrl+E) writes exactly the rows shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from db.queries.register_defs import TRANSACTIONS
from db.queries.registers import RegisterQuery
from tests.ui.shell_helpers import fill, make_ctx
from ui.qt.widgets.register_view import RegisterView
from ui.usecases.register_export import describe, export_view


def _table(path: Path | str) -> tuple[list[Any], list[list[Any]]]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[:3] == ["No.", "Date", "Year"])
    return rows[header], rows[header + 1 :]


def test_export_view_writes_the_filtered_rows(ledger, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fill(ledger)
    query = RegisterQuery(stream="DA", year=2025, search="freeva", sort="amount")
    out = tmp_path / "view.xlsx"
    assert export_view(ledger, TRANSACTIONS, query, out, title="Transactions") == 2
    header, rows = _table(out)
    amount = header.index("Amount")
    assert [r[amount] for r in rows[:2]] == [-250, 2750.25]
    assert rows[2][0] == "Total"
    assert describe(query) == 'stream DA; 2025-26; search "freeva"'


def test_ctrl_e_exports_the_view_in_the_background(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    view = RegisterView(ctx, TRANSACTIONS, "Transactions")
    qtbot.addWidget(view)
    with qtbot.waitSignals([view.model.loaded, view.model.totals_loaded], timeout=10_000):
        view.set_scope("DA", 2025)
    out = tmp_path / "all.xlsx"
    with qtbot.waitSignal(view.status_changed, timeout=10_000) as blocker:
        view.export(str(out))
    assert blocker.args == [f"Exported 3 rows to {out}"]
    _header, rows = _table(out)
    assert len(rows) == 4  # three rows and the total
