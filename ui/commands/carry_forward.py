"""``fundledger carry-forward request|approve|reject|list``: carrying a line's underspend (or
committed balance) into the next year, where the stream's grant allows it — requested by one
person and approved by another (as the app's Carry forward and Approvals dialogs).

``carry-forward request --line LINE --amount A --reason R [--to LINE] [--basis
underspend|committed] [--stream S --year Y]``: ``--to`` defaults to next year's line of the
same name.  ``approve ID``; ``reject ID --reason R``; ``list [--stream S] [--year Y]``.
"""

from __future__ import annotations

import argparse

from db.ledger import Ledger
from db.writes import LedgerError
from fundledger.money import format_gbp
from fundledger.years import FinancialYear
from ui.cli import Context

from ._movements import decide_arguments, find, row_json, run_decide_or_list
from ._script import Done, json_flag, perform


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    req = sub.add_parser("request", help="request a carry-forward (pending until approved)")
    req.add_argument("--line", required=True, metavar="LINE",
                     help="the line carrying money out: #id or its name")  # fmt: skip
    req.add_argument("--to", dest="to_line", metavar="LINE",
                     help="next year's line receiving it (default: the one of the same name)")  # fmt: skip
    req.add_argument("--amount", required=True, metavar="AMOUNT")
    req.add_argument("--reason", required=True, help="why (recorded in the audit log)")
    req.add_argument("--basis", choices=("underspend", "committed"), default="underspend")
    req.add_argument("--stream", metavar="CODE", help="to pick the line by name")
    req.add_argument("--year", metavar="YYYY-YY", help="the year carried from, to pick by name")
    json_flag(req)
    decide_arguments(sub, "carry-forward")


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.action != "request":
        return run_decide_or_list(args, ctx, carry=True)
    from db.schema import Stream
    from ui.usecases import lifecycle
    from ui.usecases import scripting as sc

    from .txn import _amount

    def request(ledger: Ledger) -> Done:
        year = sc.year_number(args.year) if args.year else None
        with ledger.read() as s:
            src = sc.find_line(s, args.line, args.stream, year)
            code = s.get(Stream, src.stream_id).code  # type: ignore[union-attr]
            nxt = FinancialYear(src.year + 1).code
            if args.to_line:
                dst = sc.find_line(s, args.to_line, code, src.year + 1).id
            else:
                try:
                    dst = sc.find_line(s, src.name, code, src.year + 1).id
                except LedgerError as exc:
                    raise LedgerError(f"{exc}: give --to, the {nxt} line receiving it") from exc
            src_id = src.id
        new = lifecycle.request_carry_forward(ledger, src_id, dst, _amount(args.amount),
                                              args.reason, args.basis)  # fmt: skip
        r = find(ledger, True, new)
        return Done(f"Requested carry-forward #{new}: {format_gbp(r.amount)} {r.from_line} → "
                    f"{nxt} {r.to_line} (pending approval by someone else).",
                    {"carry_forward": row_json(r)})  # fmt: skip

    return perform(ctx, "carry-forward request", bool(args.json), request)
