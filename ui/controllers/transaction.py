"""The transaction form's logic: which year and period a date charges by default, the inline
checks (amount, stream, date against the charged year and period), the accrual note, and the
values written.  The checks that need the ledger (closed periods, reversals, a known
counterparty) are :func:`ui.usecases.transactions.check_transaction`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fundledger.amounts import parse_amount
from fundledger.budget import check_charge
from fundledger.money import format_amount
from fundledger.years import FinancialYear, period_of, year_label, year_of

from .fields import Checked, parse_money_field, text_or_none

KINDS = (
    ("spend", "Spend"),
    ("credit", "Credit note"),
    ("refund", "Refund"),
    ("income", "Income"),
    ("reported_actual", "Reported actual"),
)


@dataclass(frozen=True, slots=True)
class TransactionEntry:
    """What the transaction form holds, as typed and chosen."""

    stream_id: int | None
    txn_date: date
    year: int
    period: int
    amount: str
    kind: str = "spend"
    budget_line_id: int | None = None
    counterparty: str = ""
    reference: str = ""
    description: str = ""
    cost_centre: str = ""
    gl_ref: str = ""


def charged(d: date) -> tuple[int, int]:
    """The (financial year, period) a date charges unless the user sets them apart."""
    return year_of(d).start_year, period_of(d)


def first_date(today: date, year: int | None) -> date:
    """A new transaction's date: today, or 1 April of the year in view when that is another."""
    if year is not None and year_of(today).start_year != year:
        return date(year, 4, 1)
    return today


def year_choices(d: date) -> range:
    """The financial years offered for a transaction dated ``d``."""
    current = year_of(d).start_year
    return range(current - 6, current + 2)


def amount_text(amount: Any, reported_nil: bool) -> str:
    """How a stored amount is shown for editing ("Nil" as the source reported it)."""
    return "Nil" if reported_nil and amount == 0 else format_amount(amount)


def accrual_note(d: date, year: int) -> str | None:
    """The warning for a date outside the charged year (saved as an accrual), or None."""
    fy = FinancialYear(year)
    if fy.contains(d):
        return None
    return (
        f"Dated {d:%d/%m/%Y}, outside {fy.code}: it will be saved as charged to that year "
        "(an accrual)."
    )


def check_transaction(entry: TransactionEntry) -> Checked[dict[str, Any]]:
    """Problems found without the ledger, and the values to write when there are none."""
    problems: list[str] = []
    amount, problem = parse_money_field(entry.amount)
    if problem:
        problems.append(problem)
    if entry.stream_id is None:
        problems.append("Choose a stream")
    problems += check_charge(entry.txn_date, entry.year, entry.period)
    invalid = frozenset({"amount"} if problem else set())
    if problems:
        return Checked(problems, None, invalid)
    parsed, _reason = parse_amount(entry.amount)
    return Checked(problems, {
        "stream_id": entry.stream_id,
        "txn_date": entry.txn_date,
        "year": entry.year,
        "period": entry.period,
        "amount": amount,
        "kind": entry.kind,
        "budget_line_id": entry.budget_line_id,
        "counterparty": text_or_none(entry.counterparty),
        "reference": text_or_none(entry.reference),
        "description": text_or_none(entry.description),
        "cost_centre": text_or_none(entry.cost_centre),
        "gl_ref": text_or_none(entry.gl_ref),
        # "Nil" as the source reported it (shown "Nil"; counts as £0.00)
        "reported_nil": parsed is not None and parsed.reported_nil,
    }, invalid)  # fmt: skip


def saved_text(verb: str, txn_id: Any, year: int | None, period: int | None, amount: Any) -> str:
    """The status message after a save: "Saved transaction #279 in 2025-26 P05, £500.00"."""
    from fundledger.money import format_gbp

    where = f" in {year_label(year)} P{period:02d}" if year and period else ""
    money = f", {format_gbp(amount)}" if amount is not None else ""
    return f"{verb} transaction #{txn_id}{where}{money}"
