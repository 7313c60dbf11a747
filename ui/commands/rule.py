"""``fundledger rule add|list|retire``: rules that code spend to lines.

``rule add --cost-centre CC [--account A | --account A-B] --line LINE`` codes a cost centre's
rows (of an account or range) to the budget line of that name in their stream and year;
``rule add --supplier NAME --contract REF [--reference PATTERN]`` codes a supplier's rows (whose
reference matches the pattern, ``*`` and ``?``) to a contract line (its reference or ``#id``).
"""

from __future__ import annotations

import argparse
import sys

from db.ledger import Ledger
from ui.cli import Context

from ._refdata import print_json, run_action


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="add a coding rule")
    which = add.add_mutually_exclusive_group(required=True)
    which.add_argument("--cost-centre", metavar="CC")
    which.add_argument("--supplier", metavar="NAME")
    add.add_argument("--account", metavar="A", help="an account code or range A-B")
    add.add_argument("--line", metavar="LINE", help="the budget line's name")
    add.add_argument("--contract", metavar="REF", help="the contract line's reference or #id")
    add.add_argument("--reference", metavar="PATTERN", help="e.g. INV-LWA-*")
    lst = sub.add_parser("list", help="list coding rules")
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--retired", action="store_true", help="include retired rules")
    retire = sub.add_parser("retire", help="retire a rule")
    retire.add_argument("rule", metavar="ID", type=int)
    retire.add_argument("--reason", required=True)


def run(args: argparse.Namespace, ctx: Context) -> int:
    def action(ledger: Ledger) -> None:
        if args.action == "list":
            from ui.usecases.reference_lists import rules

            items = rules(ledger, include_retired=args.retired)
            if args.json:
                print_json({"rules": [
                    {"id": r.id, "kind": r.kind, "when": r.when, "to": r.to, "active": r.active}
                    for r in items
                ]})  # fmt: skip
            for r in [] if args.json else items:
                print(f"#{r.id}\t{r.when}\t→ {r.to}{'' if r.active else ' (retired)'}")
            return
        from ui.usecases import reference as uc

        if args.action == "retire":
            print(f"Retired rule #{uc.retire_rule(ledger, args.rule, args.reason)}.")
        else:
            rule_id = uc.add_rule(
                ledger,
                cost_centre=args.cost_centre,
                account=args.account,
                line=args.line,
                supplier=args.supplier,
                contract=args.contract,
                pattern=args.reference,
            )
            print(f"Added rule #{rule_id}.")
            note = uc.rule_note(ledger, rule_id)
            if note:
                print(f"fundledger rule add: note: {note}", file=sys.stderr)

    return run_action(ctx, f"rule {args.action}", action)
