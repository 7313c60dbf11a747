"""Server-side rules (issue 16, ADR 004), on both backends where a trigger can hold them:

- **Decided requests are final.**  An approved or rejected virement or carry-forward cannot be
  changed at all (a plain UPDATE once multiplied an approved virement by 100): a new request is
  the way to move money again.
- **Period locks guard every money table**: besides transactions, virements and forecasts
  (0002), income (by its period), and — by a whole-year lock, as the application checks them —
  allocations (every year of their range), budget lines, contributions and recharges.
- **Variance comments are scoped by stream** (PostgreSQL row-level security, as the money
  tables): a budget holder reads and writes comments on their own streams' lines only.
- **Reopening a period is an administrator's** (PostgreSQL): finance may close a period (insert
  a lock) but not change a lock; ``db.roles`` grants finance INSERT only on ``period_locks``.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

DECIDED = ("virements", "carry_forwards")
#: table → True when guarded period by period (it has a ``period``), False by whole year
LOCKED = {
    "income_items": True,
    "allocations": False,
    "budget_lines": False,
    "contributions": False,
    "recharges": False,
}
COMMENT_SCOPE = (
    "(SELECT {s}.fl_sees_all()) OR (SELECT b.stream_id FROM {s}.budget_lines b "
    "WHERE b.id = budget_line_id) IN (SELECT unnest({s}.fl_my_streams()))"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for sql in postgres_up(_schema()):
            op.execute(sql)
    else:
        for sql in sqlite_up():
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for sql in postgres_down(_schema()):
            op.execute(sql)
    else:
        for sql in sqlite_down():
            op.execute(sql)


def _schema() -> str:
    return str(op.get_bind().exec_driver_sql("select current_schema()").scalar_one())


# --------------------------------------------------------------------------- SQLite


def _decided_sqlite(table: str) -> str:
    return (
        f"CREATE TRIGGER guard_{table}_decided BEFORE UPDATE ON {table} "
        "WHEN OLD.status <> 'pending' BEGIN "
        f"SELECT RAISE(ABORT, 'fundledger: {table}: an approved or rejected request is final "
        "and cannot be changed; make a new request instead'); END"
    )


def _years_sqlite(table: str, r: str) -> str:
    if table == "allocations":
        return f"l.year BETWEEN {r}.year_from AND {r}.year_to"
    return f"l.year = {r}.year"


def _locked_sqlite(table: str, name: str, event: str, r: str, verb: str) -> str:
    by_period = LOCKED[table]
    period = f"(l.period IS NULL OR l.period = {r}.period)" if by_period else "l.period IS NULL"
    when = (
        f"EXISTS (SELECT 1 FROM period_locks l WHERE l.active AND {_years_sqlite(table, r)} "
        f"AND {period} AND (l.stream_id IS NULL OR l.stream_id = {r}.stream_id))"
    )
    named = f"INSERT INTO guard_closed_periods(period) VALUES ({r}.period); " if by_period else ""
    what = "a row in a closed period" if by_period else "a row of a closed year"
    return (
        f"CREATE TRIGGER guard_{table}_locked_{name} BEFORE {event} ON {table} WHEN {when} "
        f"BEGIN {named}SELECT RAISE(ABORT, 'fundledger: {table}: {what} cannot be {verb} "
        "(an administrator must reopen it first)'); END"
    )


EVENTS = (
    ("insert", "INSERT", "NEW", "inserted"),
    ("update_old", "UPDATE", "OLD", "changed"),
    ("update_new", "UPDATE", "NEW", "changed"),
    ("delete", "DELETE", "OLD", "deleted"),
)


def sqlite_trigger_names() -> list[str]:
    names = [f"guard_{t}_decided" for t in DECIDED]
    return names + [f"guard_{t}_locked_{e[0]}" for t in LOCKED for e in EVENTS]


def sqlite_up() -> list[str]:
    out = [_decided_sqlite(t) for t in DECIDED]
    for table in LOCKED:
        out += [_locked_sqlite(table, *event) for event in EVENTS]
    return out


def sqlite_down() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in sqlite_trigger_names()]


# --------------------------------------------------------------------------- PostgreSQL

PG_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION {s}.fl_check_period(tbl text, r jsonb, verb text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = {s}, pg_temp AS $$
DECLARE
  lk record;
  sid integer := {s}.fl_row_stream(tbl, r);
  y0 integer := coalesce((r->>'year')::integer, (r->>'year_from')::integer);
  y1 integer := coalesce((r->>'year')::integer, (r->>'year_to')::integer);
  pd integer := (r->>'period')::integer;
  what text;
BEGIN
  SELECT l.year, l.period, (SELECT st.code FROM {s}.streams st WHERE st.id = l.stream_id) AS code
    INTO lk FROM {s}.period_locks l
   WHERE l.active AND l.year BETWEEN y0 AND y1 AND (l.period IS NULL OR l.period = pd)
     AND (l.stream_id IS NULL OR l.stream_id = sid)
   ORDER BY l.year, l.id LIMIT 1;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF pd IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
      'fundledger: year %s-%s is closed for %s; %s in it cannot be %s '
      '(an administrator must reopen the year first)',
      lk.year, right((lk.year + 1)::text, 2), coalesce(lk.code, 'all streams'), tbl, verb);
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
    'fundledger: period %s-%s P%s is closed for %s%s; %s in it cannot be %s '
    '(an administrator must reopen the period first)',
    lk.year, right((lk.year + 1)::text, 2), lpad(pd::text, 2, '0'),
    coalesce(lk.code, 'all streams'),
    CASE WHEN lk.period IS NULL THEN ' (the whole year is closed)' ELSE '' END, tbl, verb);
END $$;

CREATE FUNCTION {s}.fl_guard_decided() RETURNS trigger
LANGUAGE plpgsql SET search_path = {s}, pg_temp AS $$
BEGIN
  IF OLD.status <> 'pending' THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
      'fundledger: %s: #%s was %s by %s and is final; it cannot be changed '
      '(make a new request instead)', TG_TABLE_NAME, OLD.id, OLD.status, OLD.decided_by);
  END IF;
  RETURN NEW;
END $$;
"""


def postgres_up(s: str) -> list[str]:
    out = [PG_FUNCTIONS.format(s=s)]
    for table in DECIDED:
        out.append(
            f"CREATE TRIGGER guard_{table}_decided BEFORE UPDATE ON {s}.{table} "
            f"FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_decided()"
        )
    for table in LOCKED:
        out.append(
            f"CREATE TRIGGER guard_{table}_locked BEFORE INSERT OR UPDATE OR DELETE "
            f"ON {s}.{table} FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_period()"
        )
    expr = COMMENT_SCOPE.format(s=s)
    out.append(f"ALTER TABLE {s}.variance_comments ENABLE ROW LEVEL SECURITY")
    out.append(
        f"CREATE POLICY fl_scope ON {s}.variance_comments USING ({expr}) WITH CHECK ({expr})"
    )
    return out


def postgres_down(s: str) -> list[str]:
    out = [f"DROP TRIGGER IF EXISTS guard_{t}_decided ON {s}.{t}" for t in DECIDED]
    out += [f"DROP TRIGGER IF EXISTS guard_{t}_locked ON {s}.{t}" for t in LOCKED]
    out.append(f"DROP POLICY IF EXISTS fl_scope ON {s}.variance_comments")
    out.append(f"ALTER TABLE {s}.variance_comments DISABLE ROW LEVEL SECURITY")
    out.append(f"DROP FUNCTION IF EXISTS {s}.fl_guard_decided()")
    return out
