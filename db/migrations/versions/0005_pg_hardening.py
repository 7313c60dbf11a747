"""PostgreSQL hardening against a user with their own login and psql (issue 16, ADR 004).

Revision 0002's guard and row-level-security functions named ``users``, ``period_locks`` and
``budget_lines`` without a schema.  A session's temporary schema is searched first, so a login
allowed TEMPORARY could shadow them with a temporary table or view of its own: a budget holder
saw every stream, a finance officer wrote into a closed period, anyone "decided" their own
virement.  Here, as the PostgreSQL documentation advises for such functions:

- every function names its tables with the ledger's schema and runs with
  ``SET search_path = <schema>, pg_temp`` (temporary objects last: never found first);
- the ``fl_scope`` policies are re-created with schema-qualified names, reading who may see
  which streams once per statement (``fl_sees_all()`` / ``fl_my_streams()`` as init-plans)
  instead of once per row;
- the ledger's write lock becomes ``fl_write_lock()``: a SECURITY DEFINER function that takes an
  EXCLUSIVE lock on ``fl_write_lock``, a table no ledger role can read or lock, with a
  30-second ``lock_timeout`` and a message saying the ledger is busy.  Only writers are granted
  EXECUTE (``db.roles``): a viewer can no longer hold the lock (it was a public advisory-lock
  key any login could take and keep) and a waiting writer gives up instead of hanging.

Losing TEMPORARY on the database and CREATE on the schema is granted in ``db.roles.prepare``
(the group roles' names depend on the database).  SQLite has no logins or schemas: nothing here.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: the money tables row-level security scopes by stream (as 0002)
SCOPED = (
    "allocations",
    "budget_lines",
    "virements",
    "carry_forwards",
    "contract_lines",
    "transactions",
    "contributions",
    "recharges",
    "income_items",
    "forecasts",
    "statement_lines",
)

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION {s}.fl_row_stream(tbl text, r jsonb) RETURNS integer
LANGUAGE plpgsql STABLE SET search_path = {s}, pg_temp AS $$
BEGIN
  IF r ? 'stream_id' THEN
    RETURN (r->>'stream_id')::integer;
  END IF;
  RETURN (SELECT b.stream_id FROM {s}.budget_lines b
           WHERE b.id = (r->>'budget_line_id')::integer);
END $$;

CREATE OR REPLACE FUNCTION {s}.fl_check_period(tbl text, r jsonb, verb text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = {s}, pg_temp AS $$
DECLARE
  lk record;
  sid integer := {s}.fl_row_stream(tbl, r);
  yr integer := (r->>'year')::integer;
  pd integer := (r->>'period')::integer;
BEGIN
  SELECT l.year, l.period, (SELECT st.code FROM {s}.streams st WHERE st.id = l.stream_id) AS code
    INTO lk FROM {s}.period_locks l
   WHERE l.active AND l.year = yr AND (l.period IS NULL OR l.period = pd)
     AND (l.stream_id IS NULL OR l.stream_id = sid)
   ORDER BY l.id LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
      'fundledger: period %s-%s P%s is closed for %s%s; %s in it cannot be %s '
      '(an administrator must reopen the period first)',
      lk.year, right((lk.year + 1)::text, 2), lpad(pd::text, 2, '0'),
      coalesce(lk.code, 'all streams'),
      CASE WHEN lk.period IS NULL THEN ' (the whole year is closed)' ELSE '' END, tbl, verb);
  END IF;
END $$;

CREATE OR REPLACE FUNCTION {s}.fl_guard_period() RETURNS trigger
LANGUAGE plpgsql SET search_path = {s}, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM {s}.fl_check_period(TG_TABLE_NAME, to_jsonb(NEW), 'inserted');
    RETURN NEW;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM {s}.fl_check_period(TG_TABLE_NAME, to_jsonb(OLD), 'changed');
    PERFORM {s}.fl_check_period(TG_TABLE_NAME, to_jsonb(NEW), 'changed');
    RETURN NEW;
  END IF;
  PERFORM {s}.fl_check_period(TG_TABLE_NAME, to_jsonb(OLD), 'deleted');
  RETURN OLD;
END $$;

CREATE OR REPLACE FUNCTION {s}.fl_guard_no_delete() RETURNS trigger
LANGUAGE plpgsql SET search_path = {s}, pg_temp AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
    'fundledger: %s rows are never deleted; correct them with a reversal or undo their import',
    TG_TABLE_NAME);
END $$;

CREATE OR REPLACE FUNCTION {s}.fl_guard_audit() RETURNS trigger
LANGUAGE plpgsql SET search_path = {s}, pg_temp AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'check_violation',
    MESSAGE = 'fundledger: the audit log is append-only; entries cannot be changed or deleted';
END $$;

CREATE OR REPLACE FUNCTION {s}.fl_me() RETURNS text
LANGUAGE sql STABLE SET search_path = {s}, pg_temp AS $$
  SELECT u.username::text FROM {s}.users u WHERE u.username = current_user
$$;

CREATE OR REPLACE FUNCTION {s}.fl_guard_decision() RETURNS trigger
LANGUAGE plpgsql SET search_path = {s}, pg_temp AS $$
DECLARE
  me text := {s}.fl_me();
  deciding boolean := NEW.status <> 'pending' AND (TG_OP = 'INSERT'
    OR OLD.status IS DISTINCT FROM NEW.status OR OLD.decided_by IS DISTINCT FROM NEW.decided_by);
BEGIN
  IF me IS NOT NULL AND (
       (TG_OP = 'INSERT' AND NEW.requested_by IS DISTINCT FROM me)
    OR (TG_OP = 'UPDATE' AND NEW.requested_by IS DISTINCT FROM OLD.requested_by)) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
      'fundledger: %s: %s cannot record a request in another user''s name (%s)',
      TG_TABLE_NAME, me, NEW.requested_by);
  END IF;
  IF NOT deciding THEN
    RETURN NEW;
  END IF;
  IF NEW.decided_by = NEW.requested_by OR me = NEW.requested_by THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
      'fundledger: %s: %s requested it and cannot approve or reject it (segregation of duties)',
      TG_TABLE_NAME, NEW.requested_by);
  END IF;
  IF me IS NOT NULL AND NEW.decided_by IS DISTINCT FROM me THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
      'fundledger: %s: %s cannot record a decision in another user''s name (%s)',
      TG_TABLE_NAME, me, NEW.decided_by);
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION {s}.fl_sees_stream(sid integer) RETURNS boolean
LANGUAGE sql STABLE SET search_path = {s}, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM {s}.users u
     WHERE u.username = current_user AND u.active
       AND (u.role <> 'budget_holder' OR EXISTS (
         SELECT 1 FROM {s}.user_streams us WHERE us.user_id = u.id AND us.stream_id = sid)))
$$;

CREATE FUNCTION {s}.fl_sees_all() RETURNS boolean
LANGUAGE sql STABLE SET search_path = {s}, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM {s}.users u
                  WHERE u.username = current_user AND u.active AND u.role <> 'budget_holder')
$$;

CREATE FUNCTION {s}.fl_my_streams() RETURNS integer[]
LANGUAGE sql STABLE SET search_path = {s}, pg_temp AS $$
  SELECT coalesce(array_agg(us.stream_id), '{{}}'::integer[])
    FROM {s}.users u JOIN {s}.user_streams us ON us.user_id = u.id
   WHERE u.username = current_user AND u.active AND u.role = 'budget_holder'
$$;

CREATE TABLE {s}.fl_write_lock (id integer PRIMARY KEY CHECK (id = 1));
INSERT INTO {s}.fl_write_lock VALUES (1);
REVOKE ALL ON {s}.fl_write_lock FROM PUBLIC;

CREATE FUNCTION {s}.fl_write_lock() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {s}, pg_temp SET lock_timeout = '30s' AS $$
BEGIN
  LOCK TABLE {s}.fl_write_lock IN EXCLUSIVE MODE;
EXCEPTION WHEN lock_not_available THEN
  RAISE EXCEPTION USING ERRCODE = 'lock_not_available', MESSAGE = format(
    'fundledger: the ledger is busy: another user''s change has been writing for more than %s; '
    'nothing was written, try again in a moment', current_setting('lock_timeout'));
END $$;
REVOKE ALL ON FUNCTION {s}.fl_write_lock() FROM PUBLIC;
"""

NEW_FUNCTIONS = ("fl_write_lock()", "fl_my_streams()", "fl_sees_all()")


def schema() -> str:
    return str(op.get_bind().exec_driver_sql("select current_schema()").scalar_one())


def scope(table: str, s: str) -> str:
    """The ``fl_scope`` policy's expression for ``table`` (schema ``s``)."""
    stream = "stream_id"
    if table == "forecasts":
        stream = f"(SELECT b.stream_id FROM {s}.budget_lines b WHERE b.id = budget_line_id)"
    return f"(SELECT {s}.fl_sees_all()) OR {stream} IN (SELECT unnest({s}.fl_my_streams()))"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = schema()
    op.execute(FUNCTIONS.format(s=s))
    for table in SCOPED:
        op.execute(f"DROP POLICY IF EXISTS fl_scope ON {s}.{table}")
        expr = scope(table, s)
        op.execute(f"CREATE POLICY fl_scope ON {s}.{table} USING ({expr}) WITH CHECK ({expr})")


def _guards() -> ModuleType:
    path = Path(__file__).with_name("0002_guards.py")
    spec = importlib.util.spec_from_file_location("fundledger_migration_0002", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = schema()
    guards = _guards()
    for table in SCOPED:
        op.execute(f"DROP POLICY IF EXISTS fl_scope ON {s}.{table}")
        expr = guards._pg_scope(table)
        op.execute(f"CREATE POLICY fl_scope ON {s}.{table} USING ({expr}) WITH CHECK ({expr})")
    for name in NEW_FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {s}.{name}")
    op.execute(f"DROP TABLE IF EXISTS {s}.fl_write_lock")
    # 0002's bodies again, without the SET clause (CREATE OR REPLACE resets it)
    op.execute(guards.PG_FUNCTIONS.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
