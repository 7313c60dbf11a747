"""An agreed original budget changes only through a budget revision (issue 16, ADR 004).

``budget_revisions`` records each change of a line's original: old and new, the reason and who
(finance; ``db.ops.budget_entries.revise_original``).  On both backends:

- an UPDATE that changes ``budget_lines.original`` is refused unless the line's latest revision
  goes from the old original to the new one (so the edit form, a budget holder or raw SQL
  cannot change it, and an old revision cannot be replayed);
- a revision is never changed or deleted; it is guarded by period locks (a closed year) like the
  line;
- PostgreSQL: only finance may insert one (``db.roles``: it is not among a budget holder's
  tables), and row-level security scopes it by stream like the money tables.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

T = "budget_revisions"


def _latest_matches(p: str = "") -> str:
    return (
        f"EXISTS (SELECT 1 FROM {p}budget_revisions r WHERE r.id = (SELECT max(x.id) FROM "
        f"{p}budget_revisions x WHERE x.budget_line_id = NEW.id) "
        "AND r.old_original = OLD.original AND r.new_original = NEW.original)"
    )


MESSAGE = (
    "fundledger: budget_lines: an agreed original budget changes only through a budget revision "
    "(finance: Revise original…, with a reason); in-year moves are virements"
)

SQLITE = [
    "CREATE TRIGGER guard_budget_lines_original BEFORE UPDATE OF original ON budget_lines "
    f"WHEN NEW.original <> OLD.original AND NOT {_latest_matches()} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER guard_{T}_no_update BEFORE UPDATE ON {T} BEGIN SELECT RAISE(ABORT, "
    "'fundledger: budget_revisions rows are kept as they were made; a correction is a new "
    "revision'); END",
    f"CREATE TRIGGER guard_{T}_no_delete BEFORE DELETE ON {T} BEGIN SELECT RAISE(ABORT, "
    "'fundledger: budget_revisions rows are never deleted'); END",
    f"CREATE TRIGGER guard_{T}_locked_insert BEFORE INSERT ON {T} WHEN EXISTS (SELECT 1 FROM "
    "period_locks l WHERE l.active AND l.year = NEW.year AND l.period IS NULL AND "
    "(l.stream_id IS NULL OR l.stream_id = NEW.stream_id)) BEGIN SELECT RAISE(ABORT, "
    f"'fundledger: {T}: a row of a closed year cannot be inserted (an administrator must "
    "reopen it first)'); END",
]
SQLITE_TRIGGERS = (
    "guard_budget_lines_original",
    f"guard_{T}_no_update",
    f"guard_{T}_no_delete",
    f"guard_{T}_locked_insert",
)

PG = r"""
CREATE FUNCTION {s}.fl_guard_original() RETURNS trigger
LANGUAGE plpgsql SET search_path = {s}, pg_temp AS $$
BEGIN
  IF NEW.original IS DISTINCT FROM OLD.original AND NOT {latest} THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = '{message}';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER guard_budget_lines_original BEFORE UPDATE ON {s}.budget_lines
FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_original();
CREATE FUNCTION {s}.fl_guard_kept() RETURNS trigger
LANGUAGE plpgsql SET search_path = {s}, pg_temp AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
    'fundledger: %s rows are kept as they were made and never changed or deleted', TG_TABLE_NAME);
END $$;
CREATE TRIGGER guard_{t}_kept BEFORE UPDATE OR DELETE ON {s}.{t}
FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_kept();
CREATE TRIGGER guard_{t}_locked BEFORE INSERT ON {s}.{t}
FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_period();
ALTER TABLE {s}.{t} ENABLE ROW LEVEL SECURITY;
CREATE POLICY fl_scope ON {s}.{t} USING ({scope}) WITH CHECK ({scope});
"""


def upgrade() -> None:
    op.create_table(
        T,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("budget_line_id", sa.Integer(), nullable=False),
        sa.Column("stream_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("old_original", sa.BigInteger(), nullable=False),
        sa.Column("new_original", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["budget_line_id"], ["budget_lines.id"],
            name=op.f("fk_budget_revisions_budget_line_id_budget_lines"),
        ),  # fmt: skip
        sa.ForeignKeyConstraint(
            ["stream_id"], ["streams.id"], name=op.f("fk_budget_revisions_stream_id_streams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_revisions")),
    )
    op.create_index("ix_budget_revisions_budget_line_id", T, ["budget_line_id"])
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        s = str(bind.exec_driver_sql("select current_schema()").scalar_one())
        scope = (
            f"(SELECT {s}.fl_sees_all()) OR stream_id IN (SELECT unnest({s}.fl_my_streams()))"
        )
        op.execute(PG.format(s=s, t=T, latest=_latest_matches(f"{s}."), message=MESSAGE,
                             scope=scope))  # fmt: skip
    else:
        for sql in SQLITE:
            op.execute(sql)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        s = str(bind.exec_driver_sql("select current_schema()").scalar_one())
        op.execute(f"DROP TRIGGER IF EXISTS guard_budget_lines_original ON {s}.budget_lines")
        op.execute(f"DROP FUNCTION IF EXISTS {s}.fl_guard_original()")
        op.execute(f"DROP TABLE IF EXISTS {s}.{T}")
        op.execute(f"DROP FUNCTION IF EXISTS {s}.fl_guard_kept()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.drop_index("ix_budget_revisions_budget_line_id", T)
        op.drop_table(T)
