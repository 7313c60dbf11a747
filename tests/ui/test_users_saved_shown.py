"""Settings → Users & roles has a search box like the other Settings tabs; the user a form just
saved is selected once the tab reloads, and when the search hides them the status message says
so with Show it (the search cleared, the user selected) — as tests/ui/test_refdata_saved_shown.py
for the reference-data tabs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db.ledger import Actor, Ledger
from tests.ui.shell_helpers import make_ctx
from ui.qt.context import AppContext
from ui.qt.dialogs.form import combo_select
from ui.qt.pages.settings import SettingsPage


def _page(qtbot: QtBot, ledger: Ledger, tmp_path: Path) -> tuple[SettingsPage, AppContext]:
    ctx = make_ctx(ledger, tmp_path)
    ledger.actor = Actor("ada", "admin")
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 500)
    page.show()
    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        page.refresh()
    assert page.users.rowCount() > 0
    return page, ctx


def _add_user(qtbot: QtBot, ctx: AppContext, page: SettingsPage, username: str, role: str) -> None:
    """Press Add user…, fill the form and save it; wait for the tab's reload."""

    def go() -> None:
        dialog: Any = QApplication.activeModalWidget()
        if dialog is None or getattr(dialog, "loading", False) or not ctx.wait_idle(0.01):
            QTimer.singleShot(50, go)
            return
        dialog.username.setText(username)
        combo_select(dialog.role, role)
        dialog.save()

    with qtbot.waitSignal(page.status_changed, timeout=20_000):
        QTimer.singleShot(0, go)
        page.add_user_button.click()
    assert ctx.wait_idle(20)


def _shown_users(page: SettingsPage) -> list[str]:
    proxy = page.users_proxy
    return [proxy.data(proxy.index(r, 0)) for r in range(proxy.rowCount())]


def test_the_users_tab_searches_as_you_type(qtbot: QtBot, ledger: Ledger, tmp_path: Path) -> None:
    page, ctx = _page(qtbot, ledger, tmp_path)
    _add_user(qtbot, ctx, page, "jo.smith", "viewer")
    everyone = _shown_users(page)
    assert "jo.smith" in everyone and len(everyone) >= 2
    assert page.users_search.placeholderText() == "Search…"
    page.users_search.setText("VIEWER")  # any column, any case
    assert _shown_users(page) == ["jo.smith"]
    page.users_search.setText("no such person")
    assert _shown_users(page) == []
    page.users_search.clear()
    assert _shown_users(page) == everyone


def test_a_user_hidden_by_the_search_is_said_with_show_it(
    qtbot: QtBot, ledger: Ledger, tmp_path: Path
) -> None:
    page, ctx = _page(qtbot, ledger, tmp_path)
    page.users_search.setText("finance")
    _add_user(qtbot, ctx, page, "jo.smith", "viewer")
    qtbot.waitUntil(lambda: ctx.last_notice is not None and ctx.last_notice.show is not None,
                    timeout=10_000)  # fmt: skip
    said = ctx.last_notice
    assert said is not None and said.show is not None
    assert said.text == "Added jo.smith as viewer — not shown: hidden by the search “finance”"
    assert page.selected_user() is None
    said.show()
    assert page.users_search.text() == ""
    user = page.selected_user()
    assert user is not None and user.username == "jo.smith"
    # the columns, sized while the search left only root, now fit jo.smith; the last stretches
    view, header = page.users_view, page.users_view.horizontalHeader()
    assert header.sectionSize(0) >= view.sizeHintForColumn(0)
    last = header.count() - 1
    qtbot.waitUntil(lambda: header.sectionPosition(last) + header.sectionSize(last)
                    == view.viewport().width(), timeout=5_000)  # fmt: skip
    if shot := __import__("os").environ.get("USERS_SHOWN_SHOT"):
        page.grab().save(shot)


def test_a_changed_user_the_search_now_hides_is_said_with_show_it(
    qtbot: QtBot, ledger: Ledger, tmp_path: Path
) -> None:
    page, ctx = _page(qtbot, ledger, tmp_path)
    _add_user(qtbot, ctx, page, "jo.smith", "viewer")
    page.users_search.setText("viewer")
    assert page.select_user("jo.smith")

    def go() -> None:
        dialog: Any = QApplication.activeModalWidget()
        if dialog is None or getattr(dialog, "loading", False) or not ctx.wait_idle(0.01):
            QTimer.singleShot(50, go)
            return
        combo_select(dialog.role, "finance")
        dialog.save()

    with qtbot.waitSignal(page.status_changed, timeout=20_000):
        QTimer.singleShot(0, go)
        page.change_user_button.click()
    qtbot.waitUntil(lambda: ctx.last_notice is not None and ctx.last_notice.show is not None,
                    timeout=10_000)  # fmt: skip
    said = ctx.last_notice
    assert said is not None and said.show is not None
    assert said.text == "Saved jo.smith: finance officer — not shown: hidden by the search “viewer”"
    said.show()
    user = page.selected_user()
    assert user is not None and user.username == "jo.smith" and user.role == "finance"


def test_a_user_added_in_view_is_selected_with_no_link(
    qtbot: QtBot, ledger: Ledger, tmp_path: Path
) -> None:
    page, ctx = _page(qtbot, ledger, tmp_path)
    page.users_search.setText("jo")
    _add_user(qtbot, ctx, page, "jo.smith", "viewer")
    qtbot.waitUntil(lambda: page.selected_user() is not None, timeout=10_000)
    user = page.selected_user()
    assert user is not None and user.username == "jo.smith"
    said = ctx.last_notice
    assert said is not None and said.show is None and said.text == "Added jo.smith as viewer"
