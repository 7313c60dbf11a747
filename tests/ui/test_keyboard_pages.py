"""Every page of the real main window, on the demo ledger, by keyboard alone: reached by its
View-menu shortcut (or the page list), every enabled control reached by Tab, no keyboard trap
(Tab and Shift+Tab come back round), and the page's own keys (Ctrl+N, Ctrl+F, Ctrl+E)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QListWidget

from tests.ui.keyboard_walk import controls, missed, name_of, walk
from ui.qt.context import AppContext
from ui.qt.main_window import MainWindow
from ui.qt.pages import PAGES
from ui.usecases.session import open_ledger


@pytest.fixture
def window(qtbot, demo_ledger_path: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The main window on a demo ledger of the test's own, as Mark Price (finance), DA 2025-26."""
    ledger = open_ledger(str(demo_ledger_path), "m.price")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("scope/year", "2025")
    settings.setValue("scope/stream", "DA")
    ctx = AppContext(ledger, settings)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    ctx.set_ledger(ledger)
    qtbot.waitUntil(win.isActiveWindow, timeout=5_000)
    for _ in range(3):
        assert ctx.wait_idle(20)
    yield win
    ctx.wait_idle(20)
    ledger.dispose()


def settle(win: MainWindow) -> None:
    for _ in range(3):
        assert win.ctx.wait_idle(20)
        QApplication.processEvents()


def go_to(qtbot, win: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    """Reach page ``name`` from the keyboard: its View-menu shortcut, else the page list
    (focused, arrow keys, Enter)."""
    p = next(p for p in PAGES if p.name == name)
    if p.shortcut:
        key = Qt.Key(Qt.Key.Key_0 + int(p.shortcut[-1]))
        qtbot.keyClick(win, key, Qt.KeyboardModifier.ControlModifier)
    else:
        pages: QListWidget = win.side.pages
        pages.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(pages, Qt.Key.Key_Home)
        for _ in range([q.name for q in PAGES].index(name)):
            qtbot.keyClick(pages, Qt.Key.Key_Down)
        qtbot.keyClick(pages, Qt.Key.Key_Return)
    settle(win)
    assert win.current_page == name


@pytest.mark.parametrize("name", [p.name for p in PAGES])
def test_every_page_is_reached_and_walked_by_keyboard(qtbot, window, name):  # type: ignore[no-untyped-def]
    win = window
    go_to(qtbot, win, name)
    page = win.pages[name]
    settle(win)
    todo = controls(page)
    assert todo, f"the {name} page offers nothing to Tab to"
    for backwards in (False, True):
        got = walk(todo[0], backwards)
        assert got.stuck is None, (
            f"{name}: Tab is trapped at {name_of(got.stuck)} after "
            f"{[name_of(w) for w in got.chain[-5:]]}"
        )
        assert not missed(page, got.chain), (
            f"{name}: never reached by Tab: {missed(page, got.chain)}"
        )
        inside = [page.isAncestorOf(w) for w in got.chain]
        turns = sum(a != b for a, b in zip(inside, inside[1:] + inside[:1], strict=True))
        assert turns <= 2, f"{name}: Tab leaves the page and comes back mid-way: " + ", ".join(
            name_of(w) for w in got.chain
        )


PAGE_KEYS = [(p.name, "new") for p in PAGES if p.create] + [
    (p.name, "find") for p in PAGES if p.name in ("transactions", "contracts", "audit")
]


@pytest.mark.parametrize(("name", "what"), PAGE_KEYS)
def test_the_page_main_action_works_from_the_keyboard(qtbot, window, name, what):  # type: ignore[no-untyped-def]
    win = window
    go_to(qtbot, win, name)
    if what == "find":
        assert win.actions_by_name["find"].isEnabled()
        qtbot.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        focus = QApplication.focusWidget()
        assert isinstance(focus, QLineEdit), name_of(focus)
        return
    assert win.actions_by_name["new"].isEnabled(), win.actions_by_name["new"].toolTip()
    seen: list[str] = []

    def escape() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, escape)
            return
        seen.append(dialog.windowTitle())
        focus = QApplication.focusWidget()
        seen.append(name_of(focus))
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, escape)
    qtbot.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(seen) == 2 and QApplication.activeModalWidget() is None)
    assert seen[0], f"{name}: Ctrl+N opened no dialog"
    assert seen[1] != "nothing", f"{name}: {seen[0]} opened with no field focused"
    assert not isinstance(QApplication.activeModalWidget(), QDialog)
