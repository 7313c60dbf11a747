"""``fundledger profile save|list|show|delete``: saved column mappings for imports.

A profile maps fields to columns (``--map FIELD=COLUMN``: a header text, or a column letter
kept as a position) and optionally the header row; ``import --profile NAME`` applies it, and
a file whose header row has the profile's layout uses it without being told.  Exit 2 for bad
input (an unknown kind or field, a profile that does not exist), nothing changed.
"""

from __future__ import annotations

import argparse
import json
import sys

from db.migrate import LedgerFileError
from db.writes import LedgerError
from ui.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Context


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    save = sub.add_parser("save", help="save (or replace) a profile")
    save.add_argument("name", metavar="NAME")
    save.add_argument("--kind", required=True, metavar="KIND", help="the import kind")
    save.add_argument("--map", action="append", required=True, metavar="FIELD=COLUMN",
                      help="read FIELD from COLUMN (a header text, or an upper-case letter such as H); "
                           "fields not given are found by their headers")  # fmt: skip
    save.add_argument("--header-row", type=int, metavar="N", help="the header row")
    listing = sub.add_parser("list", help="the saved profiles")
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    show = sub.add_parser("show", help="one profile's columns")
    show.add_argument("name", metavar="NAME")
    delete = sub.add_parser("delete", help="delete a profile (audited)")
    delete.add_argument("name", metavar="NAME")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui.usecases.session import open_ledger

    try:
        ledger = open_ledger(ctx.db, ctx.user)
    except LedgerFileError as exc:
        print(f"fundledger profile: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        return _ACTIONS[args.action](args, ledger)
    except LedgerError as exc:
        print(f"fundledger profile: {exc}", file=sys.stderr)
        return EXIT_INVALID
    finally:
        ledger.dispose()


def _save(args: argparse.Namespace, ledger: object) -> int:
    from ui.commands.import_ import _columns
    from ui.usecases.import_kinds import REGISTRY
    from ui.usecases.import_profiles import profile_columns, save_profile

    kind = REGISTRY.find(args.kind)
    if kind is None:
        return _invalid(f"--kind {args.kind!r}: one of {REGISTRY.listing()}")
    columns = _columns(args.map)
    if isinstance(columns, str):
        return _invalid(columns)
    unknown = [f for f in columns if f not in kind.fields]
    if unknown:
        return _invalid(f"{kind.name} has no field {unknown[0]!r} ({', '.join(kind.fields)})")
    mapping, positions = profile_columns(columns)
    if not any(mapping.values()) and args.header_row is None:
        return _invalid("every column is a letter: give --header-row so the profile finds it")
    save_profile(ledger, args.name, kind.name, mapping, (), None, positions, args.header_row)  # type: ignore[arg-type]
    print(f"saved profile {args.name!r} ({kind.name})")
    return EXIT_OK


def _list(args: argparse.Namespace, ledger: object) -> int:
    from ui.usecases.import_profiles import load_profiles

    profiles = load_profiles(ledger)  # type: ignore[arg-type]
    if args.json:
        print(json.dumps([_as_json(p) for p in profiles], ensure_ascii=False))
        return EXIT_OK
    for p in profiles:
        print(f"{p.name}  ({p.kind}): {_describe(p)}")
    if not profiles:
        print("no profiles saved")
    return EXIT_OK


def _show(args: argparse.Namespace, ledger: object) -> int:
    from ui.usecases.import_profiles import load_profiles

    found = next((p for p in load_profiles(ledger) if p.name == args.name), None)  # type: ignore[arg-type]
    if found is None:
        return _invalid(f"no import profile is called {args.name!r}")
    print(json.dumps(_as_json(found), ensure_ascii=False, indent=2))
    return EXIT_OK


def _delete(args: argparse.Namespace, ledger: object) -> int:
    from ui.usecases.import_profiles import delete_profile

    delete_profile(ledger, args.name)  # type: ignore[arg-type]
    print(f"deleted profile {args.name!r}")
    return EXIT_OK


def _invalid(reason: str) -> int:
    print(f"fundledger profile: {reason}", file=sys.stderr)
    return EXIT_INVALID


def _as_json(p: object) -> dict[str, object]:
    from importers.problems import column_letter
    from importers.table import Profile

    assert isinstance(p, Profile)
    columns = {
        f: {
            "header": h or None,
            "column": column_letter(p.positions[f]) if f in p.positions else None,
        }
        for f, h in p.mapping.items()
    }
    return {"name": p.name, "kind": p.kind, "header_row": p.header_row, "columns": columns}


def _describe(p: object) -> str:
    data = _as_json(p)
    cols = data["columns"]
    assert isinstance(cols, dict)
    return ", ".join(f"{f}={c['header'] or c['column']}" for f, c in cols.items())


_ACTIONS = {"save": _save, "list": _list, "show": _show, "delete": _delete}
