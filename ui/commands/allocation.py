"""``fundledger allocation split ID --year Y=AMOUNT ... --reason R [--json]``: split a range
allocation into one allocation per year — the amounts must cover every year of the range and
add up to the allocation; the range is kept, superseded, and every row audited.

Without ``--year`` it refuses (exit 2) and offers an even split (largest remainder) to copy.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal

from db.migrate import LedgerFileError
from db.writes import LedgerError, PermissionDenied
from fundledger.money import format_gbp, money_str
from fundledger.years import FinancialYear
from ui.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Context


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    split = sub.add_parser("split", help="split a range allocation into years (audited)")
    split.add_argument("id", metavar="ID", type=int, help="the allocation's number")
    split.add_argument("--year", action="append", default=[], metavar="YEAR=AMOUNT",
                       help="each year's amount, e.g. --year 2025-26=731982.50 (repeat)")  # fmt: skip
    split.add_argument("--reason", help="why (recorded in the audit log; required)")
    split.add_argument("--json", action="store_true", help="print one JSON object")


def _fail(code: int, message: str) -> int:
    print(f"fundledger allocation split: {message}", file=sys.stderr)
    return code


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui.usecases.allocations import parse_year_amounts, split, split_info
    from ui.usecases.session import open_ledger

    amounts, problems = parse_year_amounts(args.year)
    if problems:
        return _fail(EXIT_INVALID, "; ".join(problems))
    try:
        ledger = open_ledger(ctx.db, ctx.user)
    except LedgerFileError as exc:
        return _fail(EXIT_ERROR, str(exc))
    try:
        info = split_info(ledger, args.id)
        if info.problem is not None:
            return _fail(EXIT_INVALID, info.problem)
        if not amounts:
            even = " ".join(f"--year {FinancialYear(y).code}={money_str(a)}"
                            for y, a in info.suggested.items())  # fmt: skip
            return _fail(EXIT_INVALID, f"{info.label} ({format_gbp(info.amount)}, "
                         f"{info.years_text}): give each year's amount, e.g. {even} (an even "
                         "split)")  # fmt: skip
        made = split(ledger, args.id, amounts, args.reason, info.version)
    except PermissionDenied as exc:
        return _fail(EXIT_INVALID, f"refused: {exc}")
    except LedgerError as exc:
        return _fail(EXIT_INVALID, f"{exc}; nothing was changed")
    finally:
        ledger.dispose()
    parts = [(i, y, Decimal(amounts[y])) for i, y in zip(made, sorted(amounts), strict=True)]
    if args.json:
        print(json.dumps({"allocation": args.id, "label": info.label,
                          "amount": money_str(info.amount), "reason": args.reason,
                          "split_into": [{"id": i, "year": FinancialYear(y).code,
                                          "amount": money_str(a)} for i, y, a in parts]},
                         indent=2, ensure_ascii=False))  # fmt: skip
        return EXIT_OK
    print(f"Split allocation #{args.id} {info.label} ({format_gbp(info.amount)}, "
          f"{info.years_text}) into:")  # fmt: skip
    for i, y, a in parts:
        print(f"  #{i}  {FinancialYear(y).code}  {format_gbp(a):>16}")
    return EXIT_OK
