"""Shared plumbing for the commands that act on a ledger: open it, turn refusals into exit
codes, and print JSON with money as two-decimal strings.

One wording for every refusal (exit 2, nothing written): a permission refusal is the app's
reason as it stands ("bea (budget holder) cannot manage users"); any other refusal or bad input
is its message, said with the command line's option names, then "; nothing was changed"
(unless it already says what was not done).  A fault (exit 1) is said the same way: the
ledger cannot be opened, the database failed, or one of the command's own ``faults`` (a file
it reads or writes: an OS error in words a user can act on).
"""

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
from fundledger.messages import InputProblem, cli_text
from ui.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Context

Faults = tuple[type[Exception], ...]


class Refused(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def unchanged(text: str) -> str:
    """``text``, then "; nothing was changed" unless it already says what was not done."""
    return text if "nothing was" in text else f"{text}; nothing was changed"


def _said(exc: Exception) -> str:
    if isinstance(exc, OSError):
        from db.faults import os_fault

        return unchanged(os_fault(exc))
    return unchanged(cli_text(exc))


@contextmanager
def ledger_for(ctx: Context, command: str, faults: Faults = ()) -> Iterator[Ledger]:
    """The ledger for ``fundledger COMMAND``; a refusal or fault inside is said on stderr and
    raised as :class:`Refused` with its exit code."""
    from ui.usecases.session import open_ledger

    def fail(code: int, text: str) -> Refused:
        print(f"fundledger {command}: {text}", file=sys.stderr)
        return Refused(code)

    try:
        ledger = open_ledger(ctx.db, ctx.user)
    except LedgerFileError as exc:
        raise fail(EXIT_ERROR, str(exc)) from exc
    try:
        yield ledger
    except PermissionDenied as exc:
        raise fail(EXIT_INVALID, str(exc)) from exc
    except (LedgerError, InputProblem) as exc:
        raise fail(EXIT_INVALID, _said(exc)) from exc
    except DBAPIError as exc:  # PostgreSQL: the server refused (your login's role), or failed
        first = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        refused = getattr(exc.orig, "sqlstate", None) == "42501"  # insufficient privilege
        what = "the server refused" if refused else "the database failed"
        raise fail(EXIT_INVALID if refused else EXIT_ERROR,
                   f"{what}: {first}; nothing was changed") from exc  # fmt: skip
    except faults as exc:
        raise fail(EXIT_ERROR, _said(exc)) from exc
    finally:
        ledger.dispose()


def run_action(
    ctx: Context,
    command: str,
    action: Callable[[Ledger], int | None],
    faults: Faults = (),
) -> int:
    """Run ``action`` on the ledger; its exit code (None: done), or the refusal's."""
    try:
        with ledger_for(ctx, command, faults) as ledger:
            code = action(ledger)
    except Refused as exc:
        return exc.code
    return EXIT_OK if code is None else code


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
