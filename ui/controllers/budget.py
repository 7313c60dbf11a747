"""The allocation and budget-line forms' logic: the choices they offer, the inline checks and
the values written.  A known funder and an open year need the ledger:
:func:`ui.usecases.budget_entries.check_allocation` and ``check_budget_line``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fundledger.years import year_of

from .fields import Checked, parse_money_field, text_or_none

if TYPE_CHECKING:
    from datetime import date

#: (code, label) of an allocation's status
STATUSES = (("confirmed", "Confirmed"), ("expected", "Expected"), ("tbc", "TBC"))
MECHANISMS = ("", "grant", "settlement", "contribution", "pooled", "levy")
CATEGORIES = ("", "cost_heading", "csp_area", "agency", "income_category", "post", "service")


def year_choices(today: date) -> range:
    """The financial years the budget forms offer."""
    now = year_of(today).start_year
    return range(now - 8, now + 4)


@dataclass(frozen=True, slots=True)
class AllocationEntry:
    """What the allocation form holds."""

    stream_id: int | None
    funder: str
    year_from: int
    year_to: int
    amount: str
    status: str = "confirmed"
    mechanism: str = ""
    label: str = ""
    source_ref: str = ""


def check_allocation(e: AllocationEntry) -> Checked[dict[str, Any]]:
    """Problems found without the ledger, and the values (all but the funder's id)."""
    problems: list[str] = []
    amount, problem = parse_money_field(e.amount)
    if problem:
        problems.append(problem)
    elif amount is not None and amount < 0:
        problems.append("An allocation cannot be negative")
    if e.year_to < e.year_from:
        problems.append("The last year is before the first year")
    if not e.funder.strip():
        problems.append("Name the funder")
    invalid = frozenset({"amount"} if problem else set())
    if problems:
        return Checked(problems, None, invalid)
    return Checked(problems, {
        "stream_id": e.stream_id,
        "year_from": e.year_from,
        "year_to": e.year_to,
        "amount": amount,
        "status": e.status,
        "mechanism": text_or_none(e.mechanism),
        "label": text_or_none(e.label),
        "source_ref": text_or_none(e.source_ref),
    }, invalid)  # fmt: skip


#: a line's eligibility under the stream's grant conditions: three states, not known until
#: decided (a new line is not assumed eligible; an edit for another reason leaves it alone)
ELIGIBILITY: tuple[tuple[str, bool | None], ...] = (
    ("Not known", None),
    ("Yes — eligible", True),
    ("No — not eligible", False),
)


@dataclass(frozen=True, slots=True)
class BudgetLineEntry:
    """What the budget-line form holds."""

    name: str
    original: str
    code: str = ""
    category: str = ""
    #: under the grant conditions: yes, no, or not known (None) until someone decides
    eligible: bool | None = None
    sort_order: int = 0


def check_budget_line(e: BudgetLineEntry) -> Checked[dict[str, Any]]:
    """Problems found without the ledger, and the line's values (stream and year apart)."""
    problems: list[str] = []
    amount, problem = parse_money_field(e.original, "Original budget")
    if problem:
        problems.append(problem)
    if not e.name.strip():
        problems.append("Name the budget line")
    invalid = frozenset({"original"} if problem else set())
    if problems:
        return Checked(problems, None, invalid)
    return Checked(problems, {
        "name": e.name.strip(),
        "code": text_or_none(e.code),
        "category": text_or_none(e.category),
        "original": amount,
        "eligible": e.eligible,
        "sort_order": e.sort_order,
    }, invalid)  # fmt: skip
