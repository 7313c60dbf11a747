"""Users and settings, organisations and their aliases, streams, cost centres, coding rules and
organisation merges.

Core tables (the schema itself); the mapped classes over them are in
``db.schema.mapped.reference``.
"""

from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from fundledger import text_limits as limits

from .base import metadata, tracked

# --------------------------------------------------------------------------- meta, users


ledger_info = Table(
    "ledger_info",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)


users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), unique=True, nullable=False),
    Column("display_name", String(200), nullable=False),
    #: finance | commissioning | budget_holder | viewer | admin
    Column("role", String(32), nullable=False),
    Column("active", Boolean, default=True, nullable=False),
    *tracked(),
    CheckConstraint(
        "role in ('finance','commissioning','budget_holder','viewer','admin')", name="role"
    ),
)


user_streams = Table(
    "user_streams",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("stream_id", Integer, ForeignKey("streams.id"), primary_key=True),
)


settings = Table(
    "settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
    *tracked(),
)


# --------------------------------------------------------------------------- organisations


organisations = Table(
    "organisations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False),
    #: county | unitary | district | police | pcc | probation | health | government |
    #: vcse | business | group | csp_area | partner_agency | internal | other
    Column("kind", String(32), nullable=False),
    Column("short_name", String(64)),
    Column("internal", Boolean, default=False, nullable=False),
    Column("notes", Text),
    #: set when this organisation was merged into another (its links moved there)
    Column("merged_into_id", Integer, ForeignKey("organisations.id")),
    *tracked(),
    UniqueConstraint("name", "kind", name="name_kind"),
)


org_aliases = Table(
    "org_aliases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("org_id", Integer, ForeignKey("organisations.id"), nullable=False),
    Column("alias", String(300), nullable=False),
    Column("normalised", String(300), nullable=False, index=True),
    Column("is_name", Boolean, default=False, nullable=False),
    Column("valid_from", Date),
    Column("valid_to", Date),
    *tracked(),
    UniqueConstraint("org_id", "normalised", name="org_normalised"),
)


# --------------------------------------------------------------------------- streams


streams = Table(
    "streams",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), unique=True, nullable=False),
    Column("name", String(200), nullable=False),
    #: the accounting nature, derived from ``fund_type``: expenditure | income | pooled
    Column("kind", String(16), nullable=False, default="expenditure"),
    #: what the fund is (``fundledger.streams.FUND_TYPES``): grant | pooled | allocations | income
    Column("fund_type", String(16), nullable=False, default="grant", server_default="grant"),
    #: the usual ``budget_lines.category`` of its lines (csp_area, agency, service …)
    Column("line_category", String(32)),
    #: grant conditions: what may and may not be spent from it
    Column("eligibility_notes", Text),
    Column("retired_reason", Text),
    Column("funder_org_id", Integer, ForeignKey("organisations.id")),
    Column("recipient_org_id", Integer, ForeignKey("organisations.id")),
    Column("statutory_basis", Text),
    Column("conditions", Text),
    Column("carry_forward_allowed", Boolean, default=True, nullable=False),
    #: the grant condition quoted when a carry-forward is refused
    Column("carry_forward_condition", Text),
    Column("directorate", String(200)),
    Column("status", String(16), default="active", nullable=False),
    #: RAG thresholds (percent): red when forecast variance is worse than -red_forecast_pct;
    #: amber when % spent is more than amber_profile_pct points off the straight-line profile.
    Column("red_forecast_pct", Numeric(6, 2), default=Decimal("5.00"), nullable=False),
    Column("amber_profile_pct", Numeric(6, 2), default=Decimal("15.00"), nullable=False),
    Column("sort_order", Integer, default=0, nullable=False),
    *tracked(),
    CheckConstraint("kind in ('expenditure','income','pooled')", name="kind"),
)


stream_mechanisms = Table(
    "stream_mechanisms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stream_id", Integer, ForeignKey("streams.id"), nullable=False),
    Column("from_year", Integer, nullable=False),
    Column("mechanism", String(32), nullable=False),
    *tracked(),
    UniqueConstraint("stream_id", "from_year", name="stream_year"),
)


cost_centres = Table(
    "cost_centres",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(limits.COST_CENTRE), unique=True, nullable=False),
    Column("name", String(200), nullable=False),
    Column("stream_id", Integer, ForeignKey("streams.id"), nullable=False),
    Column("owner", String(200)),
    Column("valid_from", Date),
    #: active | retired (a retired code still reads old rows; new rows are refused)
    Column("status", String(16), nullable=False, default="active", server_default="active"),
    Column("retired_reason", Text),
    *tracked(),
)


coding_rules = Table(
    "coding_rules",
    metadata,
    Column("id", Integer, primary_key=True),
    #: budget | contract
    Column("kind", String(16), nullable=False),
    Column("cost_centre_id", Integer, ForeignKey("cost_centres.id")),
    Column("account_from", String(64)),
    Column("account_to", String(64)),
    Column("line_name", String(300)),
    Column("supplier_org_id", Integer, ForeignKey("organisations.id")),
    Column("supplier_text", String(300)),
    Column("reference_pattern", String(100)),
    Column("contract_line_id", Integer, ForeignKey("contract_lines.id")),
    Column("active", Boolean, default=True, nullable=False),
    Column("retired_reason", Text),
    *tracked(),
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


org_merges = Table(
    "org_merges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("from_org_id", Integer, ForeignKey("organisations.id"), nullable=False),
    Column("into_org_id", Integer, ForeignKey("organisations.id"), nullable=False),
    Column("reason", Text, nullable=False),
    #: JSON: table.column → number of links moved
    Column("moved", Text, nullable=False),
    *tracked(),
    CheckConstraint("from_org_id <> into_org_id", name="distinct_orgs"),
)
