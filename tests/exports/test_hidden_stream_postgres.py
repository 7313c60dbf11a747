"""On a shared ledger a budget holder's login sees only their own streams' money (row-level
security), so a return on another stream would be a well-formed, sealed workbook of £0.00 —
a YJ pooled budget of nothing, by the DA budget holder.  The export is refused instead, saying
why; their own stream exports as before, and finance exports every stream."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.db.pg_logins import Shared, module_pg_url, shared  # noqa: F401
from ui.usecases.exports import ExportInputError, Request, export_return

pytestmark = pytest.mark.postgres


def test_a_budget_holder_cannot_export_a_return_of_anothers_stream(
    shared: Shared,  # noqa: F811
    tmp_path: Path,
) -> None:
    out = tmp_path / "yj.xlsx"
    with shared.ledger_as("bea") as led:
        with pytest.raises(ExportInputError, match=r"YJ is not one of .*bea's streams \(DA\)"):
            export_return(led, Request("variance", "2025-26", "YJ"), out)
        with pytest.raises(ExportInputError, match=r"would read £0\.00"):
            export_return(led, Request("yj-pooled-budget", "2025-26"), out)  # its own stream
        assert not out.exists()
        own = export_return(led, Request("variance", "2025-26", "DA"), tmp_path / "da.xlsx")
        assert own.totals["Revised"] == Decimal("1500.00")
        assert own.totals["Actual"] == Decimal("100.00")
    with shared.ledger_as("fiona") as led:
        yj = export_return(led, Request("variance", "2025-26", "YJ"), out)
        assert yj.totals["Revised"] == Decimal("1500.00")  # what bea's export would have hidden
