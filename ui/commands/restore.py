"""``fundledger restore BACKUP``: put a backup back as the ledger, keeping the current one aside.

The backup is vetted first (a fundledger ledger this version can read, integrity check); the
current ledger is copied to ``backups/<name>.before-restore-YYYYmmdd-HHMMSS.sqlite``; then the
backup is copied in and its control totals compared.  SQLite ledgers only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from db.backup import BackupError
from db.engine import resolve_url, sqlite_path
from db.restore import restore_sqlite
from ui.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Context


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("backup", metavar="BACKUP", help="the backup file to restore")


def run(args: argparse.Namespace, ctx: Context) -> int:
    path = sqlite_path(resolve_url(ctx.db))
    if path is None:
        print(
            "fundledger restore: only SQLite ledgers are restored by this command; restore a "
            "PostgreSQL ledger with pg_restore into a new database",
            file=sys.stderr,
        )
        return EXIT_ERROR
    backup = Path(args.backup).expanduser()
    if not backup.exists():
        print(f"fundledger restore: there is no backup at {backup}", file=sys.stderr)
        return EXIT_INVALID
    try:
        done = restore_sqlite(backup, path)
    except BackupError as exc:
        print(f"fundledger restore: {exc}", file=sys.stderr)
        return EXIT_ERROR
    kept = f"; the previous ledger was kept at {done.safety_copy}" if done.safety_copy else ""
    print(f"Restored {path} from {backup} ({done.rows:,} rows, control totals match){kept}.")
    return EXIT_OK
