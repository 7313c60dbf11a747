"""Every save ends with a status message naming what was written; a row the register's search
or filter hides is said to be hidden, with "Show it" (pytest-qt, the real window and forms)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from tests.ui.shell_helpers import fill, make_ctx
from ui.qt.dialogs.form import date_edit
from ui.qt.dialogs.transaction import TransactionDialog
from ui.qt.main_window import MainWindow


def _window(qtbot: Any, ledger: Any, tmp_path: Any) -> tuple[MainWindow, Any]:
    ctx = make_ctx(ledger, tmp_path)
    ctx.settings.setValue("scope/year", "2025")
    ctx.settings.setValue("scope/stream", "DA")
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.current_page = "transactions"
    win.side.select_page("transactions", silent=True)
    win.show()
    ctx.set_ledger(ledger)
    for _ in range(3):
        assert ctx.wait_idle(10)
    return win, ctx


def _selected(page: Any) -> Any:
    row = page.table.selected_row()
    assert row is not None
    return row


def test_a_saved_transaction_hidden_by_the_search_is_said_with_show_it(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    ids = fill(ledger)
    win, ctx = _window(qtbot, ledger, tmp_path)
    page = win.pages["transactions"]
    view = page.view  # type: ignore[attr-defined]
    with qtbot.waitSignal(view.model.loaded, timeout=10_000):
        view.search.setText("freeva")
        view._apply_search()
    assert view.model.rowCount() == 2
    assert not win.notice.isVisible()

    dialog = TransactionDialog(ctx, page, None, "DA", 2025)
    qtbot.addWidget(dialog)
    assert ctx.wait_idle(10)
    dialog.date.setDate(date_edit(date(2025, 8, 20)).date())
    dialog.amount.setText("500")
    dialog.counterparty.setText("Panahghar")
    dialog.line.setCurrentIndex(dialog.line.findData(ids["line"]))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=10_000)
    new_id = dialog.result_value
    said = f"Saved transaction #{new_id} in 2025-26 P05, £500.00"
    assert win.notice.label.text() == said
    page._select_after_load(new_id)  # type: ignore[attr-defined]  # as new_record() does
    qtbot.waitUntil(lambda: win.notice.button.isVisible(), timeout=10_000)
    assert win.notice.label.text() == (
        f"{said} — not shown: hidden by the register's search or filter"
    )
    assert win.notice.button.text() == "Show it"
    assert view.model.row_of(new_id) is None
    with qtbot.waitSignal(view.model.loaded, timeout=10_000):
        qtbot.mouseClick(win.notice.button, Qt.MouseButton.LeftButton)
    assert view.search.text() == "" and not view.narrowed
    assert view.model.rowCount() == 4
    assert view.selected_ids() == [new_id]
    assert not win.notice.button.isVisible()


def test_a_saved_row_in_view_is_selected_and_the_message_has_no_link(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    win, ctx = _window(qtbot, ledger, tmp_path)
    page = win.pages["transactions"]
    view = page.view  # type: ignore[attr-defined]
    dialog = TransactionDialog(ctx, page, None, "DA", 2025)
    qtbot.addWidget(dialog)
    assert ctx.wait_idle(10)
    dialog.date.setDate(date_edit(date(2025, 4, 2)).date())
    dialog.amount.setText("(12.34)")
    dialog.kind.setCurrentIndex(dialog.kind.findData("credit"))
    with qtbot.waitSignal(view.model.loaded, timeout=10_000):
        dialog.save()
        qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=10_000)
        page._select_after_load(dialog.result_value)  # type: ignore[attr-defined]
    assert view.selected_ids() == [dialog.result_value]
    assert win.notice.label.text() == (
        f"Saved transaction #{dialog.result_value} in 2025-26 P01, -£12.34"
    )
    assert not win.notice.button.isVisible()


def test_reverse_virement_forecast_and_period_close_each_say_what_they_wrote(  # type: ignore[no-untyped-def]
    qtbot, ledger, tmp_path, monkeypatch
):
    from ui.qt.dialogs.lifecycle import ClosePeriodDialog, ForecastDialog, VirementDialog
    from ui.qt.dialogs.reason import ReasonDialog
    from ui.qt.dialogs.transaction import reverse

    ids = fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    said: list[str] = []
    ctx.signals.notice.connect(lambda n: said.append(n.text))

    got: list[int] = []
    original = ReasonDialog.get
    ReasonDialog.get = staticmethod(lambda *_a, **_k: "wrong supplier")  # type: ignore[method-assign]
    try:
        reverse(ctx, None, ids["t2"], got.append)
        qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    finally:
        ReasonDialog.get = original  # type: ignore[method-assign]
    assert said[-1] == (
        f"Reversed transaction #{ids['t2']}: Reversal #{got[0]} of #{ids['t2']} (DA, -£2,750.25) "
        "posted in 2025-26 P02 May 2025"
    )

    with ledger.write() as s:  # a second line to move budget to
        from db.schema import BudgetLine
        from db.writes import insert
        from tests.ui.shell_helpers import FIONA, m

        insert(s, FIONA, BudgetLine(stream_id=ids["da"], year=2025, name="Outreach",
                                    original=m("500.00")))  # fmt: skip
    vir = VirementDialog(ctx, None, "DA", 2025, ids["line"])
    qtbot.addWidget(vir)
    assert ctx.wait_idle(10)
    assert vir.from_line.currentData() == ids["line"]  # starts from the selected line
    vir.amount.setText("2,500")
    vir.period.setCurrentIndex(vir.period.findData(5))
    vir.reason.setPlainText("rephase")
    vir.save()
    qtbot.waitUntil(lambda: vir.result_value is not None, timeout=10_000)
    assert said[-1] == (
        f"Requested virement #{vir.result_value}: £2,500.00 from DA 2025-26 · Refuge"
        " to DA 2025-26 · Outreach at P05 — pending approval"
    )

    fc = ForecastDialog(ctx, None, "DA", 2025, ids["line"])
    qtbot.addWidget(fc)
    assert ctx.wait_idle(10)
    assert fc.line.currentData() == ids["line"]
    fc.period.setCurrentIndex(fc.period.findData(6))
    fc.amount.setText("99000")
    fc.save()
    qtbot.waitUntil(lambda: fc.result_value is not None, timeout=10_000)
    assert said[-1] == (
        f"Saved forecast #{fc.result_value}: DA 2025-26 · Refuge at P06, outturn £99,000.00"
    )

    close = ClosePeriodDialog(ctx, None, "DA", 2025)
    qtbot.addWidget(close)
    assert ctx.wait_idle(10)
    close.period.setCurrentIndex(close.period.findData(2))
    close.reason.setPlainText("May month end")
    asked: list[str] = []

    def confirm(text: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(close, "confirm", confirm)
    close.save()
    qtbot.waitUntil(lambda: close.result_value is not None, timeout=10_000)
    assert asked == ["Close P01–P02 of 2025-26 for DA?\n\nChanges there are refused until an "
                     "administrator reopens them."]  # fmt: skip
    assert said[-1] == (
        "Closed 2025-26 P01–P02 (April–May 2025) for DA: the ledger refuses changes there "
        "until reopened"
    )


def test_a_budget_line_saved_under_a_search_is_shown_with_show_it(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    from ui.qt.dialogs.budget import BudgetLineDialog

    fill(ledger)
    win, ctx = _window(qtbot, ledger, tmp_path)
    win.show_page("allocations")
    for _ in range(3):
        assert ctx.wait_idle(10)
    page = win.pages["allocations"]
    lines = page.lines  # type: ignore[attr-defined]
    with qtbot.waitSignal(lines.model.loaded, timeout=10_000):
        lines.search.setText("refuge")
        lines._apply_search()
    dialog = BudgetLineDialog(ctx, page, None, "DA", 2025)
    qtbot.addWidget(dialog)
    assert ctx.wait_idle(10)
    dialog.name.setText("Outreach")
    dialog.original.setText("12,000")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=10_000)
    page._saved(lines, dialog.result_value)  # type: ignore[attr-defined]  # as new_line() does
    qtbot.waitUntil(lambda: win.notice.button.isVisible(), timeout=10_000)
    assert win.notice.label.text() == (
        f"Saved budget line #{dialog.result_value}: Outreach, DA 2025-26, original £12,000.00"
        " — not shown: hidden by the register's search or filter"
    )
    with qtbot.waitSignal(lines.model.loaded, timeout=10_000):
        win.notice.button.click()
    assert lines.selected_ids() == [dialog.result_value]


def test_a_saved_contract_line_stays_selected_or_is_shown_on_request(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    from datetime import date as d

    from db.ops.contracts import ContractInput, add_contract_line
    from tests.ui.shell_helpers import FIONA
    from ui.qt.dialogs.contract import ContractDialog
    from ui.qt.pages.contracts import ContractsPage

    ids = fill(ledger)
    with ledger.write() as s:
        for service in ("Outreach support", "Refuge service"):
            add_contract_line(s, FIONA, ContractInput(
                ids["da"], service, "FreeVa", value="1000.00", cost_basis="whole_term",
                contract_start=d(2025, 4, 1), term_text="1 year"))  # fmt: skip
    ctx = make_ctx(ledger, tmp_path)
    said: list[Any] = []
    ctx.signals.notice.connect(said.append)
    page = ContractsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        page.set_scope("DA", 2025)
    second = next(i for i, r in enumerate(page.model.rows) if r.service == "Refuge service")
    page.table.selectRow(page.table.proxy.mapFromSource(page.model.index(second, 0)).row())
    row = _selected(page)
    dialog = ContractDialog(ctx, page, row)
    qtbot.addWidget(dialog)
    assert ctx.wait_idle(10)
    dialog.value.setText("1,500")
    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        dialog.save()
    assert _selected(page).id == row.id  # not row 1 and another contract's detail
    assert said[-1].text == f"Saved changes to contract line #{row.id}: Refuge service, £1,500.00"

    page.filters.search.setText("outreach")  # the filter hides what is saved next
    qtbot.waitUntil(lambda: len(page.rows) == 1, timeout=5000)
    new = ContractDialog(ctx, page, None, "DA")
    qtbot.addWidget(new)
    assert ctx.wait_idle(10)
    new.service.setText("Helpline")
    new.provider_text.setText("FreeVa")
    new.save()
    qtbot.waitUntil(lambda: new.result_value is not None, timeout=10_000)
    page._keep(new.result_value)  # as new_record() does
    qtbot.waitUntil(lambda: said[-1].show is not None, timeout=10_000)
    assert said[-1].text.endswith("— not shown: hidden by the filter")
    said[-1].show()
    qtbot.waitUntil(lambda: page.table.selected_row() is not None, timeout=5000)
    assert _selected(page).id == new.result_value


def test_reference_data_saves_say_what_they_added(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    from ui.qt.dialogs.refdata import OrgDialog, StreamDialog

    ctx = make_ctx(ledger, tmp_path)  # a finance officer changes reference data
    said: list[str] = []
    ctx.signals.notice.connect(lambda n: said.append(n.text))
    org = OrgDialog(ctx, None)
    qtbot.addWidget(org)
    org.name.setText("Jigsaw Recovery")
    org.save()
    qtbot.waitUntil(lambda: org.result_value is not None, timeout=10_000)
    assert said[-1] == "Added organisation Jigsaw Recovery (provider)"
    stream = StreamDialog(ctx, None)
    qtbot.addWidget(stream)
    stream.code.setText("ghl")
    stream.name.setText("Gambling Harms Levy")
    stream.save()
    qtbot.waitUntil(lambda: stream.result_value is not None, timeout=10_000)
    assert said[-1] == "Added stream GHL — Gambling Harms Levy (grant)"


def test_the_virement_form_starts_at_the_current_open_period(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    from db.ops.locks import close_period
    from tests.ui.shell_helpers import FIONA
    from ui.qt.dialogs.lifecycle import VirementDialog
    from ui.qt.dialogs.lifecycle.common import first_open

    ids = fill(ledger)
    with ledger.write() as s:  # 2025-26 is over: P12 would be today's period, but it is closed
        for p in (11, 12):
            close_period(s, FIONA, year=2025, period=p, stream_id=ids["da"], reason="closed")
    ctx = make_ctx(ledger, tmp_path)
    vir = VirementDialog(ctx, None, "DA", 2025, ids["line"])
    qtbot.addWidget(vir)
    assert ctx.wait_idle(10)
    assert vir.period.currentData() == 10
    assert first_open(3, {3, 4}) == 5 and first_open(12, set(range(1, 13))) == 12


def test_settings_changes_say_what_they_wrote(qtbot, ledger, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from ui.qt.pages.settings import SettingsPage

    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    said: list[str] = []
    ctx.signals.notice.connect(lambda n: said.append(n.text))
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        page.refresh()
    da = next(i for i, t in enumerate(page.threshold_rows) if t.code == "DA")
    page.thresholds_view.setCurrentIndex(page.thresholds.index(da, 0))
    answers = iter([Decimal("7.5"), Decimal("12")])
    monkeypatch.setattr(page, "_ask_pct", lambda *_a: next(answers))
    page.change_thresholds()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert said == ["DA RAG thresholds: red above 7.5% forecast overspend, amber 12 points"]
