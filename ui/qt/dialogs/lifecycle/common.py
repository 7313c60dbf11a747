"""What the lifecycle forms share: the budget-line and period pickers and the money-and-reason
form base (amount parsed exactly, a reason required)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from fundledger.money import format_gbp
from fundledger.years import period_label, year_label

from ..form import FormDialog, parse_money_field

if TYPE_CHECKING:
    from ui.usecases.budget import LineBudget

    from ...context import AppContext


def line_combo() -> QComboBox:
    """An (empty) budget-line picker; :func:`fill_lines` fills it once the lines are read."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(30)
    return combo


def fill_lines(combo: QComboBox, lines: list[LineBudget]) -> None:
    """Offer ``lines`` (stream, year, name and revised budget); the line id is the item data."""
    combo.clear()
    for ln in lines:
        combo.addItem(
            f"{ln.stream_code} {year_label(ln.year)} · {ln.name} (revised {format_gbp(ln.revised)})",
            ln.line_id,
        )


def line_name(combo: QComboBox) -> str:
    """The chosen line as "DA 2025-26 · Refuge" (without its revised budget)."""
    return combo.currentText().split(" (revised ", 1)[0]


def current_period(year: int | None) -> int:
    """The period today falls in within ``year`` (P12 once the year is over, P01 before it
    starts; today's period when no year is chosen): where a form's period starts."""
    from fundledger.years import period_in_year

    from ..form import local_today

    return period_in_year(year, local_today())


def first_open(current: int, closed: set[int]) -> int:
    """``current`` if it is open, else the first open period after it (else the last open one
    before it; ``current`` when the whole year is closed)."""
    later = [p for p in range(current, 13) if p not in closed]
    earlier = [p for p in range(current - 1, 0, -1) if p not in closed]
    return (later or earlier or [current])[0]


def start_at_open_period(
    form: FormDialog, combo: QComboBox, year: int | None, stream: str | None
) -> None:
    """Move ``combo`` from today's period to the current *open* one once the closed periods
    are read (off the GUI thread; never over a period the user already chose)."""
    from fundledger.years import year_of

    from ..form import local_today

    y = year if year is not None else year_of(local_today()).start_year
    proposed = combo.currentData()

    def apply(closed: set[int]) -> None:
        if combo.currentData() == proposed and proposed in closed:
            combo.setCurrentIndex(combo.findData(first_open(proposed, closed)))

    def read(ledger: Any) -> set[int]:
        from ui.usecases.periods import closed as closed_periods

        return closed_periods(ledger, y, stream)

    form.load_options(read, apply, block=False)


def period_combo(whole_year: bool = False, current: int | None = None) -> QComboBox:
    combo = QComboBox()
    if whole_year:
        combo.addItem("Whole year", None)
    for p in range(1, 13):
        combo.addItem(period_label(p), p)
    if current is not None:
        combo.setCurrentIndex(combo.findData(current))
    return combo


class MoneyForm(FormDialog):
    """A lifecycle form with an amount and a reason (or commentary)."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(ctx, title, parent)
        self.setMinimumWidth(640)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("£0.00")
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)  # no keyboard trap
        self.reason.setFixedHeight(60)
        self.reason.setPlaceholderText("Reason (required; recorded in the audit log)")
        self.amount_value: Any = None

    def _amount_problem(self) -> list[str]:
        value, problem = parse_money_field(self.amount.text())
        self.mark(self.amount, problem is not None)
        self.amount_value = value
        return [problem] if problem else []

    def _reason_problem(self) -> list[str]:
        return [] if self.reason.toPlainText().strip() else ["A reason is required"]

    def money_text(self) -> str:
        return format_gbp(self.amount_value) if self.amount_value is not None else ""

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()
