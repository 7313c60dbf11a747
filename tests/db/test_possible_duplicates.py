"""Possible duplicates for an import (a ledger row of the same counterparty and amount within
ten days, under another reference): the file's amounts are read only when the ledger holds
rows near the file's dates, and a near row is still found (issue 23: no set of a 100k-row
file's amounts is built for an import into a fresh stretch of dates)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import select

from db.ledger import Ledger
from db.queries.coding import PossibleDuplicates
from db.schema import Transaction
from ui.usecases.demo import load_demo


def _never() -> Iterator[int]:
    raise AssertionError("the file's amounts were read with no ledger row near its dates")
    yield 0  # pragma: no cover - a generator that fails when first read


def test_amounts_are_not_read_when_no_ledger_row_is_near(ledger: Ledger) -> None:
    with ledger.read() as s:
        found = PossibleDuplicates(s, [date(2031, 4, 1), date(2031, 5, 2)], _never())
    assert found.pences == set()
    assert found.of("Anyone", 100, date(2031, 4, 1), "X") is None


def test_a_near_row_under_another_reference_is_found(ledger: Ledger) -> None:
    load_demo(ledger)
    with ledger.read() as s:
        ident, d, amount, party, ref = s.execute(
            select(Transaction.id, Transaction.txn_date, Transaction.amount,
                   Transaction.counterparty, Transaction.reference)
            .where(Transaction.counterparty.is_not(None), Transaction.kind == "spend")
            .order_by(Transaction.id)
            .limit(1)
        ).one()  # fmt: skip
        pence = int(amount.scaleb(2))
        later = d + timedelta(days=3)
        found = PossibleDuplicates(s, iter([later]), iter([pence, pence + 1]))
        assert pence in found.pences
        assert found.of(party, pence, later, ref) is None  # its own reference: not "possible"
        assert found.of(party, pence, later, "ANOTHER-REF") == ident
        assert found.of(party, pence, later, "ANOTHER-REF") is None  # matched once
