"""``fundledger costcentre add|list|rename|import|retire``: the council's cost centres.

Each cost centre maps rows to one stream; ``--line`` also adds a rule coding its rows to that
budget line.  ``import FILE`` reads the council's list (code, name, stream[, budget line])
from a workbook, all or nothing.  A retired code still reads old rows.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from db.ledger import Ledger
from ui.cli import Context

from ._refdata import print_json, run_action


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="add a cost centre")
    add.add_argument("code", metavar="CODE")
    add.add_argument("--stream", required=True, metavar="STREAM")
    add.add_argument("--name")
    add.add_argument("--line", metavar="LINE", help="budget line its rows are coded to")
    lst = sub.add_parser("list", help="list cost centres")
    lst.add_argument("--json", action="store_true")
    ren = sub.add_parser("rename", help="rename a cost centre")
    ren.add_argument("code", metavar="CODE")
    ren.add_argument("--name", required=True)
    imp = sub.add_parser("import", help="import the council's cost-centre list")
    imp.add_argument("file", metavar="FILE", type=Path)
    imp.add_argument("--sheet")
    imp.add_argument("--dry-run", action="store_true")
    retire = sub.add_parser("retire", help="retire a cost centre (old rows still read)")
    retire.add_argument("code", metavar="CODE")
    retire.add_argument("--reason", required=True)


def run(args: argparse.Namespace, ctx: Context) -> int:
    def action(ledger: Ledger) -> None:
        if args.action == "list":
            from ui.usecases.reference_lists import cost_centres

            _list(cost_centres(ledger), args.json)
            return
        from ui.usecases import reference as uc

        if args.action == "add":
            data = uc.CostCentreIn(args.code, args.stream, args.name)
            code = uc.add_cost_centre(ledger, data, args.line)
            print(f"Added cost centre {code}.")
            note = uc.cost_centre_note(ledger, code) if args.line else None
            if note:
                print(f"fundledger costcentre add: note: {note}", file=sys.stderr)
        elif args.action == "rename":
            print(f"Renamed cost centre {uc.rename_cost_centre(ledger, args.code, args.name)}.")
        elif args.action == "retire":
            print(f"Retired cost centre {uc.retire_cost_centre(ledger, args.code, args.reason)}.")
        else:
            from ui.usecases.cost_centre_import import import_cost_centres

            done = import_cost_centres(ledger, args.file, sheet=args.sheet, dry_run=args.dry_run)
            verb = "Would add" if args.dry_run else "Added"
            print(f"{verb} {done.added} cost centres ({done.rules} with a budget line); "
                  f"{done.unchanged} already in the ledger.")  # fmt: skip

    return run_action(ctx, f"costcentre {args.action}", action)


def _list(rows: Sequence[object], as_json: bool) -> None:
    from ui.usecases.reference_lists import CostCentreItem

    items = [r for r in rows if isinstance(r, CostCentreItem)]
    if as_json:
        print_json(
            {
                "cost_centres": [
                    {"code": c.code, "name": c.name, "stream": c.stream, "status": c.status,
                     "line": c.line, "rows": c.rows}
                    for c in items
                ]
            }
        )  # fmt: skip
        return
    for c in items:
        state = "" if c.status == "active" else f" ({c.status})"
        print(f"{c.code}\t{c.stream}\t{c.name}{state}\t{c.line or '-'}")
