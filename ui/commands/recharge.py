"""``fundledger recharge raise|paid``: recharging partners for a shared cost, as the
Contributions page raises them (finance; one recharge per partner in one action; audited).

``recharge raise --stream S --year Y --partner ORG [--partner ORG ...] --amount A
--description T --raised D --due D [--reference-prefix P]``: the same amount to each partner;
``recharge paid ID --date D [--amount A]``: money received (what is outstanding unless
``--amount``: part payments add up, and the recharge is paid when they reach it).
"""

from __future__ import annotations

import argparse
from typing import Any

from db.ledger import Ledger
from fundledger.money import format_gbp
from fundledger.years import FinancialYear
from ui.cli import Context

from ._refdata import parse_date
from ._script import Done, json_flag, perform

FIELDS = ("stream_id", "year", "org_id", "amount", "description", "reference", "raised_on",
          "due_on", "status", "paid_on", "paid_amount")  # fmt: skip


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    r = sub.add_parser("raise", help="raise the same recharge to each partner (audited)")
    r.add_argument("--stream", required=True, metavar="CODE")
    r.add_argument("--year", required=True, metavar="YYYY-YY")
    r.add_argument("--partner", required=True, action="append", metavar="ORG",
                   help="organisation name or alias (repeat for several)")  # fmt: skip
    r.add_argument("--amount", required=True, metavar="AMOUNT", help="£ from each partner")
    r.add_argument("--description", required=True, metavar="TEXT")
    r.add_argument("--raised", required=True, metavar="DATE", help="date raised")
    r.add_argument("--due", required=True, metavar="DATE", help="date due")
    r.add_argument("--reference-prefix", metavar="P", help="references P-01, P-02, …")
    json_flag(r)
    p = sub.add_parser("paid", help="record money received against a recharge")
    p.add_argument("id", metavar="ID", type=int)
    p.add_argument("--date", required=True, metavar="DATE", help="date received")
    p.add_argument("--amount", metavar="AMOUNT", help="£ received (default: what is outstanding)")
    json_flag(p)


def _row(ledger: Ledger, rid: int) -> dict[str, Any]:
    from db.schema import Recharge
    from ui.usecases.scripting import row_fields

    r = row_fields(ledger, Recharge, rid, FIELDS)
    r["year"] = FinancialYear(r["year"]).code
    return r


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui.usecases import lifecycle
    from ui.usecases import scripting as sc

    from .txn import _amount

    def raise_(ledger: Ledger) -> Done:
        year = sc.year_number(args.year)
        with ledger.read() as s:
            sc.stream_of(s, args.stream)
            orgs = [sc.org_id(s, p) for p in args.partner]
        ids = lifecycle.raise_recharges(
            ledger, args.stream.upper(), year, orgs, _amount(args.amount), args.description,
            parse_date(args.raised), parse_date(args.due), args.reference_prefix,
        )  # fmt: skip
        rows = [_row(ledger, i) for i in ids]
        return Done(f"Raised {len(ids)} recharge{'s' if len(ids) != 1 else ''} of "
                    f"{format_gbp(_amount(args.amount))} each: {args.description} "
                    f"(#{', #'.join(map(str, ids))}).", {"recharges": rows})  # fmt: skip

    def paid(ledger: Ledger) -> Done:
        before = _row(ledger, args.id)
        outstanding = before["amount"] - (before["paid_amount"] or 0)
        amount = _amount(args.amount) if args.amount else outstanding
        lifecycle.record_recharge_receipt(ledger, args.id, parse_date(args.date), amount)
        r = _row(ledger, args.id)
        return Done(f"Recorded {format_gbp(r['paid_amount'])} received for recharge #{args.id} "
                    f"({r['status']}).", {"recharge": r})  # fmt: skip

    action = raise_ if args.action == "raise" else paid
    return perform(ctx, f"recharge {args.action}", bool(args.json), action)
