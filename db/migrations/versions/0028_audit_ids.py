"""The audit log's ids are drawn by the database only (PostgreSQL).

Every writer group was granted USAGE on all sequences, ``audit_log_id_seq`` included: as a
finance officer's own login I called ``nextval('audit_log_id_seq')`` from psql and the next
entry's id skipped one — a gap in the trail's numbering that reads as an entry removed (the hash
chain shows none was, but an auditor reading ids would ask).  The audit functions append as the
ledger's owner and need no grant: :mod:`db.roles` now revokes the sequence from every group, and
this revision (whose upgrade re-applies the grants) brings existing ledgers in line.

Revision ID: 0028
Revises: 0027
"""

from __future__ import annotations

from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

REVOKE = r"""
DO $$
DECLARE g text;
BEGIN
  FOR g IN SELECT rolname FROM pg_roles
            WHERE rolname LIKE replace(current_database(), '_', '\_') || '\_%' LOOP
    EXECUTE format('REVOKE ALL ON SEQUENCE audit_log_id_seq FROM %I', g);
  END LOOP;
END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(REVOKE)


def downgrade() -> None:
    pass  # the grants are re-applied by db.roles as they are
