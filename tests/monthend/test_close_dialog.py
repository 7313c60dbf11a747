"""The close-periods dialog: month names, closed periods marked, the default (the last period
before today's still open), the confirmation naming what closes, and a cumulative close."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from db.ledger import Actor
from db.ops import period_close
from ui.usecases.periods import states


@pytest.fixture
def ctx(ledger, tmp_path: Path, qtbot):  # type: ignore[no-untyped-def]
    from ui.qt.context import AppContext

    ledger.actor = Actor("fiona", "finance")
    c = AppContext(ledger, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    yield c
    c.wait_idle(10)


def test_close_dialog_marks_defaults_confirms_and_closes(ctx, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.qt.dialogs import form
    from ui.qt.dialogs.lifecycle import close_period as mod

    monkeypatch.setattr(mod, "local_today", lambda: date(2025, 10, 15))  # in P07
    monkeypatch.setattr(form, "local_today", lambda: date(2025, 10, 15))
    with ctx.ledger.write() as s:
        period_close.close_through(s, ctx.actor, year=2025, to=2, reason="May month end")
    dialog = mod.ClosePeriodDialog(ctx, None, None, 2025)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.marks.closed == {1, 2}, timeout=10_000)
    texts = [dialog.period.itemText(i) for i in range(12)]
    assert texts[:3] == ["P01 April 2025 — closed", "P02 May 2025 — closed", "P03 June 2025"]
    assert texts[9] == "P10 January 2026"
    # the last period before today's (P07) that is still open
    assert dialog.period.currentData() == 6
    assert dialog.summary.text() == (
        "This closes P03–P06 of 2025-26 for all streams: changes there are refused until an "
        "administrator reopens them."
    )
    if shot := __import__("os").environ.get("MONTHEND_SHOT"):
        dialog.grab().save(shot)
    dialog.save()
    assert dialog.error.text() == "• a reason is required to close periods"
    dialog.reason.setPlainText("September month end")
    asked: list[str] = []

    def decline(text: str) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(dialog, "confirm", decline)
    dialog.save()
    assert asked == ["Close P03–P06 of 2025-26 for all streams?\n\nChanges there are refused "
                     "until an administrator reopens them."]  # fmt: skip
    assert dialog.result_value is None and not dialog.saving  # declined: nothing written
    monkeypatch.setattr(dialog, "confirm", lambda text: True)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=10_000)
    assert dialog.result_value is not None
    assert dialog.result_value.periods == (3, 4, 5, 6)
    closed = [s.period for s in states(ctx.ledger, 2025) if s.closed_for_all]
    assert closed == [1, 2, 3, 4, 5, 6]
