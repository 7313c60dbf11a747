"""Shared set-up for the shell and register tests: a context with private settings, data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QSettings

from db.ledger import Actor, Ledger
from db.ops.transactions import TransactionInput, add_transaction
from db.schema import BudgetLine
from db.writes import insert
from fundledger.money import Money
from tests.db.lifecycle_helpers import sid
from ui.qt.context import AppContext

FIONA = Actor("fiona", "finance")


def m(s: str) -> Money:
    return Money(Decimal(s))


def make_ctx(ledger: Ledger, tmp_path: Path) -> AppContext:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ledger.actor = FIONA
    return AppContext(ledger, settings)


def fill(ledger: Ledger) -> dict[str, int]:
    """DA 2025-26: a budget line (£100,000.00) and three transactions (total £4,000.50)."""
    ledger.actor = FIONA
    da = sid(ledger, "DA")
    with ledger.write() as s:
        line = BudgetLine(stream_id=da, year=2025, name="Refuge", original=m("100000.00"))
        insert(s, FIONA, line)
        ids = {"line": line.id, "da": da}
        for key, day, amount, who in (
            ("t1", date(2025, 4, 10), "1500.25", "Women's Aid Leicestershire"),
            ("t2", date(2025, 5, 12), "2750.25", "FreeVa"),
            ("t3", date(2025, 6, 3), "-250.00", "FreeVa"),
        ):
            ids[key] = add_transaction(
                s,
                FIONA,
                TransactionInput(
                    stream_id=da,
                    txn_date=day,
                    amount=m(amount),
                    budget_line_id=line.id,
                    counterparty=who,
                    reference=f"INV-{key.upper()}",
                    description=f"Refuge {key}",
                ),
            )
    return ids
