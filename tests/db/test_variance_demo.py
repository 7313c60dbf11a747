"""Variance on the demo ledger: the source papers' figures come back out of ``variance --json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ui.cli import main


@pytest.fixture
def demo(demo_ledger_path: Path) -> Path:
    return demo_ledger_path


def run_json(path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["--db", str(path), "variance", *args, "--json"]) == 0
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    return out


def test_demo_variance(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    opcc = run_json(demo, capsys, "--year", "2025-26", "--stream", "OPCC", "--as-at", "12/06/2026")
    t = opcc["totals"]
    assert (t["revised"], t["actual"], t["available"], t["pct_spent"]) == (
        "639675.00",
        "256061.83",
        "383613.17",
        "40.03",
    )
    rows = {r["key"]: r for r in opcc["rows"]}
    assert (rows["Charnwood"]["available"], rows["Charnwood"]["pct_spent"]) == ("0.24", "99.99")
    assert rows["Charnwood"]["rag"] == "green"
    assert (rows["Melton Mowbray"]["available"], rows["Melton Mowbray"]["pct_spent"]) == (
        "0.00",
        "100.00",
    )

    yj = run_json(demo, capsys, "--year", "2025-26", "--stream", "YJ", "--by", "partner")
    assert yj["totals"]["revised"] == "2112649.00"
    partners = {r["key"]: r["revised"] for r in yj["rows"]}
    assert partners["Youth Justice Board"] == "604659.00"
    assert partners["Police and Crime Commissioner"] == "169781.00"
    assert partners["Local Authority"] == "1032461.00"

    da = run_json(demo, capsys, "--stream", "DA", "--as-at", "31/03/2026")
    by_year: dict[str, str] = {}
    for r in da["rows"]:
        if r["year"] in {"2021-22", "2022-23", "2023-24", "2024-25"}:
            by_year[r["year"]] = r["revised"]
    assert by_year == {
        "2021-22": "1127205.00",
        "2022-23": "1130326.00",
        "2023-24": "1152936.00",
        "2024-25": "1174689.00",
    }


def test_demo_range_allocation_and_virements(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    da = run_json(demo, capsys, "--year", "2025-26", "--stream", "DA")
    assert da["warnings"][0] == (
        "DA duty 2025 – 2026/ 2026-2027 allocation (DA): £1,463,965.00 covers 2025-26 to "
        "2026-27 and has not been split into years; it is not counted in 2025-26"
    )
    pending = [w for w in da["warnings"] if "pending virement" in w]
    assert pending == [
        "DA 2025-26: pending virement #2 of £12,000.00 from DA Team to Outreach worker x2 is "
        "not counted until approved"
    ]
    rows = {r["key"]: r for r in da["rows"]}
    adults = rows["Counselling service for adults"]
    assert (adults["original"], adults["virements"], adults["revised"]) == (
        "42982.00",
        "-4000.00",
        "38982.00",
    )
    assert rows["Counselling service for children"]["revised"] == "46982.00"
    assert rows["DA Team"]["revised"] == rows["DA Team"]["original"] == "252037.00"
    assert rows["Outreach worker x2"]["revised"] == "74000.00"
    assert da["totals"]["virements"] == "0.00"
    everything = run_json(demo, capsys)
    assert everything["warnings"][0].startswith("DA 2025-26: pending virement #2")
