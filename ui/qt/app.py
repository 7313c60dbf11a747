"""Starting the desktop app: the QApplication, the style, the main window, the first ledger.

The window is shown before SQLAlchemy and the pages are imported; the ledger opens off the
GUI thread and the pages load when it is ready.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from ui import gcpause

from . import pyside_hook

pyside_hook.install()  # before the window's modules and the database layer are imported

from .context import AppContext, recent_ledgers  # noqa: E402
from .main_window import MainWindow  # noqa: E402
from .settings_store import APP, ORG, open_settings  # noqa: E402

STYLE = Path(__file__).resolve().parent.parent / "style.qss"


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        from .system_libraries import check

        check(argv)  # on Linux/xcb: name the missing system packages instead of a Qt abort
        QCoreApplication.setOrganizationName(ORG)
        QCoreApplication.setApplicationName(APP)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName("fundledger")
    from . import collector

    collector.install()  # never a collection (freeing Qt objects) on a worker thread
    app.setStyleSheet(style_sheet())
    return app


def fit_dialog_titles(app: QApplication) -> None:
    """No dialog title is cut ("Explain unmat…"): an application event filter, so every event
    of the app passes through Python from then on (≈5,000 while a window is built, laid out,
    painted and filled).  The app installs it at its first paint, before anything can open a
    dialog; a screenshot only before its ``prepare`` step (which may open one)."""
    from .widgets.dialog_titles import install

    install(app)


def style_sheet() -> str:
    """The app's style sheet (``ui/style.qss``) with its image folder filled in."""
    if not STYLE.exists():
        return ""
    images = (STYLE.parent / "icons").as_posix()  # packaged (pyproject package-data)
    return STYLE.read_text(encoding="utf-8").replace("@images@", images)


def make_window(user: str | None = None, settings: QSettings | None = None) -> MainWindow:
    ctx = AppContext(settings=settings)
    ctx.user_name = user  # type: ignore[attr-defined]
    win = MainWindow(ctx)
    win.welcome.set_recent(recent_ledgers(ctx.settings))
    return win


def start_target(db: str | None, settings: QSettings) -> str | None:
    """Which ledger to open at start: ``--db``, else the last one, else the default file if it
    exists; None (first run) shows the welcome panel."""
    if db:
        return db
    last = settings.value("ledgers/last")
    if last and (str(last).startswith("postgresql") or Path(str(last)).exists()):
        return str(last)
    from ui.usecases.ledger_files import default_ledger_path

    default = default_ledger_path()
    return str(default) if default.exists() else None


def screenshot(
    db: str | None,
    user: str | None,
    page: str,
    out: Path,
    *,
    settings_values: dict[str, object] | None = None,
    prepare: Callable[[MainWindow], None] | None = None,
) -> int:
    """Open ``db``, show ``page`` with its data loaded, save the window as PNG; exit code.

    ``settings_values`` are set in the window's (throw-away) settings first, e.g. recent
    ledgers; ``prepare(window)`` runs once the data is in (e.g. to choose a tab) and the
    window settles again before the picture.  With ``db`` None the welcome panel is shown.
    """
    import tempfile

    app = make_app()
    with tempfile.TemporaryDirectory() as tmp:
        settings = open_settings(Path(tmp) / "settings.ini")
        for key, value in (settings_values or {}).items():
            settings.setValue(key, value)
        width, height = _screenshot_scope(settings)
        win = make_window(user, settings)
        errors: list[str] = []
        win.ctx.error_handler = lambda title, exc: errors.append(f"{title}: {exc}")  # no dialogs
        win.current_page = page
        win.side.select_page(page, silent=True)
        win.resize(width, height)
        win.show()
        if db is not None:
            from ui.usecases.navigation import open_with_summary

            from .window_state import first_read

            saved = (settings.value("scope/stream"), settings.value("scope/year"))
            win.ctx.set_ledger(*open_with_summary(db, user, first_read(page, *saved)))
        from .icons import apply_pending

        apply_pending()
        win.side.fit_pages()
        settle(win)
        if prepare is not None:
            fit_dialog_titles(app)  # prepare may open a dialog (the screenshots tool does)
            prepare(win)
            settle(win)
        image = win.grab()
        ok = image.save(str(out), "PNG")
        for line in errors:
            print(f"fundledger gui: {line}", file=sys.stderr)
        win.close()
        win.ctx.set_ledger(None)
        app.processEvents()
    return 0 if ok else 1


def _screenshot_scope(settings: QSettings) -> tuple[int, int]:
    """Window size and scope for a screenshot: ``FUNDLEDGER_SCREENSHOT_SIZE`` (``1280x800``;
    default 1400×860), ``FUNDLEDGER_SCREENSHOT_STREAM`` (a code) and ``FUNDLEDGER_SCREENSHOT_YEAR``
    (a start year, or ``all``)."""
    stream = os.environ.get("FUNDLEDGER_SCREENSHOT_STREAM")
    year = os.environ.get("FUNDLEDGER_SCREENSHOT_YEAR")
    if stream:
        settings.setValue("scope/stream", stream)
    if year:
        settings.setValue("scope/year", year)
    size = os.environ.get("FUNDLEDGER_SCREENSHOT_SIZE", "")
    w, _x, h = size.lower().partition("x")
    if w.isdigit() and h.isdigit():
        return int(w), int(h)
    return 1400, 860


def settle(win: MainWindow, rounds: int = 4) -> None:
    """Wait until every background load (and what it triggered) has finished."""
    app = QApplication.instance()
    for _ in range(rounds):
        win.ctx.wait_idle(60)
        if app is not None:
            app.processEvents()


class _FirstPaint(QObject):
    """Calls ``then`` once, just after the window's first paint."""

    def __init__(self, app: QApplication, win: QWidget, then: Callable[[], None]) -> None:
        super().__init__(app)
        self.app, self.win, self.then = app, win, then

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        painted = event.type() == QEvent.Type.Paint
        if painted and isinstance(obj, QWidget) and obj.window() is self.win:
            self.app.removeEventFilter(self)
            QTimer.singleShot(0, self.then)
        return False


def after_first_paint(app: QApplication, win: QWidget, then: Callable[[], None]) -> None:
    """Run ``then`` once the window has painted (so opening the ledger never delays it)."""
    app.installEventFilter(_FirstPaint(app, win, then))


def quit_after_first_paint(app: QApplication, win: QWidget) -> None:
    """Print the wall-clock time of the window's first paint, then quit (benchmarks)."""

    def report() -> None:
        mods = ",".join(m for m in ("sqlalchemy", "alembic", "openpyxl") if m in sys.modules)
        cpu = time.process_time()
        print(f"painted {time.time():.6f} cpu {cpu:.6f} heavy={mods or 'none'}", flush=True)
        app.quit()

    after_first_paint(app, win, report)


def run(db: str | None, user: str | None, page: str | None = None) -> int:
    """Show the window, then open the ledger in the background; returns the exit code."""
    app = make_app()
    win = make_window(user)
    if page:
        win.current_page = page
        win.side.select_page(page, silent=True)
    win.show()
    if os.environ.get("FUNDLEDGER_QUIT_AFTER_PAINT"):  # benchmarks: time to a painted window
        quit_after_first_paint(app, win)
        return app.exec()

    def first_open() -> None:
        from . import opening

        if db:
            opening.open_path(win, db)
            return
        target = start_target(None, win.ctx.settings)
        if target is not None:
            opening.open_recent(win, target)
        else:  # the welcome panel: import the database layer while it waits for a click
            opening.warm_up()

    def after_paint() -> None:
        from .icons import apply_pending

        fit_dialog_titles(app)  # before anything that may open a dialog
        apply_pending()
        win.side.fit_pages()
        first_open()

    after_first_paint(app, win, after_paint)
    # the garbage collector is paused for start-up (ui.gcpause); the window resumes it once the
    # ledger's first page is in (MainWindow._run_after_open), or after 20 s whatever happens
    QTimer.singleShot(20_000, gcpause.resume)
    code = app.exec()
    win.ctx.cancel_all()
    win.ctx.pool.waitForDone(5000)
    win.ctx.close()
    return code
