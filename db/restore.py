"""Restoring a SQLite backup, and the automatic backups (before a migration, once a day).

:func:`restore_sqlite` first vets the backup (a fundledger ledger this version can read, passing
``PRAGMA integrity_check``), then keeps a safety copy of the current ledger beside it
(``backups/<name>.before-restore-YYYYmmdd-HHMMSS.sqlite``, never rotated away), then copies the
backup in with SQLite's backup API (one transaction: a crash leaves the old ledger) and checks
that the restored ledger's control totals equal the backup's.  A damaged current ledger is
kept byte for byte and replaced atomically instead.

:func:`daily_backup` makes an automatic backup (:func:`db.backup.backup_sqlite`, rotated) if the
newest one is more than a day old; :func:`db.migrate.before_migration` makes one before an existing
ledger's schema is upgraded.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .backup import KEEP, BackupError, BackupResult, backup_sqlite, control_totals
from .faults import is_disk_full, is_read_only
from .migrate import LedgerFileError, inspect_sqlite

DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class RestoreResult:
    restored: Path
    backup: Path
    safety_copy: Path | None
    rows: int


def _stamp(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")


def _vet_backup(backup: Path) -> dict[str, tuple[int, tuple[int | None, ...]]]:
    if not backup.exists():
        raise BackupError(f"there is no backup at {backup}")
    try:
        state = inspect_sqlite(backup)
    except LedgerFileError as exc:
        raise BackupError(f"{backup} cannot be restored: {exc}") from exc
    if not state.exists:
        raise BackupError(f"{backup} is empty, not a fundledger backup")
    conn = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        check = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if check != ["ok"]:
            raise BackupError(f"{backup} fails its integrity check: {'; '.join(check[:3])}")
        return control_totals(conn)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{backup} cannot be read: {exc}") from exc
    finally:
        conn.close()


def safety_copy(target: Path, now: datetime | None = None) -> Path | None:
    """Copy the current ledger aside before it is replaced; None if there is nothing to keep."""
    if not target.exists() or target.stat().st_size == 0:
        return None
    out = target.parent / "backups" / f"{target.stem}.before-restore-{_stamp(now)}.sqlite"
    n = 1
    while out.exists():
        out = out.with_name(f"{target.stem}.before-restore-{_stamp(now)}-{n}.sqlite")
        n += 1
    try:
        inspect_sqlite(target)
        return backup_sqlite(target, out).path
    except BackupError as exc:
        if _storage(exc.__cause__):
            raise _not_kept(out, exc.__cause__) from exc
    except LedgerFileError:
        pass
    # damaged: keep its bytes exactly as they are
    copies = [(Path(str(target) + sfx), Path(str(out) + sfx)) for sfx in ("", "-wal", "-journal")]
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        for src, dst in copies:
            if src.exists():
                shutil.copy2(src, dst)
    except OSError as exc:
        for _src, dst in copies:
            with contextlib.suppress(OSError):
                dst.unlink(missing_ok=True)
        raise _not_kept(out, exc) from exc
    return out


def _storage(exc: BaseException | None) -> bool:
    return exc is not None and (is_disk_full(exc) or is_read_only(exc))


def _not_kept(out: Path, exc: BaseException | None) -> BackupError:
    why = "the disk is full" if exc is not None and is_disk_full(exc) else "it cannot be written"
    return BackupError(
        f"the current ledger could not be kept aside in {out.parent} ({why}), so the restore "
        "was not started: the ledger is as it was"
    )


def restore_sqlite(backup: Path, target: Path) -> RestoreResult:
    """Replace ``target`` with ``backup`` after keeping a safety copy (see module docstring)."""
    if backup.resolve() == target.resolve():
        raise BackupError("the backup and the ledger are the same file")
    expected = _vet_backup(backup)
    kept = safety_copy(target)
    try:
        healthy = target.exists() and inspect_sqlite(target).exists
    except LedgerFileError:
        healthy = False
    if healthy:
        _copy_into(backup, target)
    else:
        _replace(backup, target)
    conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)
    try:
        got = control_totals(conn)
    finally:
        conn.close()
    if got != expected:
        raise BackupError(
            f"the restored ledger does not match {backup}; your previous ledger is at {kept}"
        )
    return RestoreResult(target, backup, kept, sum(c for c, _ in got.values()))


def _copy_into(backup: Path, target: Path) -> None:
    src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(str(target), timeout=30, isolation_level=None)
    try:
        src.backup(dst)
    except sqlite3.Error as exc:
        why = "the disk is full" if is_disk_full(exc) else str(exc)
        raise BackupError(
            f"could not restore into {target} ({why}): the ledger is as it was"
        ) from exc
    finally:
        src.close()
        dst.close()


def _replace(backup: Path, target: Path) -> None:
    tmp = target.with_name(target.name + ".restoring")
    tmp.unlink(missing_ok=True)
    try:
        _copy_into(backup, tmp)
    except BackupError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    os.replace(tmp, target)


def newest_backup(ledger: Path) -> Path | None:
    found = sorted((ledger.parent / "backups").glob(f"{ledger.stem}-*.sqlite"))
    return found[-1] if found else None


def daily_backup(
    ledger: Path, *, now: datetime | None = None, keep: int = KEEP
) -> BackupResult | None:
    """An automatic backup if the newest is over a day old (or there is none); else None."""
    if not ledger.exists() or ledger.stat().st_size == 0:
        return None
    newest = newest_backup(ledger)
    moment = now or datetime.now(UTC)
    if newest is not None:
        made = datetime.fromtimestamp(newest.stat().st_mtime, UTC)
        if moment - made < DAY:
            return None
    return backup_sqlite(ledger, keep=keep)
