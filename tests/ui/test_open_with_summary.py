"""Opening a ledger for the window reads the side panel's summary, and what the Overview shows
first, in the transaction that identifies the user (ui.usecases.navigation.open_with_summary,
ui.qt.window_state.first_read; issue 23: each new SQLite connection parses the ledger's whole
schema), and the window and the Overview show them without reading them again."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from sqlalchemy import Engine, event

from tests.ledgers import copy_sqlite
from ui.qt.context import AppContext, Job
from ui.qt.main_window import MainWindow
from ui.qt.pages.overview import OverviewPage, stream_cards
from ui.qt.window_state import first_read
from ui.usecases.navigation import open_with_summary, summary
from ui.usecases.overview import overview
from ui.usecases.session import open_ledger
from ui.usecases.variance import today


@pytest.fixture
def demo(tmp_path: Path, demo_template: Path) -> Path:
    return copy_sqlite(demo_template, tmp_path / "ledger.sqlite")


@pytest.fixture
def connections() -> Iterator[list[int]]:
    """Every SQLAlchemy connection made meanwhile (any engine) by the test's own thread: a
    background job an earlier test left running in this process is not the test's."""
    made: list[int] = []
    mine = threading.get_ident()

    def count(*_args: Any) -> None:
        if threading.get_ident() == mine:
            made.append(1)

    event.listen(Engine, "connect", count)
    yield made
    event.remove(Engine, "connect", count)


def test_the_summary_is_read_on_the_connection_that_identifies_the_user(
    demo: Path, connections: list[int]
) -> None:
    plain = open_ledger(str(demo))
    alone = len(connections)
    expected = summary(plain)
    plain.dispose()
    connections.clear()
    ledger, read, nothing = open_with_summary(str(demo), None)
    try:
        assert nothing is None
        assert len(connections) == alone  # no connection of its own (it was one more)
        assert read == expected and read is not None and read.streams
        assert ledger.actor == plain.actor
    finally:
        ledger.dispose()


def _overview_window(ctx: AppContext, qtbot: Any) -> tuple[MainWindow, list[str]]:
    """A shown window on the Overview, and the titles of the jobs it starts from now on."""
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.current_page = "overview"
    win.side.select_page("overview", silent=True)
    win.show()
    jobs: list[str] = []

    def started(job: Job) -> None:
        jobs.append(job.title)

    ctx.signals.job_started.connect(started)
    return win, jobs


def test_the_window_shows_the_summary_read_as_the_ledger_opened(
    demo: Path, tmp_path: Path, qtbot: Any
) -> None:
    ctx = AppContext(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    win, jobs = _overview_window(ctx, qtbot)
    ledger, read, _ = open_with_summary(str(demo), None)
    assert read is not None
    ctx.set_ledger(ledger, read)
    assert win.opening  # as before: the page actions wait for the summary
    for _ in range(3):
        assert ctx.wait_idle(10)
    assert "Opening ledger…" not in jobs  # the summary was not read again
    assert win.summary == read and not win.opening
    streams = [win.side.streams.item(i).text() for i in range(win.side.streams.count())]
    assert streams[0] == "All streams" and len(streams) == len(read.streams) + 1
    overview = win.pages["overview"]
    assert overview.model.rowCount() > 0
    ctx.set_ledger(None)


def test_the_overview_shown_first_is_read_as_the_ledger_opens(
    demo: Path, tmp_path: Path, qtbot: Any, connections: list[int]
) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("scope/year", "2025")
    ctx = AppContext(settings=settings)
    win, jobs = _overview_window(ctx, qtbot)
    read = first_read("overview", settings.value("scope/stream"), settings.value("scope/year"))
    assert first_read("transactions", None, None) is None  # other pages read their own
    ledger, summary, prefetched = open_with_summary(str(demo), None, read)
    assert len(connections) == 1  # the user, the summary and the Overview: one connection
    assert prefetched is not None and list(prefetched) == [("overview", None, 2025, today())]
    ctx.set_ledger(ledger, summary, prefetched)
    for _ in range(3):
        assert ctx.wait_idle(10)
    assert "Loading…" not in jobs  # the Overview did not read it again
    assert ctx.prefetched == {}  # taken once
    page = win.pages["overview"]
    assert isinstance(page, OverviewPage) and not page.covered
    again = overview(ledger, None, 2025, today())
    assert page.report == again.report
    shown = [(c.row.stream, c.row.year, c.row.figures, c.periods) for c in page.model.cards]
    cards = stream_cards(again.report)
    assert shown == [(c.row.stream, c.row.year, c.row.figures, c.periods) for c in cards]
    assert len(shown) == 4
    page.refresh()  # a refresh reads anew
    assert ctx.wait_idle(10)
    assert "Loading…" in jobs
    ctx.set_ledger(None)


def test_a_write_forgets_what_was_read_as_the_ledger_opened(demo: Path, tmp_path: Path) -> None:
    ctx = AppContext(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    ledger, summary, prefetched = open_with_summary(
        str(demo), None, first_read("overview", None, "2025")
    )
    ctx.set_ledger(ledger, summary, prefetched)
    assert ctx.prefetched
    ctx.run_write(lambda _ledger: None, lambda _result: None)
    assert ctx.prefetched == {}
    assert ctx.wait_idle(10)
    ctx.set_ledger(None)
