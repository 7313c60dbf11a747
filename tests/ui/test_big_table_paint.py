"""Regression guard for the Qt pin (docs/adr/003-qt-pin.md): paint a 100,000-row register many
times.  PySide6 6.12.0 on CPython 3.11 aborted ("none_dealloc") after a few thousand data()
calls returning None; this paints ~200 scrolled screens (hundreds of thousands of calls, many
returning None for roles a cell does not use) and must finish cleanly."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCore import QSettings

from db.queries.register_defs import TRANSACTIONS
from db.queries.registers import RegisterRow
from ui.qt.context import AppContext
from ui.qt.models.register import RegisterModel
from ui.qt.widgets.register_view import RegisterTable

ROWS = 100_000


def _row(i: int) -> RegisterRow:
    day = date(2025, 4, 1) + timedelta(days=i % 365)
    amount = Decimal(i % 50_000) / 100 * (-1 if i % 7 == 0 else 1)
    values = (
        i, day, 2025, (i % 12) + 1, "DA", None if i % 3 else "Refuge", f"Supplier {i % 97}",
        amount, f"INV-{i}", None if i % 5 else "Refuge support", "spend", None, None, None,
        None, None, None,
    )  # fmt: skip
    return RegisterRow(i, values)


def test_painting_a_100k_row_register_200_times(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    ctx = AppContext(None, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    model = RegisterModel(ctx, TRANSACTIONS)
    assert len(_row(0).values) == len(TRANSACTIONS.columns)
    model._apply([_row(i) for i in range(ROWS)], [])
    view = RegisterTable()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(1200, 700)
    view.show()
    last = None
    for step in range(200):
        row = (step * 997) % ROWS
        view.scrollTo(model.index(row, 0))
        view.horizontalScrollBar().setValue((step % 4) * 200)
        last = view.grab()
    assert last is not None and not last.isNull()
    assert model.rowCount() == ROWS
    keys = [c.key for c in TRANSACTIONS.columns]
    assert model.data(model.index(ROWS - 1, keys.index("amount"))) == "£499.99"
    assert model.data(model.index(7, keys.index("amount"))) == "-£0.07"
    assert model.data(model.index(1, keys.index("line"))) == ""
