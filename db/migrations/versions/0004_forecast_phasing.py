"""A forecast outturn may be phased by period: ``forecasts.phasing``, the amount forecast for
each period P1…P12 (a JSON list of twelve integer pence adding up to the outturn; checked by
``db.ops.forecasts``).  A column on the forecast row rather than a table of its own: a phasing
is entered, audited, guarded by period locks and row-level security, and never changed, exactly
as the forecast it belongs to.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("forecasts", sa.Column("phasing", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("forecasts", "phasing")
