"""The schema's metadata (constraint naming convention) and the version and who/when columns of
editable rows.

The tables are Core ``Table`` objects (``db.schema.reference``, ``budgets``, ``actuals``,
``books``, ``records``): defining them costs a fraction of defining mapped classes, and a
reading command needs nothing more.  The ORM classes over them (``db.schema.mapped``) are
imported only by what writes through the ORM (issue 23).
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String

from ..types import UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


def tracked() -> tuple[Column[object], ...]:
    """Version and who/when columns for editable rows (after the table's own columns)."""
    return (
        Column("version", Integer, default=1, nullable=False),
        Column("created_at", UTCDateTime, default=utcnow, nullable=False),
        Column("created_by", String(64), nullable=False),
        Column("updated_at", UTCDateTime, nullable=True),
        Column("updated_by", String(64), nullable=True),
    )
