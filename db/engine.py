"""Engines for SQLite (default, one file in the user's data folder) and PostgreSQL (by URL).

Every SQLite connection gets ``foreign_keys=ON``, a busy timeout, a page cache of up to 64 MB
(SQLite's default 2 MB re-reads the indexes of a 100,000-row reconcile or import from the file
over and over; the cache only grows as pages are read) and a safe journal: WAL on a
local disk, ``DELETE`` (rollback journal) on a network path, where SQLite's documentation says
WAL must not be used.  Transactions are begun explicitly so that a write session is one
``BEGIN IMMEDIATE`` … ``COMMIT`` (two writers cannot both read-modify-write).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from .audit_sql import register_sqlite
from .faults import read_only_reason

#: ``PRAGMA cache_size`` (negative: KiB) of every SQLite connection
CACHE_KIB = -65536

WRITE_OPTION = "fundledger_write"
#: the ledger's write lock on PostgreSQL (revision 0005): a function only writers may call, that
#: gives up after its lock timeout saying the ledger is busy (ADR 004)
PG_WRITE_LOCK = "select public.fl_write_lock()"
#: tables a shared ledger has that the ORM never maps (the write lock's table, the bulk runs of
#: revision 0019; no role may read them)
PG_ONLY_TABLES = frozenset({"fl_write_lock", "fl_bulk_runs"})


def default_ledger_path() -> Path:
    """``<user data dir>/fundledger/ledger.sqlite`` (platformdirs), or $FUNDLEDGER_HOME."""
    home = os.environ.get("FUNDLEDGER_HOME")
    if home:
        return Path(home) / "ledger.sqlite"
    from platformdirs import user_data_path

    return user_data_path("fundledger", appauthor=False) / "ledger.sqlite"


def resolve_url(db: str | None) -> str:
    """A SQLAlchemy URL from ``--db``: None → default file; a path → SQLite; a URL as given.

    A path is a path: ``?``, ``%`` and ``#`` in it are percent-encoded, so the URL names exactly
    that file (``a?b.sqlite`` is not the file ``a`` with a query, ``c%20d`` not ``c d``)."""
    if db is None:
        path = default_ledger_path()
    elif "://" in db:
        return db
    else:
        path = Path(db).expanduser()
    return sqlite_url(path.resolve())


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of the SQLite file ``path``, whatever characters its name holds."""
    return "sqlite:///" + quote(str(path), safe="/:\\")


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other backends / in-memory."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def is_network_path(path: Path) -> bool:
    """UNC paths, Windows mapped network drives and network mounts (NFS/SMB/CIFS)."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if os.name == "nt":  # pragma: no cover - Windows only
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(text))[0] + "\\"
        windll = getattr(ctypes, "windll")  # noqa: B009
        return bool(windll.kernel32.GetDriveTypeW(drive) == 4)  # DRIVE_REMOTE
    return _mount_fstype(path) in {"nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs"}


def _mount_fstype(path: Path) -> str:
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return ""
    target = str(path.resolve().parent)
    best, fstype = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and target.startswith(parts[1]) and len(parts[1]) > len(best):
            best, fstype = parts[1], parts[2]
    return fstype


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine with the ledger's connection settings applied on every connect."""
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, echo=echo)
    engine = create_engine(url, echo=echo, pool_pre_ping=True, future=True)
    if backend == "postgresql":
        from .schema.actuals import declare_postgresql_options

        declare_postgresql_options()  # the schema's PostgreSQL-only index options

        @event.listens_for(engine, "connect")
        def _on_pg_connect(dbapi_conn: Any, _record: Any) -> None:
            # no JIT: the server compiled the variance statement for 2-3 s before running it
            # for 0.2 s (1M transactions); ledger queries are many, short and planned cheap
            with dbapi_conn.cursor() as cur:
                cur.execute("SET jit = off")
            dbapi_conn.commit()

        @event.listens_for(engine, "begin")
        def _on_pg_begin(conn: Any) -> None:
            # a write transaction takes the ledger's write lock first (the lock db.audit takes
            # to append to the chain), so a check-then-write (budget available, version, lock)
            # cannot interleave with another writer: the PostgreSQL twin of BEGIN IMMEDIATE
            if conn.get_execution_options().get(WRITE_OPTION, False):
                conn.exec_driver_sql(PG_WRITE_LOCK)

    return engine


#: engines opened read-only (the file or its folder cannot be written), with the reason
_READ_ONLY: WeakKeyDictionary[Engine, str] = WeakKeyDictionary()


def read_only_reason_of(engine: Engine) -> str | None:
    """Why ``engine``'s ledger was opened read-only, or None if it can be written."""
    return _READ_ONLY.get(engine)


def _read_only_connect(path: Path) -> Callable[[], sqlite3.Connection]:
    """Connections that only read: ``mode=ro``, and if SQLite cannot make the WAL index it
    needs (a read-only folder, no -shm file) the file read as it stands (``immutable``)."""
    uri = path.resolve().as_uri()

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=30, check_same_thread=False)
        try:
            conn.execute("select count(*) from sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            conn.close()
        return sqlite3.connect(
            f"{uri}?mode=ro&immutable=1", uri=True, timeout=30, check_same_thread=False
        )

    return connect


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    path = sqlite_path(url)
    journal = "DELETE" if path is not None and is_network_path(path) else "WAL"
    read_only = read_only_reason(path) if path is not None else None
    extra: dict[str, Any] = {"creator": _read_only_connect(path)} if path and read_only else {}
    engine = create_engine(
        url,
        echo=echo,
        poolclass=NullPool if path is not None else None,
        connect_args={"timeout": 30, "check_same_thread": False},
        **extra,
    )
    if read_only:
        _READ_ONLY[engine] = read_only

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute(f"PRAGMA cache_size={CACHE_KIB}")
        if path is not None and not read_only:
            cur.execute(f"PRAGMA journal_mode={journal}")
            cur.execute("PRAGMA synchronous=FULL")
        # the ledger's own audit triggers call the functions registered here (db.audit_sql);
        # SQLite lets schema triggers call application functions only with trusted_schema ON.
        # No unsafe function is registered and extension loading stays off.
        cur.execute("PRAGMA trusted_schema=ON")
        cur.close()
        register_sqlite(dbapi_conn)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
        # the audit context lasts one transaction, as SET LOCAL does on PostgreSQL
        conn.exec_driver_sql(
            "SELECT fl_audit_set('user', NULL), fl_audit_set('action', NULL), "
            "fl_audit_set('reason', NULL), fl_audit_set('batch', NULL), "
            "fl_audit_set('bulk_batch', NULL), fl_audit_set('bulk_table', NULL), "
            "fl_audit_set('writing', NULL)"
        )

    return engine
