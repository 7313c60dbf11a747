"""A row's "last changed by/at" and version are the server's to vouch for (PostgreSQL).

Any writer (and an administrator through its column grants) could set ``updated_by``,
``updated_at`` and ``version`` from psql: as a finance officer's own login I ran ``update
transactions set updated_by = 'someone.else'`` and no audit entry was written — the audit
trigger (0014) leaves out an update that changes only those bookkeeping columns — so the row
named someone else as its last editor, and ``version`` (the optimistic-concurrency check that
tells a second writer the row moved on) could be set back.

Now a BEFORE UPDATE trigger on every audited table with those columns refuses an update that
changes any of them unless ``version`` goes up by exactly one and ``updated_by`` is the acting
user — the login when it is a ledger user, else (the owner, a maintenance login) the user the
application names, as the audit trail records it — and it sets ``updated_at`` to the server's
clock.  The app's versioned updates (``db.writes.update_row``, an import's undo) already stamp
that way; an update that leaves the stamp alone is not touched.  SQLite has no logins: nothing
changes there.

Revision ID: 0030
Revises: 0029
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import inspect

from db.audit_sql import UNAUDITED

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None

STAMP = ("version", "updated_by", "updated_at")

FUNCTION = r"""
CREATE FUNCTION {s}.fl_guard_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {s}, pg_temp AS $$
DECLARE
  who text;
BEGIN
  IF NEW.version IS NOT DISTINCT FROM OLD.version
     AND NEW.updated_by IS NOT DISTINCT FROM OLD.updated_by
     AND NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    RETURN NEW;
  END IF;
  -- the acting user as the audit trail names it (fl_audit_append, 0014)
  IF EXISTS (SELECT 1 FROM {s}.users u WHERE u.username = session_user::text) THEN
    who := session_user::text;
  ELSE
    who := coalesce(nullif(current_setting('fundledger.user', true), ''), session_user::text);
  END IF;
  IF NEW.updated_by IS DISTINCT FROM who THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format(
      'fundledger: %s: a row''s "last changed by" is the user who changes it (%s), not %s',
      TG_TABLE_NAME, who, coalesce(NEW.updated_by, 'nobody'));
  END IF;
  IF NEW.version IS DISTINCT FROM OLD.version + 1 THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
      'fundledger: %s: a change moves a row''s version on by one (%s to %s), not to %s',
      TG_TABLE_NAME, OLD.version, OLD.version + 1, coalesce(NEW.version::text, 'none'));
  END IF;
  NEW.updated_at := statement_timestamp();
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION {s}.fl_guard_stamp() FROM PUBLIC;
"""


def _schema() -> str:
    return str(op.get_bind().exec_driver_sql("select current_schema()").scalar_one())


def stamped_tables() -> list[str]:
    """The audited tables (as the database has them) that carry version and who/when."""
    insp = inspect(op.get_bind())
    return sorted(
        t
        for t in insp.get_table_names()
        if t not in UNAUDITED and set(STAMP) <= {c["name"] for c in insp.get_columns(t)}
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    op.execute(FUNCTION.replace("{s}", s))
    for t in stamped_tables():
        op.execute(
            f"CREATE TRIGGER guard_{t}_stamp BEFORE UPDATE ON {s}.{t} "
            f"FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_stamp()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    for t in stamped_tables():
        op.execute(f"DROP TRIGGER IF EXISTS guard_{t}_stamp ON {s}.{t}")
    op.execute(f"DROP FUNCTION IF EXISTS {s}.fl_guard_stamp()")
