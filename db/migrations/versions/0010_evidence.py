"""Evidence (issue 22): files attached to transactions, contract lines, contributions and
submissions, kept in the ledger so both backends keep them and backups carry them.

``evidence_files`` holds each file's bytes once, keyed by their sha256 (content-addressed);
``attachments`` says what a file is attached to, its name and type, and whether it has been
detached (who, when, why — the row and the file stay: detaching is history, not deletion).
Neither is ever deleted, and a file's bytes never change (guard triggers on both backends).

PostgreSQL: row-level security on both, so a budget holder sees only the attachments of their
own streams and only the files attached to them (a file another stream also uses is visible
through their own attachment); see :func:`postgres_up`.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ONE_TARGET = " + ".join(
    f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)"
    for c in ("transaction_id", "contract_line_id", "contribution_id", "submission_id")
) + " = 1"


def upgrade() -> None:
    op.create_table(
        "evidence_files",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.CheckConstraint("size > 0", name=op.f("ck_evidence_files_size")),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_evidence_files")),
    )
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("stream_id", sa.Integer(), nullable=True),
        sa.Column("transaction_id", sa.Integer(), nullable=True),
        sa.Column("contract_line_id", sa.Integer(), nullable=True),
        sa.Column("contribution_id", sa.Integer(), nullable=True),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("detached", sa.Boolean(), nullable=False),
        sa.Column("detached_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("detached_by", sa.String(length=64), nullable=True),
        sa.Column("detach_reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.CheckConstraint(ONE_TARGET, name=op.f("ck_attachments_one_target")),
        sa.ForeignKeyConstraint(["sha256"], ["evidence_files.sha256"],
                                name=op.f("fk_attachments_sha256_evidence_files")),
        sa.ForeignKeyConstraint(["stream_id"], ["streams.id"],
                                name=op.f("fk_attachments_stream_id_streams")),
        sa.ForeignKeyConstraint(["transaction_id"], ["transactions.id"],
                                name=op.f("fk_attachments_transaction_id_transactions")),
        sa.ForeignKeyConstraint(["contract_line_id"], ["contract_lines.id"],
                                name=op.f("fk_attachments_contract_line_id_contract_lines")),
        sa.ForeignKeyConstraint(["contribution_id"], ["contributions.id"],
                                name=op.f("fk_attachments_contribution_id_contributions")),
        sa.ForeignKeyConstraint(["submission_id"], ["return_submissions.id"],
                                name=op.f("fk_attachments_submission_id_return_submissions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )  # fmt: skip
    for name, col in (("transaction", "transaction_id"), ("contract_line", "contract_line_id"),
                      ("contribution", "contribution_id"), ("submission", "submission_id"),
                      ("sha256", "sha256")):  # fmt: skip
        op.create_index(f"ix_attachments_{name}", "attachments", [col])
    for stmt in postgres_up() if op.get_bind().dialect.name == "postgresql" else sqlite_up():
        op.execute(stmt)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        s = _schema()
        for table in ("attachments", "evidence_files"):
            op.execute(f"DROP TABLE {s}.{table}")
        op.execute(f"DROP FUNCTION {s}.fl_evidence_visible(text, integer[])")
        op.execute(f"DROP FUNCTION {s}.fl_evidence_stored(text)")
        return
    op.drop_table("attachments")
    op.drop_table("evidence_files")


def sqlite_up() -> list[str]:
    msg = "fundledger: {t} rows are never {v} (detach an attachment instead: it stays as history)"
    out = []
    for table, verbs in (("evidence_files", ("update", "delete")), ("attachments", ("delete",))):
        for verb in verbs:
            done = "changed" if verb == "update" else "deleted"
            text = msg.format(t=table, v=done)
            out.append(f"CREATE TRIGGER guard_{table}_no_{verb} BEFORE {verb.upper()} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{text}'); END")  # fmt: skip
    return out


def _schema() -> str:
    return str(op.get_bind().exec_driver_sql("select current_schema()").scalar_one())


EVIDENCE_FUNCTIONS = r"""
CREATE FUNCTION {s}.fl_evidence_visible(sha text, mine integer[]) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {s}, pg_temp AS $$
  SELECT NOT EXISTS (SELECT 1 FROM {s}.attachments a WHERE a.sha256 = sha)
      OR EXISTS (SELECT 1 FROM {s}.attachments a WHERE a.sha256 = sha AND a.stream_id = ANY (mine))
$$;

CREATE FUNCTION {s}.fl_evidence_stored(sha text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {s}, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM {s}.evidence_files f WHERE f.sha256 = sha)
$$;
"""


def postgres_up() -> list[str]:
    """Guards and row-level security.  A file is visible to whoever sees all streams, or through
    an attachment of one of the reader's streams, or while it has no attachment yet (inside the
    transaction that stores it: attachments are never deleted, so no committed file is left
    without one).  ``fl_evidence_visible`` reads every attachment (SECURITY DEFINER) with the
    reader's streams passed in; ``fl_evidence_stored`` says whether a file's bytes are already
    kept, so a writer stores them once even when they are attached only to another stream."""
    s = _schema()
    sees = f"(SELECT {s}.fl_sees_all()) OR stream_id IN (SELECT unnest({s}.fl_my_streams()))"
    file_sees = (
        f"(SELECT {s}.fl_sees_all()) OR "
        f"{s}.fl_evidence_visible(sha256, (SELECT {s}.fl_my_streams()))"
    )
    return [
        EVIDENCE_FUNCTIONS.format(s=s),
        f"CREATE TRIGGER guard_evidence_files_immutable BEFORE UPDATE OR DELETE ON "
        f"{s}.evidence_files FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_immutable()",
        f"CREATE TRIGGER guard_evidence_files_no_truncate BEFORE TRUNCATE ON {s}.evidence_files "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {s}.fl_guard_immutable()",
        f"CREATE TRIGGER guard_attachments_no_delete BEFORE DELETE ON {s}.attachments "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_no_delete()",
        f"ALTER TABLE {s}.attachments ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY fl_scope ON {s}.attachments USING ({sees}) WITH CHECK ({sees})",
        f"ALTER TABLE {s}.evidence_files ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY fl_scope ON {s}.evidence_files USING ({file_sees}) "
        f"WITH CHECK ({file_sees})",
    ]
