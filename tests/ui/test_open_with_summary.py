"""Opening a ledger for the window reads the side panel's summary in the transaction that
identifies the user (ui.usecases.navigation.open_with_summary; issue 23: each new SQLite
connection parses the ledger's whole schema), and the window shows that summary without
reading it again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from sqlalchemy import Engine, event

from tests.ledgers import copy_sqlite
from ui.qt.context import AppContext, Job
from ui.qt.main_window import MainWindow
from ui.usecases.navigation import open_with_summary, summary
from ui.usecases.session import open_ledger


@pytest.fixture
def demo(tmp_path: Path, demo_template: Path) -> Path:
    return copy_sqlite(demo_template, tmp_path / "ledger.sqlite")


@pytest.fixture
def connections() -> Iterator[list[int]]:
    """Every SQLAlchemy connection made meanwhile (any engine)."""
    made: list[int] = []

    def count(*_args: Any) -> None:
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
    ledger, read = open_with_summary(str(demo), None)
    try:
        assert len(connections) == alone  # no connection of its own (it was one more)
        assert read == expected and read is not None and read.streams
        assert ledger.actor == plain.actor
    finally:
        ledger.dispose()


def test_the_window_shows_the_summary_read_as_the_ledger_opened(
    demo: Path, tmp_path: Path, qtbot: Any
) -> None:
    ctx = AppContext(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.current_page = "overview"
    win.side.select_page("overview", silent=True)
    win.show()
    jobs: list[str] = []

    def started(job: Job) -> None:
        jobs.append(job.title)

    ctx.signals.job_started.connect(started)
    ledger, read = open_with_summary(str(demo), None)
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
