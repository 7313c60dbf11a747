"""``fundledger period close|reopen|list``: month-end period locks.

``period close --year Y --to P06 [--stream S] --reason R`` closes every open period of the year
up to P06 (for one stream or all); ``period reopen --year Y --period P03 [--stream S] --reason R``
reopens P03 and every later closed period (administrators); ``period list [--year Y] [--json]``
shows each period with its month and what closed it.  Refusals exit 2, nothing written.
"""

from __future__ import annotations

import argparse
import json
import sys

from db.migrate import LedgerFileError
from db.writes import LedgerError
from fundledger.periods import parse_period_range, period_name, today
from fundledger.years import FinancialYear, parse_year, year_of
from ui.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Context


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    close = sub.add_parser("close", help="close every open period of a year up to one")
    close.add_argument("--year", required=True, metavar="YYYY-YY", help="the financial year")
    close.add_argument(
        "--to", required=True, metavar="PNN", help="the last period to close, e.g. P06"
    )
    close.add_argument("--stream", metavar="CODE", help="one stream (default: all streams)")
    close.add_argument("--reason", help="why (recorded in the audit log; required)")
    close.add_argument("--json", action="store_true", help="print one JSON object")
    reopen = sub.add_parser("reopen", help="reopen a period and every later one (administrators)")
    reopen.add_argument("--year", required=True, metavar="YYYY-YY", help="the financial year")
    reopen.add_argument("--period", required=True, metavar="PNN", help="the first period to reopen")
    reopen.add_argument("--stream", metavar="CODE", help="one stream (default: all streams)")
    reopen.add_argument("--reason", help="why (recorded in the audit log; required)")
    reopen.add_argument("--json", action="store_true", help="print one JSON object")
    lst = sub.add_parser("list", help="each period of a year: its month, open or closed, by whom")
    lst.add_argument("--year", metavar="YYYY-YY", help="the financial year (default: today's)")
    lst.add_argument("--json", action="store_true", help="print one JSON object")


def _fail(code: int, action: str, message: str) -> int:
    print(f"fundledger period {action}: {message}", file=sys.stderr)
    return code


def _year(text: str | None) -> int | None:
    if text is None:
        return year_of(today()).start_year
    fy = parse_year(text)
    return None if fy is None else fy.start_year


def _period(text: str) -> int | None:
    found = parse_period_range(text)
    return found[0] if found is not None and found[0] == found[1] else None


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui.usecases.session import open_ledger

    year = _year(args.year)
    if year is None:
        return _fail(EXIT_INVALID, args.action, f"--year {args.year!r} is not a financial year "
                     "(e.g. 2025-26)")  # fmt: skip
    period = None
    if args.action != "list":
        text = args.to if args.action == "close" else args.period
        period = _period(text)
        if period is None:
            flag = "--to" if args.action == "close" else "--period"
            return _fail(EXIT_INVALID, args.action, f"{flag} {text!r} is not a period (P01…P12)")
    try:
        ledger = open_ledger(ctx.db, ctx.user)
    except LedgerFileError as exc:
        return _fail(EXIT_ERROR, args.action, str(exc))
    try:
        if args.action == "list":  # a listing imports no write operation (issue 23)
            from ui.usecases.period_states import states

            return _list(states(ledger, year), year, as_json=args.json)
        from ui.usecases import periods as uc

        assert period is not None
        act = uc.close_through if args.action == "close" else uc.reopen_from
        done = act(ledger, year, period, args.stream, args.reason)
    except LedgerError as exc:
        return _fail(EXIT_INVALID, args.action, f"{exc}; nothing was changed")
    finally:
        ledger.dispose()
    verb = "closed" if args.action == "close" else "reopened"
    if args.json:
        print(json.dumps({"action": verb, "year": FinancialYear(year).code,
                          "periods": [f"P{p:02d}" for p in done.periods],
                          "stream": done.stream, "locks": list(done.lock_ids),
                          "reason": (args.reason or "").strip()}, indent=2))  # fmt: skip
    else:
        print(f"{done.label} {verb} for {done.stream or 'all streams'}")
    return EXIT_OK


def _list(states: list, year: int, *, as_json: bool) -> int:  # type: ignore[type-arg]
    from ui.usecases.period_states import period_json

    if as_json:
        print(json.dumps({"year": FinancialYear(year).code,
                          "periods": [period_json(s) for s in states]}, indent=2))  # fmt: skip
        return EXIT_OK
    print(f"Periods of {FinancialYear(year).code}")
    for s in states:
        if s.closed_for_all:
            lock = next(x for x in s.locks if x.stream is None)
            what = f"closed (all streams) by {lock.closed_by} on {lock.closed_at:%d/%m/%Y}"
        elif s.closed_streams:
            what = "closed for " + ", ".join(s.closed_streams)
        else:
            what = "open"
        print(f"  {period_name(year, s.period):<22} {what}")
    return EXIT_OK
