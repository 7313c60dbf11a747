"""``pip install .`` gives a working app: the wheel carries the migrations, icons, style and the
user guide with its pictures (copied from docs/ at build time), and the ``fundledger`` command.

The wheel is built here from a copy of the sources, without build isolation (no network); the
full check — install it into a clean venv outside the repository and run it — is in
tools/build_app.sh.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCES = ["fundledger", "db", "importers", "exports", "ui", "docs"]
FILES = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in FILES:
        shutil.copy(REPO / name, src / name)
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "--no-index"]
    proc = subprocess.run([*cmd, "-q", "-w", str(out), str(src)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    (built,) = out.glob("fundledger-*.whl")
    return zipfile.ZipFile(built)


@pytest.mark.slow
def test_the_wheel_carries_the_package_data(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    migrations = {
        f"db/migrations/versions/{p.name}" for p in (REPO / "db/migrations/versions").glob("*.py")
    }
    assert {"db/migrations/env.py", *migrations} <= names
    assert {f"ui/icons/{p.name}" for p in (REPO / "ui/icons").glob("*.svg")} <= names
    assert "ui/style.qss" in names
    guide = (REPO / "docs/user-guide.md").read_text("utf-8")
    pictures = re.findall(r"!\[[^]]*\]\(([^)]+)\)", guide)
    assert len(pictures) >= 15
    assert {"ui/help/user-guide.md", *(f"ui/help/{p}" for p in pictures)} <= names
    assert wheel.read("ui/help/user-guide.md").decode("utf-8") == guide
    assert {n.split("/")[0] for n in names if not n.startswith("fundledger-")} == {
        "fundledger", "db", "importers", "exports", "ui"
    }  # fmt: skip


@pytest.mark.slow
def test_the_wheel_installs_the_fundledger_command(wheel: zipfile.ZipFile) -> None:
    (entry,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    assert "fundledger = ui.cli:main" in wheel.read(entry).decode()
    (meta,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    text = wheel.read(meta).decode()
    assert "Requires-Dist: PySide6<6.12,>=6.11.3" in text
    assert "pyinstaller" not in text.split("Provides-Extra: build")[0].lower()  # only in [build]
