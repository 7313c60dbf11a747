"""Before the desktop app starts on Linux's X11 platform (xcb): are the system libraries Qt's
xcb plugin needs installed?  Without e.g. ``libxcb-cursor0`` Qt aborts with a plugin message
that does not say what to install; this names the Debian/Ubuntu packages instead.

Pure standard library (no Qt import), so it runs before any QApplication exists; the probe
that tries to load a library is injectable for the tests.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Mapping, Sequence

#: the shared libraries Qt 6's xcb platform plugin loads that a desktop may lack (beyond libc,
#: libX11 and the like), with the Debian/Ubuntu package that provides each
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}

Probe = Callable[[str], bool]


class MissingSystemLibraries(RuntimeError):
    """The display platform needs system libraries that are not installed (message: which,
    and the command that installs them)."""


def loads(soname: str) -> bool:
    """Whether the dynamic linker can load ``soname`` (the library is installed)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def platform_name(argv: Sequence[str], env: Mapping[str, str]) -> str:
    """The Qt platform plugin the app will use: ``-platform NAME`` in argv, else
    ``QT_QPA_PLATFORM`` (its first choice), else Qt's default on Linux (wayland in a Wayland
    session that has a Wayland display, xcb otherwise)."""
    args = list(argv)
    for i, arg in enumerate(args[:-1]):
        if arg in ("-platform", "--platform"):
            return args[i + 1].split(":")[0]
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    wayland = env.get("XDG_SESSION_TYPE") == "wayland" and env.get("WAYLAND_DISPLAY")
    return "wayland" if wayland else "xcb"


def missing_xcb_libraries(probe: Probe = loads) -> list[str]:
    """The sonames of :data:`XCB_LIBRARIES` that cannot be loaded."""
    return [soname for soname in XCB_LIBRARIES if not probe(soname)]


def message(missing: Sequence[str]) -> str:
    packages = " ".join(dict.fromkeys(XCB_LIBRARIES[s] for s in missing))
    return (
        "fundledger: the desktop app cannot start: Qt's X11 (xcb) display support needs "
        f"system libraries that are not installed ({', '.join(missing)}).\n"
        f"On Debian or Ubuntu install them with:\n    sudo apt-get install {packages}\n"
        "(the command-line tools work without them; README.md, Linux notes)"
    )


def check(
    argv: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    *,
    system: str | None = None,
    probe: Probe | None = None,
) -> None:
    """Raise :class:`MissingSystemLibraries` when the app would start on xcb (Linux) without
    the libraries it needs; otherwise return quietly (other platforms are not checked)."""
    import os

    system = system if system is not None else sys.platform
    if not system.startswith("linux"):
        return
    environ = env if env is not None else os.environ
    if platform_name(argv if argv is not None else sys.argv, environ) != "xcb":
        return
    missing = missing_xcb_libraries(probe or loads)
    if missing:
        raise MissingSystemLibraries(message(missing))
