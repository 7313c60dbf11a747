"""The same imports on PostgreSQL: bulk inserts (``%s`` parameters, no index rebuild), audited
rows, duplicate refusal and undo by reversal, to the penny."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.checks import run_checks
from db.schema import BudgetLine, ContractLine, StatementLine, Transaction
from ui.usecases.imports import import_file, undo_import
from ui.usecases.init import init_ledger

pytestmark = pytest.mark.postgres


def test_samples_import_and_undo_on_postgres(pg_ledger_url: str, samples: Path) -> None:
    ledger = init_ledger(pg_ledger_url)
    try:
        inv = import_file(ledger, "transactions", samples / "invoices-2025-26-p01-p06.xlsx")
        gl = import_file(ledger, "gl", samples / "gl-extract-2025-26-p01-p06.xlsx")
        plan = import_file(ledger, "contracts", samples / "da-spend-plan-years-1-3.xlsx",
                           stream="DA")  # fmt: skip
        opcc = import_file(ledger, "budget-lines",
                           samples / "opcc-csp-allocations-2025-26.xlsx", stream="OPCC",
                           year="2025-26")  # fmt: skip
        for r in (inv, gl, plan, opcc):
            assert r.errors == (), [str(e) for e in r.errors]
        assert (inv.total, gl.total, plan.total, opcc.total) == (
            Decimal("400472.19"), Decimal("476145.47"), Decimal("1937476.00"),
            Decimal("639675.00"),
        )  # fmt: skip
        with ledger.read() as s:
            assert s.execute(select(func.count()).select_from(StatementLine)).scalar_one() == 96
            assert s.execute(select(func.count()).select_from(ContractLine)).scalar_one() == 17
            assert s.execute(select(func.sum(BudgetLine.original))).scalar_one() == Decimal(
                "639675.00"
            )
            assert s.execute(select(func.sum(Transaction.amount))).scalar_one() == Decimal(
                "656534.02"  # 400,472.19 invoices + 256,061.83 reported actuals
            )
            assert run_checks(s) == []
        again = import_file(ledger, "transactions", samples / "invoices-2025-26-p01-p06.xlsx")
        assert again.batch is None and len(again.errors) == 1
        assert inv.batch is not None
        done = undo_import(ledger, inv.batch, "test on PostgreSQL")
        assert done.reversed_transactions == 96
        with ledger.read() as s:
            total = s.execute(select(func.sum(Transaction.amount))).scalar_one()
            assert run_checks(s) == []
        assert total == Decimal("256061.83")
    finally:
        ledger.dispose()
