"""The app's settings live in $FUNDLEDGER_HOME/settings.ini when that is set (each data folder
keeps its own scopes, sorts and recent ledgers), else in the platform's place; every QSettings
the app makes comes from ui.qt.settings_store."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from ui.qt.app import make_window, start_target
from ui.qt.context import AppContext, recent_ledgers
from ui.qt.settings_store import open_settings, settings_file

UI = Path(__file__).resolve().parents[2] / "ui"


def test_with_a_home_the_settings_are_an_ini_file_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FUNDLEDGER_HOME", str(tmp_path))
    s = open_settings()
    assert (s.format(), Path(s.fileName())) == (
        QSettings.Format.IniFormat,
        tmp_path / "settings.ini",
    )
    s.setValue("scope/year", "2025")
    s.sync()
    assert "year=2025" in (tmp_path / "settings.ini").read_text()
    assert settings_file() == tmp_path / "settings.ini"


def test_two_homes_keep_scopes_and_recent_ledgers_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    monkeypatch.setenv("FUNDLEDGER_HOME", str(a))
    ctx = AppContext()  # no settings given: the app's own
    ctx.settings.setValue("ledgers/recent", [str(a / "ledger.sqlite")])
    ctx.settings.setValue("ledgers/last", str(a / "ledger.sqlite"))
    ctx.settings.sync()
    (a / "ledger.sqlite").write_bytes(b"")
    assert start_target(None, ctx.settings) == str(a / "ledger.sqlite")

    monkeypatch.setenv("FUNDLEDGER_HOME", str(b))
    win = make_window()
    qtbot.addWidget(win)
    assert Path(win.ctx.settings.fileName()) == b / "settings.ini"
    assert recent_ledgers(win.ctx.settings) == []
    assert start_target(None, win.ctx.settings) is None  # b has no ledger yet: the welcome panel
    monkeypatch.setenv("FUNDLEDGER_HOME", str(a))
    assert recent_ledgers(open_settings()) == [str(a / "ledger.sqlite")]


def test_without_a_home_the_platform_settings_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FUNDLEDGER_HOME", raising=False)
    s = open_settings()  # only looked at, never written: it is the real user's
    assert (s.format(), s.organizationName(), s.applicationName()) == (
        QSettings.Format.NativeFormat,
        "fundledger",
        "fundledger",
    )
    assert settings_file() is None


def test_an_explicit_file_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FUNDLEDGER_HOME", str(tmp_path / "home"))
    s = open_settings(tmp_path / "shot.ini")
    assert Path(s.fileName()) == tmp_path / "shot.ini"


def test_every_qsettings_of_the_app_is_made_in_one_place() -> None:
    made = re.compile(r"\bQSettings\(")
    where = sorted(
        str(p.relative_to(UI)) for p in UI.rglob("*.py") if made.search(p.read_text("utf-8"))
    )
    assert where == ["qt/settings_store.py"]
