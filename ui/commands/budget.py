"""``fundledger budget revise|line|list``: budget lines as the app's budget-line form keeps
them (same checks: the year open for the stream, one line of a name per stream and year; same
audit).

``budget revise --line LINE --original A --reason R``: an agreed original budget changes only
here — finance only, recorded as a budget revision with the reason in the audit log (in-year
moves are virements).  ``budget line add
--stream S --year Y --name N --original A [--code C] [--category K] [--eligible yes|no|unknown]
[--allocation ID]``; ``budget line edit LINE [--name …] --reason R`` (not the original);
``budget list [--stream S] [--year Y]``: each line's original, virements, carry-forward,
revised budget and actual.
"""

from __future__ import annotations

import argparse
from typing import Any

from db.ledger import Ledger
from db.writes import LedgerError
from fundledger.money import format_gbp
from fundledger.years import FinancialYear
from ui.cli import Context

from ._script import Done, json_flag, perform
from .forecast import line_arguments, line_id

ELIGIBLE = {"yes": True, "no": False, "unknown": None}


def _details(p: argparse.ArgumentParser) -> None:
    p.add_argument("--code", metavar="CODE", help="the line's code in the council's ledger")
    p.add_argument("--category", metavar="TEXT", help="e.g. staff, commissioned, other")
    p.add_argument("--eligible", choices=tuple(ELIGIBLE), help="eligible under the grant")
    p.add_argument("--allocation", metavar="ID", type=int, help="the allocation funding it")
    p.add_argument("--order", type=int, metavar="N", help="its place in the budget (sort order)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    rev = sub.add_parser(
        "revise", help="finance: change a line's agreed original budget, with a reason"
    )
    line_arguments(rev)
    rev.add_argument("--original", required=True, metavar="AMOUNT", help="the new original, £")
    rev.add_argument("--reason", required=True, help="why (recorded in the audit log)")
    json_flag(rev)
    line = sub.add_parser("line", help="add or change a budget line")
    lsub = line.add_subparsers(dest="line_action", required=True, metavar="ACTION")
    add = lsub.add_parser("add", help="add a budget line with its original budget")
    add.add_argument("--stream", required=True, metavar="CODE")
    add.add_argument("--year", required=True, metavar="YYYY-YY")
    add.add_argument("--name", required=True)
    add.add_argument("--original", required=True, metavar="AMOUNT", help="original budget, £")
    _details(add)
    json_flag(add)
    edit = lsub.add_parser("edit", help="change a line's name or details (not its original)")
    line_arguments(edit)
    edit.add_argument("--name", help="the new name")
    _details(edit)
    edit.add_argument("--reason", required=True, help="why (recorded in the audit log)")
    json_flag(edit)
    lst = sub.add_parser("list", help="budget lines with original, virements and revised")
    lst.add_argument("--stream", metavar="CODE")
    lst.add_argument("--year", metavar="YYYY-YY")
    json_flag(lst)


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for opt, key in (("code", "code"), ("category", "category"), ("allocation", "allocation_id"),
                     ("order", "sort_order")):  # fmt: skip
        if getattr(args, opt) is not None:
            out[key] = getattr(args, opt)
    if args.eligible is not None:
        out["eligible"] = ELIGIBLE[args.eligible]
    return out


def _json(b: Any) -> dict[str, Any]:
    return {"id": b.line_id, "stream": b.stream_code, "year": FinancialYear(b.year).code,
            "name": b.name, "category": b.category, "original": b.original,
            "virements": b.virements, "carry_forward": b.carry_forward, "revised": b.revised,
            "actual": b.actual}  # fmt: skip


def _line(ledger: Ledger, lid: int) -> Any:
    from ui.usecases import budget

    with ledger.read() as s:
        from db.schema import BudgetLine, Stream

        row = s.get(BudgetLine, lid)
        if row is None:
            raise LedgerError(f"budget line #{lid} does not exist")
        code, year = s.get(Stream, row.stream_id).code, row.year  # type: ignore[union-attr]
    return next(b for b in budget.lines(ledger, code, year) if b.line_id == lid)


def _edit(ledger: Ledger, args: argparse.Namespace, values: dict[str, Any], verb: str) -> Done:
    from ui.usecases import budget_entries as uc

    lid = line_id(ledger, args)
    before = uc.budget_line_form(ledger, lid).before
    if before is None:
        raise LedgerError(f"budget line #{lid} does not exist")
    seen = dict(before.values)
    if all(seen.get(k) == v for k, v in values.items()):
        raise LedgerError("nothing to change: give the fields to change")
    uc.save_budget_line(ledger, before, seen["stream_id"], seen["year"], values, args.reason)
    b = _line(ledger, lid)
    return Done(f"{verb} budget line #{lid} {b.name} ({b.stream_code} "
                f"{FinancialYear(b.year).code}): original {format_gbp(b.original)}, "
                f"revised {format_gbp(b.revised)}.", {"line": _json(b)})  # fmt: skip


def _revise(ledger: Ledger, args: argparse.Namespace) -> Done:
    from ui.usecases import budget_entries as uc

    from .txn import _amount

    lid = line_id(ledger, args)
    uc.revise_original(ledger, lid, _amount(args.original), args.reason, None)
    b = _line(ledger, lid)
    return Done(f"Revised budget line #{lid} {b.name} ({b.stream_code} "
                f"{FinancialYear(b.year).code}): original {format_gbp(b.original)}, "
                f"revised {format_gbp(b.revised)}.", {"line": _json(b)})  # fmt: skip


def _change(ledger: Ledger, args: argparse.Namespace) -> Done:
    values = _changes(args)
    if args.name is not None:
        values["name"] = args.name
    return _edit(ledger, args, values, "Changed")


def _add(ledger: Ledger, args: argparse.Namespace) -> Done:
    from ui.usecases import budget_entries as uc
    from ui.usecases import scripting as sc

    from .txn import _amount

    year = sc.year_number(args.year)
    with ledger.read() as s:
        sid = sc.stream_of(s, args.stream).id
    check = uc.check_budget_line(ledger, sid, year)
    if check.problems:
        raise LedgerError("; ".join(check.problems))
    values = {"name": args.name, "original": _amount(args.original), **_changes(args)}
    lid = uc.save_budget_line(ledger, None, sid, year, values)
    b = _line(ledger, lid)
    return Done(f"Added budget line #{lid} {b.name} ({b.stream_code} "
                f"{FinancialYear(b.year).code}): original {format_gbp(b.original)}.",
                {"line": _json(b)})  # fmt: skip


def _list(ledger: Ledger, args: argparse.Namespace) -> Done:
    from ui.usecases import budget
    from ui.usecases import scripting as sc

    year = sc.year_number(args.year) if args.year else None
    if args.stream:
        with ledger.read() as s:
            sc.stream_of(s, args.stream)
    rows = budget.lines(ledger, args.stream, year)
    text = "\n".join(f"#{b.line_id}\t{b.stream_code} {FinancialYear(b.year).code}\t{b.name}\t"
                     f"{format_gbp(b.original):>14}\t{format_gbp(b.revised):>14}"
                     for b in rows)  # fmt: skip
    return Done(text or "No budget lines.", {"lines": [_json(b) for b in rows]}, audited=False)


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.action == "line":
        name, action = (
            f"budget line {args.line_action}",
            _add if args.line_action == "add" else _change,
        )
    else:
        name, action = f"budget {args.action}", _revise if args.action == "revise" else _list
    return perform(ctx, name, bool(args.json), lambda ledger: action(ledger, args))
