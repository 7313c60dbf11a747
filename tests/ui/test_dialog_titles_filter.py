"""The dialog-title filter (ui.qt.widgets.dialog_titles) is an application event filter: every
event of the app passes through Python once it is installed.  The app installs it at its first
paint, before anything can open a dialog, not before the window is built; a screenshot, which
opens no dialog, only before a ``prepare`` step that may open one (issue 23: ≈5,000 events,
≈6% of the Overview screenshot)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, sys
from PySide6.QtCore import QTimer
import ui.qt.app as a
from ui.qt.widgets.dialog_titles import TitleWidth

def filters(app):
    return len([c for c in app.children() if isinstance(c, TitleWidth)])

seen = {}
app = a.make_app()
seen["after make_app"] = filters(app)
original = a.fit_dialog_titles

def fit(app):
    seen["painted before"] = a.QApplication.instance() is app and bool(win_painted)
    original(app)
    seen["after first paint"] = filters(app)
    QTimer.singleShot(0, app.quit)

win_painted = []
real_after = a.after_first_paint

def after_first_paint(app, win, then):
    def marked():
        win_painted.append(1)
        then()
    real_after(app, win, marked)

a.fit_dialog_titles = fit
a.after_first_paint = after_first_paint
a.run(None, None)
print(json.dumps(seen))
"""


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FUNDLEDGER_HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": str(ROOT)}  # fmt: skip


def test_the_app_installs_the_dialog_title_filter_at_its_first_paint(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True,
        timeout=120, check=True,
    )  # fmt: skip
    seen = json.loads(proc.stdout.splitlines()[-1])
    assert seen == {"after make_app": 0, "painted before": True, "after first paint": 1}


SHOT = r"""
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from ui.qt.app import screenshot
from ui.qt.widgets.dialog_titles import TitleWidth

def filters():
    return len([c for c in QApplication.instance().children() if isinstance(c, TitleWidth)])

code = screenshot(sys.argv[1], None, "overview", Path(sys.argv[2]))
seen = [code, filters()]
code = screenshot(sys.argv[1], None, "overview", Path(sys.argv[2]), prepare=lambda w: None)
print(json.dumps([*seen, code, filters()]))
"""


def test_a_screenshot_installs_the_dialog_filter_only_to_prepare(
    tmp_path: Path, demo_template: Path
) -> None:
    from tests.ledgers import copy_sqlite

    ledger = copy_sqlite(demo_template, tmp_path / "ledger.sqlite")
    shot = tmp_path / "shot.png"
    proc = subprocess.run(
        [sys.executable, "-c", SHOT, str(ledger), str(shot)], cwd=ROOT, env=_env(tmp_path),
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert json.loads(proc.stdout.splitlines()[-1]) == [0, 0, 0, 1]  # 1: with a prepare step
    assert shot.stat().st_size > 0
