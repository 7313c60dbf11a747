"""The main window's menus, toolbar and shortcuts (Ctrl+F, Ctrl+I, Ctrl+E, Ctrl+N, F5).

:func:`build_actions` is given the window (a ``QMainWindow``, the actions' parent) and a
:class:`Commands` record of plain callables — what each action does — so this module knows
nothing of the main window or of opening ledgers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from . import pages as registry
from .icons import defer

Slot = Callable[[], object]


@dataclass(frozen=True, slots=True)
class Commands:
    """What the menus and toolbar call (the main window supplies them)."""

    open_demo: Slot
    create_new: Slot
    open_file: Slot
    connect_pg: Slot
    fill_recent: Callable[[QMenu], object]
    quit: Slot
    new_record: Slot
    focus_search: Slot
    export_view: Slot
    import_workbook: Slot
    refresh: Slot
    open_user_guide: Slot
    about: Slot
    show_page: Callable[[str], object]


def _action(
    win: QMainWindow,
    text: str,
    slot: Slot,
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


def build_actions(win: QMainWindow, do: Commands, bar: QToolBar) -> dict[str, QAction]:
    """Create the actions, menus and toolbar ``bar`` of ``win``; returns the actions by name."""
    a: dict[str, QAction] = {
        "demo": _action(win, "Open the &demo ledger", do.open_demo),
        "create": _action(win, "&Create a new ledger…", do.create_new, None, "SP_FileIcon"),
        "open": _action(win, "&Open a ledger…", do.open_file, QKeySequence.StandardKey.Open,
                        "SP_DialogOpenButton"),
        "connect": _action(win, "Connect to a shared ledger (&PostgreSQL)…", do.connect_pg,
                           None, "SP_DriveNetIcon"),
        "quit": _action(win, "&Quit", do.quit, QKeySequence.StandardKey.Quit),
        "new": _action(win, "&New record…", do.new_record, "Ctrl+N", "SP_FileDialogNewFolder",
                       "Add a record on this page"),
        "find": _action(win, "&Find…", do.focus_search, "Ctrl+F", "SP_FileDialogContentsView",
                        "Search this page"),
        "export": _action(win, "&Export…", do.export_view, "Ctrl+E", "SP_DialogSaveButton",
                          "Export the rows shown to Excel"),
        "import": _action(win, "&Import…", do.import_workbook, "Ctrl+I", "SP_ArrowDown",
                          "Import a workbook (opens the import wizard)"),
        "refresh": _action(win, "&Refresh", do.refresh, "F5", "SP_BrowserReload",
                           "Reload this page from the ledger"),
        "guide": _action(win, "&User guide", do.open_user_guide,
                         QKeySequence.StandardKey.HelpContents, "SP_DialogHelpButton"),
        "about": _action(win, "&About fundledger", do.about, None, "SP_MessageBoxInformation"),
    }  # fmt: skip
    _menus(win, do, a)
    bar.setAccessibleName("Main toolbar")
    for key in ("new", "refresh", "find", "export", "import"):
        bar.addAction(a[key])
        button = bar.widgetForAction(a[key])
        if button is not None:  # screen readers: the name and what it does
            button.setAccessibleName(a[key].text().replace("&", "").rstrip("…"))
            button.setAccessibleDescription(a[key].toolTip())
    return a


def _menus(win: QMainWindow, do: Commands, a: dict[str, QAction]) -> None:
    menu = win.menuBar()
    file_menu = menu.addMenu("&File")
    for key in ("demo", "create", "open", "connect"):
        file_menu.addAction(a[key])
    recent = file_menu.addMenu("Recent &ledgers")
    recent.aboutToShow.connect(lambda: do.fill_recent(recent))
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
    for p in registry.PAGES:
        title = p.title.replace("&", "&&")  # "Allocations & budgets", not a mnemonic
        act = _action(win, title, partial(do.show_page, p.name), p.shortcut, p.icon)
        view.addAction(act)
        a[f"page:{p.name}"] = act
    help_menu = menu.addMenu("&Help")
    help_menu.addAction(a["guide"])
    help_menu.addAction(a["about"])
