"""``fundledger txn add|edit|list``: manual transactions, as the app's transaction form posts
them (same checks: a closed period, a line of another stream or year, an edit of a reversal or
a reversed row; same audit).

``txn add --stream S --date D --amount A [--line L] [--contract REF] [--counterparty C]
[--reference R] [--description T] [--year Y --period P] [--kind K]``; ``txn edit ID [--amount A
...] --reason R``; ``txn list [--stream S] [--year Y] [--period P] [--line L] [--json]``.
A line is ``#id`` or its name (with the transaction's stream and year); reversing is
``fundledger reverse`` (month-end).
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from db.ledger import Ledger
from db.writes import LedgerError
from fundledger.budget import TRANSACTION_KINDS
from fundledger.money import format_gbp
from fundledger.years import FinancialYear, period_label, period_of, year_of
from ui.cli import Context

from ._refdata import parse_date
from ._script import Done, json_flag, perform


def _fields(p: argparse.ArgumentParser, *, new: bool) -> None:
    p.add_argument("--stream", required=new, metavar="CODE", help="the stream charged")
    p.add_argument("--date", required=new, metavar="DATE", help="e.g. 2025-09-15 or 15/09/2025")
    p.add_argument("--amount", required=new, metavar="AMOUNT",
                   help="£, two decimals at most; negative for a credit")  # fmt: skip
    p.add_argument("--line", metavar="LINE", help="budget line: #id or its name")
    p.add_argument("--contract", metavar="REF", help="contract line: #id or its reference")
    p.add_argument("--counterparty", metavar="NAME", help="supplier or payee as on the invoice")
    p.add_argument("--reference", metavar="REF", help="invoice or journal reference")
    p.add_argument("--description", metavar="TEXT")
    p.add_argument("--cost-centre", metavar="CODE")
    p.add_argument("--year", metavar="YYYY-YY", help="year charged (default: the date's)")
    p.add_argument("--period", metavar="P", help="period charged, P01–P12 (default: the date's)")
    p.add_argument("--kind", choices=TRANSACTION_KINDS, default="spend" if new else None)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="post a transaction (audited)")
    _fields(add, new=True)
    json_flag(add)
    edit = sub.add_parser("edit", help="change a transaction (audited, with a reason)")
    edit.add_argument("id", metavar="ID", type=int, help="the transaction's number")
    _fields(edit, new=False)
    edit.add_argument("--reason", required=True, help="why (recorded in the audit log)")
    json_flag(edit)
    lst = sub.add_parser("list", help="list transactions")
    lst.add_argument("--stream", metavar="CODE")
    lst.add_argument("--year", metavar="YYYY-YY")
    lst.add_argument("--period", metavar="P")
    lst.add_argument("--line", metavar="LINE", help="budget line: #id or its name")
    lst.add_argument("--limit", type=int, default=500, help="at most this many (newest first)")
    json_flag(lst)


def _values(ledger: Ledger, args: argparse.Namespace, base: dict[str, Any]) -> dict[str, Any]:
    """The form's values: ``base`` (the row as it is, or empty) changed by the options given."""

    v = dict(base)
    with ledger.read() as s:
        _read_values(s, args, v, new=not base)
    for opt, key in (("counterparty", "counterparty"), ("reference", "reference"),
                     ("description", "description"), ("cost_centre", "cost_centre"),
                     ("kind", "kind")):  # fmt: skip
        value = getattr(args, opt)
        if value is not None:
            v[key] = value or None
    return v


def _read_values(s: Any, args: argparse.Namespace, v: dict[str, Any], *, new: bool) -> None:
    """The options that name something in the ledger (stream, line, contract) or a date."""
    from ui.usecases import scripting as sc

    if args.stream is not None:
        v["stream_id"] = sc.stream_of(s, args.stream).id
    if args.date is not None:
        v["txn_date"] = parse_date(args.date)
        if new:  # a new row is charged to its date's year and period unless told otherwise
            v["year"], v["period"] = year_of(v["txn_date"]).start_year, period_of(v["txn_date"])
    if args.year is not None:
        v["year"] = sc.year_number(args.year)
    if args.period is not None:
        v["period"] = sc.period_number(args.period)
    if args.amount is not None:
        v["amount"] = _amount(args.amount)
    if args.line is not None:
        v["budget_line_id"] = None if args.line == "" else sc.find_line(
            s, args.line, _code(s, v["stream_id"]), v.get("year")).id  # fmt: skip
    if args.contract is not None:
        v["contract_line_id"] = None if args.contract == "" else sc.find_contract(
            s, args.contract).id  # fmt: skip


def _code(s: Any, stream_id: int) -> str:
    from db.schema import Stream

    found = s.get(Stream, stream_id)
    return found.code if found is not None else ""


def _amount(text: str) -> Decimal:
    """Exact money, or a refusal in the app's words (never a float)."""
    from fundledger.budget import money_problem

    amount, problem = money_problem(text.replace(",", "").replace("£", ""), "--amount")
    if amount is None:
        raise LedgerError(problem or f"--amount {text!r} is not an amount")
    return amount


def _row(t: Any) -> dict[str, Any]:
    return {"id": t.id, "stream": t.stream, "date": t.txn_date, "year": FinancialYear(t.year).code,
            "period": period_label(t.period), "amount": t.amount, "kind": t.kind,
            "line_id": t.budget_line_id, "line": t.line, "contract_id": t.contract_line_id,
            "counterparty": t.counterparty, "reference": t.reference,
            "description": t.description, "reverses": t.reverses_id}  # fmt: skip


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui.usecases import scripting as sc
    from ui.usecases import transactions as uc

    def save(ledger: Ledger) -> Done:
        before = None
        if args.action == "edit":
            before = uc.transaction_form(ledger, args.id).before
            if before is None:
                raise LedgerError(f"transaction #{args.id} does not exist")
        base = dict(before.values) if before is not None else {}
        values = _values(ledger, args, base)
        if before is None:
            values.setdefault("kind", "spend")
        check = uc.check_transaction(ledger, before, values)
        if check.problems:
            raise LedgerError("; ".join(check.problems))
        if before is not None and values == base:
            raise LedgerError("nothing to change: give the fields to change")
        txn_id = uc.save_transaction(ledger, before, values, args.reason if before else None)
        row = sc.transaction_row(ledger, txn_id)
        verb = "Posted" if before is None else "Changed"
        text = (f"{verb} transaction #{txn_id}: {row.stream} {FinancialYear(row.year).code} "
                f"{period_label(row.period)} {format_gbp(row.amount)}"
                f"{' to ' + row.line if row.line else ''}")  # fmt: skip
        return Done(text, {"transaction": _row(row), "warnings": check.warnings})

    def listing(ledger: Ledger) -> Done:
        with ledger.read() as s:
            line = sc.find_line(s, args.line, args.stream).id if args.line else None
        rows = sc.transaction_rows(
            ledger, stream=args.stream, line_id=line, limit=args.limit,
            year=sc.year_number(args.year) if args.year else None,
            period=sc.period_number(args.period) if args.period else None,
        )  # fmt: skip
        text = "\n".join(f"#{t.id}\t{t.txn_date:%d/%m/%Y}\t{t.stream}\t{period_label(t.period)}\t"
                         f"{format_gbp(t.amount):>14}\t{t.line or '(no line)'}\t"
                         f"{t.counterparty or ''}\t{t.reference or ''}" for t in rows)  # fmt: skip
        return Done(text or "No transactions.", {"transactions": [_row(t) for t in rows]},
                    audited=False)  # fmt: skip

    action = listing if args.action == "list" else save
    return perform(ctx, f"txn {args.action}", bool(args.json), action)
