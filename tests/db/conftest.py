"""Fixtures for tests/db: a shared PostgreSQL ledger with a login per role (pg_logins)."""

from .pg_logins import module_pg_url, shared

__all__ = ["module_pg_url", "shared"]
