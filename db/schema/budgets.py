"""Allocations, budget lines, virements, carry-forwards and contract lines with their providers,
extensions and profiles.

Core tables (the schema itself); the mapped classes over them are in
``db.schema.mapped.budgets``.
"""

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from ..types import Pence, UTCDateTime, utcnow
from .base import metadata, tracked

# --------------------------------------------------------------------------- allocations, lines


allocations = Table(
    "allocations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stream_id", Integer, ForeignKey("streams.id"), nullable=False, index=True),
    Column("funder_org_id", Integer, ForeignKey("organisations.id")),
    Column("recipient_org_id", Integer, ForeignKey("organisations.id")),
    Column("year_from", Integer, nullable=False),
    Column("year_to", Integer, nullable=False),
    Column("amount", Pence, nullable=False),
    Column("amount_text", String(100)),
    Column("approximate", Boolean, default=False, nullable=False),
    #: grant | settlement | contribution | pooled | levy | commercial | sponsorship | ...
    Column("mechanism", String(32)),
    #: confirmed | expected | tbc
    Column("status", String(16), default="confirmed", nullable=False),
    Column("label", String(300)),
    Column("source_ref", String(100)),
    #: set when a range allocation has been split into years by an audited action
    Column("split_into", String(100)),
    Column("superseded", Boolean, default=False, nullable=False),
    Column("batch_id", Integer, ForeignKey("import_batches.id"), index=True),
    *tracked(),
    CheckConstraint("year_to >= year_from", name="year_range"),
)


budget_lines = Table(
    "budget_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stream_id", Integer, ForeignKey("streams.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("name", String(300), nullable=False),
    Column("code", String(32)),
    #: cost_heading | csp_area | agency | income_category | post | service
    Column("category", String(32)),
    Column("org_id", Integer, ForeignKey("organisations.id")),
    Column("allocation_id", Integer, ForeignKey("allocations.id")),
    Column("cost_centre_id", Integer, ForeignKey("cost_centres.id")),
    Column("original", Pence, nullable=False),
    Column("eligible", Boolean),
    Column("name_as_printed", String(300)),
    Column("sort_order", Integer, default=0, nullable=False),
    Column("batch_id", Integer, ForeignKey("import_batches.id"), index=True),
    *tracked(),
    UniqueConstraint("stream_id", "year", "name", name="stream_year_name"),
    Index("ix_budget_lines_stream_year", "stream_id", "year"),
)


virements = Table(
    "virements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stream_id", Integer, ForeignKey("streams.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("period", Integer, nullable=False),
    Column("from_line_id", Integer, ForeignKey("budget_lines.id"), nullable=False),
    Column("to_line_id", Integer, ForeignKey("budget_lines.id"), nullable=False),
    Column("amount", Pence, nullable=False),
    Column("reason", Text, nullable=False),
    Column("requested_by", String(64), nullable=False),
    Column("requested_at", UTCDateTime, default=utcnow, nullable=False),
    #: pending | approved | rejected
    Column("status", String(16), default="pending", nullable=False),
    Column("decided_by", String(64)),
    Column("decided_at", UTCDateTime),
    #: why finance let it take the line it moves from below zero available, and who (0009)
    Column("override_reason", Text),
    Column("override_by", String(64)),
    *tracked(),
    CheckConstraint("from_line_id <> to_line_id", name="distinct_lines"),
    CheckConstraint("amount > 0", name="positive"),
    CheckConstraint("status in ('pending','approved','rejected')", name="status"),
    CheckConstraint(
        "status = 'pending' or decided_by is null or decided_by <> requested_by",
        name="no_self_approval",
    ),
)


budget_revisions = Table(
    "budget_revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("budget_line_id", Integer, ForeignKey("budget_lines.id"), nullable=False, index=True),
    Column("stream_id", Integer, ForeignKey("streams.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("old_original", Pence, nullable=False),
    Column("new_original", Pence, nullable=False),
    Column("reason", Text, nullable=False),
    *tracked(),
)


carry_forwards = Table(
    "carry_forwards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stream_id", Integer, ForeignKey("streams.id"), nullable=False),
    Column("from_year", Integer, nullable=False),
    Column("to_year", Integer, nullable=False),
    Column("from_line_id", Integer, ForeignKey("budget_lines.id"), nullable=False),
    Column("to_line_id", Integer, ForeignKey("budget_lines.id"), nullable=False),
    Column("amount", Pence, nullable=False),
    #: underspend | committed
    Column("basis", String(16), default="underspend", nullable=False),
    Column("reason", Text, nullable=False),
    Column("requested_by", String(64), nullable=False),
    Column("requested_at", UTCDateTime, default=utcnow, nullable=False),
    Column("status", String(16), default="pending", nullable=False),
    Column("decided_by", String(64)),
    Column("decided_at", UTCDateTime),
    *tracked(),
    CheckConstraint("to_year = from_year + 1", name="next_year"),
    CheckConstraint("amount > 0", name="positive"),
    CheckConstraint("status in ('pending','approved','rejected')", name="status"),
    CheckConstraint(
        "status = 'pending' or decided_by is null or decided_by <> requested_by",
        name="no_self_approval",
    ),
)


# --------------------------------------------------------------------------- commitments


contract_lines = Table(
    "contract_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stream_id", Integer, ForeignKey("streams.id"), nullable=False, index=True),
    Column("budget_line_id", Integer, ForeignKey("budget_lines.id")),
    Column("service", String(300), nullable=False),
    Column("provider_text", String(300), nullable=False),
    Column("commissioner_org_id", Integer, ForeignKey("organisations.id")),
    Column("value", Pence),
    Column("value_text", String(100)),
    #: per_year | whole_term | unknown
    Column("cost_basis", String(16), default="unknown", nullable=False),
    Column("contract_start", Date),
    Column("service_start", Date),
    Column("base_term_months", Integer),
    Column("term_text", String(200)),
    Column("fixed_term", Boolean, default=False, nullable=False),
    Column("internal", Boolean, default=False, nullable=False),
    Column("reference", String(64)),
    Column("notes", Text),
    Column("sort_order", Integer, default=0, nullable=False),
    Column("batch_id", Integer, ForeignKey("import_batches.id"), index=True),
    *tracked(),
    CheckConstraint("cost_basis in ('per_year','whole_term','unknown')", name="cost_basis"),
)


contract_providers = Table(
    "contract_providers",
    metadata,
    Column("contract_line_id", Integer, ForeignKey("contract_lines.id"), primary_key=True),
    Column("org_id", Integer, ForeignKey("organisations.id"), primary_key=True),
    Column("name_as_printed", String(300)),
)


contract_extensions = Table(
    "contract_extensions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "contract_line_id", Integer, ForeignKey("contract_lines.id"), nullable=False, index=True
    ),
    Column("seq", Integer, nullable=False),
    Column("months", Integer, nullable=False),
    #: pending | taken | declined
    Column("decision", String(16), default="pending", nullable=False),
    Column("decided_by", String(64)),
    Column("decided_on", Date),
    Column("note", Text),
    *tracked(),
    UniqueConstraint("contract_line_id", "seq", name="line_seq"),
    CheckConstraint("decision in ('pending','taken','declined')", name="decision"),
)


contract_profiles = Table(
    "contract_profiles",
    metadata,
    Column("contract_line_id", Integer, ForeignKey("contract_lines.id"), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("amount", Pence, nullable=False),
    *tracked(),
)
