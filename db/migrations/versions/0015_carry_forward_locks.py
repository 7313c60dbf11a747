"""Period locks guard carry-forwards too (issue 16): a carry-forward touches two years (the
underspend it moves out of ``from_year`` and the budget it adds to ``to_year``), so a whole-year
lock on either refuses inserting, changing or deleting it — on the server as the application
already does (``db.ops.carry_forward``: both years must be open to request or decide one).

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

EVENTS = (
    ("insert", "INSERT", "NEW", "inserted"),
    ("update_old", "UPDATE", "OLD", "changed"),
    ("update_new", "UPDATE", "NEW", "changed"),
    ("delete", "DELETE", "OLD", "deleted"),
)


def sqlite_trigger_names() -> list[str]:
    return [f"guard_carry_forwards_locked_{e[0]}" for e in EVENTS]


def _sqlite(name: str, event: str, r: str, verb: str) -> str:
    when = (
        "EXISTS (SELECT 1 FROM period_locks l WHERE l.active AND l.period IS NULL "
        f"AND l.year IN ({r}.from_year, {r}.to_year) "
        f"AND (l.stream_id IS NULL OR l.stream_id = {r}.stream_id))"
    )
    return (
        f"CREATE TRIGGER guard_carry_forwards_locked_{name} BEFORE {event} ON carry_forwards "
        f"WHEN {when} BEGIN SELECT RAISE(ABORT, 'fundledger: carry_forwards: a carry-forward "
        f"from or into a closed year cannot be {verb} (an administrator must reopen it first)'); END"
    )


PG_FUNCTION = r"""
CREATE OR REPLACE FUNCTION {s}.fl_guard_carry_period() RETURNS trigger
LANGUAGE plpgsql SET search_path = {s}, pg_temp AS $$
DECLARE
  r record;
  verb text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM {s}.fl_check_period('carry_forwards', jsonb_build_object('stream_id', OLD.stream_id,
      'year_from', OLD.from_year, 'year_to', OLD.to_year), 'changed');
  END IF;
  IF TG_OP = 'DELETE' THEN
    r := OLD;
    verb := 'deleted';
  ELSE
    r := NEW;
    verb := CASE WHEN TG_OP = 'INSERT' THEN 'inserted' ELSE 'changed' END;
  END IF;
  PERFORM {s}.fl_check_period('carry_forwards', jsonb_build_object('stream_id', r.stream_id,
    'year_from', r.from_year, 'year_to', r.to_year), verb);
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$;
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        s = _schema()
        op.execute(PG_FUNCTION.format(s=s))
        op.execute(
            f"CREATE TRIGGER guard_carry_forwards_locked BEFORE INSERT OR UPDATE OR DELETE "
            f"ON {s}.carry_forwards FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_carry_period()"
        )
    else:
        for event in EVENTS:
            op.execute(_sqlite(*event))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        s = _schema()
        op.execute(f"DROP TRIGGER IF EXISTS guard_carry_forwards_locked ON {s}.carry_forwards")
        op.execute(f"DROP FUNCTION IF EXISTS {s}.fl_guard_carry_period()")
    else:
        for name in sqlite_trigger_names():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def _schema() -> str:
    return str(op.get_bind().exec_driver_sql("select current_schema()").scalar_one())
