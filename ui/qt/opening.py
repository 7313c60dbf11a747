"""Opening, creating and switching ledgers from the window (off the GUI thread).

The functions take the window as an :class:`OpeningWindow` (what they need of it, declared
here), so this module does not import the main window: the main window imports it lazily, on
the first open, and calls its functions directly.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QWidget

from . import collector
from .context import recent_ledgers
from .dialogs.connect import (
    ConnectDialog,
    choose_file,
    keyring_get,
    parse_pg_key,
    remember_ledger,
)

if TYPE_CHECKING:
    from ui.usecases.ledger_files import Ledger
    from ui.usecases.navigation import LedgerSummary

    from .context import AppContext

    #: the ledger, its summary and what the first page shows, read as it opened
    Opened = tuple[Ledger, LedgerSummary | None, dict[object, Any] | None]


class OpeningWindow(Protocol):
    """What opening a ledger needs of the main window."""

    ctx: AppContext
    #: the page shown (its module is imported while the ledger opens)
    current_page: str | None

    def dialog_parent(self) -> QWidget:
        """The widget file and password dialogs open over."""
        ...

    def show_error(self, title: str, exc: BaseException) -> None: ...

    def show_recent(self, targets: list[str]) -> None:
        """Offer ``targets`` (newest first) as the recent ledgers."""
        ...


#: the warm-up import thread (see :func:`warm_up`), once started
_warm_up: threading.Thread | None = None
_WARM_MODULES = ("ui.usecases.session", "ui.usecases.navigation", "ui.usecases.registers")


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No garbage collection while the database layer is imported and the ledger vetted.

    Importing SQLAlchemy and the schema creates ≈100,000 long-lived objects; the collections
    they trigger walk them again and again for nothing (≈50 ms, an eighth of the open).
    Process-wide (:func:`ui.qt.collector.paused`), so collection resumes as soon as the last
    open (or warm-up) is done.
    """
    with collector.paused():
        yield


def warm_up() -> None:
    """Import the database layer on a background thread while the welcome panel waits for a
    click, so opening a ledger then skips most of its ≈0.4 s of imports.

    Everything here that imports the database layer first waits for this thread
    (:func:`_warmed`): two threads importing the same packages at once can deadlock.
    """
    global _warm_up
    if _warm_up is None:
        _warm_up = threading.Thread(target=_warm_imports, name="fundledger-warm-up", daemon=True)
        _warm_up.start()


def _warm_imports() -> None:
    with _gc_paused():
        for module in _WARM_MODULES:
            with contextlib.suppress(Exception):  # a real failure is reported by the open
                importlib.import_module(module)


def _warmed() -> None:
    """Wait for the warm-up imports, if any are running (call before importing db/SQLAlchemy)."""
    if _warm_up is not None:
        _warm_up.join()


def demo_path() -> Path:
    from ui.usecases.ledger_files import demo_path as path

    return path()


def _warm_page(name: str) -> None:
    """Import the module of the page the window is about to show (off the GUI thread, so only
    building the page is left to it); a page that fails to import is reported when shown."""
    from .pages import PAGES

    for p in PAGES:
        if p.name == name:
            with contextlib.suppress(Exception):
                importlib.import_module(p.module)


def _open(win: OpeningWindow, db: str, *, recent_key: str | None = None) -> None:
    ctx = win.ctx
    user = getattr(ctx, "user_name", None)
    page = win.current_page or str(ctx.settings.value("window/page") or "overview")
    saved = (ctx.settings.value("scope/stream"), ctx.settings.value("scope/year"))

    def work() -> Opened:
        _warmed()
        with _gc_paused():
            from ui.usecases.navigation import open_with_summary

            from .window_state import first_read

            # vetted (a refused ledger raises before anything); the side panel's summary and
            # what the first page shows read on the same connection
            opened = open_with_summary(db, user, first_read(page, *saved))
            importlib.import_module("ui.usecases.registers")  # warm the pages' queries off
            _warm_page(page)  # the GUI thread
        return opened

    def done(opened: Opened) -> None:
        ledger, summary, prefetched = opened
        if recent_key is not None:
            ledger.recent_key = recent_key  # type: ignore[attr-defined]
        ctx.set_ledger(ledger, summary, prefetched)

    what = "the shared ledger" if "://" in db else Path(db).name  # never a URL's password
    ctx.run_task(
        work, done, lambda exc: win.show_error("Open ledger", exc), title=f"Opening {what}…"
    )


def open_path(win: OpeningWindow, path: str) -> None:
    _open(win, path)


def open_demo(win: OpeningWindow) -> None:
    _warmed()
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


def create_new(win: OpeningWindow) -> None:
    path = choose_file(win.dialog_parent(), create=True, settings=win.ctx.settings)
    if path is None:
        return
    name, ok = QInputDialog.getText(
        win.dialog_parent(),
        "Create a new ledger",
        "Your council's name for the ledger, printed on every export and return\n"
        "(e.g. “Leeds City Council – grant ledger”; Settings changes it later):",
    )
    if not ok:
        return
    name = " ".join(name.split())

    def work() -> str:
        _warmed()
        from ui.usecases.init import init_ledger

        ledger = init_ledger(path)
        try:
            if name:
                from ui.usecases.settings import set_ledger_name

                set_ledger_name(ledger, name)
        finally:
            ledger.dispose()
        return path

    win.ctx.run_task(
        work,
        lambda p: _open(win, p),
        lambda exc: win.show_error("Create a new ledger", exc),
        title="Creating the ledger…",
    )


def open_file(win: OpeningWindow) -> None:
    path = choose_file(win.dialog_parent(), settings=win.ctx.settings)
    if path is not None:
        _open(win, path)


def connect_pg(win: OpeningWindow, key: str | None = None) -> None:
    _warmed()
    target = parse_pg_key(key) if key else None
    got = ConnectDialog.get_url(win.dialog_parent(), target)
    if got is not None:
        url, recent = got
        _open(win, url, recent_key=recent)


def open_recent(win: OpeningWindow, target: str) -> None:
    _warmed()
    pg = parse_pg_key(target)
    if pg is None:
        _open(win, target)
        return
    password = keyring_get(pg.key)
    if password is None:
        text, ok = QInputDialog.getText(
            win.dialog_parent(),
            "Password",
            f"Password for {pg.user}@{pg.host}/{pg.database}",
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return
        password = text
    _open(win, pg.url(password), recent_key=pg.key)


def remember(win: OpeningWindow, ledger: Any) -> None:
    """Add the open ledger to the recent list (a path, or a URL without its password)."""
    key = getattr(ledger, "recent_key", None)
    if key is None:
        from ui.usecases.ledger_files import location

        key = location(ledger)
    remember_ledger(win.ctx.settings, key)
    win.ctx.settings.setValue("ledgers/last", key)
    win.show_recent(recent_ledgers(win.ctx.settings))


def fill_recent_menu(win: OpeningWindow, menu: QMenu) -> None:
    menu.clear()
    targets = recent_ledgers(win.ctx.settings)
    if not targets:
        menu.addAction("(none yet)").setEnabled(False)
    for t in targets:
        menu.addAction(t, partial(open_recent, win, t))
