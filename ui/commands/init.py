"""``fundledger init``: create or upgrade the ledger with the standard streams and reference data."""

from __future__ import annotations

import argparse
import sys

from db.migrate import LedgerFileError
from ui.cli import EXIT_ERROR, EXIT_OK, Context
from ui.usecases.init import initialise


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")


def run(args: argparse.Namespace, ctx: Context) -> int:
    try:
        result = initialise(ctx.db, ctx.user)
    except LedgerFileError as exc:
        print(f"fundledger init: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        if not args.quiet:
            where = result.ledger.display_name
            if result.seed.added:
                print(f"Ledger {where} initialised: {result.seed.summary()}.")
            else:
                print(f"Ledger {where} is up to date; nothing added.")
    finally:
        result.ledger.dispose()
    return EXIT_OK
