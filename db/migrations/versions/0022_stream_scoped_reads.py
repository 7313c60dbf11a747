"""A budget holder no longer reads other streams' sign-offs, explanations or contract profiles
(PostgreSQL row-level security; ADR 004).

Three tables that hold a stream's figures or words had no row-level security, nor did their
audit entries (``fl_audit_visible`` took a table without a ``stream_id`` or ``budget_line_id``
column for reference data): as bea, budget holder for DA, from psql I read YJ's reconciliation
sign-offs (the difference, the unexplained amount, the reason), and could read other streams'
contract profiles (the amounts committed per year) and reconciliation explanations.

- ``recon_signoffs``: scoped by its ``stream_id``;
- ``contract_profiles``: by its contract line's stream (as forecasts by their budget line's);
- ``recon_explanations``: by its transaction's or statement line's stream;
- ``fl_audit_visible`` places entries about those rows by the same streams.

Everyone but an active budget holder sees every row, as before; writers are unaffected (finance
and administrators see all).  SQLite has no logins: nothing changes there.

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

#: table → the expression of the stream(s) a row belongs to (schema ``{s}``)
SCOPED = {
    "recon_signoffs": "stream_id IN (SELECT unnest({s}.fl_my_streams()))",
    "contract_profiles": (
        "(SELECT c.stream_id FROM {s}.contract_lines c WHERE c.id = contract_line_id)"
        " IN (SELECT unnest({s}.fl_my_streams()))"
    ),
    "recon_explanations": (
        "(SELECT t.stream_id FROM {s}.transactions t WHERE t.id = transaction_id)"
        " IN (SELECT unnest({s}.fl_my_streams())) OR "
        "(SELECT l.stream_id FROM {s}.statement_lines l WHERE l.id = statement_line_id)"
        " IN (SELECT unnest({s}.fl_my_streams()))"
    ),
}

VISIBLE = r"""
CREATE OR REPLACE FUNCTION {s}.fl_audit_visible(tbl text, rid text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {s}, pg_temp AS $$
DECLARE
  mine integer[];
  rel oid;
  sid integer;
  sids integer[];
BEGIN
  -- as the owner here: the caller is the session's login (everyone but an active budget
  -- holder has been answered by fl_sees_all() in the policy already)
  IF NOT EXISTS (SELECT 1 FROM {s}.users u WHERE u.username = session_user AND u.active
                   AND u.role = 'budget_holder') THEN
    RETURN false;
  END IF;
  SELECT coalesce(array_agg(us.stream_id), '{}'::integer[]) INTO mine
    FROM {s}.users u JOIN {s}.user_streams us ON us.user_id = u.id
   WHERE u.username = session_user;
  -- rows placed through another row (0022): a contract line's profile, a reconciliation's
  -- explanation (its transaction's or statement line's stream)
  IF tbl = 'contract_profiles' AND rid ~ '^[0-9]{1,9}/' THEN
    SELECT c.stream_id INTO sid FROM {s}.contract_lines c
     WHERE c.id = split_part(rid, '/', 1)::integer;
    RETURN sid IS NULL OR sid = ANY (mine);
  END IF;
  IF tbl = 'recon_explanations' AND rid ~ '^[0-9]{1,9}$' THEN
    EXECUTE format('SELECT ARRAY[(SELECT t.stream_id FROM {s}.transactions t'
                   ' WHERE t.id = r.transaction_id), (SELECT l.stream_id FROM'
                   ' {s}.statement_lines l WHERE l.id = r.statement_line_id)]'
                   ' FROM {s}.%I r WHERE r.id = $1', tbl) INTO sids USING rid::integer;
    RETURN sids IS NULL OR sids && mine
      OR (sids[1] IS NULL AND sids[2] IS NULL);
  END IF;
  SELECT c.oid INTO rel FROM pg_class c
   WHERE c.relname = tbl AND c.relnamespace = '{s}'::regnamespace AND c.relkind = 'r';
  IF rel IS NULL OR rid IS NULL OR rid !~ '^[0-9]{1,9}$' THEN
    RETURN rel IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = rel
      AND a.attname IN ('stream_id', 'budget_line_id') AND NOT a.attisdropped)
      AND tbl NOT IN ('contract_profiles', 'recon_explanations');
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
"""


def _schema() -> str:
    return str(op.get_bind().exec_driver_sql("select current_schema()").scalar_one())


def _previous_visible() -> str:
    """0013's ``fl_audit_visible`` (for the downgrade)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).with_name("0013_audit_scope.py")
    spec = importlib.util.spec_from_file_location("fundledger_migration_0013", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    body = str(module.PG).split("CREATE FUNCTION {s}.fl_audit_head()")[0]
    return body.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    for table, mine in SCOPED.items():
        expr = f"(SELECT {s}.fl_sees_all()) OR " + mine.replace("{s}", s)
        op.execute(f"ALTER TABLE {s}.{table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY fl_scope ON {s}.{table} USING ({expr}) WITH CHECK ({expr})")
    op.execute(VISIBLE.replace("{s}", s))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    for table in SCOPED:
        op.execute(f"DROP POLICY IF EXISTS fl_scope ON {s}.{table}")
        op.execute(f"ALTER TABLE {s}.{table} DISABLE ROW LEVEL SECURITY")
    op.execute(_previous_visible().format(s=s))
