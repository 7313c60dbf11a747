"""Regenerate db/migrations/versions/0001_initial.py from db.schema (pre-release only).

Until the first release the initial revision is generated from the models so that parallel
work on the schema lands in one reviewed revision.  After release, add new revisions instead.
Run: .venv/bin/python tools/regen_initial_migration.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from alembic.autogenerate import produce_migrations, render_python_code
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from db.schema import Base  # noqa: E402
from db.types import Pence, UTCDateTime  # noqa: E402


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    if type_ == "type" and isinstance(obj, Pence):
        return "sa.BigInteger()"
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def main() -> None:
    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        ops = produce_migrations(ctx, Base.metadata)
    opts = {
        "render_item": render_item,
        "alembic_module_prefix": "op.",
        "sqlalchemy_module_prefix": "sa.",
    }
    up = render_python_code(ops.upgrade_ops, **opts)  # type: ignore[arg-type]
    down = render_python_code(ops.downgrade_ops, **opts)  # type: ignore[arg-type]
    body = f'''"""Initial schema: every table of SPEC §3.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
{up}


def downgrade() -> None:
{down}
'''
    out = ROOT / "db" / "migrations" / "versions" / "0001_initial.py"
    out.write_text(body)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
