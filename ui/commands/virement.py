"""``fundledger virement request|approve|reject|list``: moving budget between two lines of a
stream in a year, requested by one person and approved by another (as the app's Budget →
Virement and Approvals dialogs: same checks, same audit, same messages).

``virement request --from LINE --to LINE --amount A --reason R [--period P] [--stream S
--year Y] [--override WHY]``: a line is ``#id`` or its name (``--stream``/``--year`` pick among
lines of that name); one that would take the from-line below zero available is refused unless
finance overrides it with a reason.  ``approve ID [--override WHY]``; ``reject ID --reason R``; ``list [--stream S] [--year Y] [--status S]``.
"""

from __future__ import annotations

import argparse

from db.ledger import Ledger
from fundledger.money import format_gbp
from ui.cli import Context

from ._movements import decide_arguments, find, row_json, run_decide_or_list
from ._script import Done, json_flag, perform


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    req = sub.add_parser("request", help="request a virement (pending until someone approves)")
    req.add_argument("--from", dest="from_line", required=True, metavar="LINE",
                     help="the line giving budget: #id or its name")  # fmt: skip
    req.add_argument("--to", dest="to_line", required=True, metavar="LINE",
                     help="the line receiving it: #id or its name")  # fmt: skip
    req.add_argument("--amount", required=True, metavar="AMOUNT")
    req.add_argument("--reason", required=True, help="why (recorded in the audit log)")
    req.add_argument(
        "--period",
        metavar="P",
        help="period it takes effect (default: today's within the lines' year; "
        "P12 once that year is over)",
    )
    req.add_argument("--override", metavar="REASON",
                     help="finance: request it although it takes the --from line below zero "
                     "available, saying why (audited)")  # fmt: skip
    req.add_argument("--stream", metavar="CODE", help="to pick lines by name")
    req.add_argument("--year", metavar="YYYY-YY", help="to pick lines by name")
    json_flag(req)
    decide_arguments(sub, "virement")


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.action != "request":
        return run_decide_or_list(args, ctx, carry=False)
    from fundledger.years import period_in_year
    from ui.usecases import lifecycle
    from ui.usecases import scripting as sc

    from .txn import _amount

    def request(ledger: Ledger) -> Done:
        year = sc.year_number(args.year) if args.year else None
        with ledger.read() as s:
            src_line = sc.find_line(s, args.from_line, args.stream, year)
            src, line_year = src_line.id, src_line.year
            dst = sc.find_line(s, args.to_line, args.stream, year).id
        # by default it takes effect now within the lines' year: P12 once that year is over
        # (as the app's form starts), not today's period number in a year long gone
        period = (sc.period_number(args.period) if args.period
                  else period_in_year(line_year, sc.today()))  # fmt: skip
        new = lifecycle.request_virement(ledger, src, dst, _amount(args.amount),
                                         args.reason, period, args.override)  # fmt: skip
        r = find(ledger, False, new)
        return Done(f"Requested virement #{new}: {format_gbp(r.amount)} {r.from_line} → "
                    f"{r.to_line} (pending approval by someone else).",
                    {"virement": row_json(r)})  # fmt: skip

    return perform(ctx, "virement request", bool(args.json), request)
