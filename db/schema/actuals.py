"""Transactions, partner contributions, recharges, income items, forecasts and variance commentary.

Core tables (the schema itself); the mapped classes over them are in
``db.schema.mapped.actuals``.
"""

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from fundledger import text_limits as limits

from ..types import Pence, PencePhasing
from .base import metadata, tracked

# --------------------------------------------------------------------------- actuals

#: the partial indexes of ``transactions`` (revision 0018): only the rows that have a value
PARTIAL_WHERE = {
    "ix_transactions_contract": "contract_line_id IS NOT NULL",
    "ix_transactions_reverses_id": "reverses_id IS NOT NULL",
}


transactions = Table(
    "transactions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stream_id", Integer, ForeignKey("streams.id"), nullable=False),
    Column("budget_line_id", Integer, ForeignKey("budget_lines.id")),
    Column("contract_line_id", Integer, ForeignKey("contract_lines.id")),
    Column("txn_date", Date, nullable=False),
    Column("year", Integer, nullable=False),
    Column("period", Integer, nullable=False),
    Column("amount", Pence, nullable=False),
    #: spend | credit | income | refund | reported_actual | reversal
    Column("kind", String(16), default="spend", nullable=False),
    Column("counterparty", String(limits.COUNTERPARTY)),
    Column("counterparty_org_id", Integer, ForeignKey("organisations.id")),
    Column("reference", String(limits.REFERENCE)),
    Column("description", Text),
    Column("cost_centre", String(limits.COST_CENTRE)),
    Column("account", String(limits.ACCOUNT)),
    #: what coded the row to its lines: "rule #3", "suggestion 92%", "cost centre", "by hand"
    Column("coded_by", String(64)),
    Column("gl_ref", String(100)),
    Column("reported_nil", Boolean, default=False, nullable=False),
    Column("reverses_id", Integer, ForeignKey("transactions.id")),
    Column("batch_id", Integer, ForeignKey("import_batches.id")),
    *tracked(),
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
    # covering for "invoiced against a contract line in a year to a date" (variance, register);
    # partial, like the reversal index below: only the rows that have one (most spend is coded
    # to no contract line and reverses nothing), so an import of 100k uncoded rows builds two
    # near-empty indexes; a lookup by value (``contract_line_id = ?``) implies NOT NULL
    Index(
        "ix_transactions_contract",
        "contract_line_id",
        "year",
        "txn_date",
        "amount",
        sqlite_where=text(PARTIAL_WHERE["ix_transactions_contract"]),
    ),
    Index("ix_transactions_reference", "reference"),
    Index("ix_transactions_date", "txn_date"),
    Index(
        "ix_transactions_reverses_id",
        "reverses_id",
        sqlite_where=text(PARTIAL_WHERE["ix_transactions_reverses_id"]),
    ),
)


def declare_postgresql_options() -> None:
    """Declare the partial indexes' WHERE for PostgreSQL too (idempotent).

    :func:`db.engine.make_engine` calls this when it makes a PostgreSQL engine.  Naming a
    ``postgresql_`` option in the table above would load SQLAlchemy's whole PostgreSQL dialect
    (≈60 ms of CPU) in every process that imports the schema, SQLite ledgers and short
    commands included; PostgreSQL's indexes themselves are made by the migration (0018)."""
    for index in transactions.indexes:
        where = PARTIAL_WHERE.get(str(index.name))
        if where is not None:
            index.dialect_kwargs["postgresql_where"] = text(where)


contributions = Table(
    "contributions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stream_id", Integer, ForeignKey("streams.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("partner_org_id", Integer, ForeignKey("organisations.id"), nullable=False),
    Column("partner_as_printed", String(300)),
    #: Staffing Costs | Payments in kind | Other delegated funds (or a stream's own headings)
    Column("heading", String(64), nullable=False),
    #: cash | in_kind
    Column("kind", String(16), default="cash", nullable=False),
    Column("amount", Pence),
    Column("fte", Numeric(6, 2)),
    Column("description", Text),
    #: pledged | invoiced | received
    Column("status", String(16), default="pledged", nullable=False),
    Column("invoiced_on", Date),
    Column("received_on", Date),
    Column("budget_line_id", Integer, ForeignKey("budget_lines.id")),
    Column("batch_id", Integer, ForeignKey("import_batches.id"), index=True),
    *tracked(),
    CheckConstraint("kind in ('cash','in_kind')", name="kind"),
    CheckConstraint("status in ('pledged','invoiced','received')", name="status"),
    Index("ix_contributions_stream_year", "stream_id", "year"),
)


recharges = Table(
    "recharges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stream_id", Integer, ForeignKey("streams.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("org_id", Integer, ForeignKey("organisations.id"), nullable=False),
    Column("amount", Pence, nullable=False),
    Column("description", Text, nullable=False),
    Column("reference", String(64)),
    Column("raised_on", Date, nullable=False),
    Column("due_on", Date, nullable=False),
    #: raised | paid | cancelled  (overdue is derived: raised and due_on < today)
    Column("status", String(16), default="raised", nullable=False),
    Column("paid_on", Date),
    Column("paid_amount", Pence),
    *tracked(),
    CheckConstraint("status in ('raised','paid','cancelled')", name="status"),
    UniqueConstraint("stream_id", "year", "org_id", "description", name="once"),
)


income_items = Table(
    "income_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stream_id", Integer, ForeignKey("streams.id"), nullable=False),
    Column("budget_line_id", Integer, ForeignKey("budget_lines.id")),
    Column("category", String(64), nullable=False),
    Column("customer", String(300), nullable=False),
    Column("customer_org_id", Integer, ForeignKey("organisations.id")),
    Column("description", Text),
    Column("reference", String(64)),
    Column("list_price", Pence),
    Column("discount", Pence),
    Column("amount", Pence, nullable=False),
    Column("raised_on", Date, nullable=False),
    Column("year", Integer, nullable=False),
    Column("period", Integer, nullable=False),
    #: raised | received | cancelled
    Column("status", String(16), default="raised", nullable=False),
    Column("received_on", Date),
    #: council investment (for ROI) vs private leverage
    Column("is_council_investment", Boolean, default=False, nullable=False),
    Column("batch_id", Integer, ForeignKey("import_batches.id"), index=True),
    *tracked(),
)


forecasts = Table(
    "forecasts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("budget_line_id", Integer, ForeignKey("budget_lines.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("period", Integer, nullable=False),
    Column("amount", Pence, nullable=False),
    Column("commentary", Text),
    #: the outturn phased by period (P1…P12, adding up to ``amount``); None: not phased
    Column("phasing", PencePhasing),
    *tracked(),
    Index("ix_forecasts_line", "budget_line_id", "year", "period"),
)


variance_comments = Table(
    "variance_comments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("budget_line_id", Integer, ForeignKey("budget_lines.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("period", Integer, nullable=False),
    Column("comment", Text, nullable=False),
    *tracked(),
)
