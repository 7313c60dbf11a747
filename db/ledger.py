"""A ledger: an engine plus the acting user, with one session per user action.

``ledger.write()`` is one transaction (``BEGIN IMMEDIATE`` on SQLite) that commits on success
and rolls back on any exception; ``ledger.read()`` is a read-only unit of work.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from fundledger.vocabulary import Role

from .engine import WRITE_OPTION, make_engine, resolve_url, sqlite_path

ROLES: tuple[Role, ...] = tuple(Role)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: a username, a role and (for budget holders) the streams they hold."""

    username: str
    role: str = "finance"
    streams: frozenset[str] = field(default_factory=frozenset)

    @staticmethod
    def current() -> Actor:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # pragma: no cover - no login name
            name = "unknown"
        return Actor(name, "finance")


class Ledger:
    """The connection to one ledger (SQLite file or PostgreSQL database)."""

    def __init__(self, url: str, actor: Actor | None = None, engine: Engine | None = None):
        self.url = url
        self.engine = engine or make_engine(url)
        self.actor = actor or Actor.current()
        self._reads = sessionmaker(self.engine, expire_on_commit=False)
        self._writes = sessionmaker(
            self.engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )

    @classmethod
    def open(cls, db: str | None, actor: Actor | None = None) -> Ledger:
        return cls(resolve_url(db), actor)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @property
    def is_shared(self) -> bool:
        return self.backend == "postgresql"

    @property
    def display_name(self) -> str:
        path = sqlite_path(self.url)
        if path is not None:
            return str(path)
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: commit on success, roll back on any exception."""
        with self._writes.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reads() as session:
            yield session
            session.rollback()

    def dispose(self) -> None:
        self.engine.dispose()
