"""A council that runs none of the standard streams retires them (their history stays): the
app then lists its own streams first and the retired ones after, marked, and the Overview
stops naming them as streams "with no figures" every year."""

from __future__ import annotations

from typing import Any

from db.ops.streams import retire_stream
from db.queries.navigation import StreamItem
from ui.qt.context import AppContext
from ui.qt.pages.overview import OverviewPage
from ui.qt.widgets.side_panel import SidePanel


def test_retired_streams_come_last_and_are_marked(qtbot: Any) -> None:
    side = SidePanel()
    qtbot.addWidget(side)
    side.set_streams(
        (
            StreamItem("DA", "Domestic Abuse", "grant", "retired"),
            StreamItem("SAF", "Children's Safeguarding & Families", "grant", "active"),
            StreamItem("YJ", "Youth Justice", "pooled", "retired"),
            StreamItem("HWY", "Highways & Transportation", "allocations", "active"),
        ),
        None,
    )
    texts = [side.streams.item(i).text() for i in range(side.streams.count())]
    assert texts == [
        "All streams",
        "SAF — Children's Safeguarding & Families",
        "HWY — Highways & Transportation",
        "DA — Domestic Abuse (retired)",
        "YJ — Youth Justice (retired)",
    ]
    active, retired = side.streams.item(1), side.streams.item(3)
    assert retired.foreground().color() != active.foreground().color()


def test_the_overview_does_not_name_retired_streams_without_figures(
    ctx: AppContext, qtbot: Any
) -> None:
    led = ctx.ledger
    assert led is not None
    with led.write() as s:
        retire_stream(s, led.actor, "DHR", "not one of ours")
    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    page.set_scope(None, 2025)
    qtbot.waitUntil(lambda: bool(page.model.cards), timeout=10_000)
    assert ctx.wait_idle(10)
    assert {c.row.stream for c in page.model.cards} == {"DA", "YJ", "OPCC", "PMT"}
    # was "No figures for 2025-26: DHR, GHL."; a stream in use without figures is still said
    assert page.note.text().startswith("No figures for 2025-26: GHL.\n")


def test_a_name_that_just_fits_the_row_wraps_instead_of_being_cut(qtbot: Any, qapp: Any) -> None:
    """With the app's style sheet (item padding 4px 6px) a stream's name as wide as the row
    less the padding was measured as one line and drawn cut: "HWY — Highways & …"."""
    from PySide6.QtWidgets import QStyle

    from ui.qt.app import style_sheet

    before = qapp.styleSheet()
    qapp.setStyleSheet(style_sheet())
    try:
        side = SidePanel()
        qtbot.addWidget(side)
        items = (
            StreamItem("HWY", "Highways & Transportation", "allocations", "active"),
            StreamItem("PRK", "Parks", "income", "active"),
        )
        side.set_streams(items, None)
        side.show()
        lw = side.streams
        text = lw.item(1).text()
        margin = lw.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, lw) + 1
        # the row fits the name unpadded (Qt's measure) but not within the padding
        lw.setFixedWidth(lw.fontMetrics().horizontalAdvance(text) + 2 * margin + 6)
        qtbot.wait(50)
        lw.doItemsLayout()
        one_line = lw.visualItemRect(lw.item(2)).height()
        assert lw.visualItemRect(lw.item(1)).height() > one_line
    finally:
        qapp.setStyleSheet(before)


def test_income_says_why_there_is_no_return_on_investment(ctx: AppContext, qtbot: Any) -> None:
    """A ledger whose commercial-income stream is retired (a council without the demo's place
    marketing): with a year chosen the Income page said "choose a year"."""
    from ui.qt.pages.income import IncomePage

    led = ctx.ledger
    assert led is not None
    with led.write() as s:
        retire_stream(s, led.actor, "PMT", "not one of ours")
    page = IncomePage(ctx)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        page.set_scope(None, 2025)
    assert ctx.wait_idle(10)
    assert page.roi.text() == "Return on council investment: choose the income stream it is for."
