"""The status bar's page summary is never cut beside a long message ("£137,8…" was shown): the
summary keeps its whole width and the message gives way, by whole words; when even the summary
cannot fit it drops whole parts, never part of a figure (pytest-qt, the real window)."""

from __future__ import annotations

import re
from pathlib import Path

from pytestqt.qtbot import QtBot

from db.ledger import Ledger
from tests.ui.shell_helpers import make_ctx
from ui.qt.context import Notice
from ui.qt.main_window import MainWindow
from ui.qt.widgets.status_line import fit_whole

SUMMARY = (
    "Income, financial year 2025-26: £143,627.00 raised · £137,827.00 received · "
    "£5,800.00 outstanding"
)
MESSAGE = (
    "Saved income #52: Winter Market Ltd, £640.00 — saved in 2026-27, not the year shown; "
    "the year's figures above do not include it until you choose 2026-27 in the side panel"
)
FIGURE = re.compile(r"£[\d,]+\.\d\d")


def _figures_whole(shown: str, text: str) -> bool:
    """Every "£…" in ``shown`` is one of ``text``'s figures, whole."""
    return set(FIGURE.findall(shown)) <= set(FIGURE.findall(text)) and not re.search(
        r"£[\d,.]*…", shown
    )


def test_fit_whole_drops_whole_parts_then_whole_words() -> None:
    def measure(s: str) -> int:
        return len(s)

    assert fit_whole(SUMMARY, len(SUMMARY), measure) == SUMMARY
    assert fit_whole(SUMMARY, len(SUMMARY) - 1, measure) == (
        "Income, financial year 2025-26: £143,627.00 raised · £137,827.00 received · …"
    )
    assert fit_whole(SUMMARY, 60, measure) == (
        "Income, financial year 2025-26: £143,627.00 raised · …"
    )
    assert fit_whole(SUMMARY, 40, measure) == "Income, financial year 2025-26: …"
    assert fit_whole(SUMMARY, 3, measure) == "…"
    for width in range(len(SUMMARY) + 1):
        shown = fit_whole(SUMMARY, width, measure)
        assert len(shown) <= max(width, 1) and _figures_whole(shown, SUMMARY), shown
        shown = fit_whole(MESSAGE, width, measure)
        assert len(shown) <= max(width, 1) and _figures_whole(shown, MESSAGE), shown


def _window(qtbot: QtBot, ledger: Ledger, tmp_path: Path) -> MainWindow:
    ctx = make_ctx(ledger, tmp_path)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    ctx.set_ledger(ledger)
    for _ in range(3):
        assert ctx.wait_idle(10)
    return win


def test_a_long_message_gives_way_to_the_whole_summary_at_the_default_width(
    qtbot: QtBot, ledger: Ledger, tmp_path: Path
) -> None:
    win = _window(qtbot, ledger, tmp_path)
    assert win.width() == 1360  # the default window width
    win.set_status(SUMMARY)
    win.ctx.signals.notice.emit(Notice(MESSAGE, show=lambda: None))
    summary, label = win.page_label, win.notice.label
    qtbot.waitUntil(lambda: summary.shown_text() == SUMMARY, timeout=5_000)
    # the summary is whole, drawn in full and inside the bar, clear of the permanent labels
    assert summary.width() >= summary.sizeHint().width()
    right = summary.mapTo(win.statusBar(), summary.rect().topRight()).x()
    assert right < win.user_label.mapTo(win.statusBar(), win.user_label.rect().topLeft()).x()
    # the message gave way: whole words, its figures whole, "Show it" still there
    shown = label.shown_text()
    assert shown != MESSAGE and shown.endswith(" …")
    assert MESSAGE.startswith(shown.removesuffix(" …")) and _figures_whole(shown, MESSAGE)
    assert label.text() == MESSAGE and label.toolTip() == MESSAGE
    # no gap where its last words went: Show it follows the shortened message
    assert label.width() - label.fontMetrics().horizontalAdvance(shown) < 2
    assert win.notice.button.isVisible()
    assert summary.toolTip() == SUMMARY
    # the ledger's long path (pytest's) gives way in its middle: the file name stays
    path = win.ledger_label
    assert len(path.text()) > 60 and path.shown_text().endswith("ledger.sqlite")
    assert "…" in path.shown_text() and path.text() in path.toolTip()


def test_the_summary_takes_its_place_when_the_message_goes_and_gives_way_only_by_whole_parts(
    qtbot: QtBot, ledger: Ledger, tmp_path: Path
) -> None:
    win = _window(qtbot, ledger, tmp_path)
    win.set_status(SUMMARY)
    win.ctx.signals.notice.emit(Notice(MESSAGE))
    summary = win.page_label
    qtbot.waitUntil(lambda: summary.shown_text() == SUMMARY, timeout=5_000)
    x_beside = summary.x()
    win.notice.clear()
    qtbot.waitUntil(lambda: summary.x() < x_beside, timeout=5_000)
    assert summary.shown_text() == SUMMARY
    # a window too narrow for the summary: it drops whole parts, never part of a figure
    win.resize(700, win.height())
    qtbot.waitUntil(lambda: summary.shown_text() != SUMMARY, timeout=5_000)
    shown = summary.shown_text()
    assert shown.endswith("…") and _figures_whole(shown, SUMMARY), shown
    assert win.statusBar().width() <= win.width()
