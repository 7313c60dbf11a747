"""``fundledger comment add --line LINE --period P --text T``: a variance comment on a budget
line for a period, as the Variance page adds it (budget holders and finance; audited).  The
latest comment or forecast commentary shows in the variance Commentary column."""

from __future__ import annotations

import argparse

from db.ledger import Ledger
from fundledger.years import FinancialYear, period_label
from ui.cli import Context

from ._script import Done, json_flag, perform
from .forecast import line_arguments, line_id


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="comment on a line's variance for a period (audited)")
    line_arguments(add)
    add.add_argument("--period", required=True, metavar="P", help="the period, P01–P12")
    add.add_argument("--text", required=True, help="the comment")
    json_flag(add)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from db.schema import BudgetLine
    from ui.usecases.scripting import period_number
    from ui.usecases.variance import add_variance_comment

    def add(ledger: Ledger) -> Done:
        lid, period = line_id(ledger, args), period_number(args.period)
        new = add_variance_comment(ledger, lid, period, args.text)
        with ledger.read() as s:
            line = s.get(BudgetLine, lid)
            name, year = (line.name, line.year) if line is not None else ("", 0)
        return Done(f"Comment #{new} on {name} {FinancialYear(year).code} {period_label(period)}.",
                    {"comment": {"id": new, "line_id": lid, "line": name,
                                 "year": FinancialYear(year).code, "period": period_label(period),
                                 "text": args.text.strip()}})  # fmt: skip

    return perform(ctx, "comment add", bool(args.json), add)
