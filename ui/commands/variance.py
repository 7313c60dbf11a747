"""``fundledger variance``: budget, committed, actual and forecast variance (SPEC §5).

``--json`` prints exactly the SPEC §5 object; otherwise a table with money right-aligned,
RAG, totals, commentary and warnings.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import TYPE_CHECKING

from db.migrate import LedgerFileError
from fundledger.dates import parse_date
from fundledger.messages import Field, cli_text
from fundledger.money import format_gbp
from fundledger.years import parse_year
from ui.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Context
from ui.usecases.session import open_and_read_core
from ui.usecases.variance import (
    BY_CHOICES,
    VarianceInputError,
    VarianceReport,
    VarianceRow,
    build_report,
    variance_report,
    warn_if_hidden,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", help="financial year, e.g. 2025-26 (default: every year)")
    parser.add_argument("--stream", help="stream code, e.g. OPCC (default: every stream)")
    parser.add_argument("--by", default="line", help=f"level: {' | '.join(BY_CHOICES)}")
    parser.add_argument("--as-at", dest="as_at", help="as-at date (default today), dd/mm/yyyy")
    parser.add_argument("--json", action="store_true", help="print the SPEC §5 JSON object")


def _inputs(args: argparse.Namespace) -> tuple[int | None, date | None]:
    year = None
    if args.year:
        fy = parse_year(args.year)
        if fy is None:
            raise VarianceInputError(
                f"{args.year}: not a financial year (e.g. 2025-26)", Field.YEAR
            )
        year = fy.start_year
    as_at = None
    if args.as_at:
        as_at, problem = parse_date(args.as_at)
        if as_at is None:
            raise VarianceInputError(f"{args.as_at}: {problem or 'not a date'}", Field.AS_AT)
    return year, as_at


def run(args: argparse.Namespace, ctx: Context) -> int:
    try:
        year, as_at = _inputs(args)

        def read(c: Connection) -> VarianceReport:
            return build_report(c, year=year, stream=args.stream, by=args.by, as_at=as_at)

        # read in the transaction that identifies the user: one connection, and no ORM
        ledger, got = open_and_read_core(ctx.db, ctx.user, read)
    except VarianceInputError as exc:
        print(f"fundledger variance: {cli_text(exc)}", file=sys.stderr)
        return EXIT_INVALID
    except LedgerFileError as exc:
        print(f"fundledger variance: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        report = (
            warn_if_hidden(got, ledger)
            if got is not None
            else variance_report(ledger, year=year, stream=args.stream, by=args.by, as_at=as_at)
        )
    except VarianceInputError as exc:
        print(f"fundledger variance: {cli_text(exc)}", file=sys.stderr)
        return EXIT_INVALID
    finally:
        ledger.dispose()
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        print(render(report))
    return EXIT_OK


MONEY = ("original", "virements", "revised", "committed", "actual", "available", "forecast")
HEAD = (*(m.capitalize() for m in MONEY), "Fcst var", "% spent", "RAG")


def _cells(r: VarianceRow) -> list[str]:
    f = r.figures
    vals = [f.original, f.virements, f.revised, f.committed, f.actual, f.available, f.forecast]
    pct = f.pct_spent
    return [
        *(format_gbp(x, blank="–") for x in vals),
        format_gbp(f.forecast_variance, blank="–"),
        "–" if pct is None else f"{pct:.2f}%",
        r.rag.status.upper(),
    ]


def render(report: VarianceReport) -> str:
    """The human table: one row per key, a totals row, then commentary and warnings."""
    label = {"line": "Budget line", "partner": "Partner", "area": "Area"}.get(report.by, "")
    label = label or report.by.capitalize()
    left = [("Stream", "Year", label)]
    left += [(r.stream, r.year_code, r.key) for r in report.rows]
    left.append(("Total", "", ""))
    right = [list(HEAD)] + [_cells(r) for r in report.rows] + [_cells(report.totals)]
    lw = [max(len(row[i]) for row in left) for i in range(3)]
    rw = [max(len(row[i]) for row in right) for i in range(len(HEAD))]
    lines = [
        f"Variance by {report.by}, as at {report.as_at:%d/%m/%Y}"
        + (f", {report.stream}" if report.stream else "")
        + (f", {report.totals.year_code}" if report.year is not None else "")
    ]
    for i, (lrow, rrow) in enumerate(zip(left, right, strict=True)):
        text = "  ".join(c.ljust(w) for c, w in zip(lrow, lw, strict=True))
        text += "  " + "  ".join(c.rjust(w) for c, w in zip(rrow, rw, strict=True))
        lines.append(text.rstrip())
        if i == 0 or i == len(left) - 2:
            lines.append("-" * len(text))
    notes = [(r, r.comment) for r in report.rows if r.comment]
    if notes:
        lines.append("")
        lines.append("Commentary:")
        lines += [f"  {r.stream} {r.year_code} {r.key}: {c}" for r, c in notes]
    if report.warnings:
        lines.append("")
        lines.append("Warnings:")
        lines += [f"  {w}" for w in report.warnings]
    return "\n".join(lines)
