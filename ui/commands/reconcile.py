"""``fundledger reconcile [--stream CODE] [--year YYYY-YY] [--statement BATCH ...]
[--periods P01-P06] [--json] [--out FILE.xlsx]``, and ``reconcile signoff|reopen``.

Matches the ledger to a GL statement — the chosen GL import batches (default: every active
one) over a period range (default: the periods the statement covers) — storing new matches,
audited, when the user may reconcile; then prints the result: SPEC §5's JSON object plus
``scope`` and ``brought_forward`` with ``--json``, else a summary whose proof line states the
scope.  Ledger items dated after the statement's last date are out of scope, not ledger-only.
``--out`` also writes the reconciliation statement workbook.  Sign-off and reopen:
:mod:`ui.commands.reconcile_signoff`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from db.migrate import LedgerFileError
from db.writes import LedgerError
from fundledger.money import format_gbp
from fundledger.reconcile import LedgerItem
from fundledger.years import period_label
from ui import gcpause
from ui.cli import EXIT_ERROR, EXIT_OK, Context
from ui.usecases import reconcile as uc
from ui.usecases.session import open_ledger

from . import reconcile_signoff as so
from .reconcile_scope import invalid, parse_scope, scope_arguments


def add_arguments(parser: argparse.ArgumentParser) -> None:
    scope_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object (SPEC §5)")
    parser.add_argument("--out", metavar="FILE.xlsx", help="also write the statement workbook")
    so.add_subcommands(parser)


def run(args: argparse.Namespace, ctx: Context) -> int:
    if getattr(args, "action", None):
        return so.run(args, ctx)
    got = parse_scope(args)
    if isinstance(got, str):
        return invalid(got)
    year, periods = got
    try:
        ledger = open_ledger(ctx.db, ctx.user)
    except LedgerFileError as exc:
        print(f"fundledger reconcile: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        stream = args.stream.upper() if args.stream else None
        codes = uc.stream_codes(ledger)
        if stream is not None and stream not in codes:
            known = ", ".join(codes) or "none"
            return invalid(f"--stream {args.stream!r} is not a stream (streams: {known})")
        # the items, matches and report rows live until printed: nothing for the collector
        with gcpause.held():
            view = uc.reconcile(ledger, stream, year, statement=args.statement, periods=periods)
            if args.out:
                uc.export_statement(ledger, view, Path(args.out))
            _print(view, as_json=args.json)
        return EXIT_OK
    except LedgerError as exc:  # refused or a bad scope: nothing was written
        return invalid(str(exc))
    finally:
        ledger.dispose()


def _print(view: uc.ReconView, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(uc.report_json(view), indent=2))
        return
    r = view.result
    print(f"Reconciliation: {view.scope.label}: {len(r.matches)} matched")
    print(f"  statement total   {format_gbp(r.statement_total):>16}")
    print(f"  ledger total      {format_gbp(r.ledger_total):>16}")
    print(f"  difference        {format_gbp(r.difference):>16}  (statement − ledger)")
    print(f"  statement only    {format_gbp(r.proof.statement_only_total):>16}"
          f"  ({_items(len(r.statement_only))})")  # fmt: skip
    # the ledger-only items are listed at their own amounts; here they are taken off
    print(f"  less ledger only  {format_gbp(-r.proof.ledger_only_total):>16}"
          f"  ({_items(len(r.ledger_only))}, {format_gbp(r.proof.ledger_only_total)})")  # fmt: skip
    if r.proof.matched_difference:
        print(f"  matched items     {format_gbp(r.proof.matched_difference):>16}")
    ok = "balances" if r.proof.balances else "DOES NOT BALANCE"
    print(f"  proof over {view.scope.label}: {ok}")
    for line in uc.out_of_scope(view):
        print(f"  out of scope: {line}")
    statement_bf = any(not isinstance(b, LedgerItem) for b in view.brought_forward)
    if not r.matches and not r.statement_only and not view.after_range and not statement_bf:
        # nothing to reconcile against: every ledger item would be listed as "timing"
        print("  no general-ledger statement lines in this scope: import the general ledger "
              "(fundledger import gl FILE) to reconcile against it")  # fmt: skip
        return
    for side, items in (("statement only", r.statement_only), ("ledger only", r.ledger_only)):
        for i in items:
            hint = r.hints.get(("statement" if side[0] == "s" else "ledger", i.id), "")
            print(f"  {side:<15} {i.date:%d/%m/%Y} {i.reference or '':<22} "
                  f"{format_gbp(i.amount):>14}  {hint}")  # fmt: skip
    for b in view.brought_forward:
        side = "ledger" if isinstance(b, LedgerItem) else "statement"
        print(f"  brought forward {b.date:%d/%m/%Y} {b.reference or '':<22} "
              f"{format_gbp(b.amount):>14}  {side}, {period_label(b.charged[1])}")  # fmt: skip


def _items(n: int) -> str:
    return f"{n} item{'' if n == 1 else 's'}"
