"""Closing a period is finance's, reopening an administrator's — and a lock is sealed (PostgreSQL).

The administrator group could INSERT and UPDATE every column of ``period_locks``.  As an
administrator's own login, from psql, I closed P07 for all streams (finance's action: a finance
officer's P08 invoice was then refused), moved that lock to P08, and made a reopened lock active
again with its ``reopened_by`` cleared — rewriting who had reopened it.

Now (grants in :mod:`db.roles`, re-applied by ``init``): an administrator may update only what
a reopening changes (``active``, ``reopened_by``/``_at``/``reopen_reason`` and the row's version
and who/when), and may not insert; finance still only inserts.  And a trigger seals every lock,
for every login including the owner: a lock is inserted active and not reopened; what was closed
(stream, year, period, reason, who/when) never changes; ``active`` goes only from true to false;
a reopening, once made, is never rewritten; locks are never deleted.  Closing again after a
reopening is a new lock, as the app does.  SQLite has no logins: nothing changes there.

Revision ID: 0024
Revises: 0023
"""

from __future__ import annotations

from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

#: what was closed: never changed after the lock is written
CLOSED = ("stream_id", "year", "period", "reason", "created_at", "created_by")

FUNCTION = r"""
CREATE FUNCTION {s}.fl_guard_lock_sealed() RETURNS trigger
LANGUAGE plpgsql SET search_path = {s}, pg_temp AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE =
      'fundledger: period_locks rows are never deleted; an administrator reopens a period';
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NOT NEW.active OR NEW.reopened_by IS NOT NULL OR NEW.reopened_at IS NOT NULL
       OR NEW.reopen_reason IS NOT NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE =
        'fundledger: period_locks: a period is closed by a new active lock, never reopened';
    END IF;
    RETURN NEW;
  END IF;
  IF ({changed}) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE =
      'fundledger: period_locks: what was closed cannot be changed (reopen it, then close again)';
  END IF;
  IF NOT OLD.active AND NEW.active THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE =
      'fundledger: period_locks: a reopened lock cannot be made active again (close the period afresh)';
  END IF;
  IF NOT OLD.active AND (NEW.reopened_by IS DISTINCT FROM OLD.reopened_by
      OR NEW.reopened_at IS DISTINCT FROM OLD.reopened_at
      OR NEW.reopen_reason IS DISTINCT FROM OLD.reopen_reason) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE =
      'fundledger: period_locks: who reopened a period, when and why cannot be changed';
  END IF;
  RETURN NEW;
END $$;
"""


def _schema() -> str:
    return str(op.get_bind().exec_driver_sql("select current_schema()").scalar_one())


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in CLOSED)
    op.execute(FUNCTION.replace("{s}", s).replace("{changed}", changed))
    op.execute(
        f"CREATE TRIGGER guard_period_locks_sealed BEFORE INSERT OR UPDATE OR DELETE "
        f"ON {s}.period_locks FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_lock_sealed()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    op.execute(f"DROP TRIGGER IF EXISTS guard_period_locks_sealed ON {s}.period_locks")
    op.execute(f"DROP FUNCTION IF EXISTS {s}.fl_guard_lock_sealed()")
