"""Create, upgrade and vet ledgers.

Before anything touches a SQLite file it is inspected read-only (``mode=ro``, no pragmas), so
a corrupt, foreign or newer-version file is refused with its bytes unchanged.  Upgrades run the
Alembic revisions in one transaction (SQLite DDL is transactional).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import ProgrammingError

from .engine import sqlite_path
from .faults import os_fault, read_only_reason
from .schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from alembic.config import Config

    from .backup import BackupResult

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_MAGIC = b"SQLite format 3\x00"


class LedgerFileError(Exception):
    """A ledger that must not be opened for writing (the message says why)."""


class NewerLedgerError(LedgerFileError):
    pass


@dataclass(frozen=True, slots=True)
class LedgerState:
    exists: bool
    revision: str | None
    schema_version: int | None

    @property
    def is_current(self) -> bool:
        return self.revision == head_revision() and self.schema_version == SCHEMA_VERSION


def alembic_config() -> Config:
    # Alembic is imported lazily: it costs start-up time and is only needed to migrate.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


_REVISION = re.compile(r"^revision(?:\s*:[^=\n]*)?\s*=\s*[\"']([^\"'\n]+)[\"']\s*$", re.M)
_DOWN = re.compile(r"^down_revision(?:\s*:[^=\n]*)?\s*=\s*(?:None|[\"']([^\"'\n]+)[\"'])\s*$", re.M)


def linear_revisions(versions: Path) -> tuple[str, ...] | None:
    """The revisions in order (head last), read from the version files' ``revision = "…"`` and
    ``down_revision = "…"`` lines without importing Alembic (≈0.1 s saved on every open).

    None unless every file is that plain form and they make one chain from a single base
    (then :func:`head_revision` and :func:`known_revisions` ask Alembic, as before).
    """
    parent: dict[str, str | None] = {}
    for file in sorted(versions.glob("*.py")):
        if file.name == "__init__.py":
            continue
        source = file.read_text(encoding="utf-8")
        revs, downs = _REVISION.findall(source), _DOWN.findall(source)
        if len(revs) != 1 or len(downs) != 1 or revs[0] in parent:
            return None
        parent[revs[0]] = downs[0] or None
    if not parent:
        return None
    children = {p for p in parent.values() if p is not None}
    heads = [r for r in parent if r not in children]
    if len(heads) != 1 or len(children) != len(parent) - 1:
        return None  # branches or merges
    chain: list[str] = []
    at: str | None = heads[0]
    while at is not None and at in parent and at not in chain:
        chain.append(at)
        at = parent[at]
    if at is not None or len(chain) != len(parent):
        return None  # a down_revision that is not a file here, or a cycle
    return tuple(reversed(chain))


@cache
def _linear_revisions() -> tuple[str, ...] | None:
    return linear_revisions(MIGRATIONS / "versions")


@cache
def head_revision() -> str:
    chain = _linear_revisions()
    if chain is not None:
        return chain[-1]
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


@cache
def known_revisions() -> frozenset[str]:
    chain = _linear_revisions()
    if chain is not None:
        return frozenset(chain)
    from alembic.script import ScriptDirectory

    walk = ScriptDirectory.from_config(alembic_config()).walk_revisions()
    return frozenset(s.revision for s in walk)


def _vet(revision: str | None, version: int | None, where: str) -> None:
    if version is not None and version > SCHEMA_VERSION:
        raise NewerLedgerError(
            f"{where} was written by a newer fundledger (schema version {version}; this "
            f"program understands up to {SCHEMA_VERSION}). Upgrade fundledger to open it; "
            "the ledger has not been changed."
        )
    if revision is not None and revision not in known_revisions():
        raise NewerLedgerError(
            f"{where} has schema revision {revision!r}, which this fundledger does not know "
            "(it was probably written by a newer version). Upgrade fundledger to open it; "
            "the ledger has not been changed."
        )


def inspect_sqlite(path: Path) -> LedgerState:
    """Read-only look at a SQLite ledger file; raises :class:`LedgerFileError` if unusable."""
    if not path.exists() or path.stat().st_size == 0:
        return LedgerState(False, None, None)
    # The file is read through SQLite only.  Its bytes are looked at (to say why it cannot be
    # opened) only once SQLite has refused it: closing any descriptor of the file in this
    # process drops the POSIX locks SQLite's other connections here hold on it, and another
    # process may then checkpoint and delete the WAL under them (stale or "malformed" reads).
    uri = path.resolve().as_uri()
    try:
        return _state_at(f"{uri}?mode=ro", path)
    except LedgerFileError:
        if (problem := _header_problem(path)) is not None:
            raise problem from None
        raise
    except sqlite3.OperationalError as exc:
        if (problem := _header_problem(path)) is not None:
            raise problem from exc
        if read_only_reason(path) is None:
            raise LedgerFileError(f"{path} cannot be opened ({exc})") from exc
    # a read-only file or folder: SQLite cannot make the index a WAL ledger is read through,
    # so the file is read as it stands (it is not damaged)
    try:
        return _state_at(f"{uri}?mode=ro&immutable=1", path)
    except sqlite3.OperationalError as exc:
        raise LedgerFileError(f"{path} cannot be opened ({exc})") from exc


def _header_problem(path: Path) -> LedgerFileError | None:
    """Why a file SQLite refused is not a ledger, from its first bytes (None: it is SQLite)."""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        return LedgerFileError(f"{path} cannot be read: {os_fault(exc)}")
    if not header.startswith(SQLITE_MAGIC):
        return LedgerFileError(f"{path} is not a fundledger ledger (not an SQLite database)")
    return None


def _state_at(uri: str, path: Path) -> LedgerState:
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.OperationalError:
        raise
    except sqlite3.Error as exc:
        raise LedgerFileError(f"{path} cannot be opened: {exc}") from exc
    try:
        return _read_state(conn, path)
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError as exc:
        raise LedgerFileError(f"{path} is damaged and cannot be read ({exc})") from exc
    finally:
        conn.close()


def _read_state(conn: sqlite3.Connection, path: Path) -> LedgerState:
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
    if not tables:
        return LedgerState(False, None, None)
    if "ledger_info" not in tables or "alembic_version" not in tables:
        raise LedgerFileError(
            f"{path} is an SQLite database but not a fundledger ledger "
            f"(tables: {', '.join(sorted(tables)[:5])}…); it has not been changed"
        )
    rev_row = conn.execute("select version_num from alembic_version").fetchone()
    ver_row = conn.execute("select value from ledger_info where key='schema_version'").fetchone()
    revision = rev_row[0] if rev_row else None
    version = int(ver_row[0]) if ver_row else None
    _vet(revision, version, str(path))
    return LedgerState(True, revision, version)


def inspect_engine(engine: Engine) -> LedgerState:
    """The state of a ledger reached through an engine (PostgreSQL, or SQLite in tests)."""
    path = sqlite_path(str(engine.url))
    if path is not None:
        return inspect_sqlite(path)
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        if "alembic_version" not in names:
            return LedgerState(False, None, None)
        revision = conn.execute(text("select version_num from alembic_version")).scalar()
        version = None
        if "ledger_info" in names:
            raw = conn.execute(
                text("select value from ledger_info where key='schema_version'")
            ).scalar()
            version = int(raw) if raw is not None else None
        conn.rollback()
    _vet(revision, version, engine.url.render_as_string(hide_password=True))
    return LedgerState(True, revision, version)


def upgrade(engine: Engine) -> LedgerState:
    """Create or migrate the ledger to the current schema; refuses newer ledgers first."""
    before = inspect_engine(engine)
    if before.is_current:
        return before
    path = sqlite_path(str(engine.url))
    if path is not None:
        read_only = read_only_reason(path)
        if read_only and before.exists:
            raise LedgerFileError(
                f"{path} needs upgrading to this fundledger's schema (version {SCHEMA_VERSION}) "
                f"but cannot be changed: {read_only}. Open it where it can be written, or with "
                "the fundledger that wrote it; nothing was changed"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        if before.exists:  # an existing ledger: a verified backup first (SPEC §8)
            before_migration(path)
    from alembic import command

    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            _set_info(conn, "schema_version", str(SCHEMA_VERSION))
            if path is None and before.exists and conn.dialect.name == "postgresql":
                from .roles import reapply  # a shared ledger's grants for what was added

                reapply(conn)
    except ProgrammingError as exc:  # a shared ledger opened by a person, not its owner
        # 42501 insufficient_privilege: "permission denied for …", "must be owner of table …"
        refused = getattr(exc.orig, "sqlstate", None) == "42501"
        if path is not None or not refused or not before.exists:
            raise
        raise LedgerFileError(
            f"{engine.url.render_as_string(hide_password=True)} needs upgrading to schema "
            f"version {SCHEMA_VERSION}, which only the ledger's owner can do: ask them to run "
            "fundledger init; nothing was changed"
        ) from exc
    return inspect_engine(engine)


def before_migration(ledger: Path) -> BackupResult:
    """The automatic backup taken before an existing ledger's schema is upgraded."""
    from .backup import BackupError, backup_sqlite

    try:
        return backup_sqlite(ledger)
    except BackupError as exc:
        raise LedgerFileError(
            f"{ledger} was not upgraded: the backup taken before upgrading failed ({exc})"
        ) from exc


def _set_info(conn: object, key: str, value: str) -> None:
    from sqlalchemy import Connection

    assert isinstance(conn, Connection)
    done = conn.execute(
        text("update ledger_info set value = :v where key = :k"), {"k": key, "v": value}
    ).rowcount
    if not done:
        conn.execute(
            text("insert into ledger_info(key, value) values (:k, :v)"), {"k": key, "v": value}
        )
