"""Opening, creating and switching ledgers from the window (off the GUI thread)."""

from __future__ import annotations

import importlib
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu

from .context import recent_ledgers
from .dialogs.connect import (
    ConnectDialog,
    choose_file,
    keyring_get,
    parse_pg_key,
    remember_ledger,
)

if TYPE_CHECKING:
    from db.ledger import Ledger

    from .main_window import MainWindow


def demo_path() -> Path:
    from db.engine import default_ledger_path

    return default_ledger_path().parent / "demo.sqlite"


def _open(win: MainWindow, db: str, *, recent_key: str | None = None) -> None:
    ctx = win.ctx
    user = getattr(ctx, "user_name", None)

    def work() -> Ledger:
        from ui.usecases.session import open_ledger

        ledger = open_ledger(db, user)
        importlib.import_module("db.queries.navigation")  # warm the pages' queries off the GUI
        importlib.import_module("db.queries.register_defs")  # thread while the window waits
        return ledger

    def done(ledger: Ledger) -> None:
        if recent_key is not None:
            ledger.recent_key = recent_key  # type: ignore[attr-defined]
        ctx.set_ledger(ledger)

    ctx.run_task(work, done, lambda exc: win.show_error("Open ledger", exc), title="Opening…")


def open_path(win: MainWindow, path: str) -> None:
    _open(win, path)


def open_demo(win: MainWindow) -> None:
    path = demo_path()
    ctx = win.ctx

    def work() -> str:
        from ui.usecases.init import init_ledger

        ledger = init_ledger(str(path))
        try:
            try:
                from ui.usecases.demo import load_demo
            except ImportError:
                return str(path)
            load_demo(ledger)
        finally:
            ledger.dispose()
        return str(path)

    ctx.run_task(
        work,
        lambda p: _open(win, p),
        lambda exc: win.show_error("Open the demo ledger", exc),
        title="Building the demo ledger…",
    )


def create_new(win: MainWindow) -> None:
    path = choose_file(win, create=True)
    if path is None:
        return

    def work() -> str:
        from ui.usecases.init import init_ledger

        init_ledger(path).dispose()
        return path

    win.ctx.run_task(
        work,
        lambda p: _open(win, p),
        lambda exc: win.show_error("Create a new ledger", exc),
        title="Creating the ledger…",
    )


def open_file(win: MainWindow) -> None:
    path = choose_file(win)
    if path is not None:
        _open(win, path)


def connect_pg(win: MainWindow, key: str | None = None) -> None:
    target = parse_pg_key(key) if key else None
    got = ConnectDialog.get_url(win, target)
    if got is not None:
        url, recent = got
        _open(win, url, recent_key=recent)


def open_recent(win: MainWindow, target: str) -> None:
    pg = parse_pg_key(target)
    if pg is None:
        _open(win, target)
        return
    password = keyring_get(pg.key)
    if password is None:
        text, ok = QInputDialog.getText(
            win,
            "Password",
            f"Password for {pg.user}@{pg.host}/{pg.database}",
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return
        password = text
    _open(win, pg.url(password), recent_key=pg.key)


def remember(win: MainWindow, ledger: Any) -> None:
    """Add the open ledger to the recent list (a path, or a URL without its password)."""
    key = getattr(ledger, "recent_key", None)
    if key is None:
        from db.engine import sqlite_path

        path = sqlite_path(ledger.url)
        key = str(path) if path is not None else ledger.display_name
    remember_ledger(win.ctx.settings, key)
    win.ctx.settings.setValue("ledgers/last", key)
    win.welcome.set_recent(recent_ledgers(win.ctx.settings))


def fill_recent_menu(win: MainWindow, menu: QMenu) -> None:
    menu.clear()
    targets = recent_ledgers(win.ctx.settings)
    if not targets:
        menu.addAction("(none yet)").setEnabled(False)
    for t in targets:
        menu.addAction(t, partial(open_recent, win, t))
