"""Shared plumbing for the reference-data commands: open the ledger, turn refusals into exit
codes (2 for bad input or a refusal, permission refusals included — nothing written; 1 for
anything else), and print JSON with money as two-decimal strings."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import DBAPIError

from db.ledger import Ledger
from db.migrate import LedgerFileError
from db.writes import LedgerError, PermissionDenied
from ui.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Context


class Refused(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


@contextmanager
def ledger_for(ctx: Context, command: str) -> Iterator[Ledger]:
    from ui.usecases.session import open_ledger

    try:
        ledger = open_ledger(ctx.db, ctx.user)
    except LedgerFileError as exc:
        print(f"fundledger {command}: {exc}", file=sys.stderr)
        raise Refused(EXIT_ERROR) from exc
    try:
        yield ledger
    except PermissionDenied as exc:
        print(f"fundledger {command}: {exc}", file=sys.stderr)
        raise Refused(EXIT_INVALID) from exc
    except LedgerError as exc:
        print(f"fundledger {command}: {exc}; nothing was changed", file=sys.stderr)
        raise Refused(EXIT_INVALID) from exc
    except DBAPIError as exc:  # PostgreSQL: the server refused (your login's role), or failed
        first = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        refused = getattr(exc.orig, "sqlstate", None) == "42501"  # insufficient privilege
        what = "the server refused" if refused else "the database failed"
        print(f"fundledger {command}: {what}: {first}; nothing was changed", file=sys.stderr)
        raise Refused(EXIT_INVALID if refused else EXIT_ERROR) from exc
    finally:
        ledger.dispose()


def run_action(ctx: Context, command: str, action: Callable[[Ledger], None]) -> int:
    try:
        with ledger_for(ctx, command) as ledger:
            action(ledger)
    except Refused as exc:
        return exc.code
    return EXIT_OK


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


def print_json(obj: Any) -> None:
    print(json.dumps(jsonable(obj), ensure_ascii=False))


def parse_date(text: str) -> date:
    from fundledger.dates import parse_date as parse

    found, problem = parse(text)
    if found is None:
        raise LedgerError(f"{text!r} is not a date ({problem or 'e.g. 2024-07-08 or 08/07/2024'})")
    return found


def parse_year(text: str) -> int:
    from fundledger.years import parse_year as parse

    found = parse(text)
    if found is None:
        raise LedgerError(f"--year {text!r} is not a financial year (e.g. 2025-26)")
    return found.start_year
