"""The window by role (pytest-qt): who is connected, the daily backup, what a viewer, an
administrator and a budget holder may press (with the reason as the tooltip), the allocations
page's Budget actions menu, and Ctrl+I opening the import wizard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from db.backup import BackupError
from db.ledger import Actor
from tests.ui.shell_helpers import fill, make_ctx
from ui.qt.main_window import MainWindow


def _window(qtbot: Any, ledger: Any, tmp_path: Any, actor: Actor | None = None) -> MainWindow:
    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    if actor is not None:
        ledger.actor = actor
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    ctx.set_ledger(ledger)
    for _ in range(3):
        assert ctx.wait_idle(10)
    return win


def test_sqlite_status_names_the_user_and_role_and_makes_the_daily_backup(
    qtbot: Any, ledger: Any, tmp_path: Any
) -> None:
    win = _window(qtbot, ledger, tmp_path)
    assert win.mode_label.text() == "Single user (SQLite)"
    assert win.user_label.text() == "fiona (finance officer)"
    assert win.user_label.toolTip() == f"fiona (finance officer) on {ledger.display_name}"
    assert win.ledger_label.text() == ledger.display_name
    backups = sorted((tmp_path / "backups").glob("*.sqlite"))
    assert len(backups) == 1 and backups[0].name.startswith("ledger-")
    assert win.backup_label.isHidden()
    assert win.ledger_label.toolTip() == (
        f"Ledger: {ledger.display_name}\nToday's automatic backup: {backups[0]}"
    )


def test_a_failed_daily_backup_is_shown_not_raised(
    qtbot: Any, ledger: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    import db.restore

    def fail(_path: Any) -> None:
        raise BackupError("the disk is full")

    monkeypatch.setattr(db.restore, "daily_backup", fail)
    win = _window(qtbot, ledger, tmp_path)
    assert not win.backup_label.isHidden()
    assert win.backup_label.text() == "⚠ Backup failed"
    assert win.backup_label.toolTip() == "Today's automatic backup failed: the disk is full"
    assert win.user_label.text() == "fiona (finance officer)"


def test_a_viewer_can_neither_add_nor_import(qtbot: Any, ledger: Any, tmp_path: Any) -> None:
    win = _window(qtbot, ledger, tmp_path, Actor("vic", "viewer"))
    assert win.user_label.text() == "vic (viewer)"
    win.show_page("imports")
    assert win.ctx.wait_idle(10)
    new, imp = win.actions_by_name["new"], win.actions_by_name["import"]
    assert not new.isEnabled() and not imp.isEnabled()
    assert new.toolTip() == (
        "Viewers cannot change the ledger: vic (viewer) cannot import money into the ledger"
    )
    assert imp.toolTip() == new.toolTip()
    page: Any = win.page()
    assert not page.import_button.isEnabled()
    assert page.import_button.toolTip() == new.toolTip()
    win.show_page("allocations")
    assert win.ctx.wait_idle(10)
    page = win.page()
    assert not page.new_line_button.isEnabled() and not page.new_allocation_button.isEnabled()
    assert page.new_line_button.toolTip().startswith("Viewers cannot change the ledger")


def test_an_administrator_posts_no_money(qtbot: Any, ledger: Any, tmp_path: Any) -> None:
    win = _window(qtbot, ledger, tmp_path, Actor("ada", "admin"))
    win.show_page("allocations")
    assert win.ctx.wait_idle(10)
    new = win.actions_by_name["new"]
    assert not new.isEnabled()
    assert new.toolTip() == (
        "Administrators post no money (segregation of duties): "
        "ada (administrator) cannot change budget lines"
    )
    assert not win.actions_by_name["import"].isEnabled()
    page: Any = win.page()
    assert not page.new_allocation_button.isEnabled()
    assert not page.new_line_button.isEnabled()
    enabled = {a.text(): a.isEnabled() for a in page.budget_menu.actions()}
    assert enabled["Request a &virement…"] is False
    assert enabled["&Approvals (virements, carry-forwards)…"] is True


def test_a_budget_holder_acts_only_on_their_streams(qtbot: Any, ledger: Any, tmp_path: Any) -> None:
    win = _window(qtbot, ledger, tmp_path, Actor("bea", "budget_holder", frozenset({"DA"})))
    win.show_page("allocations")
    page: Any = win.page()
    codes = [
        win.side.streams.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(win.side.streams.count())
    ]
    assert "DA" in codes
    win.side.streams.setCurrentRow(codes.index("DA"))
    assert win.ctx.wait_idle(10)
    assert page.stream_code == "DA"
    assert page.new_line_button.isEnabled() and win.actions_by_name["new"].isEnabled()
    assert not page.new_allocation_button.isEnabled()  # allocations are finance's
    other = next(c for c in codes if c not in (None, "DA"))
    win.side.streams.setCurrentRow(codes.index(other))
    assert win.ctx.wait_idle(10)
    assert not page.new_line_button.isEnabled()
    assert page.new_line_button.toolTip() == (
        f"bea (budget holder) holds DA; {other} is not one of their streams"
    )
    assert not win.actions_by_name["new"].isEnabled()


def test_allocations_budget_actions_menu(qtbot: Any, ledger: Any, tmp_path: Any) -> None:
    win = _window(qtbot, ledger, tmp_path)
    win.show_page("allocations")
    assert win.ctx.wait_idle(10)
    page: Any = win.page()
    assert page.budget_button.text() == "&Budget actions"
    assert page.budget_button.menu() is page.budget_menu
    assert [a.text() for a in page.budget_menu.actions()] == [
        "Request a &virement…",
        "&Carry forward to next year…",
        "&Forecast outturn…",
        "&Approvals (virements, carry-forwards)…",
        "Period &locks…",
    ]
    assert all(a.isEnabled() for a in page.budget_menu.actions())  # a finance officer


def test_ctrl_i_opens_the_import_wizard_on_the_imports_page(
    qtbot: Any, ledger: Any, tmp_path: Any
) -> None:
    win = _window(qtbot, ledger, tmp_path)
    win.show_page("overview")
    act = win.actions_by_name["import"]
    assert act.shortcut().toString() == "Ctrl+I" and act.isEnabled()
    act.trigger()
    assert win.current_page == "imports"
    page: Any = win.page()
    wizard = page.wizard
    assert wizard is not None and wizard.isVisible()
    wizard.reject()
    assert not wizard.isVisible()
    assert win.ctx.wait_idle(10)


def test_the_empty_import_history_says_what_to_do(qtbot: Any, ledger: Any, tmp_path: Any) -> None:
    from ui.qt.pages.imports import EMPTY_TEXT
    from ui.qt.widgets.placeholder import PlaceholderTable

    win = _window(qtbot, ledger, tmp_path)
    win.show_page("imports")
    assert win.ctx.wait_idle(10)
    page: Any = win.page()
    assert isinstance(page.view, PlaceholderTable)
    assert page.model.rowCount() == 0 and page.view.empty_text == EMPTY_TEXT
    assert EMPTY_TEXT.startswith("No imports yet. Import… reads an Excel workbook")
