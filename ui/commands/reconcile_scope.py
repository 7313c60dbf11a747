"""The scope options shared by ``fundledger reconcile`` and its ``signoff`` / ``reopen``
subcommands: ``--stream``, ``--year``, ``--statement``, ``--periods``."""

from __future__ import annotations

import argparse
import sys

from fundledger.periods import parse_period_range
from fundledger.years import parse_year
from ui.cli import EXIT_INVALID


def scope_arguments(parser: argparse.ArgumentParser, *, streams: bool = False) -> None:
    parser.add_argument("--stream", metavar="CODE[,CODE...]" if streams else "CODE",
                        help="streams, comma-separated" if streams else "one stream (default: all)")  # fmt: skip
    parser.add_argument("--year", metavar="YYYY-YY",
                        help="the financial year (default: the statement's)")  # fmt: skip
    parser.add_argument("--statement", metavar="BATCH", type=int, nargs="+", default=[],
                        help="the GL import batch(es) to reconcile against (default: every one)")  # fmt: skip
    parser.add_argument("--periods", metavar="P01-P06",
                        help="the period range (default: the periods the statement covers)")  # fmt: skip


def invalid(message: str, what: str = "reconcile") -> int:
    print(f"fundledger {what}: {message}", file=sys.stderr)
    return EXIT_INVALID


def parse_scope(args: argparse.Namespace) -> tuple[int | None, tuple[int, int] | None] | str:
    """(year, periods) from the options, or what is wrong with them."""
    year = None
    if args.year is not None:
        fy = parse_year(args.year)
        if fy is None:
            return f"--year {args.year!r} is not a financial year (e.g. 2025-26)"
        year = fy.start_year
    periods = None
    if args.periods is not None:
        periods = parse_period_range(args.periods)
        if periods is None:
            return f"--periods {args.periods!r} is not a range of periods (e.g. P01-P06)"
    return year, periods
