"""``fundledger demo [--transactions N]``: load the demo ledger (idempotent), optionally at scale."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError

from db.migrate import LedgerFileError
from db.writes import LedgerError
from fundledger.money import format_gbp, from_pence
from ui.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Context
from ui.usecases.demo import DemoResult, load_demo
from ui.usecases.init import init_ledger


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--transactions",
        type=int,
        default=0,
        metavar="N",
        help="also add N synthetic transactions spread over the streams, years and open periods",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.transactions < 0:
        print("fundledger demo: --transactions must be 0 or more", file=sys.stderr)
        return EXIT_INVALID
    try:
        ledger = init_ledger(ctx.db, ctx.user)
    except LedgerFileError as exc:
        print(f"fundledger demo: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        result = load_demo(ledger, args.transactions)
    except LedgerError as exc:
        print(f"fundledger demo: {exc}; nothing was written", file=sys.stderr)
        return EXIT_ERROR
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        print(f"fundledger demo: the database refused it ({reason}); nothing was written",
              file=sys.stderr)  # fmt: skip
        return EXIT_ERROR
    finally:
        ledger.dispose()
    _report(result, ledger.display_name)
    return EXIT_OK


def _report(result: DemoResult, where: str) -> None:
    if result.already_loaded:
        print(f"The demo (version {result.version}) is already in {where}; nothing added.")
    else:
        rows = ", ".join(f"{n} {table}" for table, n in sorted(result.added.items()))
        print(f"Demo ledger loaded into {where}: {rows}.")
    if result.bulk is not None:
        total = format_gbp(from_pence(result.bulk.control_total_pence))
        print(
            f"Added {result.bulk.rows:,} synthetic transactions as batch {result.bulk.batch_id} "
            f"(control total {total})."
        )
