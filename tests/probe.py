"""What a fresh interpreter has loaded after some code runs (issue 23's lean start-up).

The test session itself has nearly everything imported, so a start-up claim ("this import
brings in no ORM mapper, no openpyxl, no ``http``") is checked in a new process started in
the repository: :func:`loaded_modules` runs ``code`` there and returns the loaded modules
named by ``prefixes`` (a module, or a package with its submodules)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

_REPORT = """
import json as _json, sys as _sys
_want = {prefixes!r}
print(_json.dumps(sorted(m for m in list(_sys.modules)
                         if any(m == p or m.startswith(p + ".") for p in _want))))
"""


def loaded_modules(code: str, prefixes: Iterable[str]) -> set[str]:
    """Run ``code`` in a fresh interpreter (cwd: the repository) and return the modules then
    loaded whose name is one of ``prefixes`` or lies under one; the code's own output is
    ignored, its failure raises."""
    script = code + "\n" + _REPORT.format(prefixes=tuple(prefixes))
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(json.loads(proc.stdout.splitlines()[-1]))


_CLI = r"""
import contextlib, io, json, sys
from ui.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(sys.argv[1:])
mapped = "db.schema.mapped" in sys.modules
orm = "sqlalchemy.orm" in sys.modules
from db.schema import Base
print(json.dumps({
    "code": code,
    "result": json.loads(out.getvalue()),
    "mapped": mapped,
    "orm": orm,
    "alembic": any(m == "alembic" or m.startswith("alembic.") for m in sys.modules),
    "configured": sorted(m.class_.__name__ for m in Base.registry.mappers if m.configured),
}))
"""


def cli_in_fresh_process(*args: str) -> dict[str, Any]:
    """``fundledger ARGS`` (a ``--json`` command) run by ``ui.cli.main`` in a fresh interpreter:
    its exit code, its JSON ``result``, whether the mapped classes (``db.schema.mapped``), the
    ORM itself (``orm``: ``sqlalchemy.orm``) or Alembic were imported, and which ORM mappers
    were ``configured``."""
    proc = subprocess.run(
        [sys.executable, "-c", _CLI, *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    seen: dict[str, Any] = json.loads(proc.stdout.splitlines()[-1])
    return seen
