"""``fundledger contribution add|edit|status``: partners' contributions to a pooled budget, as
the Contributions page records them (finance; the year open; audited).

``contribution add --stream S --year Y --partner ORG --heading H --amount A [--kind
cash|in_kind] [--fte N] [--description T] [--line LINE] [--status pledged|invoiced|received]``;
``contribution edit ID [--amount A ...] --reason R``; ``contribution status ID --status
invoiced|received --date D [--reason R]`` (moving back needs a reason).
"""

from __future__ import annotations

import argparse
from typing import Any

from db.ledger import Ledger
from db.writes import LedgerError
from fundledger.money import format_gbp
from fundledger.vocabulary import ContributionStatus
from fundledger.years import FinancialYear
from ui.cli import Context

from ._refdata import parse_date
from ._script import Done, json_flag, perform

FIELDS = ("stream_id", "year", "partner_org_id", "heading", "kind", "amount", "fte",
          "description", "status", "invoiced_on", "received_on", "budget_line_id")  # fmt: skip
STATUSES: tuple[ContributionStatus, ...] = tuple(ContributionStatus)


def _details(p: argparse.ArgumentParser, *, new: bool) -> None:
    p.add_argument("--heading", required=new, help="the pooled budget's heading, e.g. Staffing")
    p.add_argument("--amount", metavar="AMOUNT", help="£ (an in-kind value may be unknown)")
    p.add_argument("--kind", choices=("cash", "in_kind"), default="cash" if new else None)
    p.add_argument("--fte", metavar="N", help="full-time equivalent of seconded staff")
    p.add_argument(
        "--description", metavar="TEXT", help="needed for in-kind, e.g. seconded officer"
    )
    p.add_argument("--line", metavar="LINE", help="budget line: #id or its name")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="record a partner's contribution (audited)")
    add.add_argument("--stream", required=True, metavar="CODE")
    add.add_argument("--year", required=True, metavar="YYYY-YY")
    add.add_argument("--partner", required=True, metavar="ORG", help="organisation name or alias")
    _details(add, new=True)
    add.add_argument("--status", choices=STATUSES, default="pledged")
    json_flag(add)
    edit = sub.add_parser("edit", help="change a contribution (audited, with a reason)")
    edit.add_argument("id", metavar="ID", type=int)
    _details(edit, new=False)
    edit.add_argument("--reason", required=True, help="why (recorded in the audit log)")
    json_flag(edit)
    st = sub.add_parser("status", help="mark a contribution invoiced or received (dated)")
    st.add_argument("id", metavar="ID", type=int)
    st.add_argument("--status", required=True, choices=STATUSES)
    st.add_argument("--date", required=True, metavar="DATE")
    st.add_argument("--reason", help="needed to move a contribution back")
    json_flag(st)


def _common(ledger: Ledger, args: argparse.Namespace, stream_id: int, year: int) -> dict[str, Any]:
    from db.schema import Stream
    from ui.usecases import scripting as sc

    from .txn import _amount

    v: dict[str, Any] = {}
    for opt in ("heading", "kind", "description", "fte"):
        if getattr(args, opt) is not None:
            v[opt] = getattr(args, opt) or None
    if args.amount is not None:
        v["amount"] = _amount(args.amount) if args.amount else None
    if args.line is not None:
        with ledger.read() as s:
            code = s.get(Stream, stream_id).code  # type: ignore[union-attr]
            v["budget_line_id"] = sc.find_line(s, args.line, code, year).id if args.line else None
    return v


def _done(ledger: Ledger, cid: int, verb: str) -> Done:
    from db.schema import Contribution
    from ui.usecases.scripting import row_fields

    c = row_fields(ledger, Contribution, cid, FIELDS)
    c["year"] = FinancialYear(c["year"]).code
    amount = format_gbp(c["amount"]) if c["amount"] is not None else "value unknown"
    return Done(f"{verb} contribution #{cid}: {c['heading']} {c['year']} {amount} "
                f"({c['kind']}, {c['status']}).", {"contribution": c})  # fmt: skip


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui.usecases import lifecycle, partner_money
    from ui.usecases import scripting as sc

    def add(ledger: Ledger) -> Done:
        year = sc.year_number(args.year)
        with ledger.read() as s:
            sid, partner = sc.stream_of(s, args.stream).id, sc.org_id(s, args.partner)
        v = _common(ledger, args, sid, year)
        data = lifecycle.ContributionInput(stream_id=sid, year=year, partner_org_id=partner,
                                           partner_as_printed=args.partner, status=args.status,
                                           **{"amount": None, **v})  # fmt: skip
        return _done(ledger, lifecycle.add_contribution(ledger, data), "Recorded")

    def edit(ledger: Ledger) -> Done:
        from db.schema import Contribution

        now = sc.row_fields(ledger, Contribution, args.id, FIELDS)
        v = {k: x for k, x in _common(ledger, args, now["stream_id"], now["year"]).items()
             if now.get(k) != x}  # fmt: skip
        if not v:
            raise LedgerError("nothing to change: give the fields to change")
        partner_money.edit_contribution(ledger, args.id, v, args.reason)
        return _done(ledger, args.id, "Changed")

    def status(ledger: Ledger) -> Done:
        from db.ops.contributions import set_contribution_status
        from ui.usecases.lifecycle import write

        write(ledger, set_contribution_status, args.id, args.status, on=parse_date(args.date),
              reason=args.reason)  # fmt: skip
        return _done(ledger, args.id, f"Marked {args.status}:")

    action = {"add": add, "edit": edit, "status": status}[args.action]
    return perform(ctx, f"contribution {args.action}", bool(args.json), action)
