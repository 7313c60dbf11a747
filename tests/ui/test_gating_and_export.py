"""Role gating before any typing (Reopen… greyed with the reason for a finance officer; no
reason is asked of them) and the Variance page's own Export (Ctrl+E) (pytest-qt)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from db.ops.locks import close_period
from tests.ui.shell_helpers import FIONA, fill, make_ctx
from ui.qt.main_window import MainWindow
from ui.qt.pages.settings import SettingsPage
from ui.qt.pages.variance import VariancePage


def test_reopen_is_greyed_with_the_reason_before_any_reason_is_typed(  # type: ignore[no-untyped-def]
    qtbot, ledger, tmp_path, monkeypatch
):
    ids = fill(ledger)
    with ledger.write() as s:
        close_period(s, FIONA, year=2025, period=1, stream_id=ids["da"], reason="April closed")
    ctx = make_ctx(ledger, tmp_path)  # fiona, a finance officer
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        page.refresh()
    assert not page.reopen_button.isEnabled()  # the role comes first, before any selection
    assert page.reopen_button.toolTip() == "fiona (finance officer) cannot reopen a closed period"
    page.locks_view.setCurrentIndex(page.locks.index(0, 0))
    assert not page.reopen_button.isEnabled()
    assert page.reopen_button.toolTip() == "fiona (finance officer) cannot reopen a closed period"
    assert page.close_button.isEnabled()  # finance officers close periods

    def asked(*_a: object) -> str:
        raise AssertionError("a reason was asked of someone who cannot reopen")

    monkeypatch.setattr("ui.qt.dialogs.reason.ReasonDialog.get", classmethod(asked))
    page.reopen_period()  # the shortcut path refuses quietly too
    assert page.edit_thresholds.toolTip().startswith("Select a stream")


def test_the_variance_page_exports_what_it_shows_with_ctrl_e(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    ctx.settings.setValue("scope/year", "2025")
    ctx.settings.setValue("scope/stream", "DA")
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.current_page = "variance"
    win.side.select_page("variance", silent=True)
    win.show()
    ctx.set_ledger(ledger)
    for _ in range(3):
        assert ctx.wait_idle(10)
    page = win.pages["variance"]
    assert isinstance(page, VariancePage)
    export = win.actions_by_name["export"]
    assert export.isEnabled()  # was greyed: exporting meant going to Returns
    out = tmp_path / "variance.xlsx"
    with qtbot.waitSignal(page.status_changed, timeout=20_000) as blocker:
        page.export_view(str(out))
    assert blocker.args[0].startswith(f"Exported variance to {out}")
    ws = openpyxl.load_workbook(out).worksheets[0]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Refuge" in texts


def test_ctrl_e_on_the_variance_page_asks_for_a_file_and_exports(  # type: ignore[no-untyped-def]
    qtbot, ledger, tmp_path, monkeypatch
):
    """Ctrl+E pressed on the Variance page (the focus in its tree): the save dialog is asked
    for with the page's file name, and the workbook is written and said."""
    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    ctx.settings.setValue("scope/year", "2025")
    ctx.settings.setValue("scope/stream", "DA")
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.current_page = "variance"
    win.side.select_page("variance", silent=True)
    win.show()
    win.activateWindow()
    ctx.set_ledger(ledger)
    for _ in range(3):
        assert ctx.wait_idle(10)
    page = win.pages["variance"]
    assert isinstance(page, VariancePage)
    out = tmp_path / "chosen.xlsx"
    asked: list[str] = []

    def choose(_parent, _settings, kind, _caption, name, _filters):  # type: ignore[no-untyped-def]
        asked.append(f"{kind}:{name}")
        return str(out)

    monkeypatch.setattr("ui.qt.pages.variance_export.choose_save", choose)
    page.tree.setFocus()
    qtbot.waitUntil(page.tree.hasFocus, timeout=5_000)
    with qtbot.waitSignal(page.status_changed, timeout=20_000) as blocker:
        qtbot.keyClick(page.tree, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["return:variance-DA-2025-26-line.xlsx"]
    assert blocker.args[0].startswith(f"Exported variance to {out}")
    assert out.exists() and ctx.wait_idle(10)


@pytest.mark.parametrize(("stream", "year", "by", "name"), [
    ("DA", 2025, "line", "variance-DA-2025-26-line.xlsx"),
    (None, None, "period", "variance-period.xlsx"),
])  # fmt: skip
def test_variance_file_name(stream, year, by, name) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.pages.variance_export import variance_file_name

    assert variance_file_name(stream, year, by) == name


def test_open_folder_failure_is_said(qtbot, ledger, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QDesktopServices

    from ui.qt.pages.returns import ReturnsPage

    ctx = make_ctx(ledger, tmp_path)
    page = ReturnsPage(ctx)
    qtbot.addWidget(page)
    page.last_path = Path(tmp_path / "da.xlsx")
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda _u: False))
    page.open_folder()
    assert page.done_label.text() == (
        f"Could not open the folder: no file manager answered. The file is {tmp_path / 'da.xlsx'}"
    )
    assert ctx.wait_idle(10)


def test_imports_undo_says_the_role_first_then_the_selection(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    from db.ledger import Actor
    from ui.qt.pages.imports import ImportsPage

    ctx = make_ctx(ledger, tmp_path)
    page = ImportsPage(ctx)
    qtbot.addWidget(page)
    assert page.undo_button.toolTip() == "Select a batch to undo"
    assert page.rows_button.toolTip() == "Select a batch whose rows a page lists"
    ledger.actor = Actor("vic", "viewer")
    page._update_buttons()
    assert not page.undo_button.isEnabled()
    assert page.undo_button.toolTip().startswith("Viewers cannot change the ledger: vic (viewer)")
