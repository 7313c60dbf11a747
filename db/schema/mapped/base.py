"""The declarative base over the Core metadata, and the annotations of tracked rows."""

# No ``from __future__ import annotations`` here: the declarative scan then reads each
# ``Mapped[...]`` as a type, not a string to evaluate.
from datetime import datetime

from sqlalchemy.orm import DeclarativeBase, Mapped

from ..base import metadata


class Base(DeclarativeBase):
    metadata = metadata


class Tracked:
    """Version and who/when columns for editable rows (``db.schema.base.tracked``)."""

    version: Mapped[int]
    created_at: Mapped[datetime]
    created_by: Mapped[str]
    updated_at: Mapped[datetime | None]
    updated_by: Mapped[str | None]
