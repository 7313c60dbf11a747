"""``fundledger reconcile [--stream CODE] [--year YYYY-YY] [--json] [--out FILE.xlsx]``.

Matches the ledger to the imported GL statement (new matches are stored, audited, when the user
may reconcile), then prints the result: SPEC §5's JSON object with ``--json``, else a summary.
``--out`` also writes the reconciliation statement workbook.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sqlalchemy import select

from db.migrate import LedgerFileError
from db.schema import Stream
from db.writes import LedgerError, PermissionDenied
from fundledger.money import format_gbp
from fundledger.years import FinancialYear, parse_year
from ui.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Context
from ui.usecases import reconcile as uc
from ui.usecases.session import open_ledger


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stream", metavar="CODE", help="one stream (default: all)")
    parser.add_argument("--year", metavar="YYYY-YY", help="one financial year (default: all)")
    parser.add_argument("--json", action="store_true", help="print one JSON object (SPEC §5)")
    parser.add_argument("--out", metavar="FILE.xlsx", help="also write the statement workbook")


def _invalid(message: str) -> int:
    print(f"fundledger reconcile: {message}", file=sys.stderr)
    return EXIT_INVALID


def run(args: argparse.Namespace, ctx: Context) -> int:
    year = None
    if args.year is not None:
        fy = parse_year(args.year)
        if fy is None:
            return _invalid(f"--year {args.year!r} is not a financial year (e.g. 2025-26)")
        year = fy.start_year
    try:
        ledger = open_ledger(ctx.db, ctx.user)
    except LedgerFileError as exc:
        print(f"fundledger reconcile: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        stream = args.stream.upper() if args.stream else None
        with ledger.read() as s:
            codes = set(s.execute(select(Stream.code)).scalars())
        if stream is not None and stream not in codes:
            known = ", ".join(sorted(codes)) or "none"
            return _invalid(f"--stream {args.stream!r} is not a stream (streams: {known})")
        view = uc.reconcile(ledger, stream, year)
        if args.out:
            uc.export_statement(ledger, view, Path(args.out))
        _print(view, as_json=args.json)
        return EXIT_OK
    except PermissionDenied as exc:  # refused: nothing was written
        return _invalid(str(exc))
    except LedgerError as exc:
        print(f"fundledger reconcile: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        ledger.dispose()


def _print(view: uc.ReconView, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(uc.report_json(view), indent=2))
        return
    r = view.result
    scope = " ".join(
        x for x in (view.stream or "all streams", FinancialYear(view.year).code if view.year else "")
        if x
    )  # fmt: skip
    print(f"Reconciliation, {scope}: {len(r.matches)} matched")
    print(f"  statement total   {format_gbp(r.statement_total):>16}")
    print(f"  ledger total      {format_gbp(r.ledger_total):>16}")
    print(f"  difference        {format_gbp(r.difference):>16}  (statement − ledger)")
    print(f"  statement only    {format_gbp(r.proof.statement_only_total):>16}"
          f"  ({len(r.statement_only)} items)")  # fmt: skip
    print(f"  ledger only       {format_gbp(-r.proof.ledger_only_total):>16}"
          f"  ({len(r.ledger_only)} items)")  # fmt: skip
    if r.proof.matched_difference:
        print(f"  matched items     {format_gbp(r.proof.matched_difference):>16}")
    print("  proof: " + ("balances" if r.proof.balances else "DOES NOT BALANCE"))
    for side, items in (("statement only", r.statement_only), ("ledger only", r.ledger_only)):
        for i in items:
            hint = r.hints.get(("statement" if side[0] == "s" else "ledger", i.id), "")
            print(f"  {side:<15} {i.date:%d/%m/%Y} {i.reference or '':<22} "
                  f"{format_gbp(i.amount):>14}  {hint}")  # fmt: skip
