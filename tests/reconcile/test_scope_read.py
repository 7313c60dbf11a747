"""The reconciliation's item read (``db.queries.reconcile``) converts the driver's rows itself
— dates by the dialect's date processor, amounts from integer pence — instead of through
SQLAlchemy's typed result: it must give exactly the items the typed read gives, on a ledger
with odd values (negative, one-penny and very large amounts, no reference, supplier or
description, items of earlier periods brought forward), on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Select
from sqlalchemy.orm import Session

from db.ledger import Actor, Ledger
from db.queries import reconcile as q
from db.queries.recon_scope import Scope, resolve
from fundledger.money import Money
from fundledger.reconcile import LedgerItem, StatementItem
from tests.reconcile.recon_samples import insert_gl, insert_invoices, stream_ids

FO = Actor("fo", "finance")
#: (date, year, period, amount, reference, supplier, description): odd ledger items, some in
#: P01–P03 (brought forward into a P04–P07 scope)
ODD = [
    (date(2025, 4, 2), 2025, 1, Decimal("-1234.56"), None, None, None),
    (date(2025, 5, 3), 2025, 2, Decimal("0.01"), "ODD-1", "Odd & Co", ""),
    (date(2025, 6, 30), 2025, 3, Decimal("-0.01"), "  odd-2 ", "Odd & Co", "credit note"),
    (date(2025, 7, 1), 2025, 4, Decimal("123456789012.34"), "ODD-3", None, None),
    (date(2025, 8, 31), 2025, 4, Decimal("0.00"), None, "Nil Ltd", None),
    (date(2025, 9, 15), 2025, 6, Decimal("-99999999.99"), "JNL-ODD", None, "recharge"),
]


def _add_odd(led: Ledger) -> None:
    from db.ops.reconcile import StatementLineInput, add_statement_lines
    from db.schema import ImportBatch, Transaction
    from db.writes import insert

    with led.write() as s:
        ids = stream_ids(s)
        batch = insert(s, led.actor, ImportBatch(kind="gl", file_name="odd.xlsx", sha256="0" * 64,
                       rows=len(ODD), control_total=Decimal(0)), action="import")  # fmt: skip
        lines = []
        for n, (d, y, p, amount, ref, supplier, desc) in enumerate(ODD):
            cc = "LC4410" if n % 2 else "LC5120"
            txn = Transaction(stream_id=ids[cc], txn_date=d, year=y, period=p, amount=amount,
                              kind="credit" if amount < 0 else "spend", counterparty=supplier,
                              reference=ref, description=desc, cost_centre=cc)  # fmt: skip
            insert(s, led.actor, txn, action="insert")
            line = StatementLineInput(ids[cc], cc, d, y, p, Money(amount), "5210", ref, supplier,
                                      desc)  # fmt: skip
            lines.append(line)
        add_statement_lines(s, led.actor, batch.id, lines)


def _typed(session: Session, query: Select[Any], order: tuple[Any, ...], cls: type) -> list[Any]:
    """The items as SQLAlchemy's typed result gives them (the Pence and Date types)."""
    return [cls(*row) for row in session.connection().execute(query.order_by(*order))]


def _assert_same_as_typed(led: Ledger) -> None:
    T, S = q.Transaction, q.StatementLine
    with led.read() as s:
        for stream, periods in ((None, None), (None, (4, 7)), ("DA", (4, 7)), ("YJ", (1, 12))):
            scope: Scope = resolve(s, stream, 2025, (), periods)
            got = q.read_scope(s, scope)
            want_l = _typed(s, q._ledger_query(scope), (T.txn_date, T.id), LedgerItem)
            want_s = _typed(s, q._statement_query(scope), (S.posted_on, S.id), StatementItem)
            assert (got.ledger, got.statement) == (want_l, want_s)
            assert all(type(i.date) is date and type(i.amount) is Decimal for i in got.ledger)
            assert [str(i.amount) for i in got.statement] == [str(i.amount) for i in want_s]
            if periods is not None and periods[0] > 1:
                bf_l = _typed(s, q._ledger_query(scope, before=True), (T.txn_date, T.id),
                              LedgerItem)  # fmt: skip
                assert got.bf_ledger == bf_l
            after = _typed(s, q._ledger_query(scope, after=True), (T.txn_date, T.id), LedgerItem)
            assert q.after_last_date(s, scope) == (after if scope.last_date else [])
        every = q.read_scope(s, resolve(s, None, 2025, (), None))
        amounts = {str(i.amount) for i in every.ledger} | {str(i.amount) for i in every.statement}
        assert {str(o[3]) for o in ODD} <= amounts  # every odd value is in the read
        refs = {i.reference for i in every.ledger}
        assert None in refs and "  odd-2 " in refs


def _filled(led: Ledger) -> Ledger:
    from tests.conftest import SAMPLES

    led.actor = FO
    insert_invoices(led, SAMPLES)
    insert_gl(led, SAMPLES)
    _add_odd(led)
    return led


def test_scope_read_equals_the_typed_read_on_sqlite(ledger: Ledger) -> None:
    _assert_same_as_typed(_filled(ledger))


def test_scope_read_equals_the_typed_read_on_postgresql(pg_ledger_url: str) -> None:
    from ui.usecases.init import init_ledger

    led = init_ledger(pg_ledger_url)
    try:
        _assert_same_as_typed(_filled(led))
    finally:
        led.dispose()


@pytest.mark.parametrize("periods", [None, (4, 7)])
def test_a_reconcile_over_odd_items_balances(
    ledger: Ledger, periods: tuple[int, int] | None
) -> None:
    from ui.usecases import reconcile as uc

    view = uc.reconcile(_filled(ledger), None, 2025, periods=periods)
    assert view.result.proof.balances
    assert view.result.ledger_total == sum((i.amount for i in view.ledger), Decimal(0))
