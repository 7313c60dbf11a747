"""A ledger: an engine plus the acting user, with one session per user action.

``ledger.write()`` is one transaction (``BEGIN IMMEDIATE`` on SQLite) that commits on success
and rolls back on any exception; ``ledger.read()`` is a read-only unit of work, and
``ledger.read_core()`` the same over a Core connection (Core statements only).

The ORM (``sqlalchemy.orm``, ≈35 ms to import) is loaded by the first ``read()`` or ``write()``:
a command that only reads Core tables through ``read_core()`` never loads it.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import DBAPIError

from fundledger.vocabulary import Role

from . import audit
from .engine import WRITE_OPTION, make_engine, read_only_reason_of, resolve_url, sqlite_path
from .errors import StorageFault
from .faults import is_disk_full, is_read_only

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

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

    @cached_property
    def _reads(self) -> sessionmaker[Session]:
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(self.engine, expire_on_commit=False)

    @cached_property
    def _writes(self) -> sessionmaker[Session]:
        from sqlalchemy.orm import sessionmaker

        writes = sessionmaker(
            self.engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )
        # the acting user reaches the database's audit triggers when the transaction starts
        # (its first statement, after the operation's own permission checks)
        event.listen(writes, "after_begin", audit.on_begin)
        return writes

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

    @property
    def read_only(self) -> str | None:
        """Why this ledger was opened read-only (its file or folder cannot be written)."""
        return read_only_reason_of(self.engine)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: commit on success, roll back on any exception.  A full
        disk or a read-only ledger is a :class:`db.errors.StorageFault` saying so."""
        if self.read_only:
            raise StorageFault(
                f"{self.display_name} cannot be changed: {self.read_only}; it was opened "
                "read-only and nothing was changed"
            )
        try:
            with self._writes.begin() as session:
                session.info["fl_audit"] = {"user": self.actor.username}
                yield session
        except (DBAPIError, OSError) as exc:
            if is_disk_full(exc):
                raise StorageFault(
                    f"{self.display_name}: the disk is full: nothing was saved (the ledger is "
                    "as it was); free some space and try again",
                    disk_full=True,
                ) from exc
            if is_read_only(exc):
                raise StorageFault(
                    f"{self.display_name} cannot be written (the file or its folder is "
                    "read-only): nothing was saved"
                ) from exc
            raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reads() as session:
            yield session
            session.rollback()

    @contextmanager
    def read_core(self) -> Iterator[Connection]:
        """A read-only unit of work like :meth:`read`, over a Core connection: for reads of
        Core tables (``db.queries.core``) by a command that needs no ORM at all."""
        with self.engine.connect() as conn:
            yield conn
            conn.rollback()

    def dispose(self) -> None:
        self.engine.dispose()
