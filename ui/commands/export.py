"""``fundledger export``: write a return or register to Excel (SPEC §5, §7), or fill a funder's
template through a saved cell map.

``export RETURN --out FILE.xlsx [--year YYYY-YY] [--stream CODE] [--by LEVEL] [--as-at DATE]
[--json]`` prints the file and the totals it wrote; ``export template --template FILE --map
MAP.json --out FILE`` fills the template.  Bad arguments exit 2 with nothing written; the file
is written to a temporary name beside ``--out`` and renamed into place.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.migrate import LedgerFileError
from fundledger.messages import cli_text
from fundledger.money import format_gbp, money_str
from ui.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Context
from ui.usecases.exports import (
    Exported,
    ExportInputError,
    Request,
    export_return,
    return_names,
)
from ui.usecases.session import open_ledger

if TYPE_CHECKING:  # the template filler (openpyxl, the workbook checks) loads only for template
    from ui.usecases.templates import TemplateResult


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ret", metavar="RETURN", help=f"{' | '.join(return_names())} | template")
    parser.add_argument("--out", required=True, help="the workbook to write (.xlsx)")
    parser.add_argument("--year", help="financial year, e.g. 2025-26 (pmt-income: or 2025)")
    parser.add_argument("--stream", help="stream code, e.g. OPCC")
    parser.add_argument("--by", default="line", help="variance level: line | partner | area | "
                        "quarter | period")  # fmt: skip
    parser.add_argument("--as-at", dest="as_at", help="as-at date, dd/mm/yyyy")
    parser.add_argument("--template", help="template: the funder's workbook to fill")
    parser.add_argument("--map", dest="cell_map", help="template: the saved cell map (JSON)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _fail(code: int, message: str) -> int:
    print(f"fundledger export: {message}", file=sys.stderr)
    return code


def run(args: argparse.Namespace, ctx: Context) -> int:
    request = Request(args.ret, args.year, args.stream, args.by, args.as_at)
    if args.ret != "template" and args.ret not in return_names():
        return _fail(EXIT_INVALID, f"unknown return {args.ret!r}: one of "
                     f"{', '.join(return_names())}, template")  # fmt: skip
    if args.ret == "template" and not (args.template and args.cell_map):
        return _fail(EXIT_INVALID, "template needs --template FILE and --map MAP.json")
    try:
        ledger = open_ledger(ctx.db, ctx.user)
    except LedgerFileError as exc:
        return _fail(EXIT_ERROR, str(exc))
    try:
        if args.ret == "template":
            from ui.usecases.templates import fill_from_map

            result = fill_from_map(ledger, Path(args.template), Path(args.cell_map),
                                   Path(args.out), request)  # fmt: skip
            return _template_out(result, args.json)
        done = export_return(ledger, request, args.out)
    except ExportInputError as exc:
        return _fail(EXIT_INVALID, cli_text(exc))
    except (OSError, RuntimeError) as exc:  # disk full, permission, totals check
        return _fail(EXIT_ERROR, f"nothing written: {exc}")
    finally:
        ledger.dispose()
    print(json.dumps(to_json(done), indent=2, ensure_ascii=False) if args.json else render(done))
    return EXIT_OK


def to_json(done: Exported) -> dict[str, Any]:
    """``{"return", "file", "year", "stream", "by", "as_at", "rows", "totals", "sheets",
    "warnings", "title", "seal", "table", "figures"}`` with money as two-decimal strings.

    ``rows`` is how many rows the return has; ``table`` holds its columns, rows (for a
    listing, the first rows), totals and non-sum total figures exactly as previewed and
    written; ``figures`` are the template figure keys and values."""
    p = done.prepared
    scope = p.scope
    whole = p.to_json()
    return {
        "return": scope.ret,
        "file": str(done.path),
        "year": scope.year_text,
        "stream": scope.stream,
        "by": scope.by if _takes(scope.ret, "by") else None,
        "as_at": scope.as_at.isoformat(),
        "rows": p.row_count,
        "totals": {k: money_str(v) for k, v in done.totals.items()},
        "sheets": list(done.sheets),
        "warnings": list(p.warnings),
        "title": p.title,
        "seal": p.produced.seal,
        "table": whole["table"],
        "figures": whole["figures"],
    }


def _takes(ret: str, option: str) -> bool:
    from ui.usecases.returns import find

    d = find(ret)
    return d is not None and option in d.options


def render(done: Exported) -> str:
    p = done.prepared
    lines = [f"{p.title}: wrote {done.path}", f"  {p.row_count:,} rows; sheets: "
             f"{', '.join(done.sheets)}; as at {p.scope.as_at:%d/%m/%Y}"]  # fmt: skip
    width = max((len(k) for k in done.totals), default=0)
    lines += [f"  {k.ljust(width)}  {format_gbp(v):>18}" for k, v in done.totals.items()]
    lines += [f"  warning: {w}" for w in p.warnings]
    if p.produced.seal:
        lines.append(f"  {p.produced.seal} (fundledger check --seal proves the ledger holds it)")
    return "\n".join(lines)


def _template_out(result: TemplateResult, as_json: bool) -> int:
    if as_json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    if result.problems:
        if not as_json:
            for p in result.problems:
                print(f"fundledger export: {p}", file=sys.stderr)
        return EXIT_INVALID
    if not as_json:
        print(f"filled {result.out} from {result.template}: {len(result.filled)} cells")
        for target, key, value in result.filled:
            print(f"  {target} = {key}: {value}")
    return EXIT_OK
