"""The reconciliation page (pytest-qt): both sides load, filters, tick to match with the running
difference, unmatch, accept, explain, sign-off (locking); the model passes qtmodeltester."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from db.ledger import Actor
from fundledger.money import Money, format_gbp
from fundledger.reconcile import LedgerItem, Match, StatementItem
from tests.reconcile.recon_samples import build_template, copy_ledger
from ui.qt.models.reconciliation import Col, ReconItemsModel, ReconRow


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SAMPLES

    return build_template(tmp_path_factory.mktemp("page") / "template.sqlite", SAMPLES)


@pytest.fixture
def ctx(template, tmp_path, qtbot):  # type: ignore[no-untyped-def]
    from ui.qt.context import AppContext

    led = copy_ledger(template, tmp_path / "l.sqlite", Actor("fo", "finance"))
    c = AppContext(led, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    yield c
    c.pool.waitForDone(10000)
    led.dispose()


@pytest.fixture
def page(ctx, qtbot):  # type: ignore[no-untyped-def]
    from ui.qt.pages.reconciliation import ReconciliationPage

    p = ReconciliationPage(ctx)
    qtbot.addWidget(p)
    p.resize(1400, 800)
    p.set_scope("YJ", 2025)
    qtbot.waitUntil(lambda: p.view_data is not None, timeout=10000)
    return p


def _reload(page, qtbot, action) -> None:  # type: ignore[no-untyped-def]
    before = page.view_data
    action()
    qtbot.waitUntil(lambda: page.view_data is not before, timeout=10000)


def _row(model: ReconItemsModel, ref: str, period: int | None = None) -> int:
    for n, r in enumerate(model.rows):
        if r.item.reference == ref and (period is None or r.item.charged[1] == period):
            return n
    raise AssertionError(f"{ref} not shown")


def _tick(model: ReconItemsModel, row: int) -> None:
    assert model.setData(
        model.index(row, Col.TICK), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )


def test_model_passes_modeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    m = ReconItemsModel("ledger")
    led = LedgerItem(
        1, "DA", date(2025, 4, 3), Money(Decimal("12.50")), "INV-1", "FreeVa", "x", 2025, 1
    )
    st = StatementItem(9, "DA", date(2025, 4, 9), Money(Decimal("-3.00")), "JNL-1", None)
    m.set_rows([
        ReconRow(led, Match((1,), (9,), 85, "amount_counterparty", "proposed", 4)),
        ReconRow(st, None, "journal", ("journal", "Q1 accrual")),
    ])  # fmt: skip
    qtmodeltester.check(m)
    assert m.data(m.index(0, Col.AMOUNT)) == "£12.50"
    assert m.data(m.index(0, Col.DATE)) == "03/04/2025"
    assert m.data(m.index(0, Col.STATUS)) == "proposed #4"
    assert m.data(m.index(1, Col.NOTE)) == "journal: Q1 accrual"
    tip = m.data(m.index(0, Col.STATUS), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Match #4 by amount and supplier, score 85, proposed"
    assert int(m.data(m.index(0, Col.AMOUNT), Qt.ItemDataRole.TextAlignmentRole)) & int(
        Qt.AlignmentFlag.AlignRight
    )


def test_page_shows_both_sides_and_filters(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    # nothing matched yet: auto-match fills it in
    assert page.view_data.result.matches == ()
    _reload(page, qtbot, page.auto_button.click)
    assert page.heading.text() == "Reconciliation — YJ, 2025-26"
    assert (page.ledger_model.rowCount(), page.statement_model.rowCount()) == (25, 24)
    assert page.status_text() == (
        "22 matched · 3 ledger-only · 2 statement-only · difference -£32,332.50"
    )
    assert "difference -£32,332.50" in page.proof_label.text()
    assert "✔ proof balances" in page.proof_label.text()
    page.filter.setCurrentText("Unmatched")
    assert [r.item.reference for r in page.ledger_model.rows] == [
        "INV-THE-202505-0025", "INV-EVE-202508-0075", "INV-THE-202509-0086",
    ]  # fmt: skip
    assert [r.item.reference for r in page.statement_model.rows] == [
        "INV-TUR-202504-0012", "JNL-25-1102",
    ]  # fmt: skip
    assert (
        page.statement_model.data(page.statement_model.index(0, Col.NOTE)) == "(duplicate payment?)"
    )
    page.filter.setCurrentText("Matched")
    assert page.ledger_model.rowCount() == 22


def test_tick_to_match_running_difference_and_unmatch(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    _reload(page, qtbot, page.auto_button.click)
    page.filter.setCurrentText("Unmatched")
    lm, sm = page.ledger_model, page.statement_model
    assert not page.match_button.isEnabled()
    _tick(lm, _row(lm, "INV-THE-202505-0025"))
    _tick(sm, _row(sm, "INV-TUR-202504-0012"))
    assert page.running_label.text() == (
        "Ticked: ledger 1 item(s) £2,875.00 · statement 1 line(s) £1,950.00 · difference -£925.00"
    )
    assert page.match_button.isEnabled()
    _reload(page, qtbot, page.match_button.click)
    v = page.view_data
    assert len(v.result.matches) == 23 and v.result.difference == Decimal("-32332.50")
    assert v.result.proof.matched_difference == Decimal("-925.00") and v.result.proof.balances
    assert page.running_label.text().startswith("Ticked: ledger 0 item(s) £0.00")
    # selecting an unmatched item suggests the likely partners on the other side
    page.select_item("ledger", lm.rows[_row(lm, "INV-THE-202509-0086")].item.id)
    assert page.suggest_label.text() == "No likely match among the unmatched statement items."
    # the manual match is shown and can be unmatched by hand
    page.filter.setCurrentText("All")
    lid = next(r.item.id for r in lm.rows if r.item.reference == "INV-THE-202505-0025")
    page.select_item("ledger", lid)
    row = page.selected_row()
    assert row is not None and row.match is not None and row.status.startswith("manual #")
    # the partner line on the other side is selected too
    sel = page.statement_view.selectionModel().selectedRows()
    partner = sm.rows[sel[0].row()]
    assert (partner.item.reference, partner.item.date) == ("INV-TUR-202504-0012", date(2025, 5, 14))
    assert page.unmatch_button.isEnabled() and not page.explain_button.isEnabled()
    _reload(page, qtbot, page.unmatch_button.click)
    assert len(page.view_data.result.matches) == 22
    page.select_item("ledger", lid)
    assert page.suggest_label.text() == "No likely match among the unmatched statement items."


def test_explain_and_sign_off_lock_the_period(page, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.dialogs import reconciliation as mod

    _reload(page, qtbot, page.auto_button.click)
    lm = page.ledger_model
    the = lm.rows[_row(lm, "INV-THE-202505-0025")].item.id
    page.select_item("ledger", the)
    monkeypatch.setattr(
        mod.ExplainDialog, "get", classmethod(lambda cls, p, r, *_m: ("timing", "Posted in P07"))
    )
    _reload(page, qtbot, page.explain_button.click)
    assert page.view_data.explanations[("ledger", the)].text == "Posted in P07"
    assert lm.data(lm.index(_row(lm, "INV-THE-202505-0025"), Col.NOTE)) == "timing: Posted in P07"
    # sign-off without a reason is refused while a difference is unexplained
    from ui.qt.dialogs import recon_signoff as so

    monkeypatch.setattr(
        so.SignOffDialog, "get", classmethod(lambda cls, *a: (["YJ"], (2, 2), None))
    )
    page.signoff_button.click()
    qtbot.waitUntil(lambda: page.message.text() != "", timeout=10000)
    # the May invoice is explained; the duplicate payment (£1,950.00) is not
    assert page.message.text() == (
        "YJ 2025-26 P02 May 2025: £1,950.00 is unexplained (2 item(s) unmatched; the difference "
        "at P02 is -£925.00); explain the items or give a reason to sign off anyway"
    )
    offered: list[object] = []

    def choose(cls, ctx, parent, streams, chosen, year, periods, statement):  # type: ignore[no-untyped-def]
        offered.append((list(chosen), year, periods))
        return ["YJ"], (2, 2), "Duplicate payment being recovered; May invoice not posted"

    monkeypatch.setattr(so.SignOffDialog, "get", classmethod(choose))
    _reload(page, qtbot, page.signoff_button.click)
    assert offered == [(["YJ"], 2025, (1, 7))]
    assert page.signoff_label.text().startswith(
        "Signed off: YJ P02 (movement -£925.00, cumulative -£925.00) by fo on "
    )
    assert page.signoff_label.text().endswith(
        "— “Duplicate payment being recovered; May invoice not posted”"
    )
    # a match in the signed-off period is locked
    tur = lm.rows[_row(lm, "INV-TUR-202505-0026")].item.id
    page.select_item("ledger", tur)
    page.message.setText("")
    page.unmatch_button.click()
    qtbot.waitUntil(lambda: page.message.text() != "", timeout=10000)
    assert "was signed off by fo on" in page.message.text()
    assert "its matches and explanations are locked" in page.message.text()


def test_explain_uses_the_ticked_rows(page, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.dialogs import reconciliation as mod

    _reload(page, qtbot, page.auto_button.click)
    lm = page.ledger_model
    unmatched = [n for n, r in enumerate(lm.rows) if r.match is None][:2]
    assert len(unmatched) == 2
    assert not page.explain_button.isEnabled()  # nothing ticked or selected yet
    for n in unmatched:
        _tick(lm, n)
    assert page.explain_button.isEnabled()
    seen: list[int] = []

    def ask(cls, parent, row, more=0):  # type: ignore[no-untyped-def]
        seen.append(more)
        return ("timing", "Posted in P07")

    monkeypatch.setattr(mod.ExplainDialog, "get", classmethod(ask))
    ids = [lm.rows[n].item.id for n in unmatched]
    said: list[str] = []
    page.ctx.signals.notice.connect(lambda n: said.append(n.text))
    _reload(page, qtbot, page.explain_button.click)
    assert seen == [1]  # the dialog names the first and "1 more ticked"
    assert all(page.view_data.explanations[("ledger", i)].category == "timing" for i in ids)
    assert said == ["Explained 2 unmatched items as timing"]


def test_viewer_cannot_act(template, tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.context import AppContext
    from ui.qt.pages.reconciliation import ReconciliationPage

    led = copy_ledger(template, tmp_path / "v.sqlite", Actor("v", "viewer"))
    c = AppContext(led, QSettings(str(tmp_path / "v.ini"), QSettings.Format.IniFormat))
    p = ReconciliationPage(c)
    qtbot.addWidget(p)
    p.set_scope(None, None)
    qtbot.waitUntil(lambda: p.view_data is not None, timeout=10000)
    assert not any(b.isEnabled() for b in (p.auto_button, p.match_button, p.signoff_button))
    # greyed before anything is typed or ticked, saying why (as everywhere)
    tip = p.explain_button.toolTip()
    assert tip.lower() == "viewers cannot change the ledger: v (viewer) cannot reconcile"
    assert p.view_data is not None and p.view_data.result.difference == Decimal("75673.28")
    c.pool.waitForDone(10000)
    led.dispose()


def test_export_writes_the_statement_workbook(page, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    _reload(page, qtbot, page.auto_button.click)
    out = tmp_path / "yj.xlsx"
    with qtbot.waitSignal(page.status_changed, timeout=10000) as said:
        page.export_to(str(out))
    assert said.args == [f"Exported the statement to {out}"]
    qtbot.waitUntil(lambda: not page.ctx.busy and out.exists(), timeout=10000)
    ws = openpyxl.load_workbook(out, data_only=True)["Reconciliation"]
    assert ws["A1"].value == "Reconciliation statement: ledger to general ledger — YJ 2025-26"
    assert (ws["A9"].value, ws["B9"].value) == ("Difference: statement − ledger", -32332.5)


def test_explain_dialog_defaults_to_the_hint(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.dialogs.reconciliation import ExplainDialog

    st = StatementItem(
        9, "YJ", date(2025, 5, 14), Money(Decimal("1950.00")), "INV-TUR-1", "Turning Point"
    )
    dlg = ExplainDialog(None, ReconRow(st, None, "duplicate_payment"))
    qtbot.addWidget(dlg)
    assert dlg.category.currentData() == "duplicate_payment"
    assert dlg.text.text() == ""


def test_sign_off_dialog_shows_movement_cumulative_and_needs_a_reason(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.qt.dialogs.recon_signoff import SignOffDialog

    _reload(page, qtbot, page.auto_button.click)
    dlg = SignOffDialog(page.ctx, None, ["DA", "OPCC", "YJ"], ["YJ"], 2025, (1, 6))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=10000)
    assert dlg.first.currentText() == "P01 April 2025" and dlg.last.currentText() == (
        "P06 September 2025"
    )
    assert dlg.table.rowCount() == 6
    row = [item.text() if (item := dlg.table.item(1, c)) else "" for c in range(6)]
    assert row[:2] == ["YJ", "P02"] and row[2] == "-£925.00"  # P02's movement
    assert dlg.summary.text().endswith(
        "A reason is required to sign off with a difference unexplained."
    )
    ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dlg.reason.setText("Turning Point duplicate being recovered")
    assert ok.isEnabled()
    assert dlg.answer() == (["YJ"], (1, 6), "Turning Point duplicate being recovered")
    if shot := __import__("os").environ.get("MONTHEND_SHOT_SIGNOFF"):
        dlg.resize(760, 480)
        dlg.grab().save(shot)


def test_the_page_fits_beside_the_side_panel_with_its_data_in(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    # the counts above each side and the period pickers wrap or elide: with every statement
    # and all streams in scope the page still fits a 1280-wide window beside the page list
    page.set_scope(None, 2025)
    qtbot.waitUntil(lambda: page.view_data is not None, timeout=10000)
    _reload(page, qtbot, page.auto_button.click)
    assert page.ledger_label.text().startswith("<b>Ledger</b>")
    # 1280 less the side panel and the splitter handle (test_nil_and_sort_arrows: 1051)
    assert page.minimumSizeHint().width() <= 1050


def test_the_period_pickers_mark_closed_periods(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    # as every period picker does: " — closed", greyed, a tooltip; for the stream shown
    from PySide6.QtGui import QBrush

    from ui.usecases.periods import close_through

    assert page.first_pick.itemText(0) == "P01 April 2025"
    chosen = (page.first_pick.currentData(), page.last_pick.currentData())
    close_through(page.ctx.ledger, 2025, 2, None, "May month end")
    close_through(page.ctx.ledger, 2025, 3, "YJ", "June month end for YJ")
    _reload(page, qtbot, page.refresh)
    for pick in (page.first_pick, page.last_pick):
        texts = [pick.itemText(i) for i in range(pick.count())]
        assert texts[:4] == ["P01 April 2025 — closed", "P02 May 2025 — closed",
                             "P03 June 2025 — closed", "P04 July 2025"]  # fmt: skip
        assert not any(t.endswith("closed") for t in texts[3:])
        grey = pick.itemData(0, Qt.ItemDataRole.ForegroundRole)
        assert isinstance(grey, QBrush) and grey.color().name() == "#6b6b6b"
        assert pick.itemData(3, Qt.ItemDataRole.ForegroundRole) is None
        assert pick.itemData(2, Qt.ItemDataRole.ToolTipRole) == (
            "Closed: changes are refused until an administrator reopens it"
        )
        assert [pick.itemData(i) for i in range(12)] == list(range(1, 13))
    # the range chosen is unchanged by the marks
    assert (page.first_pick.currentData(), page.last_pick.currentData()) == chosen
    if shot := __import__("os").environ.get("RECON_PERIODS_SHOT"):
        page.grab().save(shot)
    # another stream: only the all-streams close is marked
    page.set_scope("DA", 2025)  # not shown: the page waits to be shown or refreshed
    _reload(page, qtbot, page.refresh)
    assert page.view_data.stream == "DA"
    assert page.first_pick.itemText(1) == "P02 May 2025 — closed"
    assert page.first_pick.itemText(2) == "P03 June 2025"


def test_the_sign_off_dialog_marks_periods_closed_for_every_stream_ticked(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.dialogs.recon_signoff import SignOffDialog
    from ui.usecases.periods import close_through

    close_through(page.ctx.ledger, 2025, 1, None, "April month end")
    close_through(page.ctx.ledger, 2025, 2, "YJ", "May month end for YJ")
    dlg = SignOffDialog(page.ctx, None, ["DA", "OPCC", "YJ"], ["YJ"], 2025, (1, 6))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=10000)
    assert [dlg.first.itemText(i) for i in range(3)] == [
        "P01 April 2025 — closed", "P02 May 2025 — closed", "P03 June 2025",
    ]  # fmt: skip
    assert dlg.last.itemText(1) == "P02 May 2025 — closed"
    dlg.streams.item(0).setCheckState(Qt.CheckState.Checked)  # DA too: P02 is open for DA
    qtbot.waitUntil(lambda: dlg.plan is not None and len(dlg.plan.streams) == 2, timeout=10000)
    assert [dlg.first.itemText(i) for i in range(2)] == [
        "P01 April 2025 — closed", "P02 May 2025",
    ]  # fmt: skip
    assert dlg.periods() == (1, 6)


def test_the_reopen_dialog_marks_the_streams_closed_periods(page, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 15: Reopen sign-off…'s pickers mark closed periods as the page's and the sign-off
    dialog's do (for the stream shown: its own closes and the all-streams ones)."""
    from PySide6.QtGui import QBrush
    from PySide6.QtWidgets import QDialog

    from ui.qt.dialogs import recon_signoff as so
    from ui.usecases.periods import close_through
    from ui.usecases.reconcile import sign_off

    sign_off(page.ctx.ledger, ["YJ"], 2025, (1, 3), "Quarter signed off for the test")
    close_through(page.ctx.ledger, 2025, 1, None, "April month end")
    close_through(page.ctx.ledger, 2025, 2, "YJ", "May month end for YJ")
    close_through(page.ctx.ledger, 2025, 3, "DA", "June month end for DA")
    _reload(page, qtbot, page.refresh)
    seen: list[tuple[list[str], list[str], object]] = []

    def look(dlg: so.ReopenDialog) -> int:
        first, last = dlg.first, dlg.last
        seen.append(([first.itemText(i) for i in range(4)], [last.itemText(i) for i in range(4)],
                     first.itemData(1, Qt.ItemDataRole.ForegroundRole)))  # fmt: skip
        assert (first.currentData(), last.currentData()) == (1, 3)
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(so.ReopenDialog, "exec", look)
    page.reopen_signoff()
    ((firsts, lasts, grey),) = seen
    marked = ["P01 April 2025 — closed", "P02 May 2025 — closed", "P03 June 2025",
              "P04 July 2025"]  # fmt: skip
    assert firsts == marked and lasts == marked
    assert isinstance(grey, QBrush) and grey.color().name() == "#6b6b6b"


def test_reopen_waits_for_a_reason(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Reopen… with no reason used to close the dialog and do nothing, saying nothing: the
    button waits for a reason, as Sign off does."""
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.qt.dialogs.recon_signoff import ReopenDialog

    dlg = ReopenDialog(None, "DA", 2025, (1, 6))
    qtbot.addWidget(dlg)
    box = dlg.findChild(QDialogButtonBox)
    assert box is not None
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Reopen"
    assert not ok.isEnabled()
    dlg.reason.setText("   ")
    assert not ok.isEnabled()
    dlg.reason.setText("late invoice from Women's Aid")
    assert ok.isEnabled()
    ok.click()
    assert dlg.result() == dlg.DialogCode.Accepted.value


def test_a_range_signed_off_for_several_streams_reads_as_one_phrase(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Three streams signed off over P01–P06 in one action: one phrase naming them, the range
    and each stream's cumulative difference at P06 — not 18 entries filling the page; each
    period's figures are in the tooltip."""
    from ui.usecases.reconcile import sign_off

    plan, _ids = sign_off(page.ctx.ledger, ["DA", "OPCC", "YJ"], 2025, (1, 6),
                          "journals being cleared in P07")  # fmt: skip
    page.set_scope(None, 2025)
    _reload(page, qtbot, page.refresh)
    at_p06 = ", ".join(f"{x.stream} {format_gbp(x.cumulative)}" for x in plan.lines
                       if x.period == 6)  # fmt: skip
    assert page.signoff_label.text() == (
        f"Signed off: DA, OPCC, YJ P01–P06 (cumulative at P06: {at_p06}) by fo on "
        f"{page.view_data.signoffs[0].signed_at:%d/%m/%Y} — “journals being cleared in P07”"
    )
    tip = page.signoff_label.toolTip().splitlines()
    assert len(tip) == 18 and tip[0].startswith("DA P01: movement ")


@pytest.mark.parametrize("styled", [False, True], ids=["plain", "app-style-sheet"])
def test_period_pickers_show_closed_in_full_at_1400_px(page, qtbot, qapp, styled) -> None:  # type: ignore[no-untyped-def]
    """The title row held the statement, both period pickers and Show: at 1400 px the first
    picker read "P01 April 2025 — cl"; Show sits with the actions now.  Whether the text fits
    is measured in the box's text field, with and without the app's style sheet (whose padding
    makes the box's size hint wider than what the text needs: comparing the width with the
    size hint failed whenever an earlier test on the worker had left the sheet set)."""
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    from ui.qt.app import style_sheet
    from ui.usecases.periods import close_through

    before = qapp.styleSheet()
    qapp.setStyleSheet(style_sheet() if styled else "")
    try:
        close_through(page.ctx.ledger, 2025, 6, None, "September month end")
        page.set_scope(None, 2025)
        _reload(page, qtbot, page.refresh)
        page.resize(1140, 800)  # the page's share of a 1400 px window (the side panel: 260)
        page.show()
        qtbot.waitExposed(page)
        first = page.first_pick
        assert first.currentText() == "P01 April 2025 — closed"
        opt = QStyleOptionComboBox()
        first.initStyleOption(opt)
        field = first.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, first
        )
        assert first.fontMetrics().horizontalAdvance(first.currentText()) <= field.width()
        assert page.filter.parentWidget() is page and page.filter.isVisible()
    finally:
        qapp.setStyleSheet(before)


def test_sign_off_dialog_says_which_periods_are_signed_off(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    """It said only "Some periods are already signed off" (who and which: a tooltip)."""
    from ui.qt.dialogs.recon_signoff import HEADERS, SignOffDialog
    from ui.usecases.reconcile import sign_off

    _reload(page, qtbot, page.auto_button.click)
    sign_off(page.ctx.ledger, ["YJ"], 2025, (2, 3), "duplicate being recovered")
    dlg = SignOffDialog(page.ctx, None, ["DA", "OPCC", "YJ"], ["YJ"], 2025, (1, 6))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=10000)
    col = HEADERS.index("Signed off")
    signed = [item.text() if (item := dlg.table.item(r, col)) else "" for r in range(6)]
    assert signed == ["", "by fo", "by fo", "", "", ""]
    assert "Already signed off: YJ P02, YJ P03; reopen them first." in dlg.summary.text()
    if shot := __import__("os").environ.get("MONTHEND_SHOT_SIGNED"):
        dlg.resize(760, 480)
        dlg.grab().save(shot)
