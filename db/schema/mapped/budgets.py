"""The mapped classes over the budgets tables (``db.schema.budgets``): the ORM for writes."""

# No ``from __future__ import annotations`` here: the declarative scan then reads each
# ``Mapped[...]`` as a type, not a string to evaluate.
from datetime import date, datetime

from sqlalchemy.orm import Mapped

from fundledger.money import Money

from ..budgets import (
    allocations,
    budget_lines,
    budget_revisions,
    carry_forwards,
    contract_extensions,
    contract_lines,
    contract_profiles,
    contract_providers,
    virements,
)
from .base import Base, Tracked


class Allocation(Base, Tracked):
    """What a funder gives for one financial year or an unsplit range of years."""

    __tablename__ = "allocations"
    __table__ = allocations
    id: Mapped[int]
    stream_id: Mapped[int]
    funder_org_id: Mapped[int | None]
    recipient_org_id: Mapped[int | None]
    year_from: Mapped[int]
    year_to: Mapped[int]
    amount: Mapped[Money]
    amount_text: Mapped[str | None]
    approximate: Mapped[bool]
    mechanism: Mapped[str | None]
    status: Mapped[str]
    label: Mapped[str | None]
    source_ref: Mapped[str | None]
    split_into: Mapped[str | None]
    superseded: Mapped[bool]
    batch_id: Mapped[int | None]


class BudgetLine(Base, Tracked):
    """A line of a stream's budget for one year: cost heading, CSP area, agency, category."""

    __tablename__ = "budget_lines"
    __table__ = budget_lines
    id: Mapped[int]
    stream_id: Mapped[int]
    year: Mapped[int]
    name: Mapped[str]
    code: Mapped[str | None]
    category: Mapped[str | None]
    org_id: Mapped[int | None]
    allocation_id: Mapped[int | None]
    cost_centre_id: Mapped[int | None]
    original: Mapped[Money]
    eligible: Mapped[bool | None]
    name_as_printed: Mapped[str | None]
    sort_order: Mapped[int]
    batch_id: Mapped[int | None]


class Virement(Base, Tracked):
    """Budget moved between two lines of the same stream and year; counts once approved."""

    __tablename__ = "virements"
    __table__ = virements
    id: Mapped[int]
    stream_id: Mapped[int]
    year: Mapped[int]
    period: Mapped[int]
    from_line_id: Mapped[int]
    to_line_id: Mapped[int]
    amount: Mapped[Money]
    reason: Mapped[str]
    requested_by: Mapped[str]
    requested_at: Mapped[datetime]
    status: Mapped[str]
    decided_by: Mapped[str | None]
    decided_at: Mapped[datetime | None]
    override_reason: Mapped[str | None]
    override_by: Mapped[str | None]


class BudgetRevision(Base, Tracked):
    """An agreed original budget changed by finance, with the reason (migration 0012): the only
    way a line's original changes once it is agreed (in-year moves are virements).  The server
    refuses any other change of ``budget_lines.original``; a revision is never changed."""

    __tablename__ = "budget_revisions"
    __table__ = budget_revisions
    id: Mapped[int]
    budget_line_id: Mapped[int]
    stream_id: Mapped[int]
    year: Mapped[int]
    old_original: Mapped[Money]
    new_original: Mapped[Money]
    reason: Mapped[str]


class CarryForward(Base, Tracked):
    """An underspend (or committed balance) moved into the next year by approved decision."""

    __tablename__ = "carry_forwards"
    __table__ = carry_forwards
    id: Mapped[int]
    stream_id: Mapped[int]
    from_year: Mapped[int]
    to_year: Mapped[int]
    from_line_id: Mapped[int]
    to_line_id: Mapped[int]
    amount: Mapped[Money]
    basis: Mapped[str]
    reason: Mapped[str]
    requested_by: Mapped[str]
    requested_at: Mapped[datetime]
    status: Mapped[str]
    decided_by: Mapped[str | None]
    decided_at: Mapped[datetime | None]


class ContractLine(Base, Tracked):
    """A commitment: a service bought from provider(s) over a term with extension options."""

    __tablename__ = "contract_lines"
    __table__ = contract_lines
    id: Mapped[int]
    stream_id: Mapped[int]
    budget_line_id: Mapped[int | None]
    service: Mapped[str]
    provider_text: Mapped[str]
    commissioner_org_id: Mapped[int | None]
    value: Mapped[Money | None]
    value_text: Mapped[str | None]
    cost_basis: Mapped[str]
    contract_start: Mapped[date | None]
    service_start: Mapped[date | None]
    base_term_months: Mapped[int | None]
    term_text: Mapped[str | None]
    fixed_term: Mapped[bool]
    internal: Mapped[bool]
    reference: Mapped[str | None]
    notes: Mapped[str | None]
    sort_order: Mapped[int]
    batch_id: Mapped[int | None]


class ContractProvider(Base):
    """A provider named on a contract line (a line may name several)."""

    __tablename__ = "contract_providers"
    __table__ = contract_providers
    contract_line_id: Mapped[int]
    org_id: Mapped[int]
    name_as_printed: Mapped[str | None]


class ContractExtension(Base, Tracked):
    """One extension option and the decision on it."""

    __tablename__ = "contract_extensions"
    __table__ = contract_extensions
    id: Mapped[int]
    contract_line_id: Mapped[int]
    seq: Mapped[int]
    months: Mapped[int]
    decision: Mapped[str]
    decided_by: Mapped[str | None]
    decided_on: Mapped[date | None]
    note: Mapped[str | None]


class ContractProfile(Base, Tracked):
    """The contract line's value profiled by financial year (even by default, editable)."""

    __tablename__ = "contract_profiles"
    __table__ = contract_profiles
    contract_line_id: Mapped[int]
    year: Mapped[int]
    amount: Mapped[Money]
