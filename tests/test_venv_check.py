"""tools/venv_check.sh tells a usable venv from one whose folder moved or whose Python is gone
(tools/venv.sh then rebuilds it, printing the reason on one line)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CHECK = Path(__file__).resolve().parents[1] / "tools" / "venv_check.sh"


def check(venv: Path) -> tuple[int, str]:
    proc = subprocess.run(["bash", str(CHECK), str(venv)], capture_output=True, text=True)
    return proc.returncode, proc.stdout


@pytest.fixture
def venv(tmp_path: Path) -> Path:
    """A small venv (no pip) with a console script written the way pip writes one."""
    v = tmp_path / "project" / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(v)], check=True)
    (v / "bin" / "mypy").write_text(f"#!{v}/bin/python\nimport sys\n")
    return v


def test_a_working_venv_passes(venv: Path) -> None:
    assert check(venv) == (0, "")


def test_a_moved_folder_is_named(venv: Path, tmp_path: Path) -> None:
    moved = venv.parent.rename(tmp_path / "renamed") / ".venv"
    assert check(moved) == (
        1,
        f"it was made in another folder (bin/mypy runs {venv}/bin/python): "
        "the project was moved or renamed\n",
    )


def test_the_long_path_form_of_a_console_script(venv: Path, tmp_path: Path) -> None:
    (venv / "bin" / "mypy").write_text(f"#!/bin/sh\n'''exec' {venv}/bin/python \"$0\" \"$@\"\n")
    assert check(venv) == (0, "")
    moved = venv.parent.rename(tmp_path / "elsewhere") / ".venv"
    assert check(moved)[0] == 1


def test_a_deleted_interpreter_is_named(venv: Path) -> None:
    for name in ("python", "python3"):
        (venv / "bin" / name).unlink(missing_ok=True)
    (venv / "bin" / "python").symlink_to(venv.parent / "gone" / "python3")
    assert check(venv) == (
        1,
        f"its interpreter {venv}/bin/python is missing (the Python it was made with was removed?)\n",
    )


def test_an_interpreter_that_does_not_run_is_named(venv: Path) -> None:
    (venv / "bin" / "python").unlink()
    (venv / "bin" / "python").write_text("#!/bin/sh\nexit 127\n")
    (venv / "bin" / "python").chmod(0o755)
    assert check(venv) == (
        1,
        f"its interpreter {venv}/bin/python does not run (the Python it was made with was removed?)\n",
    )


def test_no_venv(tmp_path: Path) -> None:
    assert check(tmp_path / ".venv") == (1, f"there is no {tmp_path}/.venv\n")
