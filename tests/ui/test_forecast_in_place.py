"""Forecasts on the Variance page: the selected line's forecast for the current period entered in
place with commentary (and a phasing); the latest commentary in the Commentary column, its
history on hover, the same in the export; gated by role."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt

from db.ledger import Actor, Ledger
from tests.db.test_variance import line
from tests.ui.test_variance_pages import cell, find
from ui.qt.context import AppContext
from ui.qt.models.variance import Col
from ui.qt.pages import variance as page_module
from ui.qt.pages.variance import VariancePage
from ui.usecases.exports import Request, export_return

D = Decimal
AS_AT = date(2025, 10, 15)  # 2025-26 P07
DA = "DA — Domestic Abuse – Safe Accommodation Duty"


@pytest.fixture
def page(ledger: Ledger, tmp_path: Path, qtbot: Any) -> VariancePage:
    line(ledger, "DA", 2025, "Outreach", "120000.00")
    line(ledger, "DA", 2025, "Helpline", "36500.00")
    ledger.actor = Actor("bea.holder", "finance")
    ctx = AppContext(ledger, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    p = VariancePage(ctx)
    qtbot.addWidget(p)
    p.show()
    p.as_at.setDate(AS_AT)
    p.set_scope("DA", 2025)
    qtbot.waitUntil(lambda: p.data is not None and p.data.report.year == 2025, timeout=60_000)
    return p


def _stream_label(page: VariancePage) -> str:
    return str(page.model.data(page.model.index(0, 0)))


def test_forecast_and_commentary_entered_in_place(
    page: VariancePage, qtbot: Any, ledger: Ledger, tmp_path: Path
) -> None:
    m, bar = page.model, page.forecast
    assert not bar.save_button.isEnabled()  # nothing chosen yet
    outreach = find(m, _stream_label(page), "2025-26", "Outreach")
    page.tree.setCurrentIndex(outreach)
    assert bar.what.text() == "Forecast for <b>Outreach</b>, 2025-26 at P07:"
    assert bar.amount.text() == "£120,000.00"  # no forecast yet: starts at revised
    bar.amount.setText("£125,000")
    bar.commentary.setText("Agency cover until the post is filled in November")
    with qtbot.waitSignal(page.ctx.signals.ledger_changed, timeout=60_000):
        bar.save()
    page.refresh()
    qtbot.waitUntil(
        lambda: (
            cell(m, find(m, _stream_label(page), "2025-26", "Outreach"), Col.FORECAST)
            == "£125,000.00"
        ),
        timeout=60_000,
    )
    outreach = find(m, _stream_label(page), "2025-26", "Outreach")
    assert cell(m, outreach, Col.COMMENT) == (
        "P07: Agency cover until the post is filled in November"
    )
    assert cell(m, outreach, Col.FORECAST_VARIANCE) == "-£5,000.00"
    tip = cell(m, outreach, Col.COMMENT, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("P07 forecast £125,000.00 — bea.holder, ")
    assert tip.endswith(": Agency cover until the post is filled in November")
    assert bar.target is not None and bar.target.line == "Outreach"  # still on the line
    assert bar.amount.text() == "£125,000.00"
    # the workbook carries the same forecast and commentary
    done = export_return(ledger, Request("variance", "2025-26", "DA", as_at=AS_AT),
                         tmp_path / "v.xlsx")  # fmt: skip
    ws = openpyxl.load_workbook(done.path, data_only=True)["Variance"]
    row = next(r for r in ws.iter_rows(values_only=True) if r[2] == "Outreach")
    assert (row[9], row[10], row[13]) == (
        125000,
        -5000,
        "P07: Agency cover until the post is filled in November",
    )


def test_phasing_entered_in_place_drives_the_period_view(
    page: VariancePage, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.qt.dialogs.phasing import PhasingDialog

    m, bar = page.model, page.forecast
    page.tree.setCurrentIndex(find(m, _stream_label(page), "2025-26", "Outreach"))
    phased = [D("5000.00")] * 6 + [D("20000.00")] * 6
    asked: list[Decimal] = []

    def fake(_parent: Any, _line: str, _year: int, outturn: Decimal, _start: Any) -> Any:
        asked.append(outturn)
        return phased

    monkeypatch.setattr(PhasingDialog, "get", staticmethod(fake))
    bar.amount.setText("150000")
    bar.phase()
    assert asked == [D("150000.00")] and bar.message.text() == "Phased by period"
    with qtbot.waitSignal(page.ctx.signals.ledger_changed, timeout=60_000):
        bar.save()
    page.level.setCurrentIndex(4)  # by period
    qtbot.waitUntil(lambda: page.data is not None and page.data.report.by == "period",
                    timeout=60_000)  # fmt: skip
    oct_ = find(m, _stream_label(page), "2025-26", "P07")
    assert cell(m, oct_, Col.FORECAST) == "£23,100.00"  # £20,000.00 phased + Helpline £3,100.00


def test_a_viewer_cannot_enter_a_forecast(ledger: Ledger, tmp_path: Path, qtbot: Any) -> None:
    line(ledger, "DA", 2025, "Outreach", "120000.00")
    ledger.actor = Actor("vic", "viewer")
    ctx = AppContext(ledger, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    p = VariancePage(ctx)
    qtbot.addWidget(p)
    p.as_at.setDate(AS_AT)
    p.set_scope("DA", 2025)
    qtbot.waitUntil(lambda: p.data is not None, timeout=60_000)
    p.tree.setCurrentIndex(find(p.model, _stream_label(p), "2025-26", "Outreach"))
    assert p.forecast.target is not None
    assert not p.forecast.save_button.isEnabled()
    assert p.forecast.save_button.toolTip() != ""
    assert page_module  # the page module is importable on its own
