"""The contract-line, extension and profile forms' logic: which organisations each picker offers,
the inline checks (service, provider, value, extension months, a term the base can be read
from), the values written, and a profile's years and running total."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fundledger.money import Money
from fundledger.terms import parse_term
from fundledger.years import year_label

from .fields import Checked, optional_money, parse_money_field, text_or_none

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from datetime import date

#: organisation kinds offered as providers and as commissioners
PROVIDER_KINDS = ("vcse", "business", "group", "internal", "county", "district", "other")
COMMISSIONER_KINDS = ("county", "unitary", "district", "pcc")
COST_BASES = (("unknown", "Unknown"), ("per_year", "Per year"), ("whole_term", "Whole term"))
DECISIONS = ("taken", "declined", "pending")


def providers(orgs: Iterable[Any]) -> list[Any]:
    """The organisations (``.code`` = kind) a contract line may name as providers."""
    return [o for o in orgs if o.code in PROVIDER_KINDS]


def commissioners(orgs: Iterable[Any]) -> list[Any]:
    return [o for o in orgs if o.code in COMMISSIONER_KINDS]


@dataclass(frozen=True, slots=True)
class ContractEntry:
    """What the contract-line form holds (dates None when not set)."""

    service: str
    provider_text: str
    value: str = ""
    cost_basis: str = "unknown"
    commissioner_org_id: int | None = None
    budget_line_id: int | None = None
    contract_start: date | None = None
    service_start: date | None = None
    term_text: str = ""
    base_term_months: int = 0
    extensions: str = ""
    reference: str = ""


@dataclass(frozen=True, slots=True)
class ContractValues:
    """What is written: the line's fields, its base term (None: from the term text) and the
    months of each extension option listed."""

    fields: dict[str, Any]
    base_term_months: int | None
    extensions: tuple[int, ...]


def _months(text: str) -> tuple[int, ...] | None:
    try:
        return tuple(int(p) for p in text.replace(";", ",").split(",") if p.strip())
    except ValueError:
        return None


def check_contract(e: ContractEntry) -> Checked[ContractValues]:
    problems: list[str] = []
    if not e.service.strip():
        problems.append("Service is required")
    if not e.provider_text.strip():
        problems.append("Provider is required (as printed)")
    value, problem = optional_money(e.value, "Value")
    if problem:
        problems.append(problem)
    months = _months(e.extensions)
    if months is None:
        problems.append("Extension options are whole months separated by commas")
    term = e.term_text.strip()
    if term and not e.base_term_months:
        parsed, reason = parse_term(term)
        if parsed is None:
            problems.append(f"Term “{term}”: {reason}; give the base term in months")
    if problems or months is None:
        return Checked(problems, None, frozenset({"value"} if problem else set()))
    fields = {
        "service": e.service.strip(),
        "provider_text": e.provider_text.strip(),
        "commissioner_org_id": e.commissioner_org_id,
        "budget_line_id": e.budget_line_id,
        "value": value,
        "cost_basis": e.cost_basis,
        "contract_start": e.contract_start,
        "service_start": e.service_start,
        "term_text": text_or_none(e.term_text),
        "reference": text_or_none(e.reference),
    }
    return Checked(problems, ContractValues(fields, e.base_term_months or None, months))


def profile_years(profile: Mapping[int, Any], start: date | None) -> range:
    """The years a line's profile form offers: those profiled, from the start's year, at least
    three."""
    starts = [start.year if start.month >= 4 else start.year - 1] if start else []
    first = min([*profile, *starts], default=2025)
    return range(first, max([*profile, first + 2]) + 1)


def profile_total(texts: Mapping[int, str]) -> Money:
    """The running total of what is typed (unreadable amounts count as nothing)."""
    total = Decimal(0)
    for text in texts.values():
        value, _problem = optional_money(text, "Amount")
        total += value or 0
    return Money(total)


def check_profile(texts: Mapping[int, str]) -> Checked[dict[int, Money]]:
    """Each year's amount (blank years left out), or the problems."""
    problems: list[str] = []
    values: dict[int, Money] = {}
    for y, text in texts.items():
        if text.strip():
            value, problem = parse_money_field(text, year_label(y))
            if problem:
                problems.append(problem)
            elif value is not None:
                values[y] = value
    return Checked(problems, None if problems else values)
