"""A virement may not take the line it moves from below zero available unless finance overrides
it with a reason (issue 16, ADR 004), checked by the server as well as the application.

``virements.override_reason`` and ``override_by`` record an override.  When a virement becomes
approved (an INSERT already approved, or an UPDATE to approved) without an override, a trigger
works out the from-line's available — original + approved virements and carry-forwards in − out
− actual spend on the line in its year − committed (each contract line on it: its profile for
the year less what was invoiced against it in the year, never below zero) — and refuses if the
virement's amount is more.  PostgreSQL also refuses an override recorded by anyone but a
finance user in their own name (the login behind the session, ``session_user``); the check runs
``SECURITY DEFINER`` so it counts every stream's rows whoever approves.  The application asks
for the same figure first (``db.queries.budget.line_available``) and says so in its words.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def available(line: str, s: str = "", greatest: str = "greatest") -> str:
    """SQL for the available (integer pence) of budget line ``line`` (an SQL expression)."""
    p = f"{s}." if s else ""

    def moved(table: str, side: str) -> str:
        return (
            f"coalesce((SELECT sum(m.amount) FROM {p}{table} m WHERE m.{side}_line_id = b.id "
            "AND m.status = 'approved'), 0)"
        )

    return (
        f"(SELECT b.original + {moved('virements', 'to')} - {moved('virements', 'from')}"
        f" + {moved('carry_forwards', 'to')} - {moved('carry_forwards', 'from')}"
        f" - coalesce((SELECT sum(t.amount) FROM {p}transactions t"
        "   WHERE t.budget_line_id = b.id AND t.year = b.year), 0)"
        f" - coalesce((SELECT sum({greatest}(coalesce(cp.amount, 0) - coalesce((SELECT"
        f"   sum(i.amount) FROM {p}transactions i WHERE i.contract_line_id = cl.id"
        f"   AND i.year = b.year), 0), 0)) FROM {p}contract_lines cl LEFT JOIN"
        f"   {p}contract_profiles cp ON cp.contract_line_id = cl.id AND cp.year = b.year"
        "   WHERE cl.budget_line_id = b.id), 0)"
        f" FROM {p}budget_lines b WHERE b.id = {line})"
    )


SQLITE_MESSAGE = (
    "fundledger: virements: approving this would take the line it moves from below zero "
    "available; finance must override it with a reason"
)


def sqlite_up() -> list[str]:
    short = f"NEW.override_reason IS NULL AND {available('NEW.from_line_id', greatest='max')}"
    short += " - NEW.amount < 0"
    return [
        "CREATE TRIGGER guard_virements_cover_insert BEFORE INSERT ON virements "
        f"WHEN NEW.status = 'approved' AND {short} "
        f"BEGIN SELECT RAISE(ABORT, '{SQLITE_MESSAGE}'); END",
        "CREATE TRIGGER guard_virements_cover_update BEFORE UPDATE ON virements "
        f"WHEN NEW.status = 'approved' AND OLD.status <> 'approved' AND {short} "
        f"BEGIN SELECT RAISE(ABORT, '{SQLITE_MESSAGE}'); END",
    ]


SQLITE_TRIGGERS = ("guard_virements_cover_insert", "guard_virements_cover_update")

PG_FUNCTIONS = r"""
CREATE FUNCTION {s}.fl_line_available(line integer) RETURNS bigint
LANGUAGE sql STABLE SET search_path = {s}, pg_temp AS $$
  SELECT {available}
$$;

CREATE FUNCTION {s}.fl_guard_virement_cover() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {s}, pg_temp AS $$
DECLARE
  approving boolean := NEW.status = 'approved'
    AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'approved');
  overriding boolean := NEW.override_reason IS NOT NULL AND (TG_OP = 'INSERT'
    OR OLD.override_reason IS DISTINCT FROM NEW.override_reason
    OR OLD.override_by IS DISTINCT FROM NEW.override_by);
  who_role text;
  have bigint;
BEGIN
  SELECT u.role INTO who_role FROM {s}.users u WHERE u.username = session_user;
  IF overriding AND who_role IS NOT NULL
     AND (who_role <> 'finance' OR NEW.override_by IS DISTINCT FROM session_user::text) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
      'fundledger: virements: only finance may override the available check, in their own '
      'name (%s is %s)', session_user, who_role);
  END IF;
  IF NOT approving OR NEW.override_reason IS NOT NULL THEN
    RETURN NEW;
  END IF;
  have := {s}.fl_line_available(NEW.from_line_id);
  IF have - NEW.amount < 0 THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
      'fundledger: virements: approving #%s would take budget line #%s below zero available '
      '(%s available, %s moved); finance must override it with a reason',
      NEW.id, NEW.from_line_id, to_char(have / 100.0, 'FM999999999990.00'),
      to_char(NEW.amount / 100.0, 'FM999999999990.00'));
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER guard_virements_cover BEFORE INSERT OR UPDATE ON {s}.virements
FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_virement_cover();
"""


def upgrade() -> None:
    op.add_column("virements", sa.Column("override_reason", sa.Text(), nullable=True))
    op.add_column("virements", sa.Column("override_by", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        s = str(bind.exec_driver_sql("select current_schema()").scalar_one())
        op.execute(PG_FUNCTIONS.format(s=s, available=available("line", s)))
    else:
        for sql in sqlite_up():
            op.execute(sql)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        s = str(bind.exec_driver_sql("select current_schema()").scalar_one())
        op.execute(f"DROP TRIGGER IF EXISTS guard_virements_cover ON {s}.virements")
        op.execute(f"DROP FUNCTION IF EXISTS {s}.fl_guard_virement_cover()")
        op.execute(f"DROP FUNCTION IF EXISTS {s}.fl_line_available(integer)")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_column("virements", "override_by")
    op.drop_column("virements", "override_reason")
