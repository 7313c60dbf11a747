"""The main window's menus, toolbar and shortcuts (Ctrl+F, Ctrl+I, Ctrl+E, Ctrl+N, F5)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from . import pages as registry
from .icons import PAGE_ICONS, defer

if TYPE_CHECKING:
    from .main_window import MainWindow


def _action(
    win: MainWindow,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    icon: str | None = None,
    tip: str = "",
) -> QAction:
    act = QAction(text, win)
    if icon is not None:
        defer(act, icon)
    if shortcut is not None:
        act.setShortcut(QKeySequence(shortcut))
    tip = tip or text.replace("&", "").rstrip("…")
    if shortcut is not None:
        tip = f"{tip} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
    act.setToolTip(tip)
    act.setStatusTip(tip)
    act.triggered.connect(lambda _checked=False: slot())
    return act


def build_actions(win: MainWindow) -> dict[str, QAction]:
    """Create the actions, menus and toolbar of ``win``; returns the actions by name."""
    a: dict[str, QAction] = {
        "demo": _action(win, "Open the &demo ledger", lambda: _opening("open_demo", win)),
        "create": _action(
            win, "&Create a new ledger…", lambda: _opening("create_new", win), None, "SP_FileIcon"
        ),
        "open": _action(
            win,
            "&Open a ledger…",
            lambda: _opening("open_file", win),
            QKeySequence.StandardKey.Open,
            "SP_DialogOpenButton",
        ),
        "connect": _action(
            win,
            "Connect to a shared ledger (&PostgreSQL)…",
            lambda: _opening("connect_pg", win),
            None,
            "SP_DriveNetIcon",
        ),
        "quit": _action(win, "&Quit", win.close, QKeySequence.StandardKey.Quit),
        "new": _action(
            win,
            "&New record…",
            win.new_record,
            "Ctrl+N",
            "SP_FileDialogNewFolder",
            "Add a record on this page",
        ),
        "find": _action(
            win,
            "&Find…",
            win.focus_search,
            "Ctrl+F",
            "SP_FileDialogContentsView",
            "Search this page",
        ),
        "export": _action(
            win,
            "&Export…",
            win.export_view,
            "Ctrl+E",
            "SP_DialogSaveButton",
            "Export the rows shown to Excel",
        ),
        "import": _action(
            win,
            "&Import…",
            win.import_workbook,
            "Ctrl+I",
            "SP_ArrowDown",
            "Import a workbook (opens the import wizard)",
        ),
        "refresh": _action(
            win,
            "&Refresh",
            win.refresh,
            "F5",
            "SP_BrowserReload",
            "Reload this page from the ledger",
        ),
        "guide": _action(
            win,
            "&User guide",
            win.open_user_guide,
            QKeySequence.StandardKey.HelpContents,
            "SP_DialogHelpButton",
        ),
        "about": _action(win, "&About fundledger", win.about, None, "SP_MessageBoxInformation"),
    }
    _menus(win, a)
    bar = win.toolbar()
    bar.setAccessibleName("Main toolbar")
    for key in ("new", "refresh", "find", "export", "import"):
        bar.addAction(a[key])
        button = bar.widgetForAction(a[key])
        if button is not None:  # screen readers: the name and what it does
            button.setAccessibleName(a[key].text().replace("&", "").rstrip("…"))
            button.setAccessibleDescription(a[key].toolTip())
    return a


def _opening(name: str, *args: object) -> None:
    """Call ``ui.qt.opening.<name>`` (imported on first use, after the window is up)."""
    from . import opening

    getattr(opening, name)(*args)


def _menus(win: MainWindow, a: dict[str, QAction]) -> None:
    menu = win.menuBar()
    file_menu = menu.addMenu("&File")
    for key in ("demo", "create", "open", "connect"):
        file_menu.addAction(a[key])
    recent = file_menu.addMenu("Recent &ledgers")
    recent.aboutToShow.connect(lambda: _opening("fill_recent_menu", win, recent))
    file_menu.addSeparator()
    file_menu.addAction(a["import"])
    file_menu.addAction(a["export"])
    file_menu.addSeparator()
    file_menu.addAction(a["quit"])
    edit = menu.addMenu("&Edit")
    edit.addAction(a["new"])
    edit.addAction(a["find"])
    view = menu.addMenu("&View")
    view.addAction(a["refresh"])
    view.addSeparator()
    for i, (name, _m, _c) in enumerate(registry.PAGES):
        shortcut = f"Ctrl+{i + 1}" if i < 9 else None
        act = _action(
            win,
            registry.TITLES.get(name, name),
            partial(win.show_page, name),
            shortcut,
            PAGE_ICONS.get(name, "SP_FileIcon"),
        )
        view.addAction(act)
        a[f"page:{name}"] = act
    help_menu = menu.addMenu("&Help")
    help_menu.addAction(a["guide"])
    help_menu.addAction(a["about"])
