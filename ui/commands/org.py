"""``fundledger org add|alias|merge|list``: organisations and the names they are printed as.

``org add NAME --kind KIND`` (funder, partner, provider, csp-area, district, customer, or a
stored kind such as vcse); ``org alias ORG ALIAS [--from DATE] [--to DATE]`` adds a spelling
(with dates: a name in force then, e.g. a rename), ``--remove`` takes one away; ``org merge
FROM INTO --reason R`` makes two organisations one (links move; audited).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from db.ledger import Ledger
from ui.cli import Context

from ._refdata import parse_date, print_json, run_action


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="add an organisation")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--kind", required=True, help="funder, partner, provider, csp-area, …")
    add.add_argument("--short-name")
    alias = sub.add_parser("alias", help="add (or --remove) another name for an organisation")
    alias.add_argument("org", metavar="ORG", help="its name, an alias or #id")
    alias.add_argument("alias", metavar="ALIAS")
    alias.add_argument("--kind", help="which ORG, when the name is used by more than one")
    alias.add_argument("--from", dest="valid_from", metavar="DATE")
    alias.add_argument("--to", dest="valid_to", metavar="DATE", help="first day no longer used")
    alias.add_argument("--remove", action="store_true")
    merge = sub.add_parser("merge", help="merge FROM into INTO (links move, audited)")
    merge.add_argument("source", metavar="FROM")
    merge.add_argument("target", metavar="INTO")
    merge.add_argument("--reason", required=True)
    lst = sub.add_parser("list", help="list organisations and their aliases")
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--merged", action="store_true", help="include merged organisations")


def run(args: argparse.Namespace, ctx: Context) -> int:
    def action(ledger: Ledger) -> None:
        if args.action == "list":
            from ui.usecases.reference_lists import organisations

            _list(organisations(ledger, include_merged=args.merged), args.json)
            return
        from ui.usecases import reference as uc

        if args.action == "add":
            org = uc.add_org(ledger, args.name, args.kind, args.short_name)
            print(f"Added {org.name} ({org.kind}) as #{org.id}.")
        elif args.action == "merge":
            done = uc.merge_orgs(ledger, args.source, args.target, args.reason)
            moved = ", ".join(f"{k} {n}" for k, n in sorted(done.moved.items())) or "none"
            print(f"Merged {done.from_name} into {done.into_name}: {done.links} links moved "
                  f"({moved}).")  # fmt: skip
        elif args.remove:
            org = uc.remove_alias(ledger, args.org, args.alias, kind=args.kind)
            print(f"Removed alias {args.alias!r} from {org.name}.")
        else:
            start = parse_date(args.valid_from) if args.valid_from else None
            end = parse_date(args.valid_to) if args.valid_to else None
            org = uc.add_alias(
                ledger, args.org, args.alias, kind=args.kind, valid_from=start, valid_to=end
            )
            print(f"Added alias {args.alias!r} to {org.name} (#{org.id}).")

    return run_action(ctx, f"org {args.action}", action)


def _list(rows: Sequence[object], as_json: bool) -> None:
    from ui.usecases.reference_lists import OrgItem

    items = [r for r in rows if isinstance(r, OrgItem)]
    if as_json:
        print_json(
            {
                "organisations": [
                    {"id": o.id, "name": o.name, "kind": o.kind, "short_name": o.short_name,
                     "aliases": list(o.aliases),
                     "names": [{"name": n, "from": f, "to": t} for n, f, t in o.names],
                     "merged_into": o.merged_into}
                    for o in items
                ]
            }
        )  # fmt: skip
        return
    for o in items:
        merged = f" (merged into {o.merged_into})" if o.merged_into else ""
        aliases = "; ".join(o.aliases)
        print(f"#{o.id}\t{o.kind}\t{o.name}{merged}\t{aliases}")
