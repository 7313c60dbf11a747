"""Before the app starts on Linux/xcb, missing system libraries are named with the Debian/Ubuntu
packages to install (the probe that loads a library is injected: nothing is uninstalled)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ui.qt.system_libraries import (
    XCB_LIBRARIES,
    MissingSystemLibraries,
    check,
    loads,
    platform_name,
)

XCB = {"DISPLAY": ":0"}


def without(*gone: str):  # type: ignore[no-untyped-def]
    return lambda soname: soname not in gone


def test_a_missing_cursor_library_names_its_package() -> None:
    with pytest.raises(MissingSystemLibraries) as info:
        check([], XCB, system="linux", probe=without("libxcb-cursor.so.0"))
    assert str(info.value) == (
        "fundledger: the desktop app cannot start: Qt's X11 (xcb) display support needs system "
        "libraries that are not installed (libxcb-cursor.so.0).\n"
        "On Debian or Ubuntu install them with:\n"
        "    sudo apt-get install libxcb-cursor0\n"
        "(the command-line tools work without them; README.md, Linux notes)"
    )


def test_several_missing_are_one_install_command() -> None:
    probe = without("libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxkbcommon-x11.so.0")
    with pytest.raises(MissingSystemLibraries) as info:
        check(["fundledger", "gui"], {}, system="linux", probe=probe)
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0\n" in str(
        info.value
    )


def test_nothing_missing_is_quiet() -> None:
    check([], XCB, system="linux", probe=lambda _s: True)  # nothing missing: no error


@pytest.mark.parametrize(
    ("argv", "env", "system"),
    [
        ([], {"QT_QPA_PLATFORM": "offscreen"}, "linux"),
        ([], {"QT_QPA_PLATFORM": "wayland"}, "linux"),
        (["fundledger", "-platform", "offscreen"], {}, "linux"),
        ([], {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "linux"),
        ([], {}, "win32"),
        ([], {}, "darwin"),
    ],
)
def test_other_platforms_are_not_checked(argv: list[str], env: dict[str, str], system: str) -> None:
    check(argv, env, system=system, probe=lambda _s: False)  # would fail if probed


def test_which_platform_qt_will_use() -> None:
    assert platform_name([], {}) == "xcb"
    assert platform_name([], {"QT_QPA_PLATFORM": "xcb;wayland"}) == "xcb"
    assert platform_name([], {"QT_QPA_PLATFORM": "offscreen:fontengine=freetype"}) == "offscreen"
    assert platform_name(["x", "-platform", "vnc:size=800x600"], {}) == "vnc"
    assert platform_name([], {"XDG_SESSION_TYPE": "wayland"}) == "xcb"  # no Wayland display


def test_every_library_has_a_package_and_the_real_probe_loads_libc() -> None:
    assert all(pkg and " " not in pkg for pkg in XCB_LIBRARIES.values())
    assert loads("libc.so.6")
    assert not loads("libfundledger-no-such-library.so.9")


def test_gui_prints_the_message_and_exits_1() -> None:
    """Through the real command, with one library made unloadable for the child process."""
    code = (
        "import ui.qt.system_libraries as m\n"
        "m.loads = lambda s: s != 'libxcb-cursor.so.0'\n"
        "from ui.cli import main\n"
        "raise SystemExit(main(['gui']))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "DISPLAY": ":0", "HOME": "/nonexistent"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.returncode == 1
    assert proc.stderr.startswith("fundledger: the desktop app cannot start:")
    assert "sudo apt-get install libxcb-cursor0\n" in proc.stderr
