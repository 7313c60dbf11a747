"""Entering a forecast outturn in place on the Variance page: for the selected budget line and
the current period (from the page's as-at date), the amount and its commentary, optionally
phased by period; saved as one audited write, after which the page shows it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from fundledger.money import format_gbp
from fundledger.years import FinancialYear, period_label
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from ..dialogs.form import parse_money_field
from ..dialogs.phasing import PhasingDialog

if TYPE_CHECKING:
    from ui.usecases.variance import VarianceRow

    from ..context import AppContext


@dataclass(frozen=True, slots=True)
class Target:
    """The line a forecast is entered for, and at which period."""

    line_id: int
    line: str
    stream: str
    year: int
    period: int
    revised: Decimal
    forecast: Decimal | None
    latest: str | None = None


def target(row: VarianceRow | None, kind: str | None, period: int) -> Target | None:
    """The selected row as a forecast target: a budget line (not a total or a level row)."""
    if row is None or kind != "row" or row.line_id is None:
        return None
    f = row.figures
    return Target(row.line_id, row.key, row.stream, row.year, period, f.revised, f.forecast,
                  row.comment)  # fmt: skip


_PLACEHOLDER = "Commentary: why the forecast differs from budget"


class ForecastBar(QWidget):
    """Forecast outturn and commentary for the selected line at the current period."""

    saved = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.target: Target | None = None
        self.phasing: list[Decimal] | None = None
        self.what = QLabel("Forecast: choose a budget line")
        self.what.setObjectName("forecastTarget")
        self.amount = QLineEdit()
        self.amount.setAccessibleName("Forecast outturn")
        self.amount.setPlaceholderText("£0.00")
        self.amount.setMaximumWidth(140)
        self.amount.textEdited.connect(lambda _t: self._forget_phasing())
        self.commentary = QLineEdit()
        self.commentary.setAccessibleName("Forecast commentary")
        self.commentary.setPlaceholderText(_PLACEHOLDER)
        self.commentary.returnPressed.connect(self.save)
        self.amount.returnPressed.connect(self.save)
        self.phase_button = QPushButton("&Phase…")
        self.phase_button.setToolTip("Phase the outturn by period (drives the by-period view)")
        self.phase_button.clicked.connect(lambda _c=False: self.phase())
        self.save_button = QPushButton("Save &forecast")
        self.save_button.clicked.connect(lambda _c=False: self.save())
        self.message = QLabel()
        self.message.setObjectName("forecastMessage")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.addWidget(self.what)
        row.addWidget(self.amount)
        row.addWidget(self.commentary, 1)
        row.addWidget(self.phase_button)
        row.addWidget(self.save_button)
        row.addWidget(self.message)
        self.set_target(None)

    def set_target(self, t: Target | None) -> None:
        """Show ``t`` (or nothing to enter); the amount starts at its forecast (or revised)."""
        self.target, self.phasing = t, None
        why = "Choose a budget line (view by budget line) to forecast" if t is None else None
        if t is not None:
            why = self.ctx.why_not("forecast.write", t.stream)
            at = f"{FinancialYear(t.year).code} at {period_label(t.period)}"
            self.what.setText(f"Forecast for <b>{t.line}</b>, {at}:")
            self.amount.setText(format_gbp(t.forecast if t.forecast is not None else t.revised))
            self.commentary.clear()
            self.commentary.setPlaceholderText(
                f"Commentary (latest: {t.latest})" if t.latest else _PLACEHOLDER
            )
        else:
            self.what.setText("Forecast: choose a budget line")
            self.amount.clear()
        for w in (self.amount, self.commentary, self.phase_button, self.save_button):
            w.setEnabled(why is None)
            w.setToolTip(why or "")
        self.message.clear()

    def _forget_phasing(self) -> None:
        if self.phasing is not None:
            self.phasing = None
            self.message.setText("Phasing cleared: the amount changed")

    def _value(self) -> Decimal | None:
        value, problem = parse_money_field(self.amount.text(), "Forecast outturn")
        self.message.setText(problem or "")
        return value

    def phase(self) -> None:
        t, value = self.target, self._value()
        if t is None or value is None:
            return
        got = PhasingDialog.get(self, t.line, t.year, value, self.phasing)
        if got is not None:
            self.phasing = got
            self.message.setText("Phased by period")

    def save(self) -> None:
        """Record the forecast (one audited write); the page refreshes on ``ledger_changed``."""
        t, value = self.target, self._value()
        if t is None or value is None:
            return
        from ui.usecases.lifecycle import enter_forecast

        note, phasing = self.commentary.text().strip() or None, self.phasing

        def write(ledger: Any) -> int:
            return enter_forecast(ledger, t.line_id, t.period, value, note, phasing)

        self.save_button.setEnabled(False)
        said = (
            f"{t.line}, {FinancialYear(t.year).code} at {period_label(t.period)}: outturn"
            f" {format_gbp(value)}{' (phased by period)' if phasing else ''}"
        )
        self.ctx.run_write(
            write,
            lambda forecast_id: self._saved(forecast_id, said),
            self._refused,
            False,
            title="Saving forecast…",
            changes=topics(T.BUDGET),
        )

    def _saved(self, forecast_id: int, said: str = "") -> None:
        self.save_button.setEnabled(True)
        self.message.setText("Saved")
        self.ctx.announce(f"Saved forecast #{forecast_id}: {said}".rstrip(": "))
        self.saved.emit(forecast_id)

    def _refused(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(f"Not saved: {exc}")
