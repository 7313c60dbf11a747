"""A reconciliation sign-off is sealed on the server (issue 15): once written, only what a
reopening changes may change — ``active`` from true to false, ``reopened_by``/``reopened_at``/
``reopen_reason`` and the row's version and who/when.  What was signed (the stream, period,
difference, explanation, signer, statement, cumulative and unexplained figures) can no longer be
rewritten, nor a reopened sign-off made active again, by anyone — not by the app's own roles
through ``psql`` (finance may UPDATE the table to reopen), nor by an administrator.  A new sign-off
after a reopening is a new row.  Sign-offs are never deleted.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

#: what was signed: never changed after the row is written
SIGNED = (
    "stream_id",
    "year",
    "period",
    "difference",
    "explanation",
    "signed_by",
    "signed_at",
    "statement",
    "cumulative",
    "unexplained",
    "created_at",
    "created_by",
)
SQLITE_NAMES = (
    "guard_recon_signoffs_sealed",
    "guard_recon_signoffs_reactivated",
    "guard_recon_signoffs_reopen_undone",
    "guard_recon_signoffs_no_delete",
)


def _sqlite() -> list[str]:
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in SIGNED)
    return [
        f"CREATE TRIGGER guard_recon_signoffs_sealed BEFORE UPDATE ON recon_signoffs "
        f"WHEN {changed} BEGIN SELECT RAISE(ABORT, 'fundledger: recon_signoffs: what was signed "
        "off cannot be changed (reopen the sign-off with a reason and sign off again)'); END",
        "CREATE TRIGGER guard_recon_signoffs_reactivated BEFORE UPDATE ON recon_signoffs "
        "WHEN NOT OLD.active AND NEW.active BEGIN SELECT RAISE(ABORT, 'fundledger: "
        "recon_signoffs: a reopened sign-off cannot be made active again (sign off afresh)'); END",
        "CREATE TRIGGER guard_recon_signoffs_reopen_undone BEFORE UPDATE ON recon_signoffs "
        "WHEN NOT OLD.active AND (NEW.reopened_by IS NOT OLD.reopened_by OR NEW.reopened_at IS "
        "NOT OLD.reopened_at OR NEW.reopen_reason IS NOT OLD.reopen_reason) BEGIN SELECT "
        "RAISE(ABORT, 'fundledger: recon_signoffs: who reopened a sign-off, when and why cannot "
        "be changed'); END",
        "CREATE TRIGGER guard_recon_signoffs_no_delete BEFORE DELETE ON recon_signoffs BEGIN "
        "SELECT RAISE(ABORT, 'fundledger: recon_signoffs rows are never deleted; reopen a "
        "sign-off with a reason instead'); END",
    ]


PG_FUNCTION = r"""
CREATE OR REPLACE FUNCTION {s}.fl_guard_signoff_sealed() RETURNS trigger
LANGUAGE plpgsql SET search_path = {s}, pg_temp AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE =
      'fundledger: recon_signoffs rows are never deleted; reopen a sign-off with a reason instead';
  END IF;
  IF ({changed}) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE =
      'fundledger: recon_signoffs: what was signed off cannot be changed (reopen the sign-off '
      'with a reason and sign off again)';
  END IF;
  IF NOT OLD.active AND NEW.active THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE =
      'fundledger: recon_signoffs: a reopened sign-off cannot be made active again (sign off afresh)';
  END IF;
  IF NOT OLD.active AND (NEW.reopened_by IS DISTINCT FROM OLD.reopened_by
      OR NEW.reopened_at IS DISTINCT FROM OLD.reopened_at
      OR NEW.reopen_reason IS DISTINCT FROM OLD.reopen_reason) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE =
      'fundledger: recon_signoffs: who reopened a sign-off, when and why cannot be changed';
  END IF;
  RETURN NEW;
END $$;
"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        s = str(bind.exec_driver_sql("select current_schema()").scalar_one())
        changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in SIGNED)
        op.execute(PG_FUNCTION.replace("{s}", s).replace("{changed}", changed))
        op.execute(
            f"CREATE TRIGGER guard_recon_signoffs_sealed BEFORE UPDATE OR DELETE "
            f"ON {s}.recon_signoffs FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_signoff_sealed()"
        )
    else:
        for sql in _sqlite():
            op.execute(sql)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        s = str(bind.exec_driver_sql("select current_schema()").scalar_one())
        op.execute(f"DROP TRIGGER IF EXISTS guard_recon_signoffs_sealed ON {s}.recon_signoffs")
        op.execute(f"DROP FUNCTION IF EXISTS {s}.fl_guard_signoff_sealed()")
    else:
        for name in SQLITE_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
