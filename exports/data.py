"""The figures the returns are built from: plain frozen dataclasses, filled by the use cases.

Money is ``Decimal`` pounds (whole pence).  ``None`` means "no figure" (a blank cell), which
is not zero.  Nothing here touches a database or a workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from fundledger import __version__
from fundledger.years import FinancialYear

#: Agency rows of the national youth justice pooled budget template, in order.
YJ_AGENCIES: tuple[str, ...] = (
    "Youth Justice Board",
    "Local Authority",
    "Police",
    "Police and Crime Commissioner",
    "Probation",
    "Health",
    "Welsh Government",
    "Other",
)

Mechanism = Literal["grant", "settlement"]
ExtensionDecision = Literal["pending", "taken", "declined"]
IncomeStatus = Literal["raised", "received", "cancelled"]
Rag = Literal["green", "amber", "red"]


@dataclass(frozen=True, slots=True)
class Produced:
    """Who produced a workbook, from which ledger, with figures as at which date."""

    ledger_name: str
    as_at: date
    user: str
    produced_at: datetime  # timezone-aware UTC
    version: str = __version__
    #: the ledger's audit-chain head when the figures were read ("Ledger seal #618 3f9a0c1d…";
    #: ``fundledger check --seal`` proves the ledger still holds it)
    seal: str | None = None

    @property
    def line(self) -> str:
        """``Produced by fundledger 0.1.0 on 23/11/2026 08:00 UTC by jsmith``."""
        when = self.produced_at.strftime("%d/%m/%Y %H:%M UTC")
        return f"Produced by fundledger {self.version} on {when} by {self.user}"


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One ledger row behind a figure, listed on the workbook's "Rows" sheet.

    ``figure`` names the figure it feeds, using the keys each return documents
    (e.g. ``"Probation|Staffing Costs"`` for the pooled budget); the Rows sheet shows the
    cell that figure landed in.
    """

    figure: str
    source: str  # e.g. "contribution 41", "transaction 1207", "batch 3 row 12"
    amount: Decimal | None = None
    on: date | None = None
    reference: str | None = None
    description: str | None = None


# --------------------------------------------------------------------------- youth justice


@dataclass(frozen=True, slots=True)
class PooledBudgetRow:
    """One agency's contributions; ``None`` is a blank cell (nothing contributed)."""

    agency: str
    staffing: Decimal | None = None
    in_kind: Decimal | None = None
    other: Decimal | None = None


@dataclass(frozen=True, slots=True)
class InKindStaff:
    """Staff given in kind; ``value`` None means "not valued" (different from £0)."""

    agency: str
    fte: Decimal | None
    description: str
    value: Decimal | None = None


# --------------------------------------------------------------------------- OPCC


@dataclass(frozen=True, slots=True)
class CspRow:
    """A CSP area's allocation and expenditure to date (None = not reported)."""

    area: str
    allocation: Decimal
    expenditure: Decimal | None
    reported_nil: bool = False


# --------------------------------------------------------------------------- DA


@dataclass(frozen=True, slots=True)
class AllocationRow:
    """An allocation; ``year_from != year_to`` is an unsplit range shown as a range."""

    label: str
    year_from: FinancialYear
    year_to: FinancialYear
    amount: Decimal
    mechanism: Mechanism
    funder: str | None = None

    @property
    def years_text(self) -> str:
        """``2021-22`` or ``2025-26 to 2026-27``."""
        if self.year_from == self.year_to:
            return self.year_from.code
        return f"{self.year_from.code} to {self.year_to.code}"


@dataclass(frozen=True, slots=True)
class ExtensionOption:
    """One extension option on a contract line and the decision on it."""

    months: int
    decision: ExtensionDecision = "pending"
    decided_on: date | None = None


@dataclass(frozen=True, slots=True)
class ContractRow:
    """A contract line (commitment) with what has been invoiced against it.

    ``value`` None with ``value_text`` keeps a value the source gave only in words.
    ``end`` is the current end (base term plus extensions taken).  ``committed`` is the
    commitment in the period reported (defaults to ``value``); ``invoiced`` the spend to date.
    """

    service: str
    provider: str  # as printed; may name several providers
    value: Decimal | None
    term_text: str | None = None
    start: date | None = None
    end: date | None = None
    extensions: tuple[ExtensionOption, ...] = ()
    invoiced: Decimal = Decimal("0.00")
    committed: Decimal | None = None
    value_text: str | None = None
    cost_basis: Literal["per_year", "whole_term", "unknown"] = "unknown"
    stream: str | None = None
    reference: str | None = None

    @property
    def commitment(self) -> Decimal | None:
        return self.committed if self.committed is not None else self.value

    @property
    def remaining(self) -> Decimal | None:
        c = self.commitment
        return None if c is None else c - self.invoiced


# --------------------------------------------------------------------------- income


@dataclass(frozen=True, slots=True)
class IncomeRow:
    """An income item raised (and perhaps received); council investment counts for ROI."""

    raised_on: date
    customer: str
    category: str
    amount: Decimal
    status: IncomeStatus = "raised"
    description: str | None = None
    reference: str | None = None
    received_on: date | None = None
    is_council_investment: bool = False


# --------------------------------------------------------------------------- variance


@dataclass(frozen=True, slots=True)
class VarianceRow:
    """One variance row (SPEC §5 ROW) plus the budget holder's commentary.

    ``year`` is the code (``2025-26``); ``pct_spent`` is percentage points with two
    decimals (``Decimal("28.16")``) or None; ``forecast``/``forecast_variance`` None where no
    forecast exists.
    """

    stream: str
    year: str
    key: str
    original: Decimal
    virements: Decimal
    revised: Decimal
    committed: Decimal
    actual: Decimal
    available: Decimal
    forecast: Decimal | None
    forecast_variance: Decimal | None
    pct_spent: Decimal | None
    rag: Rag
    comment: str | None = None


# --------------------------------------------------------------------------- transactions


@dataclass(frozen=True, slots=True)
class TransactionRow:
    """A ledger transaction as exported (and importable back)."""

    txn_date: date
    amount: Decimal
    cost_centre: str | None = None
    counterparty: str | None = None
    reference: str | None = None
    description: str | None = None
    stream: str | None = None
    year: int | None = None  # start year of the financial year charged
    period: int | None = None  # 1..12
    kind: str = "spend"
    account: str | None = None
    batch: int | None = None  # import batch id
    batch_file: str | None = None


@dataclass(frozen=True, slots=True)
class Written:
    """What a return wrote: the file and the totals it put in the workbook (for checking)."""

    path: str
    totals: dict[str, Decimal] = field(default_factory=dict)
    sheets: tuple[str, ...] = ()


Sources = Sequence[SourceRow]
