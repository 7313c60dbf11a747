"""``fundledger gui --screenshot`` without ``--db`` shows the default ledger when there is one
(as the app opens it), else the welcome panel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import ui.qt.app
from ui.cli import main


@pytest.fixture
def shots(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []

    def screenshot(*a: Any) -> int:
        calls.append(a)
        return 0

    monkeypatch.setattr(ui.qt.app, "screenshot", screenshot)
    return calls


def test_the_default_ledger_in_fundledger_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shots: list[tuple[Any, ...]]
) -> None:
    monkeypatch.setenv("FUNDLEDGER_HOME", str(tmp_path))
    (tmp_path / "ledger.sqlite").write_bytes(b"")
    assert main(["gui", "--page", "variance", "--screenshot", str(tmp_path / "v.png")]) == 0
    assert shots == [(str(tmp_path / "ledger.sqlite"), None, "variance", tmp_path / "v.png")]


def test_no_ledger_yet_is_the_welcome_panel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shots: list[tuple[Any, ...]]
) -> None:
    monkeypatch.setenv("FUNDLEDGER_HOME", str(tmp_path / "empty"))
    assert main(["gui", "--screenshot", str(tmp_path / "o.png")]) == 0
    assert shots == [(None, None, "overview", tmp_path / "o.png")]


def test_db_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shots: list[tuple[Any, ...]]
) -> None:
    monkeypatch.setenv("FUNDLEDGER_HOME", str(tmp_path))
    (tmp_path / "ledger.sqlite").write_bytes(b"")
    other = str(tmp_path / "other.sqlite")
    assert main(["--db", other, "gui", "--screenshot", str(tmp_path / "o.png")]) == 0
    assert shots[0][0] == other
