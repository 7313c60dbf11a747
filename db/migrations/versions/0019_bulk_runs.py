"""A bulk write's covering audit entry can no longer be skipped or forged from psql (PostgreSQL).

Until now the row trigger left a row to a covering entry whenever the transaction's settings
``fundledger.bulk_batch`` / ``fundledger.bulk_table`` named it — settings any login may set with
``set_config``.  A finance officer could name an *undone* import batch (whose count ``check``
did not verify), insert a £50,000 transaction into it from psql with no audit entry at all, and
``check`` passed; ``fl_audit_note`` let any writer (commissioning too) append an entry claiming
any change to any table and row, ``pg_class`` included.

Now (:func:`db.audit_sql.pg_bulk_runs`): a row is left to a covering entry only inside a bulk run
that the login began with ``fl_bulk_begin`` in this transaction (the application calls it with
the settings, :func:`db.audit.acting`); ``fl_audit_note`` writes only such a run's covering
entry (no row, a ledger table); and a deferred constraint trigger refuses the commit of a run
that left rows with no covering entry by the same login.  Rows inserted with only the settings
are audited one by one, with the login.  SQLite has no logins: nothing changes there.

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

from alembic import op

from db import audit_runs, audit_sql

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def _schema() -> str:
    return str(op.get_bind().exec_driver_sql("select current_schema()").scalar_one())


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    path = f"SET search_path = {s}, pg_temp"
    for sql in audit_runs.pg_bulk_runs(s):
        op.execute(sql)
    op.execute(audit_sql.pg_note_function(path, s))
    op.execute(audit_sql.pg_audit_function(path, audit_sql.BULK_RANGE, registered=True))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    path = f"SET search_path = {s}, pg_temp"
    op.execute(audit_sql.pg_audit_function(path, audit_sql.BULK_RANGE))
    op.execute(audit_sql.pg_note_function(path))
    op.execute(f"DROP TABLE IF EXISTS {s}.{audit_sql.RUNS}")
    for name in audit_runs.BULK_FUNCTION_NAMES:
        op.execute(f"DROP FUNCTION IF EXISTS {s}.{name}")
