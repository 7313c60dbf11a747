"""``fundledger reverse TXN_ID --reason R [--json]``: reverse a posted transaction.

The reversal negates the amount and is linked to the original.  When the original's period is
closed, the reversal is posted in the current open period of the same year, dated in it (the
original stays where it was).  Refusals (already reversed, a reversal itself, no reason, every
period of the year closed, not allowed) exit 2, nothing written.
"""

from __future__ import annotations

import argparse
import json
import sys

from db.migrate import LedgerFileError
from db.writes import LedgerError
from ui.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Context


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("txn", type=int, metavar="TXN_ID", help="the transaction to reverse")
    parser.add_argument("--reason", help="why (recorded in the audit log; required)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui.usecases.periods import reverse
    from ui.usecases.session import open_ledger

    try:
        ledger = open_ledger(ctx.db, ctx.user)
    except LedgerFileError as exc:
        print(f"fundledger reverse: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        done = reverse(ledger, args.txn, args.reason)
    except LedgerError as exc:
        print(f"fundledger reverse: {exc}; nothing was changed", file=sys.stderr)
        return EXIT_INVALID
    finally:
        ledger.dispose()
    print(json.dumps(done.to_json(), indent=2) if args.json else done.describe())
    return EXIT_OK
