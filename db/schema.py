"""The ledger schema (SPEC §3): every table, in one place.

Conventions:
- money columns are :class:`db.types.Pence` (BIGINT pence);
- financial years are stored as their start year (``2025`` is 2025-26), periods as 1–12;
- editable rows carry ``version`` (optimistic locking) and created/updated by and at;
- money rows are never deleted: they are reversed (``reverses_id``) or their batch is undone;
- the audit log is append-only and hash-chained (``db.audit``).
"""

# No ``from __future__ import annotations`` here: SQLAlchemy then reads each ``Mapped[...]`` as
# a type, not a string to parse and evaluate (≈300 of them, a noticeable part of opening).
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from fundledger.money import Money

from .types import Pence, PencePhasing, UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Bump with every migration; a ledger whose ``ledger_info.schema_version`` is higher is refused.
SCHEMA_VERSION = 4


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Tracked:
    """Version and who/when columns for editable rows."""

    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_by: Mapped[str | None] = mapped_column(String(64), nullable=True)


# --------------------------------------------------------------------------- meta, users


class LedgerInfo(Base):
    """Key/value facts about the ledger file: ``schema_version``, ``name``, ``created``."""

    __tablename__ = "ledger_info"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class User(Base, Tracked):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(200), nullable=False)
    #: finance | commissioning | budget_holder | viewer | admin
    role: Mapped[str] = mapped_column(String(32), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    __table_args__ = (
        CheckConstraint(
            "role in ('finance','commissioning','budget_holder','viewer','admin')", name="role"
        ),
    )


class UserStream(Base):
    """Streams a budget holder is scoped to."""

    __tablename__ = "user_streams"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), primary_key=True)


class Setting(Base, Tracked):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


# --------------------------------------------------------------------------- organisations


class Organisation(Base, Tracked):
    """Funders, partners, providers, CSP areas, districts, internal teams."""

    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    #: county | unitary | district | police | pcc | probation | health | government |
    #: vcse | business | group | csp_area | partner_agency | internal | other
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    short_name: Mapped[str | None] = mapped_column(String(64))
    internal: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    notes: Mapped[str | None] = mapped_column(Text)
    #: set when this organisation was merged into another (its links moved there)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    __table_args__ = (UniqueConstraint("name", "kind", name="name_kind"),)


class OrgAlias(Base, Tracked):
    """Every spelling an organisation is printed as; effective-dated for renames.

    ``normalised`` is :func:`fundledger.orgs.normalise` of ``alias``.  A rename (DLUHC → MHCLG)
    is two aliases with ``valid_to`` / ``valid_from`` and ``is_name`` set on the official names.
    """

    __tablename__ = "org_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False)
    alias: Mapped[str] = mapped_column(String(300), nullable=False)
    normalised: Mapped[str] = mapped_column(String(300), nullable=False, index=True)
    is_name: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (UniqueConstraint("org_id", "normalised", name="org_normalised"),)


# --------------------------------------------------------------------------- streams


class Stream(Base, Tracked):
    __tablename__ = "streams"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    #: the accounting nature, derived from ``fund_type``: expenditure | income | pooled
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="expenditure")
    #: what the fund is (``fundledger.streams.FUND_TYPES``): grant | pooled | allocations | income
    fund_type: Mapped[str] = mapped_column(
        String(16), nullable=False, default="grant", server_default="grant"
    )
    #: the usual ``budget_lines.category`` of its lines (csp_area, agency, service …)
    line_category: Mapped[str | None] = mapped_column(String(32))
    #: grant conditions: what may and may not be spent from it
    eligibility_notes: Mapped[str | None] = mapped_column(Text)
    retired_reason: Mapped[str | None] = mapped_column(Text)
    funder_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    recipient_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    statutory_basis: Mapped[str | None] = mapped_column(Text)
    conditions: Mapped[str | None] = mapped_column(Text)
    carry_forward_allowed: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    #: the grant condition quoted when a carry-forward is refused
    carry_forward_condition: Mapped[str | None] = mapped_column(Text)
    directorate: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="active", nullable=False)
    #: RAG thresholds (percent): red when forecast variance is worse than -red_forecast_pct;
    #: amber when % spent is more than amber_profile_pct points off the straight-line profile.
    red_forecast_pct: Mapped[Decimal] = mapped_column(
        Numeric(6, 2), default=Decimal("5.00"), nullable=False
    )
    amber_profile_pct: Mapped[Decimal] = mapped_column(
        Numeric(6, 2), default=Decimal("15.00"), nullable=False
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    __table_args__ = (CheckConstraint("kind in ('expenditure','income','pooled')", name="kind"),)


class StreamMechanism(Base, Tracked):
    """Funding mechanism per year (grant until 2024-25, settlement from 2025-26)."""

    __tablename__ = "stream_mechanisms"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    from_year: Mapped[int] = mapped_column(Integer, nullable=False)
    mechanism: Mapped[str] = mapped_column(String(32), nullable=False)
    __table_args__ = (UniqueConstraint("stream_id", "from_year", name="stream_year"),)


class CostCentre(Base, Tracked):
    """A council cost centre (``LC4410``) mapping ledger rows to a stream (and a line)."""

    __tablename__ = "cost_centres"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    owner: Mapped[str | None] = mapped_column(String(200))
    valid_from: Mapped[date | None] = mapped_column(Date)
    #: active | retired (a retired code still reads old rows; new rows are refused)
    status: Mapped[str] = mapped_column(
        String(16), nullable=False, default="active", server_default="active"
    )
    retired_reason: Mapped[str | None] = mapped_column(Text)


class CodingRule(Base, Tracked):
    """A rule coding spend to a line.

    ``budget``: a cost centre (optionally an account code or range ``account_from`` ..
    ``account_to``, compared as text of equal length) → the budget line named ``line_name`` in
    the row's stream and year.  ``contract``: a supplier (organisation, or the printed name
    normalised) and optionally a reference pattern (``*`` and ``?``) → a contract line.
    """

    __tablename__ = "coding_rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    #: budget | contract
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    cost_centre_id: Mapped[int | None] = mapped_column(ForeignKey("cost_centres.id"))
    account_from: Mapped[str | None] = mapped_column(String(64))
    account_to: Mapped[str | None] = mapped_column(String(64))
    line_name: Mapped[str | None] = mapped_column(String(300))
    supplier_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    supplier_text: Mapped[str | None] = mapped_column(String(300))
    reference_pattern: Mapped[str | None] = mapped_column(String(100))
    contract_line_id: Mapped[int | None] = mapped_column(ForeignKey("contract_lines.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    retired_reason: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint("kind in ('budget','contract')", name="kind"),
        CheckConstraint(
            "kind <> 'budget' or (cost_centre_id is not null and line_name is not null)",
            name="budget_target",
        ),
        CheckConstraint(
            "kind <> 'contract' or (contract_line_id is not null and "
            "(supplier_org_id is not null or supplier_text is not null))",
            name="contract_target",
        ),
    )


class OrgMerge(Base, Tracked):
    """Two organisations found to be one: ``from_org`` was merged into ``into_org``."""

    __tablename__ = "org_merges"
    id: Mapped[int] = mapped_column(primary_key=True)
    from_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False)
    into_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    #: JSON: table.column → number of links moved
    moved: Mapped[str] = mapped_column(Text, nullable=False)
    __table_args__ = (CheckConstraint("from_org_id <> into_org_id", name="distinct_orgs"),)


# --------------------------------------------------------------------------- allocations, lines


class Allocation(Base, Tracked):
    """What a funder gives for one financial year or an unsplit range of years."""

    __tablename__ = "allocations"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False, index=True)
    funder_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    recipient_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    year_from: Mapped[int] = mapped_column(Integer, nullable=False)
    year_to: Mapped[int] = mapped_column(Integer, nullable=False)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)
    amount_text: Mapped[str | None] = mapped_column(String(100))
    approximate: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    #: grant | settlement | contribution | pooled | levy | commercial | sponsorship | ...
    mechanism: Mapped[str | None] = mapped_column(String(32))
    #: confirmed | expected | tbc
    status: Mapped[str] = mapped_column(String(16), default="confirmed", nullable=False)
    label: Mapped[str | None] = mapped_column(String(300))
    source_ref: Mapped[str | None] = mapped_column(String(100))
    #: set when a range allocation has been split into years by an audited action
    split_into: Mapped[str | None] = mapped_column(String(100))
    superseded: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    __table_args__ = (CheckConstraint("year_to >= year_from", name="year_range"),)


class BudgetLine(Base, Tracked):
    """A line of a stream's budget for one year: cost heading, CSP area, agency, category."""

    __tablename__ = "budget_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    code: Mapped[str | None] = mapped_column(String(32))
    #: cost_heading | csp_area | agency | income_category | post | service
    category: Mapped[str | None] = mapped_column(String(32))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    allocation_id: Mapped[int | None] = mapped_column(ForeignKey("allocations.id"))
    cost_centre_id: Mapped[int | None] = mapped_column(ForeignKey("cost_centres.id"))
    original: Mapped[Money] = mapped_column(Pence, nullable=False)
    eligible: Mapped[bool | None] = mapped_column(Boolean)
    name_as_printed: Mapped[str | None] = mapped_column(String(300))
    sort_order: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    __table_args__ = (
        UniqueConstraint("stream_id", "year", "name", name="stream_year_name"),
        Index("ix_budget_lines_stream_year", "stream_id", "year"),
    )


class Virement(Base, Tracked):
    """Budget moved between two lines of the same stream and year; counts once approved."""

    __tablename__ = "virements"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    period: Mapped[int] = mapped_column(Integer, nullable=False)
    from_line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"), nullable=False)
    to_line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"), nullable=False)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    requested_by: Mapped[str] = mapped_column(String(64), nullable=False)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: pending | approved | rejected
    status: Mapped[str] = mapped_column(String(16), default="pending", nullable=False)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (
        CheckConstraint("from_line_id <> to_line_id", name="distinct_lines"),
        CheckConstraint("amount > 0", name="positive"),
        CheckConstraint("status in ('pending','approved','rejected')", name="status"),
        CheckConstraint(
            "status = 'pending' or decided_by is null or decided_by <> requested_by",
            name="no_self_approval",
        ),
    )


class CarryForward(Base, Tracked):
    """An underspend (or committed balance) moved into the next year by approved decision."""

    __tablename__ = "carry_forwards"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    from_year: Mapped[int] = mapped_column(Integer, nullable=False)
    to_year: Mapped[int] = mapped_column(Integer, nullable=False)
    from_line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"), nullable=False)
    to_line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"), nullable=False)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)
    #: underspend | committed
    basis: Mapped[str] = mapped_column(String(16), default="underspend", nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    requested_by: Mapped[str] = mapped_column(String(64), nullable=False)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    status: Mapped[str] = mapped_column(String(16), default="pending", nullable=False)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (
        CheckConstraint("to_year = from_year + 1", name="next_year"),
        CheckConstraint("amount > 0", name="positive"),
        CheckConstraint("status in ('pending','approved','rejected')", name="status"),
        CheckConstraint(
            "status = 'pending' or decided_by is null or decided_by <> requested_by",
            name="no_self_approval",
        ),
    )


# --------------------------------------------------------------------------- commitments


class ContractLine(Base, Tracked):
    """A commitment: a service bought from provider(s) over a term with extension options."""

    __tablename__ = "contract_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False, index=True)
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id"))
    service: Mapped[str] = mapped_column(String(300), nullable=False)
    provider_text: Mapped[str] = mapped_column(String(300), nullable=False)
    commissioner_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    value: Mapped[Money | None] = mapped_column(Pence)
    value_text: Mapped[str | None] = mapped_column(String(100))
    #: per_year | whole_term | unknown
    cost_basis: Mapped[str] = mapped_column(String(16), default="unknown", nullable=False)
    contract_start: Mapped[date | None] = mapped_column(Date)
    service_start: Mapped[date | None] = mapped_column(Date)
    base_term_months: Mapped[int | None] = mapped_column(Integer)
    term_text: Mapped[str | None] = mapped_column(String(200))
    fixed_term: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    internal: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    reference: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    __table_args__ = (
        CheckConstraint("cost_basis in ('per_year','whole_term','unknown')", name="cost_basis"),
    )


class ContractProvider(Base):
    """A provider named on a contract line (a line may name several)."""

    __tablename__ = "contract_providers"
    contract_line_id: Mapped[int] = mapped_column(ForeignKey("contract_lines.id"), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    name_as_printed: Mapped[str | None] = mapped_column(String(300))


class ContractExtension(Base, Tracked):
    """One extension option and the decision on it."""

    __tablename__ = "contract_extensions"
    id: Mapped[int] = mapped_column(primary_key=True)
    contract_line_id: Mapped[int] = mapped_column(
        ForeignKey("contract_lines.id"), nullable=False, index=True
    )
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    months: Mapped[int] = mapped_column(Integer, nullable=False)
    #: pending | taken | declined
    decision: Mapped[str] = mapped_column(String(16), default="pending", nullable=False)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        UniqueConstraint("contract_line_id", "seq", name="line_seq"),
        CheckConstraint("decision in ('pending','taken','declined')", name="decision"),
    )


class ContractProfile(Base, Tracked):
    """The contract line's value profiled by financial year (even by default, editable)."""

    __tablename__ = "contract_profiles"
    contract_line_id: Mapped[int] = mapped_column(ForeignKey("contract_lines.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)


# --------------------------------------------------------------------------- actuals


class Transaction(Base, Tracked):
    """Spend (positive), credit notes and refunds (negative), income, reported actuals.

    ``year``/``period`` are what the row is *charged to* (they default from the date but
    differ for accruals).  A correction is a new row with ``reverses_id`` set.
    """

    __tablename__ = "transactions"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id"))
    contract_line_id: Mapped[int | None] = mapped_column(ForeignKey("contract_lines.id"))
    txn_date: Mapped[date] = mapped_column(Date, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    period: Mapped[int] = mapped_column(Integer, nullable=False)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)
    #: spend | credit | income | refund | reported_actual | reversal
    kind: Mapped[str] = mapped_column(String(16), default="spend", nullable=False)
    counterparty: Mapped[str | None] = mapped_column(String(300))
    counterparty_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    reference: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    cost_centre: Mapped[str | None] = mapped_column(String(32))
    account: Mapped[str | None] = mapped_column(String(64))
    #: what coded the row to its lines: "rule #3", "suggestion 92%", "cost centre", "by hand"
    coded_by: Mapped[str | None] = mapped_column(String(64))
    gl_ref: Mapped[str | None] = mapped_column(String(100))
    reported_nil: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("transactions.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    __table_args__ = (
        CheckConstraint("period between 1 and 12", name="period"),
        # covering index for variance: GROUP BY stream, year, line, period summing amount
        # (reported_nil: a line whose only spend was reported "Nil" shows "Nil")
        Index(
            "ix_transactions_variance",
            "stream_id",
            "year",
            "budget_line_id",
            "period",
            "txn_date",
            "amount",
            "reported_nil",
        ),
        # the transactions register: first page of a (stream,) year view straight off an index
        Index("ix_transactions_year_date", "year", "txn_date", "amount"),
        Index("ix_transactions_stream_year_date", "stream_id", "year", "txn_date"),
        Index("ix_transactions_batch", "batch_id"),
        # covering for "invoiced against a contract line in a year to a date" (variance, register)
        Index("ix_transactions_contract", "contract_line_id", "year", "txn_date", "amount"),
        Index("ix_transactions_reference", "reference"),
        Index("ix_transactions_date", "txn_date"),
    )


class Contribution(Base, Tracked):
    """A partner's contribution to a (pooled) budget: cash or in kind, by heading and year.

    ``amount`` is None when the value is unknown (in-kind staff), which is not zero.
    """

    __tablename__ = "contributions"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    partner_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False)
    partner_as_printed: Mapped[str | None] = mapped_column(String(300))
    #: Staffing Costs | Payments in kind | Other delegated funds (or a stream's own headings)
    heading: Mapped[str] = mapped_column(String(64), nullable=False)
    #: cash | in_kind
    kind: Mapped[str] = mapped_column(String(16), default="cash", nullable=False)
    amount: Mapped[Money | None] = mapped_column(Pence)
    fte: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    description: Mapped[str | None] = mapped_column(Text)
    #: pledged | invoiced | received
    status: Mapped[str] = mapped_column(String(16), default="pledged", nullable=False)
    invoiced_on: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    __table_args__ = (
        CheckConstraint("kind in ('cash','in_kind')", name="kind"),
        CheckConstraint("status in ('pledged','invoiced','received')", name="status"),
        Index("ix_contributions_stream_year", "stream_id", "year"),
    )


class Recharge(Base, Tracked):
    """A sum raised to a partner (e.g. £5,000 a year to each district for DHRs)."""

    __tablename__ = "recharges"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    reference: Mapped[str | None] = mapped_column(String(64))
    raised_on: Mapped[date] = mapped_column(Date, nullable=False)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    #: raised | paid | cancelled  (overdue is derived: raised and due_on < today)
    status: Mapped[str] = mapped_column(String(16), default="raised", nullable=False)
    paid_on: Mapped[date | None] = mapped_column(Date)
    paid_amount: Mapped[Money | None] = mapped_column(Pence)
    __table_args__ = (
        CheckConstraint("status in ('raised','paid','cancelled')", name="status"),
        UniqueConstraint("stream_id", "year", "org_id", "description", name="once"),
    )


class IncomeItem(Base, Tracked):
    """Income raised (invoiced) and later received: packages, partnership work, sponsorship."""

    __tablename__ = "income_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id"))
    category: Mapped[str] = mapped_column(String(64), nullable=False)
    customer: Mapped[str] = mapped_column(String(300), nullable=False)
    customer_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    description: Mapped[str | None] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(String(64))
    list_price: Mapped[Money | None] = mapped_column(Pence)
    discount: Mapped[Money | None] = mapped_column(Pence)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)
    raised_on: Mapped[date] = mapped_column(Date, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    period: Mapped[int] = mapped_column(Integer, nullable=False)
    #: raised | received | cancelled
    status: Mapped[str] = mapped_column(String(16), default="raised", nullable=False)
    received_on: Mapped[date | None] = mapped_column(Date)
    #: council investment (for ROI) vs private leverage
    is_council_investment: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)


class Forecast(Base, Tracked):
    """A budget holder's forecast outturn for a line, made at a period; history is kept."""

    __tablename__ = "forecasts"
    id: Mapped[int] = mapped_column(primary_key=True)
    budget_line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    period: Mapped[int] = mapped_column(Integer, nullable=False)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)
    commentary: Mapped[str | None] = mapped_column(Text)
    #: the outturn phased by period (P1…P12, adding up to ``amount``); None: not phased
    phasing: Mapped[tuple[Money, ...] | None] = mapped_column(PencePhasing)
    __table_args__ = (Index("ix_forecasts_line", "budget_line_id", "year", "period"),)


class VarianceComment(Base, Tracked):
    __tablename__ = "variance_comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    budget_line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    period: Mapped[int] = mapped_column(Integer, nullable=False)
    comment: Mapped[str] = mapped_column(Text, nullable=False)


# --------------------------------------------------------------------------- imports, GL


class ImportBatch(Base, Tracked):
    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    file_name: Mapped[str] = mapped_column(String(500), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    sheet: Mapped[str | None] = mapped_column(String(200))
    profile: Mapped[str | None] = mapped_column(String(100))
    stream_id: Mapped[int | None] = mapped_column(ForeignKey("streams.id"))
    year: Mapped[int | None] = mapped_column(Integer)
    rows: Mapped[int] = mapped_column(Integer, nullable=False)
    duplicates: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    control_total: Mapped[Money] = mapped_column(Pence, nullable=False)
    as_at: Mapped[date | None] = mapped_column(Date)
    #: active | undone
    status: Mapped[str] = mapped_column(String(16), default="active", nullable=False)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by: Mapped[str | None] = mapped_column(String(64))
    undo_reason: Mapped[str | None] = mapped_column(Text)


class ImportProfile(Base, Tracked):
    """A saved column mapping for a source layout."""

    __tablename__ = "import_profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    #: JSON: {"sheet": ..., "header_row": ..., "columns": {field: header}, "signature": ...}
    mapping: Mapped[str] = mapped_column(Text, nullable=False)


class StatementLine(Base, Tracked):
    """A line of an imported general-ledger listing, kept for reconciliation (not spend)."""

    __tablename__ = "statement_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"), nullable=False)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    cost_centre: Mapped[str] = mapped_column(String(32), nullable=False)
    account: Mapped[str | None] = mapped_column(String(64))
    posted_on: Mapped[date] = mapped_column(Date, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    period: Mapped[int] = mapped_column(Integer, nullable=False)
    amount: Mapped[Money] = mapped_column(Pence, nullable=False)
    reference: Mapped[str | None] = mapped_column(String(100))
    supplier: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    #: identity of the line in its source, to add only new lines on overlapping re-imports
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    __table_args__ = (Index("ix_statement_lines_stream_year", "stream_id", "year", "period"),)


class ReconMatch(Base, Tracked):
    """A match between statement line(s) and ledger transaction(s); one group per match."""

    __tablename__ = "recon_matches"
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    statement_line_id: Mapped[int | None] = mapped_column(ForeignKey("statement_lines.id"))
    transaction_id: Mapped[int | None] = mapped_column(ForeignKey("transactions.id"))
    score: Mapped[int] = mapped_column(Integer, nullable=False)
    #: reference | amount_counterparty | manual | many
    method: Mapped[str] = mapped_column(String(32), nullable=False)
    #: proposed | accepted | rejected
    status: Mapped[str] = mapped_column(String(16), default="accepted", nullable=False)


class ReconSignoff(Base, Tracked):
    __tablename__ = "recon_signoffs"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int] = mapped_column(ForeignKey("streams.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    period: Mapped[int] = mapped_column(Integer, nullable=False)
    difference: Mapped[Money] = mapped_column(Pence, nullable=False)
    explanation: Mapped[str | None] = mapped_column(Text)
    signed_by: Mapped[str] = mapped_column(String(64), nullable=False)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class ReconExplanation(Base, Tracked):
    """Why an unmatched item is unmatched (timing, journal, duplicate payment, miscoding…)."""

    __tablename__ = "recon_explanations"
    id: Mapped[int] = mapped_column(primary_key=True)
    statement_line_id: Mapped[int | None] = mapped_column(ForeignKey("statement_lines.id"))
    transaction_id: Mapped[int | None] = mapped_column(ForeignKey("transactions.id"))
    category: Mapped[str] = mapped_column(String(32), nullable=False)
    text: Mapped[str | None] = mapped_column(Text)


# --------------------------------------------------------------------------- locks, audit


class PeriodLock(Base, Tracked):
    """A closed period (``period`` 1–12) or whole year (``period`` NULL), for one stream or all."""

    __tablename__ = "period_locks"
    id: Mapped[int] = mapped_column(primary_key=True)
    stream_id: Mapped[int | None] = mapped_column(ForeignKey("streams.id"))
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    period: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    #: a reopened lock stays as history with active = false
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    reopened_by: Mapped[str | None] = mapped_column(String(64))
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopen_reason: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    """Append-only, hash-chained record of every change: who, when, what, old → new, why."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    user: Mapped[str] = mapped_column(String(64), nullable=False)
    action: Mapped[str] = mapped_column(String(64), nullable=False)
    table_name: Mapped[str] = mapped_column(String(64), nullable=False)
    row_id: Mapped[str | None] = mapped_column(String(64))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(Integer)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False)
    __table_args__ = (Index("ix_audit_table_row", "table_name", "row_id"),)


#: Tables holding money; rows are reversed, never deleted (triggers enforce it).
MONEY_TABLES = (
    "allocations",
    "budget_lines",
    "virements",
    "carry_forwards",
    "contract_lines",
    "transactions",
    "contributions",
    "recharges",
    "income_items",
    "forecasts",
    "statement_lines",
)
