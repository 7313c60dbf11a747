"""Consistent, verified copies of a SQLite ledger (``fundledger backup``).

The source's control totals (row count per table, ``SUM`` of every money column) are read in a
read transaction, and SQLite's online backup API copies the database through that same
connection and transaction (``sqlite3_backup_step`` reuses an open read transaction), so the
totals describe exactly the snapshot copied while other users keep working.  The copy is then opened read-only and must have the
same totals and pass ``PRAGMA integrity_check``; a copy that fails is deleted.

Automatic backups (no ``--out``) go to ``<ledger folder>/backups/<name>-YYYYmmdd-HHMMSS.sqlite``
and only the newest :data:`KEEP` are kept.  PostgreSQL ledgers are backed up with ``pg_dump``.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .faults import is_disk_full, os_fault
from .schema import metadata
from .types import Pence

KEEP = 10
_STAMP = re.compile(r"-\d{8}-\d{6}(?:-\d+)?\.sqlite$")


#: per table: (row count, SUM of each money column in pence)
Totals = tuple[int, tuple[int | None, ...]]


class BackupError(Exception):
    """A backup that could not be made or verified (the message says why)."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    tables: int
    rows: int
    totals: dict[str, Totals]
    removed: tuple[Path, ...] = ()


def default_path(source: Path, now: datetime | None = None) -> Path:
    """``<folder>/backups/<stem>-YYYYmmdd-HHMMSS.sqlite`` (UTC), not clobbering an existing one."""
    when = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    folder = source.parent / "backups"
    path = folder / f"{source.stem}-{when}.sqlite"
    n = 1
    while path.exists():
        path = folder / f"{source.stem}-{when}-{n}.sqlite"
        n += 1
    return path


def control_totals(conn: sqlite3.Connection) -> dict[str, Totals]:
    """Row count for every table and ``SUM(amount)`` (pence) for the money tables."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    out: dict[str, Totals] = {}
    for name in names:
        table = metadata.tables.get(name)
        money = (
            [c.name for c in table.columns if isinstance(c.type, Pence)]
            if table is not None
            else []
        )
        sums = "".join(f', sum("{c}")' for c in money)
        row = conn.execute(f'SELECT count(*){sums} FROM "{name}"').fetchone()
        out[name] = (int(row[0]), tuple(None if v is None else int(v) for v in row[1:]))
    return out


def backup_sqlite(source: Path, out: Path | None = None, *, keep: int = KEEP) -> BackupResult:
    """Copy ``source`` to ``out`` (default: an automatic backup), verify it, rotate old ones."""
    if not source.exists():
        raise BackupError(f"there is no ledger at {source}")
    automatic = out is None
    target = default_path(source) if out is None else out
    if target.resolve() == source.resolve():
        raise BackupError("the backup cannot overwrite the ledger itself")
    if target.exists():
        raise BackupError(f"{target} already exists; choose another --out")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(
            f"the backup folder {target.parent} cannot be made ({os_fault(exc, name=False)}): "
            "no backup was made"
        ) from exc
    expected = _copy(source, target)
    try:
        _verify(target, expected)
    except BackupError:
        target.unlink(missing_ok=True)
        raise
    removed = rotate(target.parent, source.stem, keep) if automatic else ()
    rows = sum(count for count, _ in expected.values())
    return BackupResult(target, len(expected), rows, expected, removed)


def _copy(source: Path, target: Path) -> dict[str, Totals]:
    src = sqlite3.connect(str(source), timeout=30, isolation_level=None)
    dst = sqlite3.connect(str(target), isolation_level=None)
    try:
        src.execute("BEGIN")
        try:
            totals = control_totals(src)
            src.backup(dst)
        finally:
            src.execute("ROLLBACK")
        dst.execute("PRAGMA journal_mode=DELETE")
        return totals
    except sqlite3.Error as exc:
        dst.close()
        target.unlink(missing_ok=True)
        why = "the disk is full" if is_disk_full(exc) else str(exc)
        raise BackupError(f"could not copy {source} ({why}): no backup was made") from exc
    finally:
        src.close()
        dst.close()


def _verify(target: Path, expected: dict[str, Totals]) -> None:
    conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)
    try:
        check = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if check != ["ok"]:
            raise BackupError(f"the copy failed its integrity check: {'; '.join(check[:3])}")
        got = control_totals(conn)
    except sqlite3.Error as exc:
        raise BackupError(f"the copy cannot be read back: {exc}") from exc
    finally:
        conn.close()
    if got != expected:
        diff = sorted(t for t in set(got) | set(expected) if got.get(t) != expected.get(t))
        raise BackupError(f"the copy does not match the ledger (tables: {', '.join(diff)})")


def rotate(folder: Path, stem: str, keep: int = KEEP) -> tuple[Path, ...]:
    """Delete all but the newest ``keep`` automatic backups of ``stem`` in ``folder``."""
    mine = sorted(
        (p for p in folder.glob(f"{stem}-*.sqlite") if _STAMP.search(p.name[len(stem) :])),
        key=lambda p: p.name,
        reverse=True,
    )
    old = tuple(mine[keep:])
    for p in old:
        p.unlink(missing_ok=True)
    return old
