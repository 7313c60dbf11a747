"""A bulk run ends once its covering entry is checked (PostgreSQL; fixes migration 0019).

The check that a bulk run's rows have a covering entry is a deferred constraint trigger, meant to
fire at commit.  But any login may ``SET CONSTRAINTS ALL IMMEDIATE``: as a finance officer's own
login, from psql, I set it before ``fl_bulk_begin`` — the check fired at once, found no row left
yet and passed — then inserted a £77,777 invoice into an import batch with no audit entry and no
covering entry, and committed.  (The same would have let an auto-match row into a signed-off
period, migration 0023.)

Now the check ends the run whenever it fires (``fl_bulk_covered`` deletes it): fired early, the
rows that follow are no longer left to any entry — each is audited on its own and checked against
signed-off periods as any row.  At commit, as the app runs, nothing changes.

Revision ID: 0026
Revises: 0025
"""

from __future__ import annotations

from alembic import op

from db.audit_runs import pg_bulk_covered

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def _schema() -> str:
    return str(op.get_bind().exec_driver_sql("select current_schema()").scalar_one())


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(pg_bulk_covered(_schema(), signed=True, close=True))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(pg_bulk_covered(_schema(), signed=True))
