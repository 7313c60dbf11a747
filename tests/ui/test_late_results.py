"""A background result that arrives after its page or dialog has gone is dropped, not delivered.

A page closed (or a ledger switched) while its read ran used to raise "Internal C++ object …
already deleted" in the Qt event loop when the result came back.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel

from ui.qt.context import AppContext


def test_a_result_for_a_deleted_widget_is_dropped(qtbot: Any, tmp_path: Path) -> None:
    ctx = AppContext(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    label = QLabel()
    gate = threading.Event()
    ctx.run_task(lambda: gate.wait(10) and "late", label.setText)
    label.deleteLater()
    qtbot.wait(20)  # the label's C++ object is deleted while the task still runs
    gate.set()
    with qtbot.captureExceptions() as raised:
        assert ctx.wait_idle(10)
    assert raised == []


def test_a_result_for_a_live_widget_is_delivered(qtbot: Any, tmp_path: Path) -> None:
    ctx = AppContext(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    label = QLabel()
    qtbot.addWidget(label)
    ctx.run_task(lambda: "arrived", label.setText)
    assert ctx.wait_idle(10)
    assert label.text() == "arrived"


def test_a_result_for_a_closure_over_a_deleted_model_is_dropped(qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QObject, Signal

    class Model(QObject):
        loaded = Signal()

    ctx = AppContext(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    model = Model()
    gate = threading.Event()

    def done(_result: object) -> None:
        model.loaded.emit()  # "Signal source has been deleted" once the model is gone

    ctx.run_task(lambda: gate.wait(10), done)
    model.deleteLater()
    qtbot.wait(20)
    gate.set()
    with qtbot.captureExceptions() as raised:
        assert ctx.wait_idle(10)
    assert raised == []
