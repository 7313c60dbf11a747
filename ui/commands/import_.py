"""``fundledger import KIND FILE``: validate a workbook and import it in one transaction.

Exit 0 when imported (or a clean dry run), 2 when anything is wrong with the file or its rows
(nothing written; one line per cause with its count and first cells, at most a screenful:
``--json`` lists the first 1,000 problems and how many there are), 1 for anything else (no permission, the ledger cannot be
opened).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from db.migrate import LedgerFileError
from db.ops.locks import PeriodLocked
from db.writes import LedgerError, PermissionDenied
from ui.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Context


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ui.usecases.import_kinds import REGISTRY

    width = max(len(n) for n in REGISTRY.names())
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = "kinds:\n" + "\n".join(f"  {k.name:<{width}}  {k.help}" for k in REGISTRY)
    parser.add_argument(
        "kind", choices=REGISTRY.names(), metavar="KIND", help="the kind of rows (see below)"
    )
    parser.add_argument(
        "file", type=Path, metavar="FILE", help="the file (.xlsx, .xlsm; see docs/cli.md)"
    )
    parser.add_argument("--sheet", help="the sheet to read (default: the first with a table)")
    parser.add_argument("--profile", help="a saved column-mapping profile")
    parser.add_argument("--stream", metavar="CODE", help="the stream (DA, YJ, OPCC, PMT, DHR…)")
    parser.add_argument("--year", metavar="YYYY-YY", help="the financial year, e.g. 2025-26")
    parser.add_argument(
        "--create-missing",
        action="store_true",
        help="create partners, areas and funders that match no organisation (each reported)",
    )
    parser.add_argument(
        "--outside",
        choices=("error", "skip"),
        default="error",
        metavar="error|skip",
        help="rows of cost centres this ledger does not hold: an error (default), or skip "
        "them and report them by cost centre",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="read FIELD from COLUMN (a letter such as H, or a header text); repeatable",
    )
    parser.add_argument(
        "--header-row", type=int, metavar="N", help="the header row (default: found)"
    )
    parser.add_argument(
        "--last-row", type=int, metavar="N", help="the last data row (rows below are left out)"
    )
    parser.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    parser.add_argument("--json", action="store_true", help="print one JSON object (SPEC §5)")
    parser.add_argument("--as-at", metavar="DATE", help="the as-at date of figures 'to date'")


def _columns(pairs: list[str]) -> dict[str, str] | str:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not name.strip() or not column.strip():
            return f"--map {pair!r}: give FIELD=COLUMN (e.g. --map amount=H)"
        out[name.strip().lower().replace(" ", "_")] = column.strip()
    return out


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui import gcpause
    from ui.usecases.import_errors import problem_lines
    from ui.usecases.imports import import_file
    from ui.usecases.session import open_ledger

    columns = _columns(args.map)
    if isinstance(columns, str):
        print(f"fundledger import: {columns}", file=sys.stderr)
        return EXIT_INVALID

    try:
        ledger = open_ledger(ctx.db, ctx.user)
    except LedgerFileError as exc:
        print(f"fundledger import: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        with gcpause.held():  # the rows live until written: nothing for the collector
            result = import_file(
                ledger,
                args.kind,
                args.file,
                sheet=args.sheet,
                profile=args.profile,
                stream=args.stream,
                year=args.year,
                create_missing=args.create_missing,
                dry_run=args.dry_run,
                as_at=args.as_at,
                outside=args.outside,
                columns=columns,
                header_row=args.header_row,
                last_row=args.last_row,
            )
    except (PermissionDenied, PeriodLocked) as exc:  # refused: nothing written
        print(f"fundledger import: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except LedgerError as exc:  # e.g. a read-only file or a full disk: nothing written
        print(f"fundledger import: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        ledger.dispose()
    code = EXIT_INVALID if result.errors else EXIT_OK
    try:
        if args.json:
            print(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            print(result.summary())
            for line in problem_lines(result.errors):
                print(line, file=sys.stderr)
        sys.stdout.flush()
    except BrokenPipeError:  # `fundledger import … | head -1`: the reader has gone
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return code
