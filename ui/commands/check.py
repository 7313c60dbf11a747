"""``fundledger check``: integrity and ledger invariants; exit 1 if anything is wrong."""

from __future__ import annotations

import argparse
import json
import sys

from db.checks import Problem, run_checks
from db.engine import resolve_url, sqlite_path
from db.migrate import LedgerFileError
from ui.cli import EXIT_ERROR, EXIT_OK, Context
from ui.usecases.session import open_ledger


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace, ctx: Context) -> int:
    path = sqlite_path(resolve_url(ctx.db))
    if path is not None and not path.exists():
        print(f"fundledger check: there is no ledger at {path}", file=sys.stderr)
        return EXIT_ERROR
    try:
        ledger = open_ledger(ctx.db, ctx.user, migrate=False)
    except LedgerFileError as exc:
        print(f"fundledger check: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        with ledger.read() as session:
            if not _exists(session):
                print(f"fundledger check: no ledger at {ledger.display_name}", file=sys.stderr)
                return EXIT_ERROR
            problems = run_checks(session)
    finally:
        ledger.dispose()
    _report(problems, ledger.display_name, args.json)
    return EXIT_ERROR if problems else EXIT_OK


def _exists(session: object) -> bool:
    from sqlalchemy import inspect
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    return "ledger_info" in inspect(session.connection()).get_table_names()


def _report(problems: list[Problem], where: str, as_json: bool) -> None:
    if as_json:
        out = {
            "ledger": where,
            "ok": not problems,
            "problems": [
                {"check": p.check, "where": p.where, "message": p.message} for p in problems
            ],
        }
        print(json.dumps(out, indent=2))
        return
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s) found in {where}", file=sys.stderr)
    else:
        print(f"{where}: all checks passed")
