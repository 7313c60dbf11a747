"""Two indexes of ``transactions`` cover only the rows that have a value (issue 23, import
speed): ``ix_transactions_contract`` (contract line, year, date, amount) and
``ix_transactions_reverses_id``.  Most spend is coded to no contract line and reverses
nothing, so the full indexes were mostly NULL entries — built for every row of every import
(about 0.17 CPU s of a 100k-row import's index rebuild) and never read: every query that uses
them looks a value up (``contract_line_id = ?``, ``reverses_id = ?``), which implies the
column is not NULL, so SQLite and PostgreSQL use the partial index for it (the query-plan
tests check both lookups still seek them).

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

#: name → (columns, the column that must not be NULL)
PARTIAL = {
    "ix_transactions_contract": (
        ["contract_line_id", "year", "txn_date", "amount"],
        "contract_line_id",
    ),
    "ix_transactions_reverses_id": (["reverses_id"], "reverses_id"),
}


def upgrade() -> None:
    for name, (columns, column) in PARTIAL.items():
        where = sa.text(f"{column} IS NOT NULL")
        op.drop_index(name, table_name="transactions")
        op.create_index(name, "transactions", columns, sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    for name, (columns, _column) in PARTIAL.items():
        op.drop_index(name, table_name="transactions")
        op.create_index(name, "transactions", columns)
