"""``fundledger backup [--out FILE]``: a consistent, verified copy of the ledger."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from db.backup import BackupError, backup_sqlite
from db.engine import resolve_url, sqlite_path
from db.migrate import LedgerFileError, inspect_sqlite
from db.seal import seal_of_backup
from ui.cli import EXIT_ERROR, EXIT_OK, Context


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        metavar="FILE",
        help="where to write the copy (default: backups/<name>-YYYYmmdd-HHMMSS.sqlite beside "
        "the ledger; the newest 10 automatic backups are kept)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    url = resolve_url(ctx.db)
    path = sqlite_path(url)
    if path is None:
        print(
            "fundledger backup: only SQLite ledgers can be backed up by this command; for a "
            "PostgreSQL ledger use pg_dump (e.g. pg_dump --format=custom --file=ledger.dump "
            "DBNAME) and check the dump with pg_restore --list; keep the seal fundledger check "
            "prints beside the dump (docs/shared-ledger.md)",
            file=sys.stderr,
        )
        return EXIT_ERROR
    try:
        state = inspect_sqlite(path)
        if not state.exists:
            raise BackupError(f"there is no ledger at {path}")
        result = backup_sqlite(path, Path(args.out).expanduser() if args.out else None)
    except (LedgerFileError, BackupError) as exc:
        print(f"fundledger backup: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(
        f"Backed up {path} to {result.path}: {result.tables} tables, {result.rows:,} rows; "
        "verified (integrity check and control totals match)."
    )
    seal = seal_of_backup(result.path)
    print(
        f"The backup carries {seal}: fundledger check --against {result.path} proves the "
        "ledger's audit trail still contains it."
    )
    for old in result.removed:
        print(f"Removed old automatic backup {old}")
    return EXIT_OK
