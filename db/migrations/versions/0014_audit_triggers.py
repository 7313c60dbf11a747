"""The database writes the audit trail (issue 16; :mod:`db.audit_sql` has the design).

``audit_log.login`` (the database login behind an entry: ``session_user`` on PostgreSQL, empty
on SQLite) is added; every audited table gets its audit trigger(s); on PostgreSQL nobody may
INSERT into ``audit_log`` any more (the SECURITY DEFINER trigger function and ``fl_audit_note``
append), and on SQLite a guard refuses inserts the audit triggers did not make.  The triggers
are generated from the columns the tables have now; a later migration that adds columns to an
audited table re-creates its triggers with :func:`db.audit_sql.sqlite_refresh` (PostgreSQL's
trigger reads the whole row and needs nothing).

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db import audit_sql

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

REVOKE_GROUPS = r"""
DO $$
DECLARE g text;
BEGIN
  FOR g IN SELECT rolname FROM pg_roles
            WHERE rolname LIKE replace(current_database(), '_', '\_') || '\_%' LOOP
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log FROM %I', g);
  END LOOP;
END $$
"""


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("login", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        schema = bind.execute(sa.text("select current_schema()")).scalar_one()
        for sql in audit_sql.postgres_up(bind, schema):
            op.execute(sql)
        op.execute(REVOKE_GROUPS)
    else:
        for sql in audit_sql.sqlite_up(bind):
            op.execute(sql)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for sql in audit_sql.postgres_down(bind):
            op.execute(sql)
    else:
        for sql in audit_sql.sqlite_down(bind):
            op.execute(sql)
    op.drop_column("audit_log", "login")
