"""Start-up without the cyclic garbage collector (issue 23).

Starting a command or the app makes tens of thousands of long-lived objects (SQLAlchemy, the
schema's tables, Qt's wrappers) and almost no garbage, yet every collection meanwhile walks all
of them again: ≈10–25% of a reading command's CPU time.  :func:`pause` stops collecting while
starting up and :func:`resume` collects as usual again.  Only a pause made here is resumed
(a collector someone else switched off stays off).

When the process *is* the command (``fundledger …``, :data:`freeze_on_resume` set by
``ui.cli.main``), :func:`resume` first freezes what start-up made (``gc.freeze``: it lives as
long as the process), so no later collection walks it — without that the paused work is only
put off, as every one of those objects would be walked on the first collections after.  A
caller of ``main`` inside a longer process (the tests) does not freeze its own objects.
When such a command is done, :func:`leaving` freezes what is still alive too: the interpreter's
own collections on the way out then walk nothing (0.11–0.15 → 0.04–0.06 CPU s at the end of a
100k-row import), and everything is still freed as the modules are torn down.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from fundledger.nogc import without_cyclic_gc

_paused = False
#: freeze start-up's objects on resume (set when the process is the command)
freeze_on_resume = False


def pause() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def paused() -> bool:
    """Whether start-up's pause is on (the app's GUI-thread collector waits for it too)."""
    return _paused


def resume() -> None:
    """Collect again if :func:`pause` stopped it (idempotent)."""
    global _paused
    if _paused:
        _paused = False
        if freeze_on_resume:
            gc.freeze()
        collector = sys.modules.get("ui.qt.collector")
        if collector is None or not collector.installed():  # the app's GUI thread collects
            gc.enable()


def leaving() -> None:
    """The command is done and the process ends next: freeze what is alive (only when the
    process is the command, :data:`freeze_on_resume`), so shutdown's collections skip it.
    Not after the desktop app (Qt loaded): its objects are left to shutdown as before."""
    if freeze_on_resume and "PySide6" not in sys.modules:
        gc.freeze()


@contextmanager
def held() -> Iterator[None]:
    """A command's one big piece of work without the cyclic collector, when the process is
    the command (:data:`freeze_on_resume`).  A 100k-row import makes hundreds of thousands of
    row objects and tuples that live until it is written and almost no cyclic garbage, yet
    the collector walks them some fifty times meanwhile (≈30 ms of a 2.1 CPU s import).  The
    pause is :func:`fundledger.nogc.without_cyclic_gc`'s (back on however the work ends);
    inside a longer process (the tests, the app) nothing changes."""
    if not freeze_on_resume:
        yield
        return
    with without_cyclic_gc():
        yield
