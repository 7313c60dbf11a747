"""Guards in the database itself (SPEC §8), on both backends, so raw SQL is refused too.

- A closed period (an active ``period_locks`` row for the stream or all streams, the year, and
  the period or the whole year) refuses INSERT, UPDATE and DELETE of ``transactions``,
  ``virements`` and ``forecasts`` charged to it.  The message names the period.
- Money rows are never deleted (they are reversed): ``BEFORE DELETE`` refuses on every money table.
- The audit log is append-only: UPDATE and DELETE are refused.
- Nobody approves or rejects their own virement or carry-forward: ``decided_by`` must differ from
  ``requested_by``; on PostgreSQL also the connected login (mapped to ``users.username``) may
  neither decide its own request nor record a decision or a request in another user's name.
- PostgreSQL only: row-level security on every money table.  A budget holder (``users.role``,
  the login mapped by ``current_user``) sees and writes only rows of the streams in
  ``user_streams``; a login that is not an active ledger user sees nothing.  Table owners (the
  login that ran ``init``) and superusers bypass RLS; what each role may do at all is granted
  by ``db.roles``.

SQLite before 3.47 takes only a literal in ``RAISE()`` (and JSON functions are not allowed in
triggers with ``trusted_schema=OFF``), so a period trigger names the period by inserting it into
``guard_closed_periods``, an always-empty table whose twelve CHECK constraints are *named* by the
message: ``CHECK constraint failed: fundledger: period P03 is closed (…)``.  PostgreSQL names the
year, period and stream.  Stable columns only are referenced, so the regenerated 0001 can change
other columns freely.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MONEY_TABLES = (
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
#: table → SQL for its stream id given a row alias (``NEW``/``OLD``/the table name)
LOCKED_TABLES = {
    "transactions": "{r}.stream_id",
    "virements": "{r}.stream_id",
    "forecasts": "(SELECT b.stream_id FROM budget_lines b WHERE b.id = {r}.budget_line_id)",
}
DECIDED_TABLES = ("virements", "carry_forwards")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for sql in postgres_up():
            op.execute(sql)
    else:
        for sql in sqlite_up():
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for sql in postgres_down():
            op.execute(sql)
    else:
        for sql in sqlite_down():
            op.execute(sql)


# --------------------------------------------------------------------------- SQLite


def _sqlite_lock_when(table: str, r: str) -> str:
    stream = LOCKED_TABLES[table].format(r=r)
    return (
        "EXISTS (SELECT 1 FROM period_locks l "
        f"WHERE l.year = {r}.year AND l.active "
        f"AND (l.period IS NULL OR l.period = {r}.period) "
        f"AND (l.stream_id IS NULL OR l.stream_id = {stream}))"
    )


def _sqlite_lock_trigger(table: str, name: str, event: str, r: str, verb: str) -> str:
    return (
        f"CREATE TRIGGER guard_{table}_locked_{name} BEFORE {event} ON {table} "
        f"WHEN {_sqlite_lock_when(table, r)} BEGIN "
        f"INSERT INTO guard_closed_periods(period) VALUES ({r}.period); "
        f"SELECT RAISE(ABORT, 'fundledger: {table}: a row in a closed period cannot be {verb} "
        "(an administrator must reopen the period first)'); END"
    )


def _refusals_table() -> str:
    checks = ", ".join(
        f'CONSTRAINT "fundledger: period P{p:02d} is closed (an active period lock covers the '
        f"row's stream and year); an administrator must reopen it first\" CHECK (period <> {p})"
        for p in range(1, 13)
    )
    return f"CREATE TABLE guard_closed_periods (period INTEGER, {checks})"


def sqlite_up() -> list[str]:
    out: list[str] = [_refusals_table()]
    for table in LOCKED_TABLES:
        out.append(_sqlite_lock_trigger(table, "insert", "INSERT", "NEW", "inserted"))
        out.append(_sqlite_lock_trigger(table, "update_old", "UPDATE", "OLD", "changed"))
        out.append(_sqlite_lock_trigger(table, "update_new", "UPDATE", "NEW", "changed"))
        out.append(_sqlite_lock_trigger(table, "delete", "DELETE", "OLD", "deleted"))
    for table in MONEY_TABLES:
        out.append(
            f"CREATE TRIGGER guard_{table}_no_delete BEFORE DELETE ON {table} BEGIN "
            f"SELECT RAISE(ABORT, 'fundledger: {table} rows are never deleted; "
            "correct them with a reversal or undo their import'); END"
        )
    for verb in ("update", "delete"):
        out.append(
            f"CREATE TRIGGER guard_audit_log_no_{verb} BEFORE {verb.upper()} ON audit_log BEGIN "
            "SELECT RAISE(ABORT, 'fundledger: the audit log is append-only; entries cannot be "
            f"{'changed' if verb == 'update' else 'deleted'}'); END"
        )
    for table in DECIDED_TABLES:
        for when in ("INSERT", "UPDATE"):
            out.append(
                f"CREATE TRIGGER guard_{table}_self_decision_{when.lower()} BEFORE {when} "
                f"ON {table} WHEN NEW.status <> 'pending' AND NEW.decided_by = NEW.requested_by "
                f"BEGIN SELECT RAISE(ABORT, 'fundledger: {table}: the person who requested it "
                "cannot approve or reject it (segregation of duties)'); END"
            )
    return out


def _sqlite_trigger_names() -> list[str]:
    events = ("insert", "update_old", "update_new", "delete")
    names = [f"guard_{t}_locked_{v}" for t in LOCKED_TABLES for v in events]
    names += [f"guard_{t}_no_delete" for t in MONEY_TABLES]
    names += ["guard_audit_log_no_update", "guard_audit_log_no_delete"]
    names += [f"guard_{t}_self_decision_{w}" for t in DECIDED_TABLES for w in ("insert", "update")]
    return names


def sqlite_down() -> list[str]:
    out = [f"DROP TRIGGER IF EXISTS {name}" for name in _sqlite_trigger_names()]
    return [*out, "DROP TABLE IF EXISTS guard_closed_periods"]


# --------------------------------------------------------------------------- PostgreSQL

PG_FUNCTIONS = r"""
CREATE FUNCTION fl_row_stream(tbl text, r jsonb) RETURNS integer
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF r ? 'stream_id' THEN
    RETURN (r->>'stream_id')::integer;
  END IF;
  RETURN (SELECT b.stream_id FROM budget_lines b WHERE b.id = (r->>'budget_line_id')::integer);
END $$;

CREATE FUNCTION fl_check_period(tbl text, r jsonb, verb text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
  lk record;
  sid integer := fl_row_stream(tbl, r);
  yr integer := (r->>'year')::integer;
  pd integer := (r->>'period')::integer;
BEGIN
  SELECT l.year, l.period, (SELECT s.code FROM streams s WHERE s.id = l.stream_id) AS code
    INTO lk FROM period_locks l
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

CREATE FUNCTION fl_guard_period() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM fl_check_period(TG_TABLE_NAME, to_jsonb(NEW), 'inserted');
    RETURN NEW;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM fl_check_period(TG_TABLE_NAME, to_jsonb(OLD), 'changed');
    PERFORM fl_check_period(TG_TABLE_NAME, to_jsonb(NEW), 'changed');
    RETURN NEW;
  END IF;
  PERFORM fl_check_period(TG_TABLE_NAME, to_jsonb(OLD), 'deleted');
  RETURN OLD;
END $$;

CREATE FUNCTION fl_guard_no_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
    'fundledger: %s rows are never deleted; correct them with a reversal or undo their import',
    TG_TABLE_NAME);
END $$;

CREATE FUNCTION fl_guard_audit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'check_violation',
    MESSAGE = 'fundledger: the audit log is append-only; entries cannot be changed or deleted';
END $$;

CREATE FUNCTION fl_me() RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT u.username::text FROM users u WHERE u.username = current_user
$$;

CREATE FUNCTION fl_guard_decision() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  me text := fl_me();
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

CREATE FUNCTION fl_sees_stream(sid integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM users u
     WHERE u.username = current_user AND u.active
       AND (u.role <> 'budget_holder' OR EXISTS (
         SELECT 1 FROM user_streams us WHERE us.user_id = u.id AND us.stream_id = sid)))
$$;
"""

PG_FUNCTION_NAMES = (
    "fl_guard_decision()",
    "fl_me()",
    "fl_guard_audit()",
    "fl_guard_no_delete()",
    "fl_guard_period()",
    "fl_check_period(text, jsonb, text)",
    "fl_row_stream(text, jsonb)",
    "fl_sees_stream(integer)",
)


def _pg_scope(table: str) -> str:
    if table == "forecasts":
        return (
            "fl_sees_stream((SELECT b.stream_id FROM budget_lines b "
            "WHERE b.id = forecasts.budget_line_id))"
        )
    return "fl_sees_stream(stream_id)"


def postgres_up() -> list[str]:
    out = [PG_FUNCTIONS]
    for table in LOCKED_TABLES:
        out.append(
            f"CREATE TRIGGER guard_{table}_locked BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION fl_guard_period()"
        )
    for table in MONEY_TABLES:
        out.append(
            f"CREATE TRIGGER guard_{table}_no_delete BEFORE DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION fl_guard_no_delete()"
        )
        scope = _pg_scope(table)
        out.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        out.append(f"CREATE POLICY fl_scope ON {table} USING ({scope}) WITH CHECK ({scope})")
    out.append(
        "CREATE TRIGGER guard_audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION fl_guard_audit()"
    )
    out.append(
        "CREATE TRIGGER guard_audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION fl_guard_audit()"
    )
    for table in DECIDED_TABLES:
        out.append(
            f"CREATE TRIGGER guard_{table}_decision BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION fl_guard_decision()"
        )
    return out


def postgres_down() -> list[str]:
    out = [f"DROP TRIGGER IF EXISTS guard_{t}_locked ON {t}" for t in LOCKED_TABLES]
    for table in MONEY_TABLES:
        out.append(f"DROP TRIGGER IF EXISTS guard_{table}_no_delete ON {table}")
        out.append(f"DROP POLICY IF EXISTS fl_scope ON {table}")
        out.append(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    out.append("DROP TRIGGER IF EXISTS guard_audit_log_append_only ON audit_log")
    out.append("DROP TRIGGER IF EXISTS guard_audit_log_no_truncate ON audit_log")
    out += [f"DROP TRIGGER IF EXISTS guard_{t}_decision ON {t}" for t in DECIDED_TABLES]
    out += [f"DROP FUNCTION IF EXISTS {f}" for f in PG_FUNCTION_NAMES]
    return out
