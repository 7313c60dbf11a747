"""An undone import no longer counts anywhere in variance (lines, contributions, contracts)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from db.ledger import Ledger
from ui.usecases.imports import import_file, undo_import
from ui.usecases.variance import variance_report


def _total(ledger: Ledger, stream: str) -> tuple[Decimal, Decimal, int]:
    report = variance_report(ledger, year=2025, stream=stream, by="line")
    totals = report.totals.figures
    return totals.original, totals.actual, len(report.rows)


def test_undoing_a_budget_lines_import_removes_its_lines(ledger: Ledger, samples: Path) -> None:
    result = import_file(
        ledger,
        "budget-lines",
        samples / "opcc-csp-allocations-2025-26.xlsx",
        stream="OPCC",
        year="2025-26",
    )
    assert result.errors == ()
    assert _total(ledger, "OPCC") == (Decimal("639675.00"), Decimal("256061.83"), 9)
    assert result.batch is not None
    undo_import(ledger, result.batch, "imported into the wrong ledger")
    assert _total(ledger, "OPCC") == (Decimal("0.00"), Decimal("0.00"), 0)


def test_undoing_a_contributions_import_removes_the_pooled_budget(
    ledger: Ledger, samples: Path
) -> None:
    result = import_file(
        ledger,
        "contributions",
        samples / "yj-pooled-budget-2025-26.xlsx",
        stream="YJ",
        year="2025-26",
    )
    assert result.errors == ()
    assert _total(ledger, "YJ")[0] == Decimal("2112649.00")
    assert result.batch is not None
    undo_import(ledger, result.batch, "wrong year")
    assert _total(ledger, "YJ")[0] == Decimal("0.00")


def test_undone_imports_leave_the_registers(ledger: Ledger, samples: Path) -> None:
    from db.queries.budget import line_budgets
    from db.queries.contracts import register
    from db.queries.contributions import contributions

    plan = import_file(ledger, "contracts", samples / "da-spend-plan-years-1-3.xlsx", stream="DA")
    yj = import_file(
        ledger,
        "contributions",
        samples / "yj-pooled-budget-2025-26.xlsx",
        stream="YJ",
        year="2025-26",
    )
    opcc = import_file(
        ledger,
        "budget-lines",
        samples / "opcc-csp-allocations-2025-26.xlsx",
        stream="OPCC",
        year="2025-26",
    )
    with ledger.read() as s:
        counts = (len(register(s, today=date(2026, 11, 23))), len(contributions(s)),
                  len(line_budgets(s)))  # fmt: skip
    assert counts == (17, 9, 9)
    for result in (plan, yj, opcc):
        assert result.batch is not None
        undo_import(ledger, result.batch, "test")
    with ledger.read() as s:
        counts = (len(register(s, today=date(2026, 11, 23))), len(contributions(s)),
                  len(line_budgets(s)))  # fmt: skip
    assert counts == (0, 0, 0)
