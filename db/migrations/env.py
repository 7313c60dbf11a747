"""Alembic environment: run migrations on the connection fundledger passes in."""

from __future__ import annotations

from alembic import context

from db.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - fundledger always passes a connection
    raise RuntimeError("run migrations through db.migrate.upgrade()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
