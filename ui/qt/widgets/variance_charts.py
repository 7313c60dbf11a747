"""Variance charts (QtCharts): budget vs actual by line, cumulative spend vs profile, sparkline.

The chart builders take plain figures (no database); the sparkline is a small painted widget
used on the overview cards.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from fundledger.money import format_gbp

BUDGET = QColor("#7a9cc6")
ACTUAL = QColor("#1f4e79")
PROFILE = QColor("#9e9e9e")
OVER = QColor("#c62828")
PERIODS = [f"P{p:02d}" for p in range(1, 13)]


def _thousands(v: Decimal) -> float:
    """Chart coordinates only (never money arithmetic): £ thousands as a float."""
    return float(v / 1000)


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    return chart


class ChartView(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.setChart(_chart(""))

    def show_budget_vs_actual(
        self, title: str, rows: Sequence[tuple[str, Decimal, Decimal]]
    ) -> None:
        """Horizontal bars: revised budget and actual (£000) per line."""
        chart = _chart(title)
        budget, actual = QBarSet("Revised budget (£000)"), QBarSet("Actual (£000)")
        budget.setColor(BUDGET)
        actual.setColor(ACTUAL)
        labels = []
        for key, revised, spent in reversed(rows):
            labels.append(key if len(key) <= 24 else key[:23] + "…")
            budget.append(_thousands(revised))
            actual.append(_thousands(spent))
        series = QHorizontalBarSeries()
        series.append(budget)
        series.append(actual)
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append(labels)
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() - 1.5, 6.5))
        axis_y.setLabelsFont(small)
        axis_x = QValueAxis()
        axis_x.setLabelFormat("%.0f")
        axis_x.setTitleText("£000")
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        series.attachAxis(axis_x)
        whole_ticks(axis_x)
        self.setChart(chart)

    def show_cumulative(
        self,
        title: str,
        actual: Sequence[Decimal],
        profile: Sequence[Decimal],
        upto: int,
        profile_name: str = "Straight-line profile",
    ) -> None:
        """Cumulative actual by period (to ``upto``) against a cumulative profile."""
        chart = _chart(title)
        spent, line = QLineSeries(), QLineSeries()
        spent.setName("Cumulative actual (£000)")
        line.setName(f"{profile_name} (£000)")
        spent.setPen(QPen(ACTUAL, 2.5))
        line.setPen(QPen(PROFILE, 1.5, Qt.PenStyle.DashLine))
        run = Decimal(0)
        for p, v in enumerate(actual, start=1):
            run += v
            if p <= upto:
                spent.append(QPointF(p, _thousands(run)))
        run = Decimal(0)
        for p, v in enumerate(profile, start=1):
            run += v
            line.append(QPointF(p, _thousands(run)))
        chart.addSeries(line)
        chart.addSeries(spent)
        axis_x = QValueAxis()
        axis_x.setRange(1, 12)
        axis_x.setTickCount(12)
        axis_x.setLabelFormat("P%02d")
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%.0f")
        axis_y.setTitleText("£000")
        top = max([_thousands(sum(actual, Decimal(0))), _thousands(sum(profile, Decimal(0))), 1.0])
        axis_y.setRange(min(0.0, _thousands(min(actual, default=Decimal(0)))), top * 1.05)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for s in (spent, line):
            s.attachAxis(axis_x)
            s.attachAxis(axis_y)
        whole_ticks(axis_y)
        self.setChart(chart)


def integer_ticks(lo: float, hi: float, most: int = 8) -> tuple[float, float, int]:
    """An axis from ``lo`` to ``hi`` with whole-number ticks, one step apart (1, 2, 5, 10,
    20, 50…), at most ``most`` of them: (low, high, tick count).  A £000 axis never reads
    0, 1, 1, 2."""
    low, high = math.floor(min(lo, 0.0)), math.ceil(max(hi, 1.0))
    for step in (m * 10**e for e in range(15) for m in (1, 2, 5)):
        first, last = math.floor(low / step), math.ceil(high / step)
        if last - first <= most - 1:
            break
    return float(first * step), float(last * step), last - first + 1


def whole_ticks(axis: QValueAxis) -> None:
    """Give a value axis whole-number ticks (see :func:`integer_ticks`)."""
    low, high, count = integer_ticks(axis.min(), axis.max())
    axis.setRange(low, high)
    axis.setTickCount(count)


class Sparkline(QWidget):
    """Spend by period P1…P12 as small bars, with the cumulative line over them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: tuple[Decimal, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(44)

    def sizeHint(self) -> QSize:
        return QSize(220, 44)

    def set_values(self, values: Sequence[Decimal]) -> None:
        self.values = tuple(values)
        self.setToolTip(
            "Spend by period: "
            + ", ".join(f"{PERIODS[i]} {format_gbp(v)}" for i, v in enumerate(self.values))
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(1, 2, -1, -2)
        n = len(self.values)
        if n == 0:
            p.end()
            return
        peak = max((abs(v) for v in self.values), default=Decimal(0)) or Decimal(1)
        w = r.width() / n
        base = r.bottom()
        for i, v in enumerate(self.values):
            h = float(abs(v) / peak) * (r.height() * 0.9)
            colour = OVER if v < 0 else BUDGET
            p.fillRect(QRectF(r.left() + i * w + 1, base - h, max(w - 2, 1), h), colour)
        total = sum((v for v in self.values if v > 0), Decimal(0)) or Decimal(1)
        path = QPainterPath()
        run = Decimal(0)
        for i, v in enumerate(self.values):
            run += max(v, Decimal(0))
            pt = QPointF(r.left() + (i + 0.5) * w, base - float(run / total) * r.height() * 0.95)
            if i == 0:
                path.moveTo(pt)
            else:
                path.lineTo(pt)
        p.setPen(QPen(ACTUAL, 1.6))
        p.drawPath(path)
        p.end()
