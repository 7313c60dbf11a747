"""Import batches and profiles, the GL statement and its reconciliation, period locks and the audit
log; MONEY_TABLES.

Core tables (the schema itself); the mapped classes over them are in
``db.schema.mapped.books``.
"""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    true,
)

from fundledger import text_limits as limits

from ..types import Pence, UTCDateTime, utcnow
from .base import metadata, tracked

# --------------------------------------------------------------------------- imports, GL


import_batches = Table(
    "import_batches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("file_name", String(500), nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("sheet", String(200)),
    Column("profile", String(100)),
    Column("stream_id", Integer, ForeignKey("streams.id")),
    Column("year", Integer),
    Column("rows", Integer, nullable=False),
    Column("duplicates", Integer, default=0, nullable=False),
    Column("control_total", Pence, nullable=False),
    Column("as_at", Date),
    #: active | undone
    Column("status", String(16), default="active", nullable=False),
    Column("undone_at", UTCDateTime),
    Column("undone_by", String(64)),
    Column("undo_reason", Text),
    *tracked(),
)


import_profiles = Table(
    "import_profiles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), unique=True, nullable=False),
    Column("kind", String(32), nullable=False),
    #: JSON: {"sheet": ..., "header_row": ..., "columns": {field: header}, "signature": ...}
    Column("mapping", Text, nullable=False),
    *tracked(),
)


statement_lines = Table(
    "statement_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("batch_id", Integer, ForeignKey("import_batches.id"), nullable=False),
    Column("stream_id", Integer, ForeignKey("streams.id"), nullable=False),
    Column("cost_centre", String(limits.COST_CENTRE), nullable=False),
    Column("account", String(limits.ACCOUNT)),
    Column("posted_on", Date, nullable=False),
    Column("year", Integer, nullable=False),
    Column("period", Integer, nullable=False),
    Column("amount", Pence, nullable=False),
    Column("reference", String(limits.REFERENCE)),
    Column("supplier", String(limits.COUNTERPARTY)),
    Column("description", Text),
    #: identity of the line in its source, to add only new lines on overlapping re-imports
    Column("fingerprint", String(64), nullable=False, index=True),
    *tracked(),
    Index("ix_statement_lines_stream_year", "stream_id", "year", "period"),
)


recon_matches = Table(
    "recon_matches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("group_id", Integer, nullable=False, index=True),
    Column("statement_line_id", Integer, ForeignKey("statement_lines.id"), index=True),
    Column("transaction_id", Integer, ForeignKey("transactions.id"), index=True),
    Column("score", Integer, nullable=False),
    #: reference | amount_counterparty | manual | many
    Column("method", String(32), nullable=False),
    #: proposed | accepted | rejected
    Column("status", String(16), default="accepted", nullable=False),
    *tracked(),
)


recon_signoffs = Table(
    "recon_signoffs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stream_id", Integer, ForeignKey("streams.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("period", Integer, nullable=False),
    Column("difference", Pence, nullable=False),
    Column("explanation", Text),
    Column("signed_by", String(64), nullable=False),
    Column("signed_at", UTCDateTime, default=utcnow, nullable=False),
    #: the GL import batches signed against ("3,4"); None before statements were chosen
    Column("statement", Text),
    #: the difference from the first period of the signed range to this one
    Column("cumulative", Pence),
    #: the part of the difference no explanation accounts for (signed off with a reason)
    Column("unexplained", Pence),
    #: a reopened sign-off stays as history with active = false
    Column("active", Boolean, default=True, server_default=true(), nullable=False),
    Column("reopened_by", String(64)),
    Column("reopened_at", UTCDateTime),
    Column("reopen_reason", Text),
    *tracked(),
)


recon_explanations = Table(
    "recon_explanations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("statement_line_id", Integer, ForeignKey("statement_lines.id"), index=True),
    Column("transaction_id", Integer, ForeignKey("transactions.id"), index=True),
    Column("category", String(32), nullable=False),
    Column("text", Text),
    *tracked(),
)


# --------------------------------------------------------------------------- locks, audit


period_locks = Table(
    "period_locks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stream_id", Integer, ForeignKey("streams.id")),
    Column("year", Integer, nullable=False),
    Column("period", Integer),
    Column("reason", Text),
    #: a reopened lock stays as history with active = false
    Column("active", Boolean, default=True, nullable=False),
    Column("reopened_by", String(64)),
    Column("reopened_at", UTCDateTime),
    Column("reopen_reason", Text),
    *tracked(),
)


audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("user", String(64), nullable=False),
    #: the database login that made the change (PostgreSQL ``session_user``; empty on SQLite)
    Column("login", String(64)),
    Column("action", String(64), nullable=False),
    Column("table_name", String(64), nullable=False),
    Column("row_id", String(64)),
    Column("old", Text),
    Column("new", Text),
    Column("reason", Text),
    Column("batch_id", Integer),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_table_row", "table_name", "row_id"),
)


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
