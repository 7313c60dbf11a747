"""The imports page and the import wizard reach the ledger only through use cases: none of
their modules imports SQLAlchemy or the database layer (issue 21's door), checked on the
source, type-checking imports included."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENS = [
    ROOT / "ui/qt/pages/imports.py",
    *sorted((ROOT / "ui/qt/dialogs/import_wizard").glob("*.py")),
]
FORBIDDEN = ("sqlalchemy", "db")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
    return found


def test_import_screens_use_only_use_cases() -> None:
    assert len(SCREENS) >= 8
    bad = {
        str(p.relative_to(ROOT)): name
        for p in SCREENS
        for name in _imports(p)
        if name.split(".")[0] in FORBIDDEN
    }
    assert bad == {}


def test_no_import_module_is_over_400_lines() -> None:
    modules = [
        *SCREENS,
        *sorted((ROOT / "ui/usecases/import_kinds").glob("*.py")),
        *sorted((ROOT / "importers").glob("*.py")),
        ROOT / "ui/usecases/imports.py",
        ROOT / "db/ops/import_writes.py",
        ROOT / "db/ops/import_records.py",
    ]
    long = {
        str(p.relative_to(ROOT)): n
        for p in modules
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
        and p.name != "safety.py"  # w-security's
    }
    assert long == {}
