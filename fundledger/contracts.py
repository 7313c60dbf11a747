"""Contract-line rules: term end from taken extensions, default profile, committed, warnings.

Pure functions over plain values; the database layer gathers the facts (value, profile,
invoiced totals, extension decisions) and these decide.  End dates are exclusive, as in
:mod:`fundledger.terms`: a line "ends" on ``end`` and its last day is ``end - 1 day``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from fundledger.money import ZERO, Money, format_gbp, round_penny
from fundledger.terms import add_months, profile_even
from fundledger.years import FinancialYear

if TYPE_CHECKING:
    from collections.abc import Sequence

COST_BASES = ("per_year", "whole_term", "unknown")
DECISIONS = ("pending", "taken", "declined")
#: the setting key and default for the expiry warning window
EXPIRY_SETTING = "contracts.expiry_warning_days"
DEFAULT_EXPIRY_DAYS = 90


@dataclass(frozen=True, slots=True)
class Extension:
    """One extension option and the decision on it."""

    seq: int
    months: int
    decision: str = "pending"


@dataclass(frozen=True, slots=True)
class ContractWarning:
    """A problem with a contract line: ``code`` for filtering, ``message`` for people."""

    code: str
    message: str


def check_decided_on(on: date, today: date) -> str | None:
    """An extension decision is recorded when it was made: not on a day still to come."""
    if on > today:
        return (f"an extension decision cannot be dated {on:%d/%m/%Y}, after today "
                f"({today:%d/%m/%Y}): record it when it is made")  # fmt: skip
    return None


def term_months(base_months: int | None, extensions: Sequence[Extension]) -> int | None:
    """Months the line runs: base term plus the extensions taken (None without a base)."""
    if base_months is None:
        return None
    return base_months + sum(e.months for e in extensions if e.decision == "taken")


def contract_end(
    start: date | None, base_months: int | None, extensions: Sequence[Extension]
) -> date | None:
    """Exclusive end date from the start, base term and taken extensions (None if unknown)."""
    months = term_months(base_months, extensions)
    if start is None or months is None:
        return None
    return add_months(start, months)


def last_day(end: date | None) -> date | None:
    """The last day a line runs, from its exclusive end."""
    return None if end is None else end - timedelta(days=1)


def term_value(value: Money | None, basis: str, months: int | None) -> Money | None:
    """The whole-term value: ``value`` for whole-term/unknown bases; pro rata for per-year."""
    if value is None:
        return None
    if basis == "per_year":
        if months is None:
            return None
        return round_penny(value * months / Decimal(12))
    return value


def default_profile(
    value: Money | None, basis: str, start: date | None, months: int | None
) -> dict[int, Money]:
    """Even profile of the term value by financial year; empty when it cannot be worked out."""
    total = term_value(value, basis, months)
    if total is None or start is None or not months:
        return {}
    return profile_even(total, start, months)


def committed(profiled: Money, invoiced: Money, year: int) -> tuple[Money, ContractWarning | None]:
    """Committed for a year = profiled − invoiced, floored at zero with a warning if beyond."""
    balance = Money(profiled - invoiced)
    if balance >= 0:
        return balance, None
    return ZERO, ContractWarning(
        "over_profile",
        f"invoiced {format_gbp(invoiced)} in {FinancialYear(year).code} against a profile of "
        f"{format_gbp(profiled)} ({format_gbp(-balance)} beyond it)",
    )


def over_invoiced(total_value: Money | None, invoiced: Money) -> ContractWarning | None:
    """Warn when invoices against a line exceed its (whole-term) value."""
    if total_value is None or invoiced <= total_value:
        return None
    return ContractWarning(
        "over_invoiced",
        f"invoiced {format_gbp(invoiced)} against a value of {format_gbp(total_value)} "
        f"({format_gbp(invoiced - total_value)} over)",
    )


def expiry_warning(
    end: date | None, extensions: Sequence[Extension], today: date, window_days: int
) -> ContractWarning | None:
    """Warn when a line ends within ``window_days`` of ``today`` with a decision pending."""
    if end is None or not any(e.decision == "pending" for e in extensions):
        return None
    last = end - timedelta(days=1)
    if last < today or (last - today).days > window_days:
        return None
    days = (last - today).days
    return ContractWarning(
        "expiring",
        f"ends {last:%d/%m/%Y} (in {days} days) with an extension decision pending",
    )


def ended_unspent(
    end: date | None, today: date, total_value: Money | None, invoiced: Money
) -> ContractWarning | None:
    """Warn when a line has ended with money not invoiced (committed money to release)."""
    if end is None or total_value is None or end > today or invoiced >= total_value:
        return None
    last = end - timedelta(days=1)
    return ContractWarning(
        "ended_unspent",
        f"ended {last:%d/%m/%Y} with {format_gbp(total_value - invoiced)} not invoiced",
    )


def after_end_warning(end: date | None, count: int, total: Money) -> ContractWarning | None:
    """Warn about invoices dated on or after the (exclusive) end date."""
    if end is None or count == 0:
        return None
    last = end - timedelta(days=1)
    noun = "invoice" if count == 1 else "invoices"
    return ContractWarning(
        "invoice_after_end",
        f"{count} {noun} totalling {format_gbp(total)} dated after the end ({last:%d/%m/%Y})",
    )


def basis_warning(basis: str) -> ContractWarning | None:
    """The spend plan never says whether a cost is per year or whole term: say so."""
    if basis != "unknown":
        return None
    return ContractWarning(
        "basis_unknown", "cost basis unknown: the value is treated as the whole-term value"
    )


def profile_warning(total_value: Money | None, profile_total: Money) -> ContractWarning | None:
    """Warn when an edited profile does not add up to the line's value."""
    if total_value is None or profile_total in (total_value, 0):
        return None
    return ContractWarning(
        "profile_mismatch",
        f"profile totals {format_gbp(profile_total)} but the value is {format_gbp(total_value)}",
    )


def check_extension_months(months: Sequence[int]) -> list[str]:
    """Problems with a list of extension lengths (months)."""
    return [f"extension {i} must be at least one month" for i, m in enumerate(months, 1) if m < 1]
