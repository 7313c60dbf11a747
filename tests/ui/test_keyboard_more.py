"""More dialogs by keyboard alone, on the demo ledger: the allocation split (focus on its first
year once the years load, not on Cancel), the import wizard page by page (Tab round each page,
Alt+N on to the next), the connect dialog, approvals and the template map — every enabled
control reached by Tab and Shift+Tab, no keyboard trap, Escape closes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from db.ledger import Ledger
from tests.db.test_allocation_split import _range
from tests.ui.keyboard_walk import missed, name_of, walk
from ui.qt.context import AppContext
from ui.usecases.session import open_ledger, resolve_actor


@pytest.fixture
def ctx(qtbot: Any, demo_ledger_path: Path, tmp_path: Path) -> Iterator[AppContext]:
    ledger = open_ledger(str(demo_ledger_path), "admin")
    ledger.actor = resolve_actor(ledger, "m.price")  # finance
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    context = AppContext(ledger, settings)
    yield context
    context.wait_idle(20)
    ledger.dispose()


def _ledger(c: AppContext) -> Ledger:
    assert c.ledger is not None
    return c.ledger


def _settle(ctx: AppContext) -> None:
    for _ in range(3):
        assert ctx.wait_idle(20)
        QApplication.processEvents()


def _shown(qtbot: Any, ctx: AppContext, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
    _settle(ctx)


def _focus() -> QWidget:
    focus = QApplication.focusWidget()
    assert focus is not None
    return focus


def _walked_round(root: QWidget, what: str, start: QWidget | None = None) -> None:
    """Tab and Shift+Tab from ``start`` (the focused widget) go round ``root``: no trap, every
    enabled control reached."""
    first = start or _focus()
    for backwards in (False, True):
        got = walk(first, backwards)
        assert got.stuck is None, f"{what}: Tab is trapped at {name_of(got.stuck)}"
        assert not missed(root, got.chain), f"{what}: never reached {missed(root, got.chain)}"


def _split(c: AppContext) -> QDialog:
    from ui.qt.dialogs.allocation_split import SplitAllocationDialog

    return SplitAllocationDialog(c, None, _range(_ledger(c)))


def _connect(_c: AppContext) -> QDialog:
    from ui.qt.dialogs.connect import ConnectDialog, PgTarget

    return ConnectDialog(None, PgTarget("db.council.local", 5432, "fundledger", "fiona"))


def _approvals(c: AppContext) -> QDialog:
    from ui.qt.dialogs.lifecycle import ApprovalsDialog

    return ApprovalsDialog(c, None, "DA", 2025)


def _template_map(c: AppContext) -> QDialog:
    from ui.qt.dialogs.template_map import TemplateMapDialog
    from ui.usecases.returns.base import Request

    return TemplateMapDialog(c, Request("opcc-csp", "2025-26", "OPCC"))


DIALOGS: dict[str, Callable[[AppContext], QDialog]] = {
    "allocation split": _split,
    "connect": _connect,
    "approvals": _approvals,
    "template map": _template_map,
}


@pytest.mark.parametrize("kind", list(DIALOGS))
def test_the_dialog_is_walked_and_closed_by_keyboard(
    qtbot: Any, ctx: AppContext, kind: str
) -> None:
    dialog = DIALOGS[kind](ctx)
    _shown(qtbot, ctx, dialog)
    focus = _focus()
    assert dialog.isAncestorOf(focus), f"{kind}: opens with {name_of(focus)} focused"
    _walked_round(dialog, kind)
    qtbot.keyClick(_focus(), Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()


def test_the_split_opens_on_its_first_year_and_is_typed_and_saved_by_keyboard(
    qtbot: Any, ctx: AppContext
) -> None:
    from ui.qt.dialogs.allocation_split import SplitAllocationDialog

    dialog = _split(ctx)
    assert isinstance(dialog, SplitAllocationDialog)
    _shown(qtbot, ctx, dialog)
    first, second = dialog.years[2025], dialog.years[2026]
    assert _focus() is first  # was Cancel: the years came after the focus was placed
    first.selectAll()
    qtbot.keyClicks(first, "700,000")
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert _focus() is second  # Tab goes down the years in order, then the reason
    second.selectAll()
    qtbot.keyClicks(second, "763,965")
    qtbot.keyClick(second, Qt.Key.Key_Tab)
    assert _focus() is dialog.reason
    assert dialog.left.text() == "The years add up to the allocation."
    qtbot.keyClicks(dialog.reason, "MHCLG letter of 3 April 2025")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=20_000)
    assert len(dialog.result_value) == 2


def test_the_import_wizard_by_keyboard_page_by_page(
    qtbot: Any, ctx: AppContext, samples: Path
) -> None:
    from ui.qt.dialogs.import_wizard import ImportWizard

    wiz = ImportWizard(ctx, None, ["DA", "YJ", "OPCC", "PMT", "DHR"])
    _shown(qtbot, ctx, wiz)
    fp = wiz.file_page
    assert wiz.currentPage() is fp and fp.isAncestorOf(_focus()), name_of(_focus())
    _walked_round(wiz, "wizard: file")
    fp.path.setFocus()
    qtbot.keyClicks(fp.path, str(samples / "invoices-2025-26-p01-p06.xlsx"))
    fp.year.setFocus()
    qtbot.keyClicks(fp.year, "2025-26")
    assert fp.isComplete()
    for page in (wiz.sheet_page, wiz.mapping_page, wiz.preview_page):
        qtbot.keyClick(_focus(), Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # &Next
        qtbot.waitUntil(lambda p=page: wiz.currentPage() is p, timeout=5_000)  # animated click
        qtbot.waitUntil(lambda p=page: not p.busy.running, timeout=30_000)
        _settle(ctx)
        assert wiz.isAncestorOf(_focus()), f"{page.title()}: focus left the wizard"
        _walked_round(wiz, f"wizard: {page.title()}")
    qtbot.keyClick(_focus(), Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # &Import
    qtbot.waitUntil(lambda: wiz.currentPage() is wiz.result_page, timeout=30_000)
    _settle(ctx)
    assert wiz.isAncestorOf(_focus()), f"{wiz.result_page.title()}: focus left the wizard"
    _walked_round(wiz, "wizard: imported")
    qtbot.keyClick(_focus(), Qt.Key.Key_Escape)
    assert not wiz.isVisible()
