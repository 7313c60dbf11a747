"""The audit log under row-level security by stream (PostgreSQL; issue 16, ADR 004).

A budget holder read every stream's money through ``audit_log`` (old and new values) and on the
Audit log page.  Now an entry is visible to a budget holder only when the row it is about
belongs to one of their streams (a row with ``stream_id``, or a ``budget_line_id`` whose line
has one) or to no stream at all (reference data: organisations, settings, …); everyone else
who is an active ledger user sees every entry, as before; a login that is no ledger user sees
none.  ``fl_audit_visible`` looks the row up as the owner (``SECURITY DEFINER``: the caller's
own row-level security would hide the very rows it must place), naming tables through
``format('%I')`` and only tables of the ledger's schema.

Appending stays as it was (a writer may INSERT; the chain's head is read through
``fl_audit_head()``, which sees past the caller's scope, so a budget holder's entry still
chains onto the latest entry of any stream).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

PG = r"""
CREATE FUNCTION {s}.fl_audit_visible(tbl text, rid text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {s}, pg_temp AS $$
DECLARE
  mine integer[];
  rel oid;
  sid integer;
BEGIN
  -- as the owner here: the caller is the session's login (everyone but an active budget
  -- holder has been answered by fl_sees_all() in the policy already)
  IF NOT EXISTS (SELECT 1 FROM {s}.users u WHERE u.username = session_user AND u.active
                   AND u.role = 'budget_holder') THEN
    RETURN false;
  END IF;
  SELECT coalesce(array_agg(us.stream_id), '{{}}'::integer[]) INTO mine
    FROM {s}.users u JOIN {s}.user_streams us ON us.user_id = u.id
   WHERE u.username = session_user;
  SELECT c.oid INTO rel FROM pg_class c
   WHERE c.relname = tbl AND c.relnamespace = '{s}'::regnamespace AND c.relkind = 'r';
  IF rel IS NULL OR rid IS NULL OR rid !~ '^[0-9]{{1,9}}$' THEN
    RETURN rel IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = rel
      AND a.attname IN ('stream_id', 'budget_line_id') AND NOT a.attisdropped);
  END IF;
  IF EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = rel AND a.attname = 'stream_id'
               AND NOT a.attisdropped) THEN
    EXECUTE format('SELECT stream_id FROM {s}.%I WHERE id = $1', tbl) INTO sid USING rid::integer;
  ELSIF EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = rel
                  AND a.attname = 'budget_line_id' AND NOT a.attisdropped) THEN
    EXECUTE format('SELECT b.stream_id FROM {s}.%I t JOIN {s}.budget_lines b'
                   ' ON b.id = t.budget_line_id WHERE t.id = $1', tbl)
      INTO sid USING rid::integer;
  ELSE
    RETURN true;  -- reference data: no stream
  END IF;
  RETURN sid IS NULL OR sid = ANY (mine);
EXCEPTION WHEN undefined_column OR invalid_text_representation THEN
  RETURN false;
END $$;

CREATE FUNCTION {s}.fl_audit_head() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {s}, pg_temp AS $$
  SELECT a.hash FROM {s}.audit_log a ORDER BY a.id DESC LIMIT 1
$$;

ALTER TABLE {s}.audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY fl_scope ON {s}.audit_log FOR SELECT
  USING ((SELECT {s}.fl_sees_all()) OR {s}.fl_audit_visible(table_name, row_id));
CREATE POLICY fl_append ON {s}.audit_log FOR INSERT WITH CHECK (true);
"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    s = str(bind.exec_driver_sql("select current_schema()").scalar_one())
    op.execute(PG.format(s=s))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    s = str(bind.exec_driver_sql("select current_schema()").scalar_one())
    op.execute(f"DROP POLICY IF EXISTS fl_scope ON {s}.audit_log")
    op.execute(f"DROP POLICY IF EXISTS fl_append ON {s}.audit_log")
    op.execute(f"ALTER TABLE {s}.audit_log DISABLE ROW LEVEL SECURITY")
    op.execute(f"DROP FUNCTION IF EXISTS {s}.fl_audit_visible(text, text)")
    op.execute(f"DROP FUNCTION IF EXISTS {s}.fl_audit_head()")
