"""Atomic output files: written under a temporary name beside the target, renamed over it only
when complete.  A cancelled or failed export leaves nothing behind (not even a half workbook
under the real name), and the finished file gets the user's normal mode (``0666 & ~umask``),
not the owner-only ``0600`` a temporary file is created with.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_path", "normal_mode", "publish", "temporary_beside"]

_umask_lock = threading.Lock()


def _umask() -> int:
    """The process's umask (read from /proc where there is one; else set and put back)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    with _umask_lock:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def normal_mode() -> int:
    """The mode a file the user saves gets: ``0666`` less the umask (``0644`` with ``022``)."""
    return 0o666 & ~_umask()


def temporary_beside(out: Path, suffix: str = ".part") -> Path:
    """A new empty file in ``out``'s folder (hidden, ``.name.xxxx.part``) to write into."""
    fd, name = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=suffix, dir=out.parent)
    os.close(fd)
    return Path(name)


def publish(tmp: Path, out: Path) -> None:
    """Give the finished ``tmp`` the user's normal mode and rename it over ``out``."""
    with contextlib.suppress(OSError):  # a file system without modes (a share) keeps its own
        os.chmod(tmp, normal_mode())
    os.replace(tmp, out)


@contextlib.contextmanager
def atomic_path(out: str | Path, suffix: str = ".part") -> Iterator[Path]:
    """Yield a temporary path beside ``out``; on success it becomes ``out``, else it is removed.

    ``suffix`` matters to writers that choose the format by the file name (openpyxl wants
    ``.xlsx``)."""
    target = Path(out)
    tmp = temporary_beside(target, suffix)
    try:
        yield tmp
        publish(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
