"""``fundledger reconcile signoff --stream S[,S...] --periods P01-P06 [--reason R] [--json]``
and ``fundledger reconcile reopen --stream S --periods P01-P06 --reason R [--json]``.

Sign-off covers every stream and period named in one audited transaction.  It shows each
period's movement, cumulative and unexplained differences, and is refused (exit 2, nothing
written) while proposed matches await review, a period is already signed off, or — without a
reason — any difference is unexplained.  Reopening (finance officers or administrators, with a
reason) lets the matches change again; the sign-off stays as history.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from db.migrate import LedgerFileError
from db.ops.recon_signoff import SignoffPlan
from db.writes import LedgerError
from fundledger.money import format_gbp, money_str
from fundledger.years import FinancialYear, period_label
from ui.cli import EXIT_ERROR, EXIT_OK, Context


def add_subcommands(parser: argparse.ArgumentParser) -> None:
    from .reconcile_scope import scope_arguments

    sub = parser.add_subparsers(dest="action", required=False, metavar="[signoff|reopen]")
    sign = sub.add_parser("signoff", help="sign off streams over a period range")
    scope_arguments(sign, streams=True)
    sign.add_argument("--reason", help="why, when a difference is left unexplained (recorded)")
    sign.add_argument("--json", action="store_true", help="print one JSON object")
    reopen = sub.add_parser("reopen", help="reopen a stream's sign-off (finance or admin)")
    reopen.add_argument("--stream", required=True, metavar="CODE", help="the stream")
    reopen.add_argument("--year", metavar="YYYY-YY", help="the financial year (default: the "
                        "statement's)")  # fmt: skip
    reopen.add_argument("--periods", required=True, metavar="P01-P06", help="the period range")
    reopen.add_argument("--reason", help="why (recorded in the audit log; required)")
    reopen.add_argument("--json", action="store_true", help="print one JSON object")


def _lines_json(p: SignoffPlan) -> list[dict[str, Any]]:
    return [
        {"stream": x.stream, "period": period_label(x.period), "movement": money_str(x.movement),
         "cumulative": money_str(x.cumulative), "unexplained": money_str(x.unexplained),
         "statement_only": x.statement_only, "ledger_only": x.ledger_only}
        for x in p.lines
    ]  # fmt: skip


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui.usecases import reconcile as uc
    from ui.usecases.session import open_ledger

    from .reconcile_scope import invalid, parse_scope

    what = f"reconcile {args.action}"
    if args.action == "reopen":
        args.statement = []
    got = parse_scope(args)
    if isinstance(got, str):
        return invalid(got, what)
    year, periods = got
    streams = [s.strip().upper() for s in (args.stream or "").split(",") if s.strip()]
    if not streams:
        return invalid("--stream is required (one or more, comma-separated)", what)
    try:
        ledger = open_ledger(ctx.db, ctx.user)
    except LedgerFileError as exc:
        print(f"fundledger {what}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        if args.action == "signoff":
            plan, ids = uc.sign_off(ledger, streams, year, periods, args.reason, args.statement)
            return _signed(plan, ids, args)
        if year is None:
            year = uc.load(ledger, streams[0], None).scope.year
        if year is None or periods is None:
            return invalid("say which year and periods to reopen", what)
        ids = uc.reopen(ledger, streams[0], year, periods, args.reason)
    except LedgerError as exc:
        return invalid(f"{exc}; nothing was changed", what)
    finally:
        ledger.dispose()
    label = f"{streams[0]} {FinancialYear(year).code} {period_label(periods[0])}–{period_label(periods[1])}"
    if args.json:
        print(json.dumps({"reopened": ids, "stream": streams[0], "year": FinancialYear(year).code,
                          "periods": [period_label(p) for p in periods],
                          "reason": (args.reason or "").strip()}, indent=2))  # fmt: skip
    else:
        print(f"Reopened the {label} reconciliation ({len(ids)} period(s)); matches can change.")
    return EXIT_OK


def _signed(plan: SignoffPlan, ids: list[int], args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps({"signed_off": ids, "streams": list(plan.streams),
                          "year": FinancialYear(plan.year).code,
                          "periods": [period_label(plan.first), period_label(plan.last)],
                          "statement": list(plan.statement),
                          "difference": money_str(plan.difference),
                          "unexplained": money_str(plan.unexplained),
                          "reason": (args.reason or "").strip() or None,
                          "lines": _lines_json(plan)}, indent=2))  # fmt: skip
        return EXIT_OK
    print(f"Signed off {plan.label}: difference {format_gbp(plan.difference)} (cumulative), "
          f"unexplained {format_gbp(plan.unexplained)}")  # fmt: skip
    for x in plan.lines:
        print(f"  {x.stream:<5} {period_label(x.period)}  movement {format_gbp(x.movement):>14}"
              f"  cumulative {format_gbp(x.cumulative):>14}"
              f"  unexplained {format_gbp(x.unexplained):>14}")  # fmt: skip
    return EXIT_OK
