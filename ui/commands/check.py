"""``fundledger check``: integrity and ledger invariants; exit 1 if anything is wrong."""

from __future__ import annotations

import argparse
import json
import sys

from db.checks import Problem, run_checks
from db.engine import resolve_url, sqlite_path
from db.migrate import LedgerFileError, LedgerState, inspect_engine
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
        state = inspect_engine(ledger.engine)
    except LedgerFileError as exc:
        print(f"fundledger check: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        refusal = _refusal(state, ledger.display_name)
        if refusal:
            print(f"fundledger check: {refusal}", file=sys.stderr)
            return EXIT_ERROR
        with ledger.read() as session:
            problems = run_checks(session)
    finally:
        ledger.dispose()
    _report(problems, ledger.display_name, args.json)
    return EXIT_ERROR if problems else EXIT_OK


def _refusal(state: LedgerState, where: str) -> str | None:
    if not state.exists:
        return f"no ledger at {where}"
    if not state.is_current:
        return (
            f"{where} is at an older schema (revision {state.revision}, version "
            f"{state.schema_version}); run `fundledger init` to upgrade it, then check again"
        )
    return None


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
