"""``fundledger audit verify|list``: the audit log as the Audit page shows it.

``audit verify``: does the hash chain hold (no entry edited, removed or inserted outside the
app)?  Exit 1 when it does not, naming each break.  ``audit list [--table T] [--row ID]
[--user NAME] [--limit N]``: entries, newest first, with old and new values.
"""

from __future__ import annotations

import argparse
import json

from db.ledger import Ledger
from ui.cli import Context

from ._script import Done, json_flag, perform


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    v = sub.add_parser("verify", help="check the audit log's hash chain")
    json_flag(v)
    lst = sub.add_parser("list", help="audit entries, newest first")
    lst.add_argument("--table", metavar="NAME", help="e.g. transactions, virements")
    lst.add_argument("--row", metavar="ID", help="one row's entries (with --table)")
    lst.add_argument("--user", dest="who", metavar="NAME", help="entries by this user")
    lst.add_argument("--limit", type=int, default=100)
    json_flag(lst)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui.usecases import audit

    broken: list[object] = []

    def verify(ledger: Ledger) -> Done:
        problems = audit.verify(ledger)
        broken.extend(problems)
        text = "\n".join(f"entry #{p.entry_id}: {p.reason}" for p in problems)
        return Done(text or "The audit log's hash chain holds.",
                    {"ok": not problems, "problems": [{"entry": p.entry_id, "reason": p.reason}
                                                      for p in problems]}, audited=False)  # fmt: skip

    def listing(ledger: Ledger) -> Done:
        rows = audit.entries(ledger, table=args.table, row=args.row, user=args.who,
                             limit=args.limit)  # fmt: skip
        data = [{"id": a.id, "at": a.at.isoformat(), "user": a.user, "action": a.action,
                 "table": a.table, "row": a.row, "reason": a.reason,
                 "old": json.loads(a.old) if a.old else None,
                 "new": json.loads(a.new) if a.new else None} for a in rows]  # fmt: skip
        text = "\n".join(f"#{a.id}\t{a.at:%d/%m/%Y %H:%M}\t{a.user}\t{a.action}\t{a.table}"
                         f"{' #' + a.row if a.row else ''}\t{a.reason or ''}" for a in rows)  # fmt: skip
        return Done(text or "No entries.", {"entries": data}, audited=False)

    code = perform(ctx, f"audit {args.action}", bool(args.json),
                   verify if args.action == "verify" else listing)  # fmt: skip
    return 1 if code == 0 and broken else code
