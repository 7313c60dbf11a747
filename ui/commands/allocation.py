"""``fundledger allocation add|edit|split``: allocations as the app's allocation form records
them (finance; the years open; a known funder; audited).

``allocation add --stream S --funder ORG --year Y [--to-year Y2] --amount A [--status S]
[--mechanism M] [--label L] [--source REF]``; ``allocation edit ID [--amount A ...] --reason R``
(an edit never collapses a range: that is a split).

``fundledger allocation split ID --year Y=AMOUNT ... --reason R [--json]``: split a range
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


def _details(p: argparse.ArgumentParser, *, new: bool) -> None:
    from db.ops.budget_entries import STATUSES

    p.add_argument("--stream", required=new, metavar="CODE")
    p.add_argument("--funder", required=new, metavar="ORG", help="organisation name or alias")
    p.add_argument("--year", dest="year_from", required=new, metavar="YYYY-YY",
                   help="the (first) year funded")  # fmt: skip
    p.add_argument("--to-year", dest="year_to", metavar="YYYY-YY",
                   help="the last year of a range allocation (default: --year)")  # fmt: skip
    p.add_argument("--amount", required=new, metavar="AMOUNT", help="£, the whole range's")
    p.add_argument("--status", choices=STATUSES, default="confirmed" if new else None)
    p.add_argument("--mechanism", metavar="TEXT", help="e.g. settlement, grant, bid")
    p.add_argument("--label", metavar="TEXT", help="how the funder names it")
    p.add_argument("--source", metavar="REF", help="where it is written down (letter, report)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="record an allocation (audited)")
    _details(add, new=True)
    add.add_argument("--json", action="store_true", help="print one JSON object")
    edit = sub.add_parser("edit", help="change an allocation (audited, with a reason)")
    edit.add_argument("id", metavar="ID", type=int, help="the allocation's number")
    _details(edit, new=False)
    edit.add_argument("--reason", required=True, help="why (recorded in the audit log)")
    edit.add_argument("--json", action="store_true", help="print one JSON object")
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
    if args.action != "split":
        from ._allocation_form import run_add_edit

        return run_add_edit(args, ctx)
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
