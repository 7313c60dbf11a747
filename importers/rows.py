"""The rows each import kind produces, and what an import found out about its file.

Rows are frozen dataclasses with no database ids: names are kept **as printed** (the use case
matches them to organisations, streams and budget lines), money is exact ``Money`` (Decimal
pounds, two places), financial years are :class:`fundledger.years.FinancialYear`.  Every row
carries ``row``, its 1-based sheet row, for the preview and for messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, TypeVar

from fundledger.money import Money
from fundledger.terms import ContractTerm
from fundledger.years import FinancialYear

from .headers import ColumnMatch
from .totals import TotalCheck

__all__ = [
    "AllocationRow",
    "BudgetLineRow",
    "ContractRow",
    "ContributionRow",
    "GlRow",
    "ImportInfo",
    "ImportRow",
    "IncomeRow",
    "TransactionRow",
    "fast_constructor",
]


@dataclass(frozen=True, slots=True)
class TransactionRow:
    """A ledger transaction (``import transactions``): spend, income or a credit note.

    ``amount`` is signed (credit notes negative; debit − |credit| for a debit/credit layout).
    ``year``/``period`` are what the row is charged to: from its period label (``2025/26 P03``)
    when there is one, else from ``txn_date``.  ``cost_centre`` is from its own column or the
    cost-centre segment of ``account`` (``LCC.LC4410.5210`` → ``LC4410``).
    """

    row: int
    txn_date: date
    year: FinancialYear
    period: int
    amount: Money
    cost_centre: str
    account: str | None
    counterparty: str | None
    reference: str | None
    description: str | None
    period_text: str | None = None


@dataclass(frozen=True, slots=True)
class GlRow:
    """A general-ledger posting (``import gl``): a statement line to reconcile against.

    Same sign, cost-centre and period rules as :class:`TransactionRow`; ``posted_on`` is the
    posting date; ``account`` is the subjective/account code as printed.
    """

    row: int
    posted_on: date
    year: FinancialYear
    period: int
    amount: Money
    cost_centre: str
    account: str | None
    supplier: str | None
    reference: str | None
    description: str | None
    period_text: str | None = None


@dataclass(frozen=True, slots=True)
class AllocationRow:
    """A funder's allocation for one year or a range (``year_from`` ≤ ``year_to``): a range
    printed as one figure stays one allocation, never split here."""

    row: int
    label: str
    year_from: FinancialYear
    year_to: FinancialYear
    amount: Money
    amount_text: str
    approximate: bool = False
    funder: str | None = None

    @property
    def years(self) -> tuple[FinancialYear, ...]:
        start, end = self.year_from.start_year, self.year_to.start_year
        return tuple(FinancialYear(y) for y in range(start, end + 1))


@dataclass(frozen=True, slots=True)
class BudgetLineRow:
    """A budget line (``import budget-lines``): name as printed, budget, and spend to date
    where the sheet reports it (None = blank, not zero; ``reported_nil`` for "Nil")."""

    row: int
    name: str
    budget: Money
    budget_text: str
    spend: Money | None = None
    spend_text: str = ""
    reported_nil: bool = False


@dataclass(frozen=True, slots=True)
class ContractRow:
    """A contract line (``import contracts``).  ``provider_text`` may name several providers;
    ``term`` is the parsed ``term_text`` (None when the sheet gives no term).  Whether
    ``value`` is per year or for the whole term is not known from the sheet."""

    row: int
    service: str
    provider_text: str
    value: Money | None
    value_text: str
    term_text: str | None
    term: ContractTerm | None
    approximate: bool = False
    reference: str | None = None
    start: date | None = None


@dataclass(frozen=True, slots=True)
class ContributionRow:
    """One partner's contribution under one heading (``import contributions``).  A blank cell
    gives no row at all; a printed 0 gives a row of 0.00.  ``cell`` is where it was read."""

    row: int
    partner: str
    heading: str
    amount: Money
    amount_text: str
    cell: str
    reported_nil: bool = False


@dataclass(frozen=True, slots=True)
class IncomeRow:
    """An income item (``import income``).  ``status`` is ``"raised"`` or ``"received"``;
    ``year``/``period`` are the financial year and period of ``raised_on``."""

    row: int
    raised_on: date
    year: FinancialYear
    period: int
    customer: str
    category: str
    description: str | None
    reference: str | None
    amount: Money
    status: str
    status_text: str = ""
    received_on: date | None = None
    list_price: Money | None = None
    discount: Money | None = None


#: a row of any built-in kind
ImportRow = (
    TransactionRow
    | GlRow
    | AllocationRow
    | BudgetLineRow
    | ContractRow
    | ContributionRow
    | IncomeRow
)


@dataclass(frozen=True, slots=True)
class ImportInfo:
    """What parsing found: the sheet and header row used, the column mapping with
    confidences, totals rows (checked, not imported), the as-at date, and counts.

    ``no_value_labels`` are row labels with no figure at all (YJ partners with no
    contribution); ``warnings`` are things to show but not errors.
    """

    kind: str
    file: str
    sheet: str
    header_row: int
    mapping: tuple[ColumnMatch, ...]
    signature: tuple[str, ...]
    rows_read: int
    blank_rows: int
    totals: tuple[TotalCheck, ...] = ()
    as_at: date | None = None
    year: FinancialYear | None = None
    profile: str | None = None
    unmapped_headers: tuple[str, ...] = ()
    no_value_labels: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


T = TypeVar("T")


def fast_constructor(cls: type[T]) -> Callable[..., T]:
    """A positional constructor for a frozen, slotted dataclass without ``__post_init__``,
    for the 100k-row paths: a plain class with the same slots, whose ``__init__`` stores each
    field (a plain slot store, not the frozen ``__setattr__`` detour of the generated
    ``__init__``, nor a descriptor call per field) and then makes the object a ``cls``
    (the layouts are the same, so Python allows the ``__class__`` assignment).  About a
    third of the generated ``__init__``'s cost; the instance is identical (its type,
    ``==``, hash, immutability)."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    if tuple(getattr(cls, "__slots__", ())) != tuple(names) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} is not a slotted dataclass without __post_init__")
    namespace: dict[str, Any] = {"_cls": cls}
    stores = "".join(f"        self.{n} = {n}\n" for n in names)
    source = (
        f"class {cls.__name__}:\n    __slots__ = {tuple(names)!r}\n"
        f"    def __init__(self, {', '.join(names)}):\n{stores}        self.__class__ = _cls\n"
    )
    exec(source, namespace)
    made: Callable[..., T] = namespace[cls.__name__]
    return made
