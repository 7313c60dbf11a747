"""Posting, editing and reversing transactions (actual spend and income).

Money is never deleted: removing a posted transaction is a reversal (a new row with
``reverses_id`` and the negated amount, reason required).  Every change checks the actor's
permission and that the period it is charged to (before and after an edit) is open.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.ledger import Actor
from db.queries.periods import correction_for
from db.schema import BudgetLine, ContractLine, Transaction
from db.writes import LedgerError, insert, update_row
from fundledger.budget import check_charge, check_kind
from fundledger.money import Money
from fundledger.periods import today as local_today
from fundledger.years import period_label, period_of, year_label, year_of

from ._common import load, money, need_reason, refuse
from .locks import assert_open, find_lock
from .permissions import require_stream

__all__ = [
    "EDITABLE",
    "TransactionInput",
    "add_transaction",
    "edit_transaction",
    "reversal_target",
    "reverse_transaction",
]


@dataclass(frozen=True, slots=True)
class TransactionInput:
    """A new transaction; ``year``/``period`` default from ``txn_date``."""

    stream_id: int
    txn_date: date
    amount: Decimal | int | str
    year: int | None = None
    period: int | None = None
    kind: str = "spend"
    budget_line_id: int | None = None
    contract_line_id: int | None = None
    counterparty: str | None = None
    counterparty_org_id: int | None = None
    reference: str | None = None
    description: str | None = None
    cost_centre: str | None = None
    account: str | None = None
    gl_ref: str | None = None
    reported_nil: bool = False


#: fields an edit may change
EDITABLE = frozenset(
    {
        "stream_id",
        "txn_date",
        "year",
        "period",
        "amount",
        "kind",
        "budget_line_id",
        "contract_line_id",
        "counterparty",
        "counterparty_org_id",
        "reference",
        "description",
        "cost_centre",
        "account",
        "gl_ref",
        "reported_nil",
    }
)


def add_transaction(
    session: Session, actor: Actor, data: TransactionInput, *, batch_id: int | None = None
) -> int:
    """Validate and post one transaction; returns its id."""
    require_stream(session, actor, "transaction.write", data.stream_id)
    amount = money(data.amount)
    year = data.year if data.year is not None else year_of(data.txn_date).start_year
    period = data.period if data.period is not None else period_of(data.txn_date)
    fields: dict[str, Any] = {
        "stream_id": data.stream_id,
        "txn_date": data.txn_date,
        "year": year,
        "period": period,
        "amount": amount,
        "kind": data.kind,
        "budget_line_id": data.budget_line_id,
        "contract_line_id": data.contract_line_id,
    }
    _validate(session, fields)
    assert_open(session, data.stream_id, year, period)
    txn = Transaction(
        **fields,
        counterparty=data.counterparty,
        counterparty_org_id=data.counterparty_org_id,
        reference=data.reference,
        description=data.description,
        cost_centre=data.cost_centre,
        account=data.account,
        gl_ref=data.gl_ref,
        reported_nil=data.reported_nil,
        batch_id=batch_id,
    )
    insert(session, actor, txn, action="post_transaction", batch_id=batch_id)
    return txn.id


def _validate(session: Session, f: Mapping[str, Any]) -> None:
    problems: list[str | None] = [check_kind(f["kind"])]
    problems += check_charge(f["txn_date"], f["year"], f["period"])
    line_id = f.get("budget_line_id")
    if line_id is not None:
        line = load(session, BudgetLine, line_id, "budget line")
        if line.stream_id != f["stream_id"]:
            problems.append(f"budget line {line.name!r} belongs to another stream")
        elif line.year != f["year"]:
            problems.append(
                f"budget line {line.name!r} is for {year_label(line.year)}, "
                f"not the year the transaction is charged to"
            )
    contract_id = f.get("contract_line_id")
    if contract_id is not None:
        contract = load(session, ContractLine, contract_id, "contract line")
        if contract.stream_id != f["stream_id"]:
            problems.append(f"contract line {contract.service!r} belongs to another stream")
    refuse(problems)


def edit_transaction(
    session: Session,
    actor: Actor,
    txn_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int,
    reason: str | None = None,
    seen: dict[str, Any] | None = None,
) -> None:
    """Change a posted transaction (audited, version-checked); both periods must be open."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise LedgerError(f"cannot edit {', '.join(sorted(unknown))} on a transaction")
    txn = load(session, Transaction, txn_id, "transaction")
    require_stream(session, actor, "transaction.write", txn.stream_id)
    _check_editable(session, txn, changes)
    values = dict(changes)
    if "amount" in values:
        values["amount"] = money(values["amount"])
    after = {k: values.get(k, getattr(txn, k)) for k in EDITABLE}
    if after["stream_id"] != txn.stream_id:
        require_stream(session, actor, "transaction.write", after["stream_id"])
    _validate(session, after)
    assert_open(session, txn.stream_id, txn.year, txn.period)
    assert_open(session, after["stream_id"], after["year"], after["period"])
    update_row(
        session,
        actor,
        txn,
        values,
        expected_version=expected_version,
        action="edit_transaction",
        reason=reason,
        seen=seen,
    )


def _check_editable(session: Session, txn: Transaction, changes: Mapping[str, Any]) -> None:
    if txn.reverses_id is not None:
        raise LedgerError(f"transaction #{txn.id} is a reversal and cannot be edited")
    if _reversal_of(session, txn.id) is not None:
        raise LedgerError(f"transaction #{txn.id} has been reversed and cannot be edited")
    if txn.batch_id is not None and "amount" in changes and changes["amount"] != txn.amount:
        raise LedgerError(
            f"transaction #{txn.id} was imported (batch {txn.batch_id}): correct its amount "
            "by reversing it or undoing the import"
        )


def _may_reverse(session: Session, txn: Transaction) -> None:
    if txn.reverses_id is not None:
        raise LedgerError(f"transaction #{txn.id} is itself a reversal; post the original again")
    done = _reversal_of(session, txn.id)
    if done is not None:
        raise LedgerError(f"transaction #{txn.id} was already reversed by #{done}")


def reversal_target(
    session: Session, txn: Transaction, today: date | None = None
) -> tuple[int, int, date | None]:
    """Where reversing ``txn`` posts (year, period, date — None: the original's date): its own
    period, or when that is closed the current open period of its year, dated in it.  Refuses
    as reversing would: a reversal, a row reversed already, a year with no open period."""
    _may_reverse(session, txn)
    y, p = txn.year, txn.period
    if find_lock(session, txn.stream_id, y, p) is None:
        return y, p, None
    into = correction_for(session, txn.stream_id, y, today or local_today())
    if into is None:
        assert_open(session, txn.stream_id, y, p)  # every period closed: say which
        raise AssertionError("unreachable: the period is closed")
    return y, into[0], into[1]


def _reversal_of(session: Session, txn_id: int) -> int | None:
    q = select(Transaction.id).where(Transaction.reverses_id == txn_id).limit(1)
    return session.execute(q).scalar_one_or_none()


def reverse_transaction(
    session: Session,
    actor: Actor,
    txn_id: int,
    *,
    reason: str | None,
    on: date | None = None,
    year: int | None = None,
    period: int | None = None,
    today: date | None = None,
) -> int:
    """Reverse a posted transaction: a new row with the negated amount, linked to it by
    ``reverses_id``; returns its id.

    The reversal is charged to the original's year and period unless ``year``/``period`` say
    otherwise; that period must be open.  When the original's period is closed (and no period
    is named), the reversal goes into the current open period of the same year (today's when
    it is open, else the first open period after the closed ones), dated in it.
    """
    txn = load(session, Transaction, txn_id, "transaction")
    require_stream(session, actor, "transaction.write", txn.stream_id)
    why = need_reason(reason, "reverse a transaction")
    if year is None and period is None:
        y, p, into_date = reversal_target(session, txn, today)
        on = on or into_date
    else:
        _may_reverse(session, txn)
        y = txn.year if year is None else year
        p = txn.period if period is None else period
    note = (
        f" (posted in {period_label(p)}: {period_label(txn.period)} is closed)"
        if (y, p) != (txn.year, txn.period) and year is None and period is None
        else ""
    )
    refuse(check_charge(on or txn.txn_date, y, p))
    assert_open(session, txn.stream_id, y, p)
    rev = Transaction(
        stream_id=txn.stream_id,
        budget_line_id=txn.budget_line_id,
        contract_line_id=txn.contract_line_id,
        txn_date=on or txn.txn_date,
        year=y,
        period=p,
        amount=Money(-txn.amount),
        kind="reversal",
        counterparty=txn.counterparty,
        counterparty_org_id=txn.counterparty_org_id,
        reference=txn.reference,
        description=f"Reversal of #{txn.id}: {why}{note}",
        cost_centre=txn.cost_centre,
        account=txn.account,
        gl_ref=txn.gl_ref,
        reverses_id=txn.id,
    )
    insert(session, actor, rev, action="reverse_transaction", reason=why)
    return rev.id
