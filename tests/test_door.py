"""The door: the Qt app reads and writes only through the use cases (docs/architecture.md).

import-linter holds the imports (no ``db``, SQLAlchemy or psycopg under ``ui/qt``); this test
holds the text too: no SQL ``select(`` is built and no ``Session`` is named under ``ui/qt``, and
the screen logic in ``ui/controllers`` names no Qt.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: a SQL select built in place (not ``combo_select(``, ``view.select(``, ``def reselect(`` or
#: a local ``def select(``)
SQL = re.compile(r"(?<![\w.])(?<!def )select\(|\bSession\b")
QT = re.compile(r"^\s*(from|import) PySide6|\bQ[A-Z]\w+\(")


def offences(folder: Path, pattern: re.Pattern[str]) -> list[str]:
    """``path:line: text`` of every line under ``folder`` that matches ``pattern``."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(folder)}:{n}: {line.strip()}")
    return found


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    bad = tmp_path / "page.py"
    bad.write_text(
        "from sqlalchemy import select\n"
        "q = select(Stream.id)\n"
        "def f(s: Session) -> None: ...\n"
        "combo_select(combo, 1)\n"
        "view.selectionModel().select(index)\n"
        "def reselect() -> None: ...\n"
        "def select() -> None: ...\n",
        encoding="utf-8",
    )
    assert [o.split(":", 2)[1] for o in offences(tmp_path, SQL)] == ["2", "3"]


def test_no_sql_and_no_session_under_ui_qt() -> None:
    assert offences(ROOT / "ui" / "qt", SQL) == []


def test_the_controllers_name_no_qt() -> None:
    assert offences(ROOT / "ui" / "controllers", QT) == []
