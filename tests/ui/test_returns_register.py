"""The Returns page's register (issue 22): Submit… keeps the return as sent and selects it in
the Submitted tab; it reopens byte for byte; What changed… names the Charnwood transaction
posted since; a correction supersedes (both listed); the Overview shows a return due soon
with the last submission."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db.ledger import Ledger
from db.ops.transactions import TransactionInput, add_transaction
from db.schema import BudgetLine, Stream
from ui.qt.context import AppContext
from ui.qt.dialogs.submit_return import SubmitChoice
from ui.qt.pages.overview import OverviewPage
from ui.qt.pages.returns import ReturnsPage
from ui.usecases.returns_due import add_schedule
from ui.usecases.variance import today

#: set FUNDLEDGER_TEST_SHOTS=DIR to keep pictures of the screens to look at
SHOTS = os.environ.get("FUNDLEDGER_TEST_SHOTS")


def post_charnwood(led: Ledger, amount: str) -> int:
    with led.write() as s:
        sid = s.execute(select(Stream.id).where(Stream.code == "OPCC")).scalar_one()
        line = s.execute(select(BudgetLine.id).where(
            BudgetLine.stream_id == sid, BudgetLine.year == 2025,
            BudgetLine.name == "Charnwood")).scalar_one()  # fmt: skip
        return add_transaction(s, led.actor, TransactionInput(
            stream_id=sid, txn_date=date(2026, 3, 20), amount=amount, budget_line_id=line,
            reference="CH-0099"))  # fmt: skip


def shot(widget: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_submit_reopen_diff_and_supersede(ctx: AppContext, qtbot: Any, tmp_path: Path) -> None:
    page = ReturnsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    page.select_return("opcc-csp")
    page.set_scope("OPCC", 2025)
    qtbot.waitUntil(lambda: page.prepared is not None and page.submit_button.isEnabled(),
                    timeout=10_000)  # fmt: skip
    reg = page.register
    qtbot.waitUntil(lambda: "No returns submitted for OPCC" in reg.message.text(), timeout=5000)
    out = tmp_path / "opcc-june.xlsx"
    june = SubmitChoice("OPCC Partnership Board", "Q1 2026-27", today(), "June board paper",
                        None, False)  # fmt: skip
    page.submit_view(str(out), june)
    qtbot.waitUntil(lambda: reg.model.rowCount() == 1 and reg.selected() is not None,
                    timeout=10_000)  # fmt: skip
    assert page.tabs.currentWidget() is reg
    first = reg.selected()
    assert first is not None and first.status == "submitted" and first.period == "Q1 2026-27"
    assert out.exists() and "Submitted #" in page.done_label.text()

    # reopen exactly as sent
    opened: list[Path] = []

    def opener(p: Path) -> bool:
        opened.append(p)
        return True

    reg.opener = opener
    reg.open_selected()
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    assert opened[0].read_bytes() == out.read_bytes()

    # what changed since: exactly the Charnwood transaction
    assert ctx.ledger is not None
    txn = post_charnwood(ctx.ledger, "1234.56")
    reg.diff_selected()
    qtbot.waitUntil(lambda: reg.dialog is not None and reg.dialog.isVisible(), timeout=20_000)
    dialog = reg.dialog
    rows = [[dialog.rows.item(r, c).text() for c in range(6)]
            for r in range(dialog.rows.rowCount())]  # fmt: skip
    assert ["Charnwood", "changed", "Expenditure to date", "£89,530.00", "£90,764.56",
            "+£1,234.56"] in rows  # fmt: skip
    assert {r[0] for r in rows} == {"Charnwood"}
    assert dialog.sources.rowCount() == 1
    assert dialog.sources.item(0, 0).text() == f"transaction {txn}"
    assert "post_transaction" in dialog.sources.item(0, 6).text()
    dialog.tabs.setCurrentIndex(0)
    shot(dialog, "returns-diff")
    diff_book = tmp_path / "changes.xlsx"
    reg._save_diff(dialog.compared, str(diff_book))
    qtbot.waitUntil(diff_book.exists, timeout=5000)
    dialog.close()

    # a correction supersedes; both are listed
    fixed = SubmitChoice("OPCC Partnership Board", "Q1 2026-27 (corrected)", today(), None,
                         first.id, False)  # fmt: skip
    page.submit_view(str(tmp_path / "opcc-june-v2.xlsx"), fixed)
    qtbot.waitUntil(lambda: reg.model.rowCount() == 2, timeout=10_000)
    statuses = {r.id: (r.status, r.superseded_by) for r in reg.model.rows}
    second = max(statuses)
    assert statuses == {second: ("submitted", None), first.id: ("superseded", second)}
    status_col = [c.title for c in reg.model.columns].index("Status")
    texts = [reg.model.data(reg.model.index(r, status_col)) for r in range(2)]
    assert f"superseded by #{second}" in texts
    shot(page, "returns-register")


def test_overview_shows_returns_due(ctx: AppContext, qtbot: Any) -> None:
    assert ctx.ledger is not None
    soon = today() + timedelta(days=5)
    add_schedule(ctx.ledger, "opcc-csp", "OPCC", soon, "quarter", "OPCC Partnership Board")
    add_schedule(ctx.ledger, "yj-pooled-budget", "YJ", today() - timedelta(days=3), "year",
                 "YOT Management Board")  # fmt: skip
    add_schedule(ctx.ledger, "da-allocations", "DA", soon + timedelta(days=60), "year", "MHCLG")
    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    page.set_scope(None, 2025)
    qtbot.waitUntil(lambda: page.due.isVisible(), timeout=10_000)
    text = page.due.text()
    assert "Overdue: yj-pooled-budget YJ" in text and "3 days overdue" in text
    assert "Due soon: opcc-csp OPCC" in text and "in 5 days" in text
    assert "never submitted" in text and "da-allocations" not in text  # due later: not shown
    shot(page, "overview-due")


def test_due_dates_set_in_the_app(ctx: AppContext, qtbot: Any) -> None:
    from ui.qt.dialogs.return_schedule import ScheduleDialog

    dialog = ScheduleDialog(ctx, "OPCC")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "No returns are scheduled" in dialog.message.text(), timeout=10_000)
    dialog.ret.setCurrentIndex(dialog.ret.findData("opcc-csp"))
    dialog.first.setDate(today() + timedelta(days=3))
    dialog.every.setCurrentIndex(dialog.every.findData("quarter"))
    dialog.to.setText("OPCC Partnership Board")
    dialog.add()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    due = dialog.model.row(0)
    assert (due.schedule.ret, due.schedule.stream, due.every, due.state.state) == (
        "opcc-csp", "OPCC", "quarterly", "due soon")  # fmt: skip
    dialog.table.selectRow(0)
    dialog.stop_selected("the board now meets twice a year")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=10_000)
