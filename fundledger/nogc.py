"""Work that makes hundreds of thousands of objects with no cycles among them (a big file's
rows, write records, bound parameters) runs without the cyclic garbage collector: it would only
rescan them again and again as they pile up (about a tenth of a big import's time).  Start-up's
own pause, which also freezes what start-up made, is ``ui.gcpause``."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Pause automatic collection for the block; a collector someone else switched off (the
    app's GUI-thread collector) stays off."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
