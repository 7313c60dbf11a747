"""``fundledger stream add|list|edit|retire``: the ledger's streams (funds) as data.

``stream add CODE --name NAME --kind grant|pooled|allocations|income [--funder ORG]`` adds one;
``edit`` changes its name, kind, funder, carry-forward rule, eligibility notes or a year's
funding mechanism (``--mechanism 2025:settlement``); ``retire CODE --reason R`` retires it (its
rows stay readable).  Administrators and finance only; every change is audited.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from db.ledger import Ledger
from db.writes import LedgerError
from fundledger.streams import FUND_TYPES, LINE_CATEGORIES
from ui.cli import Context

from ._refdata import print_json, run_action


def _details(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--name", required=required, help="the stream's name")
    p.add_argument("--kind", required=required, choices=tuple(FUND_TYPES), help="fund type")
    p.add_argument("--funder", metavar="ORG", help="the funder (organisation name, alias or #id)")
    cf = p.add_mutually_exclusive_group()
    cf.add_argument("--carry-forward", dest="carry_forward", action="store_true", default=None)
    cf.add_argument("--no-carry-forward", dest="carry_forward", action="store_false")
    p.add_argument("--eligibility", metavar="TEXT", help="grant conditions: what may be spent")
    p.add_argument("--line-category", choices=LINE_CATEGORIES, help="what its budget lines are")
    p.add_argument(
        "--mechanism",
        action="append",
        default=[],
        metavar="YEAR:MECHANISM",
        help="funding mechanism from a year on, e.g. 2025:settlement (repeat for several)",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="add a stream")
    add.add_argument("code", metavar="CODE")
    _details(add, required=True)
    lst = sub.add_parser("list", help="list streams")
    lst.add_argument("--json", action="store_true")
    edit = sub.add_parser("edit", help="change a stream")
    edit.add_argument("code", metavar="CODE")
    _details(edit, required=False)
    retire = sub.add_parser("retire", help="retire a stream (its rows stay)")
    retire.add_argument("code", metavar="CODE")
    retire.add_argument("--reason", required=True)


def _mechanisms(values: list[str]) -> tuple[tuple[int, str], ...]:
    out = []
    for v in values:
        year, sep, mech = v.partition(":")
        if not sep or not year.strip()[:4].isdigit():
            raise LedgerError(f"--mechanism {v!r}: give YEAR:MECHANISM, e.g. 2025:settlement")
        out.append((int(year.strip()[:4]), mech.strip()))
    return tuple(out)


def run(args: argparse.Namespace, ctx: Context) -> int:
    def action(ledger: Ledger) -> None:
        if args.action == "list":
            from ui.usecases.reference_lists import streams

            _list(streams(ledger), args.json)
            return
        from ui.usecases import reference as uc

        if args.action == "retire":
            print(f"Retired stream {uc.retire_stream(ledger, args.code, args.reason)}.")
            return
        data = uc.StreamIn(
            name=args.name,
            fund_type=args.kind,
            carry_forward_allowed=args.carry_forward,
            eligibility_notes=args.eligibility,
            line_category=args.line_category,
            mechanisms=_mechanisms(args.mechanism),
        )
        if args.action == "add":
            print(f"Added stream {uc.add_stream(ledger, args.code, data, args.funder)}.")
        else:
            print(f"Changed stream {uc.edit_stream(ledger, args.code, data, args.funder)}.")

    return run_action(ctx, f"stream {args.action}", action)


def _list(items: Sequence[object], as_json: bool) -> None:
    from ui.usecases.reference_lists import StreamItem

    rows = [i for i in items if isinstance(i, StreamItem)]
    if as_json:
        print_json(
            {
                "streams": [
                    {
                        "code": s.code,
                        "name": s.name,
                        "kind": s.fund_type,
                        "funder": s.funder,
                        "carry_forward_allowed": s.carry_forward_allowed,
                        "eligibility_notes": s.eligibility_notes,
                        "line_category": s.line_category,
                        "status": s.status,
                        "mechanisms": {str(y): m for y, m in s.mechanisms},
                        "cost_centres": list(s.cost_centres),
                    }
                    for s in rows
                ]
            }
        )
        return
    for s in rows:
        state = "" if s.status == "active" else f" ({s.status})"
        ccs = ", ".join(s.cost_centres) or "no cost centres"
        print(f"{s.code}\t{s.fund_type}\t{s.name}{state}\t{s.funder or '-'}\t{ccs}")
