"""Auto-matching is audited by one entry per run (issue 15, speed): inserts into
``recon_matches`` made while the audit context names the table as ``bulk_table``
(:func:`db.audit.acting`) are left by the row trigger to the run's covering entry — the id
range, the row count and a digest of the rows, which ``check`` verifies — instead of one
hash-chained entry per row (10,000 matches cost more than all the rest of a reconcile).
Manual matches, accepting, rejecting and any raw SQL are audited per row as before; only
inserts are ever left to a range entry (:data:`db.audit_sql.BULK_RANGE`).

SQLite: the table's insert trigger gets a ``WHEN`` clause; PostgreSQL: ``fl_audit()`` returns
early for such an insert.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

from alembic import op

from db import audit_sql

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

TABLE = "recon_matches"


def _apply(bulk_range: frozenset[str]) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        schema = bind.exec_driver_sql("select current_schema()").scalar_one()
        op.execute(audit_sql.pg_audit_function(f"SET search_path = {schema}, pg_temp", bulk_range))
    else:
        for sql in audit_sql.sqlite_refresh(bind, TABLE, bulk_range):
            op.execute(sql)


def upgrade() -> None:
    _apply(frozenset({TABLE}))


def downgrade() -> None:
    _apply(frozenset())
