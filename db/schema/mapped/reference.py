"""The mapped classes over the reference tables (``db.schema.reference``): the ORM for writes."""

# No ``from __future__ import annotations`` here: the declarative scan then reads each
# ``Mapped[...]`` as a type, not a string to evaluate.
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Mapped

from ..reference import (
    coding_rules,
    cost_centres,
    ledger_info,
    org_aliases,
    org_merges,
    organisations,
    settings,
    stream_mechanisms,
    streams,
    user_streams,
    users,
)
from .base import Base, Tracked


class LedgerInfo(Base):
    """Key/value facts about the ledger file: ``schema_version``, ``name``, ``created``."""

    __tablename__ = "ledger_info"
    __table__ = ledger_info
    key: Mapped[str]
    value: Mapped[str]


class User(Base, Tracked):
    __tablename__ = "users"
    __table__ = users
    id: Mapped[int]
    username: Mapped[str]
    display_name: Mapped[str]
    role: Mapped[str]
    active: Mapped[bool]


class UserStream(Base):
    """Streams a budget holder is scoped to."""

    __tablename__ = "user_streams"
    __table__ = user_streams
    user_id: Mapped[int]
    stream_id: Mapped[int]


class Setting(Base, Tracked):
    __tablename__ = "settings"
    __table__ = settings
    key: Mapped[str]
    value: Mapped[str]


class Organisation(Base, Tracked):
    """Funders, partners, providers, CSP areas, districts, internal teams."""

    __tablename__ = "organisations"
    __table__ = organisations
    id: Mapped[int]
    name: Mapped[str]
    kind: Mapped[str]
    short_name: Mapped[str | None]
    internal: Mapped[bool]
    notes: Mapped[str | None]
    merged_into_id: Mapped[int | None]


class OrgAlias(Base, Tracked):
    """Every spelling an organisation is printed as; effective-dated for renames.

    ``normalised`` is :func:`fundledger.orgs.normalise` of ``alias``.  A rename (DLUHC → MHCLG)
    is two aliases with ``valid_to`` / ``valid_from`` and ``is_name`` set on the official names.
    """

    __tablename__ = "org_aliases"
    __table__ = org_aliases
    id: Mapped[int]
    org_id: Mapped[int]
    alias: Mapped[str]
    normalised: Mapped[str]
    is_name: Mapped[bool]
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]


class Stream(Base, Tracked):
    __tablename__ = "streams"
    __table__ = streams
    id: Mapped[int]
    code: Mapped[str]
    name: Mapped[str]
    kind: Mapped[str]
    fund_type: Mapped[str]
    line_category: Mapped[str | None]
    eligibility_notes: Mapped[str | None]
    retired_reason: Mapped[str | None]
    funder_org_id: Mapped[int | None]
    recipient_org_id: Mapped[int | None]
    statutory_basis: Mapped[str | None]
    conditions: Mapped[str | None]
    carry_forward_allowed: Mapped[bool]
    carry_forward_condition: Mapped[str | None]
    directorate: Mapped[str | None]
    status: Mapped[str]
    red_forecast_pct: Mapped[Decimal]
    amber_profile_pct: Mapped[Decimal]
    sort_order: Mapped[int]


class StreamMechanism(Base, Tracked):
    """Funding mechanism per year (grant until 2024-25, settlement from 2025-26)."""

    __tablename__ = "stream_mechanisms"
    __table__ = stream_mechanisms
    id: Mapped[int]
    stream_id: Mapped[int]
    from_year: Mapped[int]
    mechanism: Mapped[str]


class CostCentre(Base, Tracked):
    """A council cost centre (``LC4410``) mapping ledger rows to a stream (and a line)."""

    __tablename__ = "cost_centres"
    __table__ = cost_centres
    id: Mapped[int]
    code: Mapped[str]
    name: Mapped[str]
    stream_id: Mapped[int]
    owner: Mapped[str | None]
    valid_from: Mapped[date | None]
    status: Mapped[str]
    retired_reason: Mapped[str | None]


class CodingRule(Base, Tracked):
    """A rule coding spend to a line.

    ``budget``: a cost centre (optionally an account code or range ``account_from`` ..
    ``account_to``, compared as text of equal length) → the budget line named ``line_name`` in
    the row's stream and year.  ``contract``: a supplier (organisation, or the printed name
    normalised) and optionally a reference pattern (``*`` and ``?``) → a contract line.
    """

    __tablename__ = "coding_rules"
    __table__ = coding_rules
    id: Mapped[int]
    kind: Mapped[str]
    cost_centre_id: Mapped[int | None]
    account_from: Mapped[str | None]
    account_to: Mapped[str | None]
    line_name: Mapped[str | None]
    supplier_org_id: Mapped[int | None]
    supplier_text: Mapped[str | None]
    reference_pattern: Mapped[str | None]
    contract_line_id: Mapped[int | None]
    active: Mapped[bool]
    retired_reason: Mapped[str | None]


class OrgMerge(Base, Tracked):
    """Two organisations found to be one: ``from_org`` was merged into ``into_org``."""

    __tablename__ = "org_merges"
    __table__ = org_merges
    id: Mapped[int]
    from_org_id: Mapped[int]
    into_org_id: Mapped[int]
    reason: Mapped[str]
    moved: Mapped[str]
