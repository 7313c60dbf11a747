"""The overview dashboard: one card per stream with its position, RAG and spend by period.

One by-period variance report (off the GUI thread) gives every card: the stream-year totals
are the sum of its periods, the sparkline is actual per period.  With no year in scope each
stream shows its latest year with spend (or its latest year).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fundledger import variance as v
from fundledger.money import format_gbp
from fundledger.years import FinancialYear
from ui.usecases.variance import VarianceReport, VarianceRow

from ..models.variance import RAG_COLOURS, OverviewModel, StreamCard
from ..widgets.elided import ElidedLabel
from ..widgets.variance_charts import ChartView, Sparkline
from .base import Page

if TYPE_CHECKING:
    from ui.usecases.overview import Overview

    from ..context import AppContext


def load_overview(ledger: Any, stream: str | None, year: int | None, as_at: date) -> Overview:
    """The report and the returns due, in one read (:mod:`ui.usecases.overview`)."""
    from ui.usecases.overview import overview

    return overview(ledger, stream, year, as_at)


def stream_cards(report: VarianceReport) -> list[StreamCard]:
    """One card per stream: its chosen year's total (RAG over the year) and actual by period."""
    info = {code: (name, kind, t) for code, name, kind, t in report.streams}
    per: dict[tuple[str, int], list[VarianceRow]] = defaultdict(list)
    for r in report.rows:
        per[(r.stream, r.year)].append(r)
    chosen: dict[str, int] = {}
    for (code, year), rows in per.items():
        spent = any(r.figures.actual for r in rows)
        best = chosen.get(code)
        if best is None or (spent, year) > (any(x.figures.actual for x in per[(code, best)]), best):
            chosen[code] = year
    cards = []
    for code in [c for c in info if c in chosen]:
        name, kind, t = info[code]
        year = chosen[code]
        rows = sorted(per[(code, year)], key=lambda r: r.period or 0)
        f = v.total(r.figures for r in rows)
        fy = FinancialYear(year)
        rag = v.rag(f, t, v.profile_pct(fy.start, fy.end, report.as_at), report.as_at)
        row = VarianceRow(code, year, name, f, rag)
        cards.append(StreamCard(row, name, kind == "income", [r.figures.actual for r in rows]))
    return cards


def card_style() -> str:
    """The cards' look, one style sheet for all of them (set on the box that holds them): a
    sheet of its own on every card, RAG chip, date and negative amount made Qt parse a sheet
    and polish the card's labels again for each one."""
    rules = [
        "#streamCard{border:1px solid #c8ccd2;border-radius:6px;background:palette(base);}",
        "QLabel#cardDate{color:palette(mid);}",
        'QLabel[negative="true"]{color:#a01818;}',
    ]
    for status, colour in RAG_COLOURS.items():
        rules.append(f'#streamCard[rag="{status}"]{{border-left:6px solid {colour.name()};}}')
        rules.append(
            f'QLabel#ragChip[rag="{status}"]{{background:{colour.lighter(170).name()};'
            f"color:{colour.darker(130).name()};border-radius:3px;font-weight:bold;"
            "padding:1px 6px;}"
        )
    return "\n".join(rules)


class Card(QFrame):
    """One stream's card; its look is :func:`card_style`, set on the box the cards are in."""

    def __init__(self, card: StreamCard, as_at: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("streamCard")
        f, rag = card.row.figures, card.row.rag
        self.setProperty("rag", rag.status)
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{card.row.stream}</b> — {card.name}")
        title.setWordWrap(True)
        title.setTextFormat(Qt.TextFormat.RichText)
        head = QHBoxLayout()
        head.addWidget(title, 1)
        chip = QLabel(f" {rag.status.upper()} ")
        chip.setObjectName("ragChip")
        chip.setProperty("rag", rag.status)
        chip.setToolTip(rag.rule)
        chip.setAccessibleName(f"RAG {rag.status}")
        head.addWidget(chip)
        layout.addLayout(head)
        year = QLabel(f"{card.row.year_code} · as at {as_at}")
        year.setObjectName("cardDate")
        layout.addWidget(year)
        grid = QGridLayout()
        budget, spent = ("Target", "Income") if card.income else ("Revised budget", "Actual")
        pct = f.pct_spent
        items = [
            (budget, f.revised),
            ("Committed", f.committed),
            (spent, f.actual),
            ("Available", f.available),
        ]
        for i, (label, value) in enumerate(items):
            name = QLabel(label)
            amount = QLabel(format_gbp(value))
            amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if value < 0:
                amount.setProperty("negative", True)
            grid.addWidget(name, i, 0)
            grid.addWidget(amount, i, 1)
        what = "received" if card.income else "spent"
        pct_label = QLabel(f"{'–' if pct is None else f'{pct:.2f}%'} {what}")
        pct_label.setToolTip(rag.rule)
        grid.addWidget(pct_label, len(items), 0, 1, 2)
        layout.addLayout(grid)
        self.spark = Sparkline()
        self.spark.set_values(card.periods)
        layout.addWidget(QLabel(f"{'Income' if card.income else 'Spend'} by period P1–P12"))
        layout.addWidget(self.spark)


class OverviewPage(Page):
    """Each stream's position: revised, committed, actual, available, RAG and spend profile."""

    name = "overview"
    title = "Overview"
    description = "Each stream's position at a glance"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = OverviewModel(self)
        self.report: VarianceReport | None = None
        self.due_items: list[Any] = []
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._reload)
        self.heading = ElidedLabel(self.title)
        self.heading.setObjectName("pageTitle")
        self.cards_box = QWidget()
        self.cards_box.setStyleSheet(card_style())
        self.grid = QGridLayout(self.cards_box)
        self.grid.setSpacing(10)
        self.cards_scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.cards_box)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.due = QLabel("")
        self.due.setObjectName("returnsDue")
        self.due.setWordWrap(True)
        self.due.setVisible(False)
        self.due.setStyleSheet("QLabel#returnsDue{background:#fff4e5;border:1px solid #e0a458;"
                               "border-radius:4px;padding:4px 8px;}")  # fmt: skip
        self.due.setToolTip("Returns due (Returns page → Submitted; fundledger return due)")
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.chart = ChartView()
        self.chart.setMinimumHeight(240)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.due)
        layout.addWidget(scroll)  # as tall as the cards; the chart takes the rest
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.note)
        self.model.modelReset.connect(self._rebuild_cards)

    def refresh(self) -> None:
        """Reload (calls in the same turn of the event loop coalesce into one load)."""
        self._refresh_timer.start()

    def _reload(self) -> None:
        from ui.usecases.variance import today

        stream, year = self.stream_code, self.year
        scope = stream or "All streams"
        self.heading.setText(
            f"{self.title} — {scope}, "
            + (FinancialYear(year).code if year is not None else "latest year per stream")
        )
        as_at = today()
        first = self.ctx.prefetched.pop(("overview", stream, year, as_at), None)
        if first is not None:  # read as the ledger opened (ui.qt.window_state.first_read)
            self.deliver(first, self._loaded)
            return
        self.load(lambda ledger: load_overview(ledger, stream, year, as_at), self._loaded)

    def _show_due(self, items: Sequence[Any] | None) -> None:
        """Returns overdue or due soon for the stream in scope (all streams when none), with
        the last submission of each; returns due later are not shown here (None: the returns
        due could not be read, and the banner is hidden)."""
        from ui.controllers.due import due_text

        self.due_items = list(items or ())
        text = due_text(self.due_items)
        self.due.setText(f"<b>Returns due</b><br>{text.replace(chr(10), '<br>')}")
        self.due.setVisible(bool(text))

    def _loaded(self, loaded: Overview) -> None:
        report = loaded.report
        self.report = report
        self._show_due(loaded.due)
        cards = stream_cards(report)
        self.model.set_cards(cards, f"{report.as_at:%d/%m/%Y}")
        shown = {c.row.stream for c in cards}
        codes = [c for c, *_ in report.streams if self.stream_code in (None, c)]
        # a retired stream without figures is no news (a council that retired the standard
        # streams it does not run would see them named on every year)
        missing = [code for code in codes if code not in shown and code not in report.retired]
        notes = []
        if missing:
            when = FinancialYear(self.year).code if self.year is not None else "any year"
            notes.append(f"No figures for {when}: {', '.join(missing)}.")
        if report.warnings:
            notes.append("Warnings: " + " · ".join(report.warnings))
        self.note.setText("\n".join(notes))
        self.chart.show_budget_vs_actual(
            "Budget (target) vs actual (income) by stream",
            [
                (f"{c.row.stream} {c.row.year_code}", c.row.figures.revised, c.row.figures.actual)
                for c in cards
            ],
        )
        self.status_changed.emit(self.status_text())

    def _rebuild_cards(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        columns = 4
        made = [Card(card, self.model.as_at) for card in self.model.cards]
        for i, widget in enumerate(made):
            self.grid.addWidget(widget, i // columns, i % columns)
        for c in range(columns):  # one stream's card is a quarter wide, not the whole row
            self.grid.setColumnStretch(c, 1)
        self.grid.setRowStretch(len(self.model.cards) // columns + 1, 1)
        # as tall as the cards (up to two rows, then it scrolls); the chart takes the rest
        # (room for the stream name wrapping onto two more lines in a narrow window)
        slack = 2 * self.fontMetrics().height()
        row = max((w.sizeHint().height() for w in made), default=0) + self.grid.spacing() + slack
        rows = min(-(-len(made) // columns), 2)
        m = self.grid.contentsMargins()
        self.cards_scroll.setFixedHeight(max(rows * row, 40) + m.top() + m.bottom())

    def status_text(self) -> str:
        cards = self.model.cards
        if not cards:
            return ""
        counts = {s: sum(c.row.rag.status == s for c in cards) for s in ("red", "amber", "green")}
        streams = "1 stream" if len(cards) == 1 else f"{len(cards)} streams"
        return f"{streams} · " + ", ".join(f"{n} {s}" for s, n in counts.items())

    def total_actual(self) -> Decimal:
        return sum((c.row.figures.actual for c in self.model.cards), Decimal(0))
