"""The layers of STYLE.md hold: the core loads no Qt, SQLAlchemy or openpyxl; import-linter agrees."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import fundledger

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("PySide6", "sqlalchemy", "openpyxl", "alembic", "python_calamine", "xlsxwriter")


def core_modules() -> list[str]:
    return sorted(
        f"fundledger.{m.name}" for m in pkgutil.iter_modules(fundledger.__path__) if not m.ispkg
    )


def test_core_has_modules() -> None:
    assert "fundledger.money" in core_modules()
    assert "fundledger.years" in core_modules()


def test_importing_every_core_module_loads_no_heavy_library() -> None:
    code = (
        "import importlib, json, sys\n"
        f"for m in {core_modules()!r}: importlib.import_module(m)\n"
        f"print(json.dumps(sorted(k for k in sys.modules if k.split('.')[0] in {FORBIDDEN!r})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == []


def test_headless_cli_loads_no_qt() -> None:
    code = (
        "import sys, ui.cli, ui.usecases.session\n"
        "print(sorted(k for k in sys.modules if k.startswith('PySide6')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_import_linter_contracts_hold() -> None:
    exe = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
