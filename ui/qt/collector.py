"""Cyclic garbage is collected on the GUI thread, never on a worker thread.

Python runs an automatic collection in whichever thread happens to allocate past the threshold.
In the app the worker threads (the pool behind ``ctx.run_read`` / ``run_write``, the warm-up
import) allocate most, so a collection often ran there — and reference cycles hold Qt objects
(a closed dialog or page and the lambdas connected to it).  Freed on a worker thread, their C++
destructors ran beside the GUI thread still painting: a segmentation fault (seen in the window
tests: the GUI thread in a label's ``minimumSizeHint`` while a worker thread opened or closed
its SQLite connection, where its collection had just run).

So :func:`install` switches automatic collection off and a timer on the GUI thread collects,
generation by generation, when the counts pass Python's own thresholds (calibre's pattern).
:func:`paused` holds it off while a ledger opens (importing the database layer makes ≈100,000
long-lived objects that a collection would walk for nothing).  A process without a
``QCoreApplication`` (the command line) keeps Python's automatic collection.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer

from ui import gcpause

#: how often the GUI thread looks at the counts (ms); a collection is due far less often
INTERVAL_MS = 500

_lock = threading.Lock()
_pauses = 0
_was_enabled = False
_collector: _Collector | None = None


class _Collector(QObject):
    """The GUI thread's collector: a timer that collects what is due, unless paused."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.thresholds = gc.get_threshold()
        self.gui_thread = threading.get_ident()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start()

    def collect_due(self) -> int:
        """Collect the oldest generation whose count passed its threshold (0 when none did, or
        while paused — here or by start-up's :mod:`ui.gcpause`); the number of objects found
        unreachable."""
        if _pauses or gcpause.paused() or threading.get_ident() != self.gui_thread:
            return 0
        counts = gc.get_count()
        due = -1
        for generation in range(3):
            if counts[generation] > self.thresholds[generation]:
                due = generation
            else:
                break
        return gc.collect(due) if due >= 0 else 0


def install() -> bool:
    """Collect on the GUI thread from now on (once per process; needs the QCoreApplication).
    True when the collector runs."""
    global _collector
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return _collector is not None
    with _lock:
        if _collector is None:
            _collector = _Collector(app)
            app.destroyed.connect(_forget)
            if _pauses == 0:
                gc.disable()
    return True


def _forget() -> None:
    """The application is gone (tests make several): back to Python's own collection."""
    global _collector, _was_enabled
    with _lock:
        _collector = None
        if _pauses == 0:
            gc.enable()
        else:
            _was_enabled = True  # the last pause to end switches it back on


def installed() -> bool:
    return _collector is not None


def collect_due() -> int:
    """Collect what is due now, on the GUI thread (0 anywhere else or with no collector)."""
    collector = _collector
    return collector.collect_due() if collector is not None else 0


def collecting() -> bool:
    """Whether garbage is being collected at all now (not paused): by the GUI thread's timer
    when the collector is installed, else by Python."""
    return _pauses == 0 and not gcpause.paused() and (_collector is not None or gc.isenabled())


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No collection while the block runs (any thread; nests).  With the collector installed
    automatic collection stays off and its timer skips; without it Python's automatic
    collection is switched off and back on (if it was on) when the last pause ends."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled and _collector is None:
                gc.enable()
