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


def test_the_variance_of_anothers_stream_says_its_figures_are_not_the_streams(
    shared: Shared,  # noqa: F811
) -> None:
    import json
    from contextlib import redirect_stdout
    from io import StringIO

    from ui.cli import main
    from ui.usecases.variance import variance_report

    with shared.ledger_as("bea") as led:
        yj = variance_report(led, year=2025, stream="YJ")
        assert yj.totals.figures.revised == Decimal("0.00")  # the server hides YJ's lines
        assert yj.warnings[0].startswith("YJ is not one of ")
        assert yj.warnings[0].endswith("as here: these are not YJ's figures")
        da = variance_report(led, year=2025, stream="DA")
        assert not any("is not one of" in w for w in da.warnings)
    out = StringIO()
    with redirect_stdout(out):
        code = main(["--db", shared.url_as("bea"), "variance", "--year", "2025-26",
                     "--stream", "YJ", "--json"])  # fmt: skip
    assert code == 0
    assert "these are not YJ's figures" in json.loads(out.getvalue())["warnings"][0]
