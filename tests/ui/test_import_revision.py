"""Re-importing a budget after undoing it: a line revived with a different original budget is a
budget revision (old, new, the batch and its reason), as the server requires (migration 0012)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
from sqlalchemy import select

from db.ledger import Ledger
from db.schema import BudgetLine, BudgetRevision
from ui.usecases.imports import import_file, undo_import

SAMPLE = "opcc-csp-allocations-2025-26.xlsx"
STREAM, YEAR = "OPCC", "2025-26"


def test_a_revived_line_with_a_new_original_is_a_budget_revision(
    ledger: Ledger, samples: Path, tmp_path: Path
) -> None:
    first = import_file(ledger, "budget-lines", samples / SAMPLE, stream=STREAM, year=YEAR)
    assert first.errors == () and first.batch is not None
    undo_import(ledger, first.batch, "wrong version of the allocations")
    wb = openpyxl.load_workbook(samples / SAMPLE)
    assert wb.active["A5"].value == "Leicester"
    wb.active["B5"] = "£281,818.47"  # was £271,818.47
    changed = tmp_path / SAMPLE
    wb.save(changed)
    again = import_file(ledger, "budget-lines", changed, stream=STREAM, year=YEAR)
    assert again.errors == () and again.imported == 9
    with ledger.read() as s:
        line = s.execute(select(BudgetLine).where(BudgetLine.name == "Leicester")).scalar_one()
        assert line.original == Decimal("281818.47")
        (rev,) = s.execute(select(BudgetRevision)).scalars()
        assert (rev.budget_line_id, rev.old_original, rev.new_original) == (
            line.id, Decimal("271818.47"), Decimal("281818.47"),
        )  # fmt: skip
        assert rev.reason.startswith(f"re-imported in batch #{again.batch}: ")
