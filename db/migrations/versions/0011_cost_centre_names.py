"""Cost-centre codes up to 64 characters: councils publish spending by service division, whose
names are the codes their files carry ("Safeguarding Targeted & Specialist", 34 characters,
with spaces and ``&``), so ``cost_centres.code`` and the code kept on transactions and
statement lines widen from 32 to 64 characters.

On PostgreSQL the columns change type in place.  SQLite does not enforce a declared length and
a table rebuild would drop the guard triggers, so only the declared type in the schema text
changes (SQLite's documented ``writable_schema`` procedure for changes that leave the stored
rows as they are), with the schema cookie bumped so every connection reloads it.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

COLUMNS = (("cost_centres", "code"), ("transactions", "cost_centre"),
           ("statement_lines", "cost_centre"))  # fmt: skip


def upgrade() -> None:
    _widen(32, 64)


def downgrade() -> None:
    _widen(64, 32)


def _widen(old: int, new: int) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        for table, column in COLUMNS:
            op.alter_column(
                table, column, type_=sa.String(length=new), existing_type=sa.String(length=old)
            )
        return
    changed = False
    for table, column in COLUMNS:
        sql = bind.exec_driver_sql(
            "select sql from sqlite_master where type='table' and name=?", (table,)
        ).scalar()
        pattern = rf'(\n\s*"?{column}"?\s+)VARCHAR\({old}\)'
        widened = re.sub(pattern, rf"\g<1>VARCHAR({new})", sql or "", count=1)
        if sql and widened != sql:
            bind.exec_driver_sql("PRAGMA writable_schema=ON")
            bind.exec_driver_sql(
                "update sqlite_master set sql=? where type='table' and name=?", (widened, table)
            )
            bind.exec_driver_sql("PRAGMA writable_schema=OFF")
            changed = True
    if changed:
        cookie = bind.exec_driver_sql("PRAGMA schema_version").scalar()
        bind.exec_driver_sql(f"PRAGMA schema_version={int(cookie or 0) + 1}")
