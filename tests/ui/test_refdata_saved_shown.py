"""Settings tabs (streams, cost centres, organisations, coding rules): the row a form just saved
is selected once the tab reloads; when the tab's search hides it, the status message says so
with Show it (the search cleared, the row selected)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from db.ledger import Actor, Ledger
from tests.ui.shell_helpers import make_ctx
from ui.qt.context import AppContext
from ui.qt.pages.settings_refdata import OrganisationsTab, RefTab, StreamsTab


def _tab(qtbot: Any, tab: RefTab) -> RefTab:
    qtbot.addWidget(tab)
    tab.show()
    tab.refresh()
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0, timeout=10_000)
    return tab


def _add(ctx: AppContext, tab: RefTab, fill: Any) -> None:
    """Press the tab's first button (Add…) and fill and save its modal form."""

    def go() -> None:
        dialog: Any = QApplication.activeModalWidget()
        if dialog is None or not ctx.wait_idle(0.01):
            QTimer.singleShot(50, go)
            return
        fill(dialog)
        dialog.save()

    QTimer.singleShot(0, go)
    tab.buttons[0][0].click()
    assert ctx.wait_idle(20)


def _org(dialog: Any) -> None:
    dialog.name.setText("Keyboard Recovery CIC")


def test_an_organisation_hidden_by_the_search_is_said_with_show_it(
    qtbot: Any, ledger: Ledger, tmp_path: Any
) -> None:
    ctx = make_ctx(ledger, tmp_path)
    tab = _tab(qtbot, OrganisationsTab(ctx))
    tab.search.setText("Health")
    _add(ctx, tab, _org)
    qtbot.waitUntil(lambda: ctx.last_notice is not None and ctx.last_notice.show is not None,
                    timeout=10_000)  # fmt: skip
    said = ctx.last_notice
    assert said is not None and said.show is not None
    assert said.text.startswith("Added organisation Keyboard Recovery CIC (")
    assert said.text.endswith(" — not shown: hidden by the search “Health”")
    assert tab.selected() is None
    said.show()
    assert tab.search.text() == ""
    row = tab.selected()
    assert row is not None and row.name == "Keyboard Recovery CIC"


def test_a_stream_in_view_is_selected_with_no_link(
    qtbot: Any, ledger: Ledger, tmp_path: Any
) -> None:
    ctx = make_ctx(ledger, tmp_path)
    ledger.actor = Actor("ada", "admin")
    tab = _tab(qtbot, StreamsTab(ctx))

    def fill(dialog: Any) -> None:
        dialog.code.setText("GHL")
        dialog.name.setText("Gambling Harms Levy")

    _add(ctx, tab, fill)
    qtbot.waitUntil(lambda: tab.selected() is not None, timeout=10_000)
    row = tab.selected()
    assert row is not None and row.code == "GHL"
    said = ctx.last_notice
    assert said is not None and said.show is None and said.text.startswith("Added stream GHL")
