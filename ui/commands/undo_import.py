"""``fundledger undo-import BATCH``: reverse an import batch as one audited action.

Refused (exit 1, nothing changed) if the batch was already undone, touches a closed period,
or the user may not undo imports.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from db.migrate import LedgerFileError
from db.ops.locks import PeriodLocked
from db.writes import LedgerError, PermissionDenied
from fundledger.money import format_gbp, money_str
from fundledger.years import period_label, year_label
from ui.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Context
from ui.usecases.import_result import undo_summary


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("batch", type=int, metavar="BATCH_ID", help="the import batch to undo")
    parser.add_argument(
        "--reason",
        default="undone with fundledger undo-import",
        help="why (recorded in the audit log)",
    )
    parser.add_argument("--preview", action="store_true",
                        help="say where the reversals of closed periods' rows would go; "
                        "write nothing")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _moved_json(moved: Any) -> list[dict[str, Any]]:
    return [
        {"stream": m.stream, "year": year_label(m.year), "period": period_label(m.period),
         "reversed_in": period_label(m.into_period), "dated": m.into_date.isoformat(),
         "rows": m.rows, "amount": money_str(m.amount)}
        for m in moved
    ]  # fmt: skip


def _moved_text(moved: Any) -> list[str]:
    return [
        f"  {m.stream} {year_label(m.year)} {period_label(m.period)} is closed: {m.rows} "
        f"reversal(s), {format_gbp(m.amount)}, posted in {period_label(m.into_period)} dated "
        f"{m.into_date:%d/%m/%Y}"
        for m in moved
    ]


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui.usecases.imports import undo_import
    from ui.usecases.session import open_ledger

    try:
        ledger = open_ledger(ctx.db, ctx.user)
    except LedgerFileError as exc:
        print(f"fundledger undo-import: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        if args.preview:
            from ui.usecases.imports import undo_preview

            moved = undo_preview(ledger, args.batch)
            if args.json:
                print(json.dumps({"batch": args.batch, "reversed_in_open_period":
                                  _moved_json(moved)}, ensure_ascii=False))  # fmt: skip
            else:
                print(f"Undoing batch {args.batch} would "
                      + ("post nothing into another period: no row of it is in a closed period"
                         if not moved else "reverse these rows of closed periods in the open "
                         "period:"))  # fmt: skip
                if moved:
                    print("\n".join(_moved_text(moved)))
            return EXIT_OK
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
            "rows": done.rows,
            "reversed_transactions": done.reversed_transactions,
            "superseded_allocations": done.superseded_allocations,
            "cancelled_income": done.cancelled_income,
            "control_total": money_str(done.control_total),
            "reversed_in_open_period": _moved_json(done.moved),
        }
        print(json.dumps(out, ensure_ascii=False))
    else:
        what = undo_summary(done.kind, done.rows, done.reversed_transactions,
                            done.superseded_allocations, done.cancelled_income)  # fmt: skip
        print(
            f"Batch {done.batch_id} ({done.kind}, {done.file_name}, "
            f"{format_gbp(done.control_total)}) undone: {what}."
        )
        for line in _moved_text(done.moved):
            print(line)
    return EXIT_OK
