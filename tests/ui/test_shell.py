"""The shell: background runners, the page registry, the main window and the screenshot."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel

from db.writes import LedgerError
from tests.ui.shell_helpers import fill, make_ctx
from ui.qt.main_window import MainWindow
from ui.qt.pages import PAGES, PageDef, PageUnavailable, page_class, page_names, register
from ui.qt.pages.registry import unregister


def test_run_read_calls_back_on_the_gui_thread(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    ctx = make_ctx(ledger, tmp_path)
    seen: dict[str, object] = {}

    def work(led):  # type: ignore[no-untyped-def]
        seen["worker"] = threading.current_thread() is threading.main_thread()
        return led is ledger

    ctx.run_read(
        work,
        lambda r: seen.update(result=r, gui=threading.current_thread() is threading.main_thread()),
    )
    assert ctx.wait_idle(10)
    assert seen == {"worker": False, "result": True, "gui": True}


def test_run_write_emits_ledger_changed_and_reports_refusals(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    ctx = make_ctx(ledger, tmp_path)
    errors: list[str] = []
    with qtbot.waitSignal(ctx.signals.ledger_changed, timeout=5_000):
        ctx.run_write(lambda led: 1, lambda r: None)

    def refuse(led):  # type: ignore[no-untyped-def]
        raise LedgerError("period P01 is closed")

    ctx.run_write(refuse, lambda r: None, lambda exc: errors.append(str(exc)))
    assert ctx.wait_idle(10)
    assert errors == ["period P01 is closed"]


def test_cancelled_job_reports_nothing(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    ctx = make_ctx(ledger, tmp_path)
    gate = threading.Event()
    got: list[object] = []

    def slow(led, job):  # type: ignore[no-untyped-def]
        gate.wait(5)
        job.check()
        return "done"

    job = ctx.run_read(slow, got.append, got.append, cancellable=True, pass_job=True)
    job.cancel()
    gate.set()
    assert ctx.wait_idle(10)
    assert got == []


def test_registry_names_all_twelve_pages() -> None:
    assert page_names() == (
        "overview", "variance", "allocations", "contracts", "transactions", "contributions",
        "income", "reconciliation", "imports", "returns", "audit", "settings",
    )  # fmt: skip
    assert len({p.module for p in PAGES}) == 12
    assert [p.shortcut for p in PAGES[:9]] == [f"Ctrl+{i}" for i in range(1, 10)]
    with pytest.raises(PageUnavailable, match="There is no page called 'nope'"):
        page_class("nope")


def test_a_missing_page_module_is_a_notice_not_a_crash(qtbot, ledger, tmp_path, request):  # type: ignore[no-untyped-def]
    register(PageDef("ghost", "Ghost", "ui.qt.pages.ghost", "GhostPage"))
    request.addfinalizer(lambda: unregister("ghost"))
    with pytest.raises(PageUnavailable, match=r"The Ghost page is not available in this build\."):
        page_class("ghost")
    fill(ledger)
    win = MainWindow(make_ctx(ledger, tmp_path))
    qtbot.addWidget(win)
    win.ctx.set_ledger(ledger)
    assert win.ctx.wait_idle(10)
    win.show_page("ghost")
    shown = win.stack.currentWidget()
    assert isinstance(shown, QLabel)
    assert shown.text() == "The Ghost page is not available in this build."


def test_main_window_shows_ledger_user_and_mode(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    ctx.ledger = None
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    assert win.windowTitle() == "fundledger"
    assert win.stack.currentWidget() is win.welcome
    acts = win.actions_by_name
    for name in ("new", "refresh", "find", "export", "import"):  # nothing to act on yet
        assert not acts[name].isEnabled(), name
        assert acts[name].toolTip() == "No ledger is open", name
    ctx.set_ledger(ledger)
    win.show_page("transactions")
    for _ in range(3):
        assert ctx.wait_idle(10)
    for name in ("new", "refresh", "find", "export", "import"):
        assert acts[name].isEnabled(), name
        assert acts[name].toolTip() == win.base_tips[name], name
    assert "fiona (finance)" in win.windowTitle()
    assert win.mode_label.text() == "Single user (SQLite)"
    assert win.user_label.text() == "fiona (finance officer)"
    assert win.user_label.toolTip() == f"fiona (finance officer) on {ledger.display_name}"
    assert win.current_page == "transactions"
    keys = {a.shortcut().toString() for a in win.actions_by_name.values()}
    assert {"Ctrl+F", "Ctrl+I", "Ctrl+E", "Ctrl+N", "F5"} <= keys
    win.side.year.setCurrentIndex(win.side.year.findData(2025))
    win.side.streams.setCurrentRow(1)
    assert ctx.wait_idle(10)
    page = win.page()
    assert page is not None and (page.stream_code, page.year) == (win.side.stream_code, 2025)


def test_screenshot_writes_a_png_for_every_page(qtbot, ledger, tmp_path):  # type: ignore[no-untyped-def]
    from tests.ledgers import add_ledger_user
    from ui.cli import main

    fill(ledger)
    add_ledger_user(ledger, "fiona")
    db = str(ledger.url).removeprefix("sqlite:///")
    for name in page_names():
        out = tmp_path / f"{name}.png"
        assert (
            main(["--db", db, "--user", "fiona", "gui", "--page", name, "--screenshot", str(out)])
            == 0
        )
        image = QImage(str(out))
        assert not image.isNull() and image.width() >= 1000, name
