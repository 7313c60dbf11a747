"""Returns as records (issue 22): ``return_submissions`` (a return as sent: its figures and
rows as JSON, the workbook's bytes and sha256, the audit seal, what it supersedes) and
``return_schedules`` (when each return is due for a stream).

A submission is never changed or deleted: ``BEFORE UPDATE``/``DELETE`` triggers refuse on both
backends (a correction is a new submission that supersedes it).  PostgreSQL: row-level security
on submissions, so a budget holder sees only their own streams' (the ``fl_scope`` expression of
revision 0005: schema-qualified, who-sees-what read once per statement); the guard function
names no table and runs with ``search_path = <schema>, pg_temp`` like 0005's.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

IMMUTABLE = ("return_submissions",)
SCOPED = ("return_submissions",)

PG_IMMUTABLE = r"""
CREATE FUNCTION {s}.fl_guard_immutable() RETURNS trigger
LANGUAGE plpgsql SET search_path = {s}, pg_temp AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
    'fundledger: %s rows are kept as they were stored and cannot be changed or deleted '
    '(a correction is a new one that supersedes it)', TG_TABLE_NAME);
END $$;
"""


def upgrade() -> None:
    op.create_table(
        "return_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ret", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("stream_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("as_at", sa.Date(), nullable=False),
        sa.Column("period", sa.String(length=100), nullable=False),
        sa.Column("submitted_to", sa.String(length=300), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("workbook", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("seal_entry", sa.Integer(), nullable=True),
        sa.Column("seal_hash", sa.String(length=64), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "status in ('draft','submitted')", name=op.f("ck_return_submissions_status")
        ),
        sa.ForeignKeyConstraint(
            ["stream_id"], ["streams.id"], name=op.f("fk_return_submissions_stream_id_streams")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["return_submissions.id"],
            name=op.f("fk_return_submissions_supersedes_id_return_submissions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_submissions")),
        sa.UniqueConstraint("supersedes_id", name="supersedes_once"),
    )
    op.create_index(
        "ix_return_submissions_ret_stream", "return_submissions", ["ret", "stream_id"]
    )
    op.create_table(
        "return_schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ret", sa.String(length=64), nullable=False),
        sa.Column("stream_id", sa.Integer(), nullable=True),
        sa.Column("first_due", sa.Date(), nullable=False),
        sa.Column("every_months", sa.Integer(), nullable=False),
        sa.Column("due_to", sa.String(length=300), nullable=False),
        sa.Column("warn_days", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "every_months in (0, 1, 3, 6, 12)", name=op.f("ck_return_schedules_every_months")
        ),
        sa.CheckConstraint(
            "warn_days between 0 and 365", name=op.f("ck_return_schedules_warn_days")
        ),
        sa.ForeignKeyConstraint(
            ["stream_id"], ["streams.id"], name=op.f("fk_return_schedules_stream_id_streams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_schedules")),
    )
    if op.get_bind().dialect.name == "postgresql":
        for stmt in postgres_up():
            op.execute(stmt)
    else:
        for stmt in sqlite_up():
            op.execute(stmt)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for stmt in postgres_down():
            op.execute(stmt)
    else:
        for table in IMMUTABLE:
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS guard_{table}_no_{verb}")
    op.drop_table("return_schedules")
    op.drop_index("ix_return_submissions_ret_stream", table_name="return_submissions")
    op.drop_table("return_submissions")


def sqlite_up() -> list[str]:
    out = []
    for table in IMMUTABLE:
        for verb, done in (("update", "changed"), ("delete", "deleted")):
            out.append(
                f"CREATE TRIGGER guard_{table}_no_{verb} BEFORE {verb.upper()} ON {table} BEGIN "
                f"SELECT RAISE(ABORT, 'fundledger: {table} rows are kept as they were stored and "
                f"cannot be {done} (a correction is a new one that supersedes it)'); END"
            )
    return out


def _schema() -> str:
    return str(op.get_bind().exec_driver_sql("select current_schema()").scalar_one())


def postgres_up() -> list[str]:
    s = _schema()
    out = [PG_IMMUTABLE.format(s=s)]
    for table in IMMUTABLE:
        out.append(
            f"CREATE TRIGGER guard_{table}_immutable BEFORE UPDATE OR DELETE ON {s}.{table} "
            f"FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_immutable()"
        )
        out.append(
            f"CREATE TRIGGER guard_{table}_no_truncate BEFORE TRUNCATE ON {s}.{table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {s}.fl_guard_immutable()"
        )
    for table in SCOPED:
        expr = f"(SELECT {s}.fl_sees_all()) OR stream_id IN (SELECT unnest({s}.fl_my_streams()))"
        out.append(f"ALTER TABLE {s}.{table} ENABLE ROW LEVEL SECURITY")
        out.append(f"CREATE POLICY fl_scope ON {s}.{table} USING ({expr}) WITH CHECK ({expr})")
    return out


def postgres_down() -> list[str]:
    s = _schema()
    out = []
    for table in SCOPED:
        out.append(f"DROP POLICY IF EXISTS fl_scope ON {s}.{table}")
    for table in IMMUTABLE:
        out.append(f"DROP TRIGGER IF EXISTS guard_{table}_immutable ON {s}.{table}")
        out.append(f"DROP TRIGGER IF EXISTS guard_{table}_no_truncate ON {s}.{table}")
    out.append(f"DROP FUNCTION IF EXISTS {s}.fl_guard_immutable()")
    return out
