"""GL statement lines and import batches under the period locks on the server (PostgreSQL).

Two ways round "closed periods and signed-off reconciliations cannot be changed", each taken as
a finance officer's own login from psql:

- ``statement_lines`` had no period guard: I changed the amount of a YJ P01 GL line while P01
  was signed off (and could have in a closed period) — the reconciliation signed off was no
  longer the one stored.  Now the closed-period guard of the money tables applies to them
  (``fl_guard_period``: an import into a closed period was already refused by the app), and a
  line of a signed-off period cannot be changed (reopen the sign-off first).
- ``import_batches.status`` could be set to ``undone`` (or back to ``active``) by UPDATE: the
  app's undo refuses a batch with rows in a closed period, but the flip alone took a budget-line,
  contribution or GL import out of a closed year's figures.  Now a batch's status only goes from
  ``active`` to ``undone``, and only when none of its budget lines, contributions, income items
  or statement lines is in a closed period or year (its transactions are reversed into the open
  period by the app, as before) and it is not the GL statement of a signed-off reconciliation
  (as the app's undo says, ``db.ops.imports.undoable``).

SQLite has no logins: nothing changes there.

Revision ID: 0025
Revises: 0024
"""

from __future__ import annotations

from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

#: tables whose rows a batch's status takes in or out of the figures (transactions: reversed)
STANDING = ("budget_lines", "contributions", "income_items", "statement_lines")

FUNCTIONS = r"""
CREATE FUNCTION {s}.fl_guard_statement_signed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {s}, pg_temp AS $$
DECLARE
  k record;
BEGIN
  SELECT o.year, o.period, o.signed_by, st.code INTO k
    FROM {s}.recon_signoffs o JOIN {s}.streams st ON st.id = o.stream_id
   WHERE o.active AND ((o.stream_id, o.year, o.period) = (OLD.stream_id, OLD.year, OLD.period)
      OR (o.stream_id, o.year, o.period) = (NEW.stream_id, NEW.year, NEW.period))
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
      'fundledger: statement_lines: the %s reconciliation for %s-%s P%s was signed off by %s; '
      'its statement lines cannot be changed (reopen the sign-off with a reason first)',
      k.code, k.year, right((k.year + 1)::text, 2), lpad(k.period::text, 2, '0'), k.signed_by);
  END IF;
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION {s}.fl_guard_statement_signed() FROM PUBLIC;

CREATE FUNCTION {s}.fl_guard_batch_status() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {s}, pg_temp AS $$
DECLARE
  k record;
BEGIN
  IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
    RETURN NEW;
  END IF;
  IF NOT (OLD.status = 'active' AND NEW.status = 'undone') THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
      'fundledger: import_batches: batch %s is %s; a batch is only ever undone (active to '
      'undone), never %s', OLD.id, OLD.status, NEW.status);
  END IF;
  {checks}
  SELECT o.year, o.period, o.signed_by, st.code INTO k
    FROM {s}.statement_lines l JOIN {s}.recon_signoffs o ON o.active
     AND o.stream_id = l.stream_id AND o.year = l.year AND o.period = l.period
    JOIN {s}.streams st ON st.id = o.stream_id
   WHERE l.batch_id = NEW.id LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
      'fundledger: import_batches: batch %s is the GL statement of the %s reconciliation for '
      '%s-%s P%s, signed off by %s; reopen it first', NEW.id, k.code, k.year,
      right((k.year + 1)::text, 2), lpad(k.period::text, 2, '0'), k.signed_by);
  END IF;
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION {s}.fl_guard_batch_status() FROM PUBLIC;
"""
CHECK = (
    "PERFORM {s}.fl_check_period('{t}', to_jsonb(r), 'undone') "
    "FROM {s}.{t} r WHERE r.batch_id = NEW.id;"
)


def _schema() -> str:
    return str(op.get_bind().exec_driver_sql("select current_schema()").scalar_one())


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    checks = "\n  ".join(CHECK.replace("{t}", t) for t in STANDING)
    op.execute(FUNCTIONS.replace("{checks}", checks).replace("{s}", s))
    op.execute(
        f"CREATE TRIGGER guard_statement_lines_locked BEFORE INSERT OR UPDATE OR DELETE ON "
        f"{s}.statement_lines FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_period()"
    )
    op.execute(
        f"CREATE TRIGGER guard_statement_lines_signed BEFORE UPDATE ON {s}.statement_lines "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_statement_signed()"
    )
    op.execute(
        f"CREATE TRIGGER guard_import_batches_status BEFORE UPDATE ON {s}.import_batches "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_batch_status()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    op.execute(f"DROP TRIGGER IF EXISTS guard_import_batches_status ON {s}.import_batches")
    op.execute(f"DROP TRIGGER IF EXISTS guard_statement_lines_signed ON {s}.statement_lines")
    op.execute(f"DROP TRIGGER IF EXISTS guard_statement_lines_locked ON {s}.statement_lines")
    op.execute(f"DROP FUNCTION IF EXISTS {s}.fl_guard_batch_status()")
    op.execute(f"DROP FUNCTION IF EXISTS {s}.fl_guard_statement_signed()")
