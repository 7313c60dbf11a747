"""A budget holder's writes stay in their streams on the server (PostgreSQL), two gaps closed.

- **Virements and carry-forwards move money between lines of their own stream.**  Row-level
  security checked only the request's ``stream_id``: a budget holder for DA could request, from
  psql, a DA virement whose from-line was YJ's (a line they cannot even see), and a finance
  officer approving "a DA virement" moved YJ's budget.  The app refused it; the server did not.
  Now both lines must be lines of the request's stream, in its year (a virement) or in its
  from- and to-year (a carry-forward), on every insert and update — checked as the ledger's
  owner, so a line the caller cannot see is no way round it.
- **Return schedules are scoped by stream.**  Budget holders may schedule returns for their
  streams, but the table had no row-level security: a DA budget holder could add, retire or
  change YJ's schedules.  Now a budget holder reads their streams' schedules and those for all
  streams, and adds or changes only their streams'; everyone else as before.

SQLite has no logins (the app's own checks apply): nothing changes there.

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

MOVES = ("virements", "carry_forwards")

FUNCTION = r"""
CREATE FUNCTION {s}.fl_guard_move_lines() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {s}, pg_temp AS $$
DECLARE
  r jsonb := to_jsonb(NEW);
  fy integer := coalesce((r->>'year')::integer, (r->>'from_year')::integer);
  ty integer := coalesce((r->>'year')::integer, (r->>'to_year')::integer);
BEGIN
  IF NOT EXISTS (SELECT 1 FROM {s}.budget_lines b WHERE b.id = NEW.from_line_id
                    AND b.stream_id = NEW.stream_id AND b.year = fy)
     OR NOT EXISTS (SELECT 1 FROM {s}.budget_lines b WHERE b.id = NEW.to_line_id
                    AND b.stream_id = NEW.stream_id AND b.year = ty) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
      'fundledger: %s: budget lines %s and %s must both be lines of the request''s stream '
      '(#%s) and year; money moves only within a stream', TG_TABLE_NAME, NEW.from_line_id,
      NEW.to_line_id, NEW.stream_id);
  END IF;
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION {s}.fl_guard_move_lines() FROM PUBLIC;
"""


def _schema() -> str:
    return str(op.get_bind().exec_driver_sql("select current_schema()").scalar_one())


def scope(s: str) -> str:
    return f"(SELECT {s}.fl_sees_all()) OR stream_id IN (SELECT unnest({s}.fl_my_streams()))"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    op.execute(FUNCTION.replace("{s}", s))
    for t in MOVES:
        op.execute(
            f"CREATE TRIGGER guard_{t}_lines BEFORE INSERT OR UPDATE ON {s}.{t} "
            f"FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_move_lines()"
        )
    t, mine = f"{s}.return_schedules", scope(s)
    op.execute(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY fl_scope ON {t} FOR SELECT USING ({mine} OR stream_id IS NULL)")
    op.execute(f"CREATE POLICY fl_scope_add ON {t} FOR INSERT WITH CHECK ({mine})")
    op.execute(
        f"CREATE POLICY fl_scope_change ON {t} FOR UPDATE USING ({mine}) WITH CHECK ({mine})"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    t = f"{s}.return_schedules"
    for name in ("fl_scope", "fl_scope_add", "fl_scope_change"):
        op.execute(f"DROP POLICY IF EXISTS {name} ON {t}")
    op.execute(f"ALTER TABLE {t} DISABLE ROW LEVEL SECURITY")
    for m in MOVES:
        op.execute(f"DROP TRIGGER IF EXISTS guard_{m}_lines ON {s}.{m}")
    op.execute(f"DROP FUNCTION IF EXISTS {s}.fl_guard_move_lines()")
