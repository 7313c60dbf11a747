"""``fundledger undo-import BATCH``: reverse an import batch as one audited action.

Refused (exit 1, nothing changed) if the batch was already undone, touches a closed period,
or the user may not undo imports.
"""

from __future__ import annotations

import argparse
import json
import sys

from db.migrate import LedgerFileError
from db.ops.locks import PeriodLocked
from db.writes import LedgerError, PermissionDenied
from fundledger.money import format_gbp, money_str
from ui.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Context


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("batch", type=int, metavar="BATCH_ID", help="the import batch to undo")
    parser.add_argument(
        "--reason",
        default="undone with fundledger undo-import",
        help="why (recorded in the audit log)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui.usecases.imports import undo_import
    from ui.usecases.session import open_ledger

    try:
        ledger = open_ledger(ctx.db, ctx.user)
    except LedgerFileError as exc:
        print(f"fundledger undo-import: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        done = undo_import(ledger, args.batch, args.reason)
    except (PermissionDenied, PeriodLocked) as exc:  # refused: nothing written
        print(f"fundledger undo-import: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except LedgerError as exc:  # e.g. a read-only file or a full disk: nothing written
        print(f"fundledger undo-import: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        ledger.dispose()
    if args.json:
        out = {
            "batch": done.batch_id,
            "kind": done.kind,
            "file": done.file_name,
            "status": "undone",
            "reversed_transactions": done.reversed_transactions,
            "superseded_allocations": done.superseded_allocations,
            "cancelled_income": done.cancelled_income,
            "control_total": money_str(done.control_total),
        }
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(
            f"Batch {done.batch_id} ({done.kind}, {done.file_name}, "
            f"{format_gbp(done.control_total)}) undone: {done.reversed_transactions} "
            f"transactions reversed, {done.superseded_allocations} allocations superseded, "
            f"{done.cancelled_income} income items cancelled."
        )
    return EXIT_OK
