"""``ledger_changed`` says what a write changed, and a page reloads only for what it shows."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.shell_helpers import make_ctx
from ui.qt.pages import PAGES, page_def
from ui.qt.pages.base import Page
from ui.qt.pages.registry import PageDef, PageRegistryError, register, unregister
from ui.usecases.topics import EVERYTHING, Topic, topics, touches


class CountingPage(Page):
    name = "counting"
    title = "Counting"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.loads = 0

    def refresh(self) -> None:
        self.loads += 1


@pytest.fixture
def counting() -> Any:
    register(PageDef("counting", "Counting", __name__, "CountingPage",
                     shows=topics(Topic.INCOME, Topic.REFERENCE)))  # fmt: skip
    yield page_def("counting")
    unregister("counting")


def test_touches() -> None:
    assert touches(topics("budget"), EVERYTHING)
    assert touches(EVERYTHING, topics(Topic.USERS))
    assert not touches(topics("budget"), topics("income", "users"))
    with pytest.raises(ValueError, match="'budgets' is not a valid Topic"):
        topics("budgets")


def test_a_page_reloads_only_for_the_topics_it_shows(qtbot, ledger, tmp_path, counting):  # type: ignore[no-untyped-def]
    ctx = make_ctx(ledger, tmp_path)
    page = CountingPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.loads == 1)
    ctx.signals.ledger_changed.emit(topics(Topic.BUDGET, Topic.USERS))
    assert page.loads == 1  # nothing it shows
    ctx.signals.ledger_changed.emit(topics(Topic.INCOME))
    assert page.loads == 2
    with qtbot.waitSignal(ctx.signals.ledger_changed, timeout=5_000) as changed:
        ctx.run_write(lambda led: 1, lambda r: None, changes=topics(Topic.REFERENCE))
    assert changed.args == [frozenset({Topic.REFERENCE})]
    assert page.loads == 3
    with qtbot.waitSignal(ctx.signals.ledger_changed, timeout=5_000) as changed:
        ctx.run_write(lambda led: 1, lambda r: None)  # says nothing: everything changed
    assert changed.args == [EVERYTHING]
    assert page.loads == 4


def test_every_page_says_what_it_shows_and_the_forms_what_they_change() -> None:
    from ui.qt.dialogs.budget import BudgetLineDialog
    from ui.qt.dialogs.users import UserDialog

    assert all(p.shows for p in PAGES)
    assert page_def("audit").shows == EVERYTHING
    assert Topic.USERS not in page_def("variance").shows
    assert BudgetLineDialog.changes == {Topic.BUDGET}
    assert UserDialog.changes == {Topic.USERS}


def test_a_page_registered_twice_is_refused(counting) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PageRegistryError, match="'counting' is registered twice"):
        register(PageDef("counting", "Again", __name__, "CountingPage"))
    with pytest.raises(PageRegistryError, match="share the shortcut Ctrl\\+1"):
        register(PageDef("other", "Other", __name__, "CountingPage", shortcut="Ctrl+1"))
    assert [p.name for p in PAGES].count("counting") == 1
