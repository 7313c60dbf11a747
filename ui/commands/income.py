"""``fundledger income add|receipt``: income raised (invoiced) and received, as the Income page
records it (finance and the stream's budget holders; the period open; audited).

``income add --stream S --date D --category C --customer NAME --amount A [--list-price A
--discount A] [--line LINE] [--reference R] [--description T] [--council-investment]``;
``income receipt ID --date D [--amount A]``: income is received whole, so ``--amount``, when
given, must be the item's amount (a check for scripts).
"""

from __future__ import annotations

import argparse
from typing import Any

from db.ledger import Ledger
from db.writes import LedgerError
from fundledger.money import format_gbp
from fundledger.years import FinancialYear, period_label
from ui.cli import Context

from ._refdata import parse_date
from ._script import Done, json_flag, perform

FIELDS = ("stream_id", "budget_line_id", "category", "customer", "amount", "list_price",
          "discount", "raised_on", "year", "period", "status", "received_on", "reference",
          "description", "is_council_investment")  # fmt: skip


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    a = sub.add_parser("add", help="record income raised (audited)")
    a.add_argument("--stream", required=True, metavar="CODE")
    a.add_argument("--date", required=True, metavar="DATE", help="date raised")
    a.add_argument("--category", required=True, metavar="TEXT", help="e.g. training, licences")
    a.add_argument("--customer", required=True, metavar="NAME")
    a.add_argument("--amount", required=True, metavar="AMOUNT", help="£ charged")
    a.add_argument("--list-price", metavar="AMOUNT")
    a.add_argument("--discount", metavar="AMOUNT")
    a.add_argument("--line", metavar="LINE", help="budget line: #id or its name")
    a.add_argument("--reference", metavar="REF")
    a.add_argument("--description", metavar="TEXT")
    a.add_argument("--council-investment", action="store_true",
                   help="the council's own investment (counted apart in the return on it)")  # fmt: skip
    json_flag(a)
    r = sub.add_parser("receipt", help="record raised income as received")
    r.add_argument("id", metavar="ID", type=int)
    r.add_argument("--date", required=True, metavar="DATE", help="date received")
    r.add_argument("--amount", metavar="AMOUNT", help="must be the item's amount, if given")
    json_flag(r)


def _row(ledger: Ledger, iid: int) -> dict[str, Any]:
    from db.schema import IncomeItem
    from ui.usecases.scripting import row_fields

    r = row_fields(ledger, IncomeItem, iid, FIELDS)
    r["year"], r["period"] = FinancialYear(r["year"]).code, period_label(r["period"])
    return r


def run(args: argparse.Namespace, ctx: Context) -> int:
    from fundledger.years import year_of
    from ui.usecases import lifecycle
    from ui.usecases import scripting as sc

    from .txn import _amount

    def add(ledger: Ledger) -> Done:
        on = parse_date(args.date)
        with ledger.read() as s:
            stream = sc.stream_of(s, args.stream)
            sid, code = stream.id, stream.code
            line = None
            if args.line:
                line = sc.find_line(s, args.line, code, year_of(on).start_year).id
            customer = None
            try:
                customer = sc.org_id(s, args.customer)
            except LedgerError:
                customer = None  # a customer need not be a known organisation
        data = lifecycle.IncomeInput(
            stream_id=sid, category=args.category, customer=args.customer,
            amount=_amount(args.amount), raised_on=on, budget_line_id=line,
            list_price=_amount(args.list_price) if args.list_price else None,
            discount=_amount(args.discount) if args.discount else None,
            reference=args.reference, description=args.description, customer_org_id=customer,
            is_council_investment=args.council_investment,
        )  # fmt: skip
        new = lifecycle.add_income(ledger, data)
        r = _row(ledger, new)
        return Done(f"Recorded income #{new}: {args.customer} {format_gbp(r['amount'])} "
                    f"({r['category']}, {r['year']} {r['period']}).", {"income": r})  # fmt: skip

    def receipt(ledger: Ledger) -> Done:
        before = _row(ledger, args.id)
        if args.amount and _amount(args.amount) != before["amount"]:
            raise LedgerError(f"income #{args.id} is {format_gbp(before['amount'])} and is "
                              f"received whole, not {format_gbp(_amount(args.amount))}")  # fmt: skip
        lifecycle.record_income_receipt(ledger, args.id, parse_date(args.date))
        r = _row(ledger, args.id)
        return Done(f"Recorded income #{args.id} received on {r['received_on']:%d/%m/%Y} "
                    f"({format_gbp(r['amount'])}).", {"income": r})  # fmt: skip

    return perform(ctx, f"income {args.action}", bool(args.json),
                   add if args.action == "add" else receipt)  # fmt: skip
