"""The partner-money forms' logic: contributions, recharges raised in bulk, receipts and
income — which organisations each offers, the inline checks and the values written.

The recharge form preselects the DHR debtors (the seven districts and Rutland) when the stream
is DHR, per the Board's resolution [004:181].
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fundledger.money import Money, format_gbp
from fundledger.reference import DHR_DEBTORS, by_key
from fundledger.years import year_label

from .fields import Checked, optional_money, parse_money_field, text_or_none

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date

HEADINGS = ("Staffing Costs", "Payments in kind", "Other delegated funds")
#: organisation kinds that can be recharged
RECHARGED_KINDS = ("district", "unitary", "county", "police", "pcc", "health")


def contribution_partners(orgs: Iterable[Any]) -> list[Any]:
    """Organisations (``.code`` = kind) that can contribute: all but CSP areas and businesses."""
    return [o for o in orgs if o.code not in ("csp_area", "business")]


@dataclass(frozen=True, slots=True)
class ContributionEntry:
    amount: str
    in_kind: bool
    description: str


def check_contribution(e: ContributionEntry) -> Checked[Money | None]:
    """The amount (None for in kind with no known value), or the problems."""
    problems: list[str] = []
    amount, problem = optional_money(e.amount, "Amount")
    if problem:
        problems.append(problem)
    elif amount is None and not e.in_kind:
        problems.append("A cash contribution needs an amount")
    if e.in_kind and not e.description.strip():
        problems.append("Describe the in-kind contribution (e.g. a seconded Probation Officer)")
    return Checked(problems, None if problems else amount)


def recharge_partners(orgs: Iterable[Any], recharge: bool) -> list[tuple[Any, bool]]:
    """The organisations that can be recharged, each with whether it starts ticked: on a
    recharge stream (DHR) the DHR debtors first and ticked, then everyone else, by name."""
    dhr = recharge
    debtors = {by_key(k).name for k in DHR_DEBTORS}
    found = [o for o in orgs if o.code in RECHARGED_KINDS]
    found.sort(key=lambda o: (not (dhr and o.name in debtors), o.name))
    return [(o, dhr and o.name in debtors) for o in found]


def recharge_description(year: int) -> str:
    return f"Domestic Homicide Review contribution {year_label(year)}"


@dataclass(frozen=True, slots=True)
class RechargeEntry:
    amount: str
    partners: int
    description: str
    raised_on: date
    due_on: date


def check_recharges(e: RechargeEntry) -> Checked[Money]:
    """The amount each, or the problems."""
    amount, problem = parse_money_field(e.amount)
    problems = [problem] if problem else []
    if not e.partners:
        problems.append("Tick at least one partner")
    if not e.description.strip():
        problems.append("A description is required")
    if e.due_on < e.raised_on:
        problems.append("The due date is before the date raised")
    return Checked(problems, None if problems else amount)


def recharges_note(partners: int, amount: Money) -> str:
    """What will be raised, e.g. "8 recharges of £5,000.00 = £40,000.00"."""
    return f"{partners} recharges of {format_gbp(amount)} = {format_gbp(Money(amount * partners))}"


def check_receipt(kind: str, amount: str) -> Checked[Money | None]:
    """A recharge receipt needs an amount (part payments allowed); income needs only a date."""
    if kind != "recharge":
        return Checked([], None)
    value, problem = parse_money_field(amount)
    return Checked([problem] if problem else [], value)


@dataclass(frozen=True, slots=True)
class IncomeEntry:
    customer: str
    amount: str
    list_price: str = ""
    discount: str = ""
    description: str = ""


def check_income(e: IncomeEntry) -> Checked[dict[str, Any]]:
    """The amounts (list price and discount optional), or the problems."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    for key, text, required in (("amount", e.amount, True), ("list_price", e.list_price, False),
                                ("discount", e.discount, False)):  # fmt: skip
        what = key.replace("_", " ").capitalize()
        value, problem = parse_money_field(text, what) if required else optional_money(text, what)
        if problem:
            problems.append(problem)
        values[key] = value
    if not e.customer.strip():
        problems.append("A customer is required")
    values["description"] = text_or_none(e.description)
    return Checked(problems, None if problems else values)
