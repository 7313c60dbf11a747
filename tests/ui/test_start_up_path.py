"""The app's start-up path does only what the first page needs (issue 23).

- the window paints before the database layer is imported: ``ui.cli`` names its refusals
  (``UnknownUser``, ``StorageFault``) from plain exception modules, not ``ui.usecases.session``;
- the GUI thread's collector keeps start-up's garbage-collector pause (``ui.gcpause``): it
  walked every object start-up made, several times, while the Overview loaded;
- emptying a page's tables when a ledger opens imports no model module that has no instance
  (the reconciliation and register models are not imported to clear nothing).
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ui import gcpause
from ui.qt import collector

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FUNDLEDGER_HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": str(ROOT)}  # fmt: skip


def test_the_window_paints_before_the_database_layer_is_imported(tmp_path: Path) -> None:
    env = {**_env(tmp_path), "FUNDLEDGER_QUIT_AFTER_PAINT": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "ui.cli", "--db", str(tmp_path / "l.sqlite"), "gui"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    painted = [ln for ln in proc.stdout.splitlines() if ln.startswith("painted")]
    assert painted and painted[0].endswith("heavy=none"), proc.stdout + proc.stderr


def test_unknown_user_is_one_class_wherever_it_is_named() -> None:
    from ui.usecases.session import UnknownUser
    from ui.usecases.session_errors import UnknownUser as Light
    from ui.usecases.session_errors import __name__ as light_module

    assert UnknownUser is Light
    probe = f"import sys, {light_module}; print('sqlalchemy' in sys.modules)"
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert proc.stdout.split() == ["False"]


@pytest.fixture
def paused_at_start(qapp: Any) -> Iterator[None]:
    """The app's state while it starts: the collector installed, start-up's pause on."""
    assert collector.install()
    freeze = gcpause.freeze_on_resume
    gcpause.freeze_on_resume = False
    gc.enable()  # as before the app's pause (gui.run pauses first, then makes the app)
    gcpause.pause()
    yield
    gcpause.resume()
    gcpause.freeze_on_resume = freeze
    gc.disable()  # the GUI thread's collector runs in this process


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_gui_thread_collector_keeps_the_start_up_pause(paused_at_start: None) -> None:
    for _ in range(5_000):  # far past the youngest generation's threshold
        _Cycle()
    assert gcpause.paused() and not collector.collecting()
    assert collector.collect_due() == 0
    gcpause.resume()  # the first page is in
    assert not gcpause.paused() and collector.collecting()
    assert collector.collect_due() > 0
    assert not gc.isenabled()  # still collected on the GUI thread only


CLEAR_PROBE = r"""
import sys
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QWidget
from ui.qt.widgets.loading_cover import clear_models
app = QApplication([])
page = QWidget()
QStandardItemModel(page)
clear_models(page)
before = sorted(m for m in sys.modules if m.startswith("ui.qt.models."))
from ui.qt.models.variance import OverviewModel
model = OverviewModel(page)
model.set_cards([object()], "01/04/2025")
clear_models(page)
print(before, model.cards, repr(model.as_at))
"""


def test_clearing_a_page_imports_no_model_it_does_not_have(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", CLEAR_PROBE],
        cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert proc.stdout.split("\n")[0] == "[] [] ''", proc.stdout + proc.stderr
