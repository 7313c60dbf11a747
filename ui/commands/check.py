"""``fundledger check``: integrity, ledger invariants and tamper evidence; exit 1 if anything is
wrong.  ``--seal N:HASH`` (a seal printed on an export or return) or ``--against BACKUP`` (the
seal a backup carries) also proves the audit chain still contains that entry (db.seal)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from db.checks import Problem, run_checks
from db.engine import resolve_url, sqlite_path
from db.migrate import LedgerFileError, LedgerState, inspect_engine
from db.seal import Seal, SealError, current_seal, parse_seal, seal_of_backup, seal_problems
from ui.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Context
from ui.usecases.session import open_ledger


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--seal",
        metavar="N:HASH",
        action="append",
        default=[],
        help="a ledger seal from an export or return (entry number and at least 8 hex digits of "
        "its hash, e.g. 618:3f9a0c1d5e2b7a40): prove the audit trail still contains it "
        "(repeatable)",
    )
    parser.add_argument(
        "--against",
        metavar="BACKUP",
        action="append",
        default=[],
        help="a SQLite backup of this ledger: prove the audit trail still contains the backup's "
        "seal (its last audit entry) (repeatable)",
    )


def _seals(args: argparse.Namespace) -> list[tuple[Seal, str]]:
    seals = [(parse_seal(text), f"the seal {text.strip()}") for text in args.seal]
    for name in args.against:
        backup = Path(name).expanduser()
        seals.append((seal_of_backup(backup), f"the backup {backup}"))
    return seals


def run(args: argparse.Namespace, ctx: Context) -> int:
    try:
        seals = _seals(args)
    except SealError as exc:
        print(f"fundledger check: {exc}", file=sys.stderr)
        return EXIT_INVALID
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
            for seal, source in seals:
                found = seal_problems(session, seal, source)
                problems += [Problem("seal", f"audit entry {seal.entry}", m) for m in found]
            head = current_seal(session)
    finally:
        ledger.dispose()
    _report(problems, ledger.display_name, args.json, head, [s for s, _ in seals])
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


def _report(
    problems: list[Problem], where: str, as_json: bool, head: Seal, proved: list[Seal]
) -> None:
    if as_json:
        out = {
            "ledger": where,
            "ok": not problems,
            "seal": {"entry": head.entry, "hash": head.hash, "text": str(head)},
            "seals_checked": [s.token for s in proved],
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
        for seal in proved:
            print(f"The audit trail still contains {seal}.")
    print(head)
