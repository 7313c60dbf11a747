"""Users and settings, organisations and their aliases, streams, cost centres, coding rules and
organisation merges.
"""

# No ``from __future__ import annotations`` here: SQLAlchemy then reads each ``Mapped[...]`` as
# a type, not a string to parse and evaluate (≈300 of them, a noticeable part of opening).
from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from fundledger import text_limits as limits

from .base import Base, Tracked

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
    code: Mapped[str] = mapped_column(String(limits.COST_CENTRE), unique=True, nullable=False)
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
