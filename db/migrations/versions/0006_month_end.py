"""Month-end: a reconciliation sign-off can be reopened (the row stays as history), and it
records its statement, its cumulative and unexplained differences; indexes that let
reconciliation read at council volume (the reversal of a transaction, the matches and
explanations of an item) without scanning.

- ``recon_signoffs``: ``active`` (a reopened sign-off stays with active = false),
  ``reopened_by``/``reopened_at``/``reopen_reason``, ``statement`` (the GL import batch ids it
  was signed against, as text "3,4"), ``cumulative`` (the difference from the first period of
  the range to this one) and ``unexplained`` (the part no explanation accounts for).
- indexes: ``transactions.reverses_id``, ``recon_matches.transaction_id`` and
  ``.statement_line_id``, ``recon_explanations.transaction_id`` and ``.statement_line_id``.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = ("active", "reopened_by", "reopened_at", "reopen_reason", "statement", "cumulative",
           "unexplained")  # fmt: skip


def _columns() -> list[sa.Column[object]]:
    return [
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("reopened_by", sa.String(64), nullable=True),
        sa.Column("reopened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.Column("statement", sa.Text(), nullable=True),
        sa.Column("cumulative", sa.BigInteger(), nullable=True),
        sa.Column("unexplained", sa.BigInteger(), nullable=True),
    ]
INDEXES = (
    ("ix_transactions_reverses_id", "transactions", "reverses_id"),
    ("ix_recon_matches_transaction_id", "recon_matches", "transaction_id"),
    ("ix_recon_matches_statement_line_id", "recon_matches", "statement_line_id"),
    ("ix_recon_explanations_transaction_id", "recon_explanations", "transaction_id"),
    ("ix_recon_explanations_statement_line_id", "recon_explanations", "statement_line_id"),
)


def upgrade() -> None:
    for col in _columns():
        op.add_column("recon_signoffs", col)
    for name, table, column in INDEXES:
        op.create_index(name, table, [column])


def downgrade() -> None:
    for name, table, _column in INDEXES:
        op.drop_index(name, table_name=table)
    for name in COLUMNS:
        op.execute(f"ALTER TABLE recon_signoffs DROP COLUMN {name}")
