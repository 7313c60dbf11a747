"""Budget lifecycle rules: revised budget, virements, carry-forward, charging and forecasts.

Each check returns problems (messages for the user) as values; the write operations in
``db.ops`` refuse an action whose checks return anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from fundledger.money import ZERO, Money, MoneyError, format_gbp, to_money
from fundledger.vocabulary import TransactionKind
from fundledger.years import FinancialYear, period_label, year_of

if TYPE_CHECKING:
    from datetime import date

TRANSACTION_KINDS: tuple[TransactionKind, ...] = tuple(TransactionKind)


@dataclass(frozen=True, slots=True)
class Layers:
    """A line's budget layers; ``revised`` counts only approved movements."""

    original: Money
    virements_in: Money
    virements_out: Money
    carried_in: Money
    carried_out: Money

    @property
    def virements(self) -> Money:
        return Money(self.virements_in - self.virements_out)

    @property
    def carry_forward(self) -> Money:
        return Money(self.carried_in - self.carried_out)

    @property
    def revised(self) -> Money:
        return revised(
            self.original,
            self.virements_in,
            self.virements_out,
            self.carried_in,
            self.carried_out,
        )


def revised(
    original: Money,
    virements_in: Money,
    virements_out: Money,
    carried_in: Money,
    carried_out: Money,
) -> Money:
    """Revised budget = original + approved virements + approved carry-forwards (net)."""
    return Money(original + virements_in - virements_out + carried_in - carried_out)


def money_problem(value: object, what: str = "amount") -> tuple[Money | None, str | None]:
    """Exact money from user input, or the reason it is not (floats and sub-pence refused)."""
    if isinstance(value, float):
        return None, f"{what}: float {value!r} is not money: enter an exact amount"
    if not isinstance(value, Decimal | int | str):
        return None, f"{what} {value!r} is not an exact amount"
    try:
        return to_money(value), None
    except MoneyError as exc:
        return None, f"{what}: {exc}"


def check_positive(amount: Money, what: str = "amount") -> str | None:
    return None if amount > 0 else f"{what} must be more than £0.00, not {format_gbp(amount)}"


def check_reason(reason: str | None, action: str) -> str | None:
    """A reason is required for this action."""
    if reason is None or not reason.strip():
        return f"a reason is required to {action}"
    return None


def check_self_approval(
    requested_by: str, approver: str, what: str, decision: str = "approved"
) -> str | None:
    """The requester of a virement or carry-forward cannot decide it (approve or reject:
    ``decision`` is the status being set)."""
    if requested_by.casefold() == approver.casefold():
        return f"you requested this {what}; it must be {decision} by someone else"
    return None


def check_virement_lines(
    from_stream: int, from_year: int, to_stream: int, to_year: int, same_line: bool
) -> list[str]:
    """A virement moves budget between two different lines of one stream and year."""
    problems = []
    if same_line:
        problems.append("a virement needs two different budget lines")
    if from_stream != to_stream:
        problems.append("a virement must be between lines of the same stream")
    if from_year != to_year:
        problems.append(
            f"a virement must be within one year ({FinancialYear(from_year).code} → "
            f"{FinancialYear(to_year).code}); use a carry-forward to move budget between years"
        )
    return problems


def check_carry_forward(
    stream_code: str, allowed: bool, condition: str | None, from_year: int, to_year: int
) -> list[str]:
    """Carry-forward goes to the next year only, and only where the grant conditions allow."""
    problems = []
    if not allowed:
        quoted = f": “{condition.strip()}”" if condition and condition.strip() else ""
        problems.append(f"{stream_code} grant conditions do not allow carry-forward{quoted}")
    if to_year != from_year + 1:
        problems.append(
            f"carry-forward is into the next year: {FinancialYear(from_year).code} → "
            f"{FinancialYear(from_year + 1).code}, not {FinancialYear(to_year).code}"
        )
    return problems


def check_carry_amount(amount: Money, available: Money, basis: str) -> str | None:
    """The amount carried cannot exceed the underspend (or committed balance) available."""
    if amount <= available:
        return None
    what = "committed balance" if basis == "committed" else "underspend"
    return (
        f"cannot carry forward {format_gbp(amount)}: the {what} available is "
        f"{format_gbp(available)}"
    )


def check_charge(txn_date: date, year: int, period: int) -> list[str]:
    """The year and period a transaction is charged to must be sane for its date.

    The charged year may differ from the date's year (accruals: 2025-26 spend invoiced in June
    2026) but by at most one year either side.
    """
    if not 1 <= period <= 12:
        return [f"period {period} is not between 1 and 12"]
    if not 1900 <= year <= 2200:
        return [f"year {year} is out of range"]
    dated = year_of(txn_date).start_year
    if abs(year - dated) > 1:
        return [
            f"charged to {FinancialYear(year).code} {period_label(period)} but dated "
            f"{txn_date:%d/%m/%Y} ({FinancialYear(dated).code}): more than a year apart"
        ]
    return []


def check_kind(kind: str) -> str | None:
    if kind in TRANSACTION_KINDS:
        return None
    return f"transaction kind {kind!r} is not one of {', '.join(TRANSACTION_KINDS)}"


def underspend(revised_budget: Money, actual: Money, committed: Money = ZERO) -> Money:
    """What is left of a line: revised − actual − committed (negative when overspent)."""
    return Money(revised_budget - actual - committed)


def forecast_key(year: int, period: int, row_id: int) -> tuple[int, int, int]:
    """Ordering of forecasts: the latest for a line has the highest (year, period, id)."""
    return (year, period, row_id)
