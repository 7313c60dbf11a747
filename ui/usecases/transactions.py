"""The transaction form's reads and writes: what it offers, the checks that need the ledger,
saving a new or edited transaction, reversing one.

Each function opens one read or one write transaction; the Qt form runs them off the GUI thread
(``ctx.run_read`` / ``ctx.run_write``).  The checks that need no ledger are
:mod:`ui.controllers.transaction`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from db.ledger import Ledger
from db.ops.transactions import TransactionInput, add_transaction, edit_transaction
from db.ops.transactions import reverse_transaction as _reverse
from db.queries.forms import (
    Choice,
    FormChoices,
    Snapshot,
    budget_lines,
    find_organisation,
    form_choices,
    lock_problem,
    reversal_of,
    snapshot,
)
from db.schema import Stream, Transaction
from db.writes import LedgerError
from ui.controllers.fields import LedgerCheck, changes

__all__ = [
    "Choice",
    "FormChoices",
    "Snapshot",
    "TransactionForm",
    "budget_line_choices",
    "check_transaction",
    "reverse",
    "save_transaction",
    "transaction_form",
]


@dataclass(frozen=True, slots=True)
class TransactionForm:
    """The form's pickers and, for an edit, the row as it is now."""

    choices: FormChoices
    before: Snapshot | None


def transaction_form(ledger: Ledger, txn_id: int | None) -> TransactionForm:
    with ledger.read() as s:
        before = snapshot(s, Transaction, txn_id) if txn_id is not None else None
        return TransactionForm(form_choices(s), before)


def budget_line_choices(ledger: Ledger, stream_id: int, year: int) -> tuple[Choice, ...]:
    """The budget lines of a stream and year, in budget order."""
    with ledger.read() as s:
        return budget_lines(s, stream_id, year)


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


def check_transaction(
    ledger: Ledger, before: Snapshot | None, values: dict[str, Any]
) -> LedgerCheck:
    """Problems and warnings that need the ledger: an edit of a reversal or a reversed row,
    a closed period (before and after), and a counterparty that is no known organisation."""
    problems: list[str] = []
    with ledger.read() as s:
        if before is not None:
            b = before.get
            if b("reverses_id") is not None:
                problems.append(f"transaction #{before.id} is a reversal and cannot be edited")
            done = reversal_of(s, before.id)
            if done is not None:
                problems.append(
                    f"transaction #{before.id} was reversed by #{done} and cannot be edited"
                )
            locked = lock_problem(s, b("stream_id"), b("year"), b("period"))
            if locked:
                problems.append(f"This transaction is in a closed period: {locked}")
        locked = lock_problem(s, values["stream_id"], values["year"], values["period"])
        if locked and locked not in " ".join(problems):
            problems.append(_capital(locked))
        name: str | None = values.get("counterparty")
        unknown = name is not None and find_organisation(s, name, values["txn_date"]) is None
    warnings = [f"“{name}” is not a known organisation; it is kept as typed."] if unknown else []
    return LedgerCheck(problems, warnings)


def save_transaction(
    ledger: Ledger, before: Snapshot | None, values: dict[str, Any], reason: str | None = None
) -> int:
    """Post a new transaction (``before`` None) or change ``before``; returns its id."""
    values = dict(values)
    with ledger.write() as s:
        if values.get("counterparty"):
            values["counterparty_org_id"] = find_organisation(
                s, values["counterparty"], values["txn_date"]
            )
        if before is None:
            stream = s.get(Stream, values["stream_id"])
            if stream is not None and stream.status == "retired":  # as the form's choices say
                why = f" ({stream.retired_reason})" if stream.retired_reason else ""
                raise LedgerError(f"stream {stream.code} is retired{why}: it takes no new rows")
            return add_transaction(s, ledger.actor, TransactionInput(**values))
        seen = dict(before.values)
        edit_transaction(s, ledger.actor, before.id, changes(seen, values),
                         expected_version=before.version, reason=reason, seen=seen)  # fmt: skip
        return before.id


def reverse(ledger: Ledger, txn_id: int, reason: str, on: date | None = None) -> int:
    """Reverse a transaction (a new, negated row; nothing is deleted); returns the new id."""
    with ledger.write() as s:
        return _reverse(s, ledger.actor, txn_id, reason=reason, on=on)
