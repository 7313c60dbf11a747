"""One record per page of the main window: what the navigation list, the View menu (with its
shortcut), the toolbar's New record, the user guide's sections, ``gui --page`` and the
screenshots tool read.  Adding a page is its module plus one :func:`register` call (in
:mod:`ui.qt.pages`); a name registered twice is refused.

This module imports no Qt: the command line reads it to offer ``--page`` choices.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ui.usecases.topics import EVERYTHING, Topic


@dataclass(frozen=True, slots=True)
class Shot:
    """How the screenshots tool shows a page: its scope, the acting user and the ledger."""

    stream: str = ""
    #: a start year ("2025") or "all"
    year: str = "all"
    user: str = "m.price"
    #: "demo" (init + demo) or "worked" (every sample imported, then reconciled)
    ledger: str = "demo"


@dataclass(frozen=True, slots=True)
class PageDef:
    """A page: its name (``gui --page``, settings), title, where its class lives and how the
    window offers it."""

    name: str
    title: str
    #: the module and the class in it (imported on first visit)
    module: str
    factory: str
    #: the standard icon beside it in the navigation list and the View menu
    icon: str = "SP_FileIcon"
    #: the View menu's shortcut (``Ctrl+1``…); None for none
    shortcut: str | None = None
    #: the permission (db.ops.permissions.ACTIONS) behind New record (Ctrl+N); None: no New
    create: str | None = None
    #: the user guide's heading for the page (F1); the title when None
    guide: str | None = None
    #: what the page shows: it reloads after a write that changed one of these
    shows: frozenset[Topic] = field(default=EVERYTHING)
    #: how tools/screenshots.py shows it (None: the tool leaves it out)
    shot: Shot | None = None

    @property
    def guide_heading(self) -> str:
        return self.guide or self.title


PAGES: list[PageDef] = []


class PageRegistryError(ValueError):
    """A page registered twice, or asked for and never registered."""


def register(page: PageDef) -> PageDef:
    """Add ``page`` to the window (after the pages registered before it)."""
    if any(p.name == page.name for p in PAGES):
        raise PageRegistryError(f"the page {page.name!r} is registered twice")
    if page.shortcut and any(p.shortcut == page.shortcut for p in PAGES):
        raise PageRegistryError(f"the pages share the shortcut {page.shortcut}")
    PAGES.append(page)
    return page


def unregister(name: str) -> None:
    """Take a page off again (tests that register a page of their own)."""
    PAGES[:] = [p for p in PAGES if p.name != name]


def page_names() -> tuple[str, ...]:
    """Every page's name, in navigation order."""
    return tuple(p.name for p in PAGES)


def page_def(name: str) -> PageDef:
    for p in PAGES:
        if p.name == name:
            return p
    raise PageRegistryError(f"There is no page called {name!r}.")
