"""Month-end period use cases (no Qt): the state of a year's periods, closing up to a period,
reopening, and reversing a transaction (into the open period when its own is closed).

Each write is one transaction as the ledger's actor; refusals raise
:class:`db.writes.LedgerError` with a message for the user and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from db.ledger import Ledger
from db.ops import period_close, transactions
from db.ops.period_close import PeriodsChanged
from db.queries.periods import closed_periods
from db.schema import Stream, Transaction
from db.writes import LedgerError
from fundledger.money import Money, format_gbp, money_str
from fundledger.periods import default_close_to, period_name
from fundledger.years import FinancialYear, period_label

from .period_states import PeriodState, period_json, states

__all__ = [
    "PeriodState",
    "PeriodsChanged",
    "Reversal",
    "close_through",
    "closed",
    "default_to",
    "period_json",
    "reopen_from",
    "reversal_preview",
    "reverse",
    "states",
    "stream_id_of",
]


def stream_id_of(ledger: Ledger, code: str | None) -> int | None:
    """The id of stream ``code`` (None for None), or a refusal naming the streams."""
    if code is None:
        return None
    with ledger.read() as s:
        rows = dict(s.execute(select(Stream.code, Stream.id)).all())
    found = rows.get(code.upper())
    if found is None:
        raise LedgerError(f"there is no stream {code!r} (streams: {', '.join(sorted(rows))})")
    return int(found)


def closed(ledger: Ledger, year: int, stream: str | None = None) -> set[int]:
    """The periods of ``year`` closed for ``stream`` (None: closed for all streams)."""
    sid = stream_id_of(ledger, stream)
    with ledger.read() as s:
        return closed_periods(s, sid, year)


def default_to(ledger: Ledger, year: int, stream: str | None, today: date) -> int | None:
    """The period the close dialog proposes: the last one before today's still open."""
    return default_close_to(closed(ledger, year, stream), year, today)


def close_through(
    ledger: Ledger, year: int, to: int, stream: str | None, reason: str | None
) -> PeriodsChanged:
    sid = stream_id_of(ledger, stream)
    with ledger.write() as s:
        return period_close.close_through(
            s, ledger.actor, year=year, to=to, stream_id=sid, reason=reason
        )


def reopen_from(
    ledger: Ledger, year: int, period: int, stream: str | None, reason: str | None
) -> PeriodsChanged:
    sid = stream_id_of(ledger, stream)
    with ledger.write() as s:
        return period_close.reopen_from(
            s, ledger.actor, year=year, period=period, stream_id=sid, reason=reason
        )


@dataclass(frozen=True, slots=True)
class Reversal:
    """A posted reversal: where the original was charged and where the reversal went."""

    id: int
    reverses: int
    stream: str
    amount: Money
    txn_date: date
    year: int
    period: int
    original_period: int
    reason: str

    @property
    def moved(self) -> bool:
        """Posted in another period than the original's (which is closed)."""
        return self.period != self.original_period

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "reverses": self.reverses,
            "stream": self.stream,
            "amount": money_str(self.amount),
            "date": self.txn_date.isoformat(),
            "year": FinancialYear(self.year).code,
            "period": period_label(self.period),
            "original_period": period_label(self.original_period),
            "into_open_period": self.moved,
            "reason": self.reason,
        }

    def describe(self) -> str:
        where = f"{FinancialYear(self.year).code} {period_name(self.year, self.period)}"
        if self.moved:
            where += f" ({period_label(self.original_period)} is closed)"
        amount = format_gbp(self.amount)
        return (
            f"Reversal #{self.id} of #{self.reverses} ({self.stream}, {amount}) posted in {where}"
        )


def reverse(ledger: Ledger, txn_id: int, reason: str | None, today: date | None = None) -> Reversal:
    """Reverse a transaction (one audited write); into the open period if its own is closed."""
    with ledger.write() as s:
        rid = transactions.reverse_transaction(s, ledger.actor, txn_id, reason=reason, today=today)
        rev = s.get(Transaction, rid)
        orig = s.get(Transaction, txn_id)
        assert rev is not None and orig is not None
        code = s.get(Stream, rev.stream_id)
        return Reversal(
            rid, txn_id, code.code if code else "", rev.amount, rev.txn_date, rev.year,
            rev.period, orig.period, (reason or "").strip(),
        )  # fmt: skip


def reversal_preview(ledger: Ledger, txn_id: int, today: date | None = None) -> str:
    """What reversing ``txn_id`` would post, and where — said before a reason is asked for;
    refuses as reversing would (a reversal, a row reversed already, a year with nothing open)."""
    with ledger.read() as s:
        txn = s.get(Transaction, txn_id)
        if txn is None:
            raise LedgerError(f"there is no transaction #{txn_id}")
        year, period, on = transactions.reversal_target(s, txn, today)
        code = s.get(Stream, txn.stream_id)
        ref = f", {txn.reference}" if txn.reference else ""
        what = (f"Transaction #{txn.id} ({code.code if code else '?'}, {txn.txn_date:%d/%m/%Y}, "
                f"{format_gbp(txn.amount)}{ref})")  # fmt: skip
        minus = format_gbp(Money(-txn.amount))
        if period == txn.period:
            return (f"{what} will be reversed by a new transaction for {minus} in its own "
                    f"period, {period_name(year, period)}.")  # fmt: skip
        return (
            f"{what} is in {period_name(txn.year, txn.period)}, which is closed: its reversal, "
            f"{minus}, will be posted in {period_name(year, period)}, dated "
            f"{(on or txn.txn_date):%d/%m/%Y}."
        )
