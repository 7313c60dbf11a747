"""Contracts, contributions and income pages and the lifecycle dialogs (pytest-qt)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QDate, QSettings, Qt

from db.ledger import Actor
from db.ops import contracts, contributions, income, locks, recharges, transactions
from db.ops.contracts import ContractInput
from db.ops.contributions import ContributionInput
from db.ops.income import IncomeInput
from db.ops.transactions import TransactionInput
from db.queries import budget as bq
from db.queries import contracts as cq
from db.queries import recharges as rq
from db.schema import BudgetLine
from db.writes import insert
from fundledger.money import Money
from fundledger.reference import DHR_DEBTORS, by_key
from tests.db.lifecycle_helpers import FIONA, FRANK, org, sid
from ui.qt.models.records import Column, RecordsModel

TODAY = date(2026, 11, 23)

R = TypeVar("R")


def m(s: str) -> Money:
    return Money(Decimal(s))


@pytest.fixture
def filled(ledger):  # type: ignore[no-untyped-def]
    """A ledger with a contract line, DHR recharges, PMT income, YJ contributions, lines."""
    ledger.actor = FIONA
    da, pmt, yj, dhr = (sid(ledger, c) for c in ("DA", "PMT", "YJ", "DHR"))
    debtors = [org(ledger, by_key(k).name) for k in DHR_DEBTORS]
    with ledger.write() as s:
        for year, name, amount in ((2025, "Outreach", "1000.00"), (2025, "Refuge", "500.00"),
                                   (2026, "Outreach", "1000.00")):  # fmt: skip
            insert(s, FIONA, BudgetLine(stream_id=da, year=year, name=name, original=m(amount)))
        cid = contracts.add_contract_line(
            s, FIONA, ContractInput(da, "Outreach support", "Women's Aid Leicestershire",
                                    value="97054.00", cost_basis="whole_term",
                                    contract_start=date(2025, 4, 1), term_text="2 years (+1 year extension)"),
        )  # fmt: skip
        transactions.add_transaction(
            s, FIONA, TransactionInput(da, date(2025, 9, 1), "1054.00", contract_line_id=cid)
        )
        ids = recharges.raise_recharges(
            s, FIONA, stream_id=dhr, year=2026, org_ids=debtors, amount="5000.00",
            description="DHR 2026-27", raised_on=date(2026, 10, 1), due_on=date(2026, 10, 31),
        )  # fmt: skip
        recharges.record_receipt(s, FIONA, ids[0], paid_on=date(2026, 10, 5))
        income.add_income(s, FIONA, IncomeInput(pmt, "Council revenue contribution", "LCC",
                                                "12650.00", date(2025, 4, 1),
                                                is_council_investment=True))  # fmt: skip
        income.add_income(s, FIONA, IncomeInput(pmt, "Sponsorship", "Sponsors", "45400.00",
                                                date(2025, 5, 6)))  # fmt: skip
        contributions.add_contribution(s, FIONA, ContributionInput(
            yj, 2025, org(ledger, by_key("OPCC").name), "Staffing Costs", "91847.00"))  # fmt: skip
    return ledger


@pytest.fixture
def ctx(filled, tmp_path, qtbot):  # type: ignore[no-untyped-def]
    from ui.qt.context import AppContext

    c = AppContext(filled, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    yield c
    c.pool.waitForDone(5000)


def _checked(qtmodeltester: Any, columns: Sequence[Column[R]], rows: Sequence[R]) -> None:
    """A records model of ``columns`` over ``rows`` passes Qt's model tester."""
    model = RecordsModel(columns)
    model.set_rows(rows)
    qtmodeltester.check(model)


def test_record_models_pass_modeltester(filled, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.dialogs.lifecycle import LOCK_COLUMNS, MOVEMENT_COLUMNS
    from ui.qt.pages import contracts as cp
    from ui.qt.pages import contributions as kp
    from ui.qt.pages import income as ip
    from ui.usecases.partner_money import contributions_view, income_view

    snap = contributions_view(filled, None, None, TODAY)
    isnap = income_view(filled, "PMT", "fy", 2025)
    with filled.write() as s:
        locks.close_period(s, FIONA, year=2025, period=1, reason="April")
    with filled.read() as s:
        rows = cq.register(s, today=TODAY)
        lock_rows = bq.period_locks(s)
    _checked(qtmodeltester, cp.COLUMNS, rows)
    _checked(qtmodeltester, kp.CONTRIBUTION_COLUMNS, snap.contributions)
    _checked(qtmodeltester, kp.TOTAL_COLUMNS, snap.headings)
    _checked(qtmodeltester, kp.RECHARGE_COLUMNS, snap.recharges)
    _checked(qtmodeltester, ip.ITEM_COLUMNS, isnap.items)
    _checked(qtmodeltester, ip.CATEGORY_COLUMNS, isnap.categories)
    _checked(qtmodeltester, LOCK_COLUMNS, lock_rows)
    _checked(qtmodeltester, MOVEMENT_COLUMNS, [])
    model = RecordsModel(cp.COLUMNS)
    model.set_rows(rows)
    value = model.index(0, 3)
    assert model.data(value) == "£97,054.00"
    assert model.data(value, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.data(model.index(0, 4)) == "£1,054.00"
    assert model.data(model.index(0, 5)) == "£96,000.00"


def test_contracts_page_lists_lines_with_invoiced_and_remaining(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.pages.contracts import ContractsPage

    page = ContractsPage(ctx)
    qtbot.addWidget(page)
    page.set_scope(None, 2025)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert page.status_text() == (
        "1 lines · value £97,054.00 · invoiced £1,054.00 · 0 with warnings"
    )
    assert "Option 1: 12 months — <b>pending</b>" in page.detail.text()
    assert "Value £97,054.00 (whole term)" in page.detail.text()
    page.set_scope(None, 2027)  # the line ends 31/03/2027: not running in 2027-28
    page.refresh()  # a hidden page only marks itself dirty
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5000)


def test_contributions_page_shows_dhr_status_counts(ctx, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.dialogs import form
    from ui.qt.pages.contributions import ContributionsPage

    monkeypatch.setattr(form, "local_today", lambda: TODAY)
    page = ContributionsPage(ctx)
    qtbot.addWidget(page)
    page.set_scope("DHR", 2026)
    qtbot.waitUntil(lambda: page.recharge_model.rowCount() == 8, timeout=5000)
    assert page.recharge_summary.text() == (
        "8 recharges · £40,000.00 raised · £5,000.00 received · £35,000.00 outstanding · "
        "1 paid, 0 raised, 7 overdue"
    )
    # the status bar is short and follows the tab on show
    assert page.status_text() == "0 contributions · pooled £0.00"
    page.tabs.setCurrentIndex(1)
    assert page.status_text() == "8 recharges · £35,000.00 outstanding · 7 overdue"


def test_income_page_roi(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.pages.income import IncomePage

    page = IncomePage(ctx)
    qtbot.addWidget(page)
    page.set_scope("PMT", 2025)
    qtbot.waitUntil(lambda: page.item_model.rowCount() == 2, timeout=5000)
    assert "<b>258.89%</b> (≈ 259%)" in page.roi.text()
    assert page.totals.text() == (
        "Income, financial year 2025-26: £58,050.00 raised · £0.00 received · "
        "£58,050.00 outstanding"
    )


def _ready(ctx, dialog) -> None:  # type: ignore[no-untyped-def]
    """Wait for the dialog's option lists, read off the GUI thread."""
    assert ctx.wait_idle(10)
    assert dialog.loading in (0, False)


def _save(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving, timeout=5000)


def test_virement_dialog_requests_and_approvals_refuse_self_approval(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.dialogs.lifecycle import ApprovalsDialog, VirementDialog

    dialog = VirementDialog(ctx, None, "DA", 2025)
    qtbot.addWidget(dialog)
    assert not dialog.body.isEnabled() and dialog.loading_note.text() == "Loading…"
    _ready(ctx, dialog)
    assert dialog.body.isEnabled() and dialog.loading_note.text() == ""
    assert [dialog.from_line.itemText(i) for i in range(dialog.from_line.count())] == [
        "DA 2025-26 · Outreach (revised £1,000.00)",
        "DA 2025-26 · Refuge (revised £500.00)",
    ]
    assert dialog.to_line.currentIndex() == 1
    dialog.amount.setText("£250.00")
    dialog.reason.setPlainText("rephase outreach")
    _save(qtbot, dialog)
    assert dialog.error.text() == ""
    approvals = ApprovalsDialog(ctx, None, "DA", 2025)
    qtbot.addWidget(approvals)
    _ready(ctx, approvals)
    assert approvals.model.rowCount() == 1
    approvals.table.selectRow(0)
    approvals.approve()
    qtbot.waitUntil(lambda: approvals.message.text() != "", timeout=5000)
    assert approvals.message.text() == (
        "you requested this virement; it must be approved by someone else"
    )
    ctx.ledger.actor = FRANK
    approvals.approve()
    qtbot.waitUntil(lambda: approvals.model.rows[0].status == "approved", timeout=5000)
    with ctx.ledger.read() as s:
        lines = {r.name: r.revised for r in bq.line_budgets(s, year=2025)}
    assert lines == {"Outreach": m("750.00"), "Refuge": m("750.00")}


def test_carry_forward_dialog_quotes_the_grant_condition(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.dialogs.lifecycle import CarryForwardDialog

    pmt = sid(ctx.ledger, "PMT")
    with ctx.ledger.write() as s:
        for y in (2025, 2026):
            insert(s, FIONA, BudgetLine(stream_id=pmt, year=y, name="Sponsorship",
                                        original=m("100.00")))  # fmt: skip
    dialog = CarryForwardDialog(ctx, None, "PMT", 2025)
    qtbot.addWidget(dialog)
    _ready(ctx, dialog)
    assert dialog.warning.text() == (
        "PMT grant conditions do not allow carry-forward: "
        "“An income stream: income is not carried forward as budget.”"
    )
    assert dialog.available.text() == "£100.00"
    dialog.amount.setText("50")
    dialog.reason.setPlainText("slipped")
    _save(qtbot, dialog)
    assert dialog.error.text() == (
        "• PMT grant conditions do not allow carry-forward: "
        "“An income stream: income is not carried forward as budget.”"
    )


def test_forecast_and_locks_dialogs(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.dialogs.lifecycle import ClosePeriodDialog, ForecastDialog, PeriodLocksDialog

    close = ClosePeriodDialog(ctx, None, "DA", 2025)
    qtbot.addWidget(close)
    _ready(ctx, close)
    assert close.stream.currentText() == "DA"
    close.period.setCurrentIndex(close.period.findData(3))
    close.reason.setPlainText("June closed")
    close.confirm = lambda text: True  # type: ignore[method-assign]
    _save(qtbot, close)
    assert close.error.text() == ""
    forecast = ForecastDialog(ctx, None, "DA", 2025)
    qtbot.addWidget(forecast)
    _ready(ctx, forecast)
    assert forecast.history.text() == "No forecast yet"
    forecast.period.setCurrentIndex(forecast.period.findData(3))
    forecast.amount.setText("900")
    _save(qtbot, forecast)
    assert forecast.error.text().startswith("• 2025-26 P03 is closed for DA (by fiona on ")
    forecast.period.setCurrentIndex(forecast.period.findData(4))
    forecast.reason.setPlainText("slow start")
    _save(qtbot, forecast)
    assert forecast.error.text() == ""
    with ctx.ledger.read() as s:
        latest = bq.latest_forecasts(s, year=2025)
    assert [(f.period, f.amount, f.commentary) for f in latest] == [(4, m("900.00"), "slow start")]
    dialog = PeriodLocksDialog(ctx)
    qtbot.addWidget(dialog)
    _ready(ctx, dialog)
    assert dialog.model.rowCount() == 3  # closing up to P03 closed P01–P03
    assert {dialog.model.data(dialog.model.index(r, 2)) for r in range(3)} == {
        "P01 April 2025", "P02 May 2025", "P03 June 2025",
    }  # fmt: skip


def test_raise_recharges_dialog_preselects_dhr_debtors(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.dialogs.partners import RaiseRechargesDialog

    dialog = RaiseRechargesDialog(ctx, None, "DHR", 2027)
    qtbot.addWidget(dialog)
    _ready(ctx, dialog)
    assert len(dialog.checked()) == 8
    _save(qtbot, dialog)
    assert dialog.error.text() == ""
    assert dialog.warning.text() == "8 recharges of £5,000.00 = £40,000.00"
    with ctx.ledger.read() as s:
        got = rq.summary(rq.recharges(s, today=TODAY, year=2027))
    assert got.total == m("40000.00") and got.counts["raised"] == 8


def test_viewer_cannot_save_a_contribution(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.dialogs.partners import ContributionDialog

    ctx.ledger.actor = Actor("vic", "viewer")
    dialog = ContributionDialog(ctx, None, "YJ", 2025)
    qtbot.addWidget(dialog)
    _ready(ctx, dialog)
    dialog.amount.setText("10")
    _save(qtbot, dialog)
    assert dialog.error.text() == (
        "• viewers cannot change the ledger: vic (viewer) cannot record partner contributions"
    )


def test_contract_dialog_new_line_then_extension_and_profile(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.dialogs.contract import ContractDialog, ExtensionDialog, ProfileDialog

    dialog = ContractDialog(ctx, None, None, "DA")
    qtbot.addWidget(dialog)

    _ready(ctx, dialog)
    dialog.service.setText("Substance misuse specialist")
    dialog.provider_text.setText("Turning Point")
    dialog.value.setText("£80,000")
    dialog.basis.setCurrentIndex(dialog.basis.findData("per_year"))
    dialog.contract_start.setDate(QDate(2022, 4, 1))  # type: ignore[attr-defined]
    dialog.term_text.setText("2 years (+1 year extension)")
    _save(qtbot, dialog)
    assert dialog.error.text() == ""
    cid = dialog.result_value
    with ctx.ledger.read() as s:
        row = cq.contract(s, cid, today=TODAY)
    assert row is not None and row.base_term_months == 24 and row.end == date(2024, 4, 1)
    assert dict(row.profile) == {2022: m("80000.00"), 2023: m("80000.00")}
    ext = ExtensionDialog(ctx, None, row)
    qtbot.addWidget(ext)
    _ready(ctx, ext)
    ext.decision.setCurrentIndex(ext.decision.findData("taken"))
    _save(qtbot, ext)
    assert ext.error.text() == ""
    with ctx.ledger.read() as s:
        row = cq.contract(s, cid, today=TODAY)
    assert row is not None and row.last_day == date(2025, 3, 31)
    assert row.extensions[0].decided_by == "fiona"
    assert dict(row.profile)[2024] == m("80000.00")
    prof = ProfileDialog(ctx, None, row)
    qtbot.addWidget(prof)
    _ready(ctx, prof)
    prof.edits[2022].setText("70,000")
    prof.edits[2023].setText("90,000")
    assert prof.total.text() == "£240,000.00 of £240,000.00"
    _save(qtbot, prof)
    with ctx.ledger.read() as s:
        row = cq.contract(s, cid, today=TODAY)
    assert row is not None
    assert dict(row.profile) == {2022: m("70000.00"), 2023: m("90000.00"), 2024: m("80000.00")}


def test_lifecycle_menu_opens_each_dialog_for_the_scope(ctx, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    from ui.qt.dialogs import lifecycle as lc

    opened: list[tuple[str, tuple[object, ...]]] = []
    for name in ("VirementDialog", "CarryForwardDialog", "ForecastDialog", "ApprovalsDialog",
                 "PeriodLocksDialog"):  # fmt: skip
        cls = getattr(lc, name)
        monkeypatch.setattr(
            cls, "run", classmethod(lambda c, *a: opened.append((c.__name__, a[2:])))
        )
    parent = QWidget()
    qtbot.addWidget(parent)
    menu = lc.lifecycle_menu(ctx, parent, lambda: ("DA", 2025))
    for act in menu.actions():
        act.trigger()
    assert opened == [
        ("VirementDialog", ("DA", 2025, None)),
        ("CarryForwardDialog", ("DA", 2025, None)),
        ("ForecastDialog", ("DA", 2025, None)),
        ("ApprovalsDialog", ("DA", 2025)),
        ("PeriodLocksDialog", ()),
    ]


def test_contracts_status_counts_the_warnings_the_page_shows(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    """An unknown cost basis is a neutral note (grey, not counted as a warning, counted on its
    own); invoicing beyond the value is a red warning and is counted."""
    from ui.qt.models.records import WARN
    from ui.qt.pages.contracts import ContractsPage

    da = sid(ctx.ledger, "DA")
    with ctx.ledger.write() as s:
        cid = contracts.add_contract_line(
            s, FIONA, ContractInput(da, "Helpline", "FreeVa", value="100.00",
                                    contract_start=date(2025, 4, 1), term_text="1 year"),
        )  # fmt: skip
        transactions.add_transaction(
            s, FIONA, TransactionInput(da, date(2025, 9, 1), "150.00", contract_line_id=cid)
        )
    page = ContractsPage(ctx)
    qtbot.addWidget(page)
    page.set_scope(None, 2025)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    helpline = next(i for i, r in enumerate(page.model.rows) if r.service == "Helpline")
    row = page.model.rows[helpline]
    assert row.cost_basis == "unknown"
    assert [w.code for w in row.warnings if w.code != "basis_unknown"]  # a real warning too
    assert page.status_text() == (
        "2 lines · value £97,154.00 · invoiced £1,204.00 · 1 with warnings · "
        "1 with cost basis unknown"
    )
    shown_red = sum(
        1 for r in range(page.model.rowCount())
        if page.model.data(page.model.index(r, 1), Qt.ItemDataRole.ForegroundRole) is not None
        and page.model.data(page.model.index(r, 1), Qt.ItemDataRole.ForegroundRole).color() == WARN
    )  # fmt: skip
    assert shown_red == 1
    from ui.qt.pages.contracts import detail_html

    html = detail_html(row)
    assert "Value £100.00 (cost basis unknown: per year or whole term not stated)" in html
    assert ("<li style='color:#555'>Note: cost basis unknown: the value is treated as the "
            "whole-term value</li>") in html  # fmt: skip
