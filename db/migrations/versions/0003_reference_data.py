"""Reference data a ledger can change (issue 13): stream fund types and conditions, cost-centre
status, coding rules, organisation merges, and what coded each transaction.

Only columns and tables are added (no table is rebuilt, so SQLite keeps every foreign key and
trigger as it was).  The shipped streams get their fund type and line category from what they
were: ``pooled`` → pooled, ``income`` → income, OPCC → allocations, other expenditure → grant.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_LINE_CATEGORY = {
    "DA": "service",
    "YJ": "agency",
    "OPCC": "csp_area",
    "PMT": "income_category",
    "DHR": "agency",
    "GHL": "cost_heading",
}


def _tracked() -> list[sa.Column[object]]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
    ]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _columns(sqlite)
    _tables()
    _data()


def _fk_column(table: str, column: str, target: str, sqlite: bool) -> None:
    name = f"fk_{table}_{column}_{target}"
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
    if column in have:  # left by a SQLite downgrade (see downgrade)
        return
    if sqlite:  # SQLite adds a REFERENCES column in place (no separate constraint)
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} INTEGER "
            f'CONSTRAINT "{name}" REFERENCES {target} (id)'
        )
        return
    op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
    op.create_foreign_key(name, table, target, [column], ["id"])


def _columns(sqlite: bool) -> None:
    op.add_column(
        "streams",
        sa.Column("fund_type", sa.String(length=16), nullable=False, server_default="grant"),
    )
    op.add_column("streams", sa.Column("line_category", sa.String(length=32), nullable=True))
    op.add_column("streams", sa.Column("eligibility_notes", sa.Text(), nullable=True))
    op.add_column("streams", sa.Column("retired_reason", sa.Text(), nullable=True))
    op.add_column(
        "cost_centres",
        sa.Column("status", sa.String(length=16), nullable=False, server_default="active"),
    )
    op.add_column("cost_centres", sa.Column("retired_reason", sa.Text(), nullable=True))
    op.add_column("transactions", sa.Column("coded_by", sa.String(length=64), nullable=True))
    _fk_column("organisations", "merged_into_id", "organisations", sqlite)


def _tables() -> None:
    op.create_table(
        "coding_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("cost_centre_id", sa.Integer(), nullable=True),
        sa.Column("account_from", sa.String(length=64), nullable=True),
        sa.Column("account_to", sa.String(length=64), nullable=True),
        sa.Column("line_name", sa.String(length=300), nullable=True),
        sa.Column("supplier_org_id", sa.Integer(), nullable=True),
        sa.Column("supplier_text", sa.String(length=300), nullable=True),
        sa.Column("reference_pattern", sa.String(length=100), nullable=True),
        sa.Column("contract_line_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("retired_reason", sa.Text(), nullable=True),
        *_tracked(),
        sa.CheckConstraint("kind in ('budget','contract')", name=op.f("ck_coding_rules_kind")),
        sa.CheckConstraint(
            "kind <> 'budget' or (cost_centre_id is not null and line_name is not null)",
            name=op.f("ck_coding_rules_budget_target"),
        ),
        sa.CheckConstraint(
            "kind <> 'contract' or (contract_line_id is not null and "
            "(supplier_org_id is not null or supplier_text is not null))",
            name=op.f("ck_coding_rules_contract_target"),
        ),
        sa.ForeignKeyConstraint(
            ["contract_line_id"],
            ["contract_lines.id"],
            name=op.f("fk_coding_rules_contract_line_id_contract_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["cost_centre_id"],
            ["cost_centres.id"],
            name=op.f("fk_coding_rules_cost_centre_id_cost_centres"),
        ),
        sa.ForeignKeyConstraint(
            ["supplier_org_id"],
            ["organisations.id"],
            name=op.f("fk_coding_rules_supplier_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coding_rules")),
    )
    op.create_table(
        "org_merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_org_id", sa.Integer(), nullable=False),
        sa.Column("into_org_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("moved", sa.Text(), nullable=False),
        *_tracked(),
        sa.CheckConstraint("from_org_id <> into_org_id", name=op.f("ck_org_merges_distinct_orgs")),
        sa.ForeignKeyConstraint(
            ["from_org_id"],
            ["organisations.id"],
            name=op.f("fk_org_merges_from_org_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["into_org_id"],
            ["organisations.id"],
            name=op.f("fk_org_merges_into_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_merges")),
    )


def _data() -> None:
    op.execute("UPDATE streams SET fund_type = 'pooled' WHERE kind = 'pooled'")
    op.execute("UPDATE streams SET fund_type = 'income' WHERE kind = 'income'")
    op.execute("UPDATE streams SET fund_type = 'allocations' WHERE code = 'OPCC'")
    op.execute("UPDATE streams SET eligibility_notes = conditions WHERE code IN ('DA', 'GHL')")
    for code, category in _LINE_CATEGORY.items():
        op.execute(
            sa.text("UPDATE streams SET line_category = :c WHERE code = :s").bindparams(
                c=category, s=code
            )
        )


def downgrade() -> None:
    """Drop what upgrade added.  SQLite drops columns in place (no table is rebuilt, which
    would break the foreign keys of every table referring to it); it cannot drop a column that
    is a foreign key, so ``organisations.merged_into_id`` stays there, unused, and upgrade
    leaves it as it is."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_table("org_merges")
    op.drop_table("coding_rules")
    if not sqlite:
        op.drop_constraint(
            "fk_organisations_merged_into_id_organisations", "organisations", type_="foreignkey"
        )
        op.drop_column("organisations", "merged_into_id")
    for table, cols in (
        ("transactions", ("coded_by",)),
        ("cost_centres", ("status", "retired_reason")),
        ("streams", ("fund_type", "line_category", "eligibility_notes", "retired_reason")),
    ):
        for col in cols:
            op.execute(f"ALTER TABLE {table} DROP COLUMN {col}")
