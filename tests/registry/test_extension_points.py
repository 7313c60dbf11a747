"""Every extension point is one record: a dummy import kind, return and page — each its own
module plus one registration — are offered by the command line, the import wizard, the Returns
page and the main window (navigation, View menu, the page itself); a module that declares one
but never registers it, or a record registered twice, fails here."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt

from db.ledger import Actor, Ledger
from tests.registry import dummy_kind, dummy_page
from tests.registry.dummy_return import DUMMY as DUMMY_RETURN
from ui.cli import main
from ui.qt.context import AppContext
from ui.qt.pages import PAGES, page_names
from ui.qt.pages.base import Page
from ui.qt.pages.registry import PageRegistryError, register
from ui.usecases import returns
from ui.usecases.import_kinds import REGISTRY, DuplicateKind, ImportKind
from ui.usecases.returns import DuplicateReturn, ReturnDef


@pytest.fixture
def dummies() -> Iterator[None]:
    """The three dummies registered (and taken off again after the test)."""
    kind = dummy_kind.registered()
    page = dummy_page.registered()
    next(kind)
    next(page)
    with returns.registered(DUMMY_RETURN):
        yield
    for gen in (kind, page):
        with pytest.raises(StopIteration):
            next(gen)


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    return capsys.readouterr().out


def test_the_command_line_offers_each_dummy(
    dummies: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "meter-readings" in _help(capsys, "import")
    assert "stream-weights" in _help(capsys, "export")
    assert "meters" in _help(capsys, "gui").split("--page", 1)[1]


def test_the_screens_offer_each_dummy(
    dummies: None, ledger: Ledger, tmp_path: Path, qtbot: Any
) -> None:
    from ui.qt.dialogs.import_wizard import ImportWizard
    from ui.qt.main_window import MainWindow
    from ui.qt.pages.returns import ReturnsPage

    ledger.actor = Actor("fiona", "finance")
    ctx = AppContext(ledger, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    wizard = ImportWizard(ctx, None, ["DA"])
    qtbot.addWidget(wizard)
    kinds = wizard.file_page.kind
    assert kinds.itemData(kinds.count() - 1) == "meter-readings"

    returns_page = ReturnsPage(ctx)
    qtbot.addWidget(returns_page)
    offered = returns_page.list
    assert offered.item(offered.count() - 1).data(Qt.ItemDataRole.UserRole) == "stream-weights"

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    side = win.side.pages
    assert side.item(side.count() - 1).data(Qt.ItemDataRole.UserRole) == "meters"
    assert side.item(side.count() - 1).text() == "Meters"
    assert win.actions_by_name["page:meters"].text() == "Meters"
    assert page_names()[-1] == "meters"
    win.ctx.set_ledger(ledger)
    assert ctx.wait_idle(10)
    win.show_page("meters")
    page = win.page()
    assert isinstance(page, dummy_page.MetersPage)
    qtbot.waitUntil(lambda: page.loads >= 1, timeout=10_000)
    ctx.wait_idle()


def test_a_dummy_registered_twice_is_refused(dummies: None) -> None:
    with pytest.raises(DuplicateKind):
        REGISTRY.register(dummy_kind.KIND)
    with pytest.raises(DuplicateReturn):
        returns.register(DUMMY_RETURN)
    with pytest.raises(PageRegistryError):
        register(dummy_page.PAGE)


def _modules(package: str) -> list[Any]:
    pkg = importlib.import_module(package)
    return [importlib.import_module(f"{package}.{m.name}")
            for m in pkgutil.iter_modules(pkg.__path__)]  # fmt: skip


def test_every_page_module_is_registered() -> None:
    """A Page subclass with a name, in a module of ui.qt.pages, is a registered page (the
    record names its module and class, and the class's name and title agree with it)."""
    found = {}
    for module in _modules("ui.qt.pages"):
        for obj in vars(module).values():
            if (isinstance(obj, type) and issubclass(obj, Page) and obj.__module__ ==
                    module.__name__ and obj.name):  # fmt: skip
                found[obj.name] = (module.__name__, obj.__name__, obj.title)
    records = {p.name: (p.module, p.factory, p.title) for p in PAGES}
    assert found == records


def test_every_return_and_import_kind_module_is_registered() -> None:
    """Each ReturnDef / ImportKind a module of the registry's package declares is registered."""
    declared = {
        obj.name
        for module in _modules("ui.usecases.returns")
        for obj in vars(module).values()
        if isinstance(obj, ReturnDef)
    }
    assert declared == set(returns.names())
    kinds = {
        obj.name
        for module in _modules("ui.usecases.import_kinds")
        for obj in vars(module).values()
        if isinstance(obj, ImportKind)
    }
    assert kinds == set(REGISTRY.names())
