"""``fundledger variance``: the SPEC §5 JSON object, the human table and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db.ledger import Ledger
from tests.db.test_variance import opcc
from ui.cli import main


def test_variance_json_is_exactly_spec(
    ledger: Ledger, ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    opcc(ledger)
    args = ["--db", str(ledger_path), "variance", "--year", "2025/26", "--stream", "opcc"]
    assert main([*args, "--as-at", "12/06/2026", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["year", "stream", "by", "as_at", "rows", "totals", "warnings"]
    assert (out["year"], out["stream"], out["by"], out["as_at"]) == (
        "2025-26",
        "OPCC",
        "line",
        "2026-06-12",
    )
    assert out["totals"] == {
        "stream": "OPCC",
        "year": "2025-26",
        "original": "639675.00",
        "virements": "0.00",
        "revised": "639675.00",
        "committed": "0.00",
        "actual": "256061.83",
        "available": "383613.17",
        "forecast": None,
        "forecast_variance": None,
        "pct_spent": "40.03",
        "rag": "amber",
    }
    charnwood = next(r for r in out["rows"] if r["key"] == "Charnwood")
    assert charnwood == {
        "stream": "OPCC",
        "year": "2025-26",
        "key": "Charnwood",
        "original": "89530.24",
        "virements": "0.00",
        "revised": "89530.24",
        "committed": "0.00",
        "actual": "89530.00",
        "available": "0.24",
        "forecast": None,
        "forecast_variance": None,
        "pct_spent": "99.99",  # 24p left: never a rounded 100.00%
        "rag": "green",
    }
    assert out["warnings"] == []


def test_variance_table_right_aligns_money(
    ledger: Ledger, ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    opcc(ledger)
    args = ["--db", str(ledger_path), "variance", "--year", "2025-26", "--as-at", "12/06/2026"]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Variance by line, as at 12/06/2026, 2025-26"
    charnwood = next(x for x in lines if " Charnwood " in x)
    total = next(x for x in lines if x.startswith("Total"))
    # the revised column ends at the same place on every row (right-aligned)
    assert charnwood.index("£89,530.24") + len("£89,530.24") == total.index("£639,675.00") + len(
        "£639,675.00"
    )
    assert "£0.24" in charnwood and "99.99%" in charnwood and "GREEN" in charnwood
    assert "£383,613.17" in total and "40.03%" in total


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--year", "2025-27"], "--year: 2025-27: not a financial year (e.g. 2025-26)"),
        (["--stream", "NOPE"], "unknown stream 'NOPE'"),
        (["--by", "month"], "--by must be one of line, partner, area, quarter, period"),
        (["--as-at", "31/02/2026"], "--as-at: 31/02/2026:"),
    ],
)
def test_invalid_input_exits_2(
    ledger: Ledger,
    ledger_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    assert main(["--db", str(ledger_path), "variance", *extra]) == 2
    assert message in capsys.readouterr().err
