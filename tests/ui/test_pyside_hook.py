"""PySide6's import hook asks whether each new module uses PySide; the app answers it from the
module's file (ui/qt/pyside_hook.py), giving PySide6's own answer for every module (issue 23:
asking through ``inspect.getsource`` cost ≈0.15 s of CPU while a ledger opened)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType

from ui.qt import pyside_hook

ROOT = Path(__file__).resolve().parents[2]


def test_the_app_answers_the_hook_from_module_files() -> None:
    probe = (
        "import sys, ui.qt.app; "
        f"f = sys.modules[{pyside_hook.FEATURE_MODULE!r}]._mod_uses_pyside; "
        "print(getattr(f, '_fundledger', False))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert proc.stdout.split() == ["True"], proc.stderr


def test_every_loaded_module_gets_pysides_own_answer() -> None:
    import PySide6.QtWidgets  # noqa: F401 - PySide6 itself, and a compiled module

    import fundledger.money  # noqa: F401 - a module that does not
    import ui.qt.app  # noqa: F401 - a module that does

    assert pyside_hook.install()
    assert pyside_hook.install()  # idempotent: never wrapped twice
    feature = sys.modules[pyside_hook.FEATURE_MODULE]
    hook = feature._mod_uses_pyside
    original = hook.original
    assert not getattr(original, "_fundledger", False)
    modules = [m for m in list(sys.modules.values()) if isinstance(m, ModuleType)]
    assert len(modules) > 200
    answers = {m.__name__: hook(m) for m in modules}
    assert answers == {m.__name__: original(m) for m in modules}
    assert answers["ui.qt.app"] and answers["ui.qt.pyside_hook"]
    assert not answers["fundledger.money"] and not answers["sys"]
    assert not answers["PySide6.QtCore"]  # compiled: PySide6 is asked
