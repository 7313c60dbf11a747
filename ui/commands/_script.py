"""Shared plumbing for the action commands (txn, virement, carry-forward, forecast, comment,
contribution, recharge, income, contract, budget, settings, audit): run one action on the
ledger through the app's use cases, then print what it wrote — as text, or with ``--json`` as
one object with the ids written, money as two-decimal strings and the audit entries added.

Exit status: 0 done; 2 invalid input or a refusal (a permission refusal, a closed period,
self-approval: the app's message, nothing written); 1 anything else.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from db.ledger import Ledger
from ui.cli import Context

from ._refdata import Refused, ledger_for, print_json


@dataclass(slots=True)
class Done:
    """What an action did: a line of text for people and the object ``--json`` prints."""

    text: str
    data: dict[str, Any] = field(default_factory=dict)
    audited: bool = True


def json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def perform(ctx: Context, command: str, as_json: bool, action: Callable[[Ledger], Done]) -> int:
    """Run ``action`` (one use case, one write transaction) and print what it did."""
    from ui.usecases.audit import audit_mark, audit_since

    try:
        with ledger_for(ctx, command) as ledger:
            mark = audit_mark(ledger)
            done = action(ledger)
            audit = audit_since(ledger, mark) if done.audited else []
    except Refused as exc:
        return exc.code
    if as_json:
        data = dict(done.data)
        if done.audited:
            data["audit"] = [
                {"id": a.id, "action": a.action, "table": a.table, "row": a.row,
                 "reason": a.reason} for a in audit
            ]  # fmt: skip
        print_json(data)
    elif done.text:
        print(done.text)
    return 0
