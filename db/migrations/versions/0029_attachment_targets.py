"""An attachment's stream is the stream of what it is attached to (PostgreSQL).

Row-level security checked only an attachment's own ``stream_id``: as a budget holder for DA,
from psql, I attached a file ("receipt.pdf") to a YJ transaction — one I cannot even see — by
giving the attachment DA's stream; a finance officer opening that transaction's evidence (or a
YJ return's evidence pack, through ``submission_id``) would find it.  The app takes the stream
from the target.  Now the server does too: on every insert and update the attachment's stream
must be its transaction's, contract line's, contribution's or return submission's, looked up as
the ledger's owner (a target the caller cannot see is no way round it).

SQLite has no logins: nothing changes there.

Revision ID: 0029
Revises: 0028
"""

from __future__ import annotations

from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

FUNCTION = r"""
CREATE FUNCTION {s}.fl_guard_attachment_target() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {s}, pg_temp AS $$
DECLARE
  sid integer;
BEGIN
  sid := CASE
    WHEN NEW.transaction_id IS NOT NULL THEN
      (SELECT t.stream_id FROM {s}.transactions t WHERE t.id = NEW.transaction_id)
    WHEN NEW.contract_line_id IS NOT NULL THEN
      (SELECT c.stream_id FROM {s}.contract_lines c WHERE c.id = NEW.contract_line_id)
    WHEN NEW.contribution_id IS NOT NULL THEN
      (SELECT c.stream_id FROM {s}.contributions c WHERE c.id = NEW.contribution_id)
    ELSE (SELECT r.stream_id FROM {s}.return_submissions r WHERE r.id = NEW.submission_id)
  END;
  IF NEW.stream_id IS DISTINCT FROM sid THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
      'fundledger: attachments: an attachment belongs to the stream of what it is attached to '
      '(stream #%s), not #%s', coalesce(sid::text, 'none'), coalesce(NEW.stream_id::text, 'none'));
  END IF;
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION {s}.fl_guard_attachment_target() FROM PUBLIC;
"""


def _schema() -> str:
    return str(op.get_bind().exec_driver_sql("select current_schema()").scalar_one())


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    op.execute(FUNCTION.replace("{s}", s))
    op.execute(
        f"CREATE TRIGGER guard_attachments_target BEFORE INSERT OR UPDATE ON {s}.attachments "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_attachment_target()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    op.execute(f"DROP TRIGGER IF EXISTS guard_attachments_target ON {s}.attachments")
    op.execute(f"DROP FUNCTION IF EXISTS {s}.fl_guard_attachment_target()")
