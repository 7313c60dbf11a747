"""Start-up without the cyclic garbage collector (issue 23).

Starting a command or the app makes tens of thousands of long-lived objects (SQLAlchemy, the
schema's tables, Qt's wrappers) and almost no garbage, yet every collection meanwhile walks all
of them again: ≈10–25% of a reading command's CPU time.  :func:`pause` stops collecting while
starting up and :func:`resume` collects as usual again.  Only a pause made here is resumed
(a collector someone else switched off stays off).
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Collect again if :func:`pause` stopped it (idempotent)."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()
