"""The Overview reads its report and its returns due in one transaction, on one connection
(ui/usecases/overview.py; issue 23: each SQLite connection parses the ledger's whole schema
again), and shows both as before: the cards, the warnings and the "Returns due" banner."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import event

from db.ledger import Ledger
from ui.qt.context import AppContext
from ui.qt.pages.overview import Card, OverviewPage, card_style
from ui.usecases.overview import overview
from ui.usecases.returns_due import add_schedule
from ui.usecases.variance import today, variance_report


def _connections(led: Ledger) -> list[int]:
    made: list[int] = []
    event.listen(led.engine, "connect", lambda *_a: made.append(1))
    return made


def test_the_overview_reads_report_and_returns_due_on_one_connection(
    ctx: AppContext, qtbot: Any
) -> None:
    led = ctx.ledger
    assert led is not None
    soon = today() + timedelta(days=5)
    add_schedule(led, "opcc-csp", "OPCC", soon, "quarter", "OPCC Partnership Board")
    made = _connections(led)
    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    page.set_scope(None, 2025)
    qtbot.waitUntil(lambda: page.due.isVisible() and bool(page.model.cards), timeout=10_000)
    assert ctx.wait_idle(10)
    assert len(made) == 1  # was two: the report's read and the returns due's
    assert "Due soon: opcc-csp OPCC" in page.due.text() and "in 5 days" in page.due.text()
    assert {c.row.stream for c in page.model.cards} == {"DA", "YJ", "OPCC", "PMT"}
    assert page.note.text().startswith("No figures for 2025-26")
    assert "Warnings: " in page.note.text()


def test_the_overview_report_is_the_variance_report_and_due_is_filtered_by_scope(
    ctx: AppContext,
) -> None:
    led = ctx.ledger
    assert led is not None
    soon = today() + timedelta(days=5)
    add_schedule(led, "opcc-csp", "OPCC", soon, "quarter", "OPCC Partnership Board")
    add_schedule(led, "da-allocations", "DA", soon + timedelta(days=60), "year", "MHCLG")
    day = today()
    both = overview(led, None, 2025, day)
    assert both.report == variance_report(led, year=2025, by="period", as_at=day)
    assert both.due is not None
    assert [(d.schedule.ret, d.state.state) for d in both.due] == [("opcc-csp", "due soon")]
    da = overview(led, "DA", 2025, day)
    assert da.due == () and da.report.stream == "DA"


def test_the_cards_share_one_style_sheet_and_still_show_rag_and_negative_amounts(
    ctx: AppContext, qtbot: Any
) -> None:
    from PySide6.QtWidgets import QLabel, QWidget

    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    page.set_scope(None, 2025)
    qtbot.waitUntil(lambda: len(page.cards_box.findChildren(Card)) == 4, timeout=10_000)
    cards = page.cards_box.findChildren(Card)
    for card in cards:  # no sheet of their own: the box's (card_style) gives the look
        assert [w for w in [card, *card.findChildren(QWidget)] if w.styleSheet()] == []
    assert page.cards_box.styleSheet() == card_style()
    pmt = next(c for c in cards if c.property("rag") == "green")
    negative = [w for w in pmt.findChildren(QLabel) if w.property("negative")]
    assert [w.text() for w in negative] == ["-£127.00"]
    image = negative[0].grab().toImage()
    reds = {
        (image.pixelColor(x, y).red(), image.pixelColor(x, y).green())
        for x in range(image.width())
        for y in range(image.height())
    }
    assert any(r > 120 and g < 80 for r, g in reds)  # the amount is drawn red (#a01818)
    chip = next(w for w in pmt.findChildren(QLabel) if w.objectName() == "ragChip")
    assert chip.text().strip() == "GREEN" and chip.property("rag") == "green"
