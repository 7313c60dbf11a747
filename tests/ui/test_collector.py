"""Cyclic garbage is collected on the GUI thread only (ui/qt/collector.py): work on the pool
that makes garbage never runs a collection there, and Qt objects held in a cycle are freed by
the GUI thread's timer.  (A collection on a worker thread freed widgets beside the GUI thread
painting: a segmentation fault in the window tests.)"""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QLabel

from db.ledger import Ledger
from ui.qt import collector
from ui.qt.context import AppContext


@pytest.fixture
def ctx(qtbot: Any, ledger: Ledger, tmp_path: Path) -> Iterator[AppContext]:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    context = AppContext(ledger, settings)
    yield context
    context.wait_idle(20)


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The thread (ident) of every collection that starts while the test runs."""
    seen: list[int] = []

    def note(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(threading.get_ident())

    gc.callbacks.append(note)
    yield seen
    gc.callbacks.remove(note)


class _Cycle:
    """A cycle that holds a Qt object, as a closed dialog's lambdas hold the dialog."""

    def __init__(self, held: QObject | None = None) -> None:
        self.me = self
        self.held = held


def test_work_on_the_pool_never_collects_there(
    qtbot: Any, ctx: AppContext, collections: list[int]
) -> None:
    assert collector.installed() and not gc.isenabled()

    def churn(ledger: Ledger) -> int:
        with ledger.read() as s:  # a connection opened and closed on this worker thread
            s.connection()
        for _ in range(20_000):  # far past the thresholds of every generation
            _Cycle()
        return threading.get_ident()

    workers: list[int] = []
    for _ in range(6):
        ctx.run_read(churn, workers.append)
    assert ctx.wait_idle(60) and len(workers) == 6
    gui = threading.get_ident()
    assert gui not in workers
    qtbot.waitUntil(lambda: bool(collections), timeout=5_000)  # the GUI thread's timer
    assert set(collections) == {gui}


def test_a_qt_object_in_a_cycle_is_freed_by_the_gui_thread(
    qtbot: Any, ctx: AppContext, collections: list[int]
) -> None:
    label = QLabel("held in a cycle")
    gone = weakref.ref(_Cycle(label))
    freed_on: list[int] = []
    label.destroyed.connect(lambda *_a: freed_on.append(threading.get_ident()))
    del label
    for _ in range(2_000):  # enough new objects for a collection to be due
        _Cycle()
    qtbot.waitUntil(lambda: gone() is None, timeout=5_000)
    assert freed_on == [threading.get_ident()] and set(collections) == {threading.get_ident()}


def test_nothing_is_collected_while_paused(ctx: AppContext, collections: list[int]) -> None:
    for _ in range(2_000):
        _Cycle()
    with collector.paused():
        assert not collector.collecting() and collector.collect_due() == 0
    assert collector.collecting()
    assert collector.collect_due() > 0 and collections
