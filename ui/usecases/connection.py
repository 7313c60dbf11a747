"""A shared (PostgreSQL) ledger's address: host, port, database and login, as the connect
dialog takes them and the recent-ledgers list keeps them (never with a password)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PgTarget", "parse_pg_key"]


@dataclass(frozen=True, slots=True)
class PgTarget:
    host: str
    port: int
    database: str
    user: str

    @property
    def key(self) -> str:
        """The keyring entry and the recent-list form (no password)."""
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{self.database}"

    def url(self, password: str) -> str:
        """The connection URL with ``password`` (kept in memory only)."""
        from sqlalchemy.engine import URL

        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            password=password or None,
            host=self.host,
            port=self.port,
            database=self.database,
        ).render_as_string(hide_password=False)


def parse_pg_key(key: str) -> PgTarget | None:
    """A :class:`PgTarget` from a recent-list entry (``postgresql+psycopg://user@host:port/db``)."""
    if not key.startswith("postgresql"):
        return None
    from sqlalchemy.engine import make_url

    u = make_url(key)
    return PgTarget(u.host or "localhost", u.port or 5432, u.database or "", u.username or "")
