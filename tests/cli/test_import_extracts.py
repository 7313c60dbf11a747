"""A council-wide extract (900 cost centres, three of them the ledger's): refused with one
grouped line per cause, imported with --outside skip (the rest reported by code with counts
and totals); --map on the command line; no traceback when the reader of the output goes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from db.ledger import Actor, Ledger
from tests.cli.cli_helpers import in_process
from ui.usecases.import_errors import problem_lines
from ui.usecases.imports import import_file

ROOT = Path(__file__).resolve().parents[2]
OURS = {"LC4410": "DA", "LC4470": "OPCC", "LC5120": "YJ"}


def _extract(tmp_path: Path) -> Path:
    """897 codes the ledger does not hold (X0001 on 20 rows, the others on 2) first, then
    5 rows of £10.00 for each of the ledger's three."""
    lines = ["Transaction Date,Cost Centre,Supplier,Trans No,Net Amount"]
    n = 0

    def add(code: str, amount: str) -> None:
        nonlocal n
        n += 1
        lines.append(f"01/05/2025,{code},Supplier {n},T{n:05d},{amount}")

    for _ in range(20):
        add("X0001", "1.00")
    for i in range(2, 898):
        add(f"X{i:04d}", "1.00")
        add(f"X{i:04d}", "1.00")
    for code in OURS:
        for _ in range(5):
            add(code, "10.00")
    path = tmp_path / "extract.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_unknown_cost_centres_are_one_grouped_line(ledger: Ledger, tmp_path: Path) -> None:
    ledger.actor = Actor("fiona", "finance")
    result = import_file(ledger, "transactions", _extract(tmp_path), dry_run=True)
    assert len(result.errors) == 1_812
    assert problem_lines(result.errors) == [
        "extract.csv: 897 unknown cost centres in 1,812 rows of column B (Cost Centre): B2, "
        "B3, B4, B5, B6, …; codes X0001 (20 rows), X0002 (2 rows), X0003 (2 rows), X0004 "
        "(2 rows), X0005 (2 rows), … 892 more: add them to the ledger's cost centres, leave "
        "their rows out (--outside skip), or read the cost centre from another column "
        "(--map cost_centre=COLUMN)"
    ]


def test_outside_skip_imports_the_ledgers_rows(ledger: Ledger, tmp_path: Path) -> None:
    ledger.actor = Actor("fiona", "finance")
    result = import_file(ledger, "transactions", _extract(tmp_path), outside="skip")
    assert result.errors == ()
    assert (result.rows_read, result.imported, result.skipped) == (1_827, 15, 1_812)
    assert dict(result.by_stream) == {s: Decimal("50.00") for s in ("DA", "OPCC", "YJ")}
    assert result.outside is not None
    assert (result.outside.rows, result.outside.total) == (1_812, Decimal("1812.00"))
    assert len(result.outside.cost_centres) == 897
    assert result.outside.cost_centres["X0001"] == 20
    assert result.summary().splitlines()[2] == (
        "  left out: 1,812 rows of 897 cost centres this ledger does not hold, £1,812.00: "
        "X0001 (20 rows), X0002 (2 rows), X0003 (2 rows), X0004 (2 rows), X0005 (2 rows), "
        "… 892 more"
    )
    out = result.to_json()["outside"]
    assert (out["rows"], out["total"], out["cost_centres"]["X0897"]) == (1_812, "1812.00", 2)


def test_a_file_with_no_row_of_the_ledger_is_an_error(ledger: Ledger, tmp_path: Path) -> None:
    ledger.actor = Actor("fiona", "finance")
    path = tmp_path / "others.csv"
    path.write_text("Date,Cost Centre,Amount\n01/05/2025,X1,1.00\n02/05/2025,X2,2.50\n")
    result = import_file(ledger, "transactions", path, outside="skip")
    assert [str(e) for e in result.errors] == [
        "others.csv: none of the 2 rows is for a cost centre this ledger holds (2 cost "
        "centres, £3.50): add the ledger's cost centres first"
    ]
    assert result.batch is None


def _cli(db: Path, *args: str, stdin_pipe: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", "--db", str(db), "import", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip


@pytest.mark.slow
def test_cli_prints_a_screenful_and_maps_columns(
    ledger: Ledger, ledger_path: Path, tmp_path: Path
) -> None:
    path = _extract(tmp_path)
    proc = _cli(ledger_path, "transactions", str(path), "--dry-run")
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "extract.csv: 897 unknown cost centres in 1,812 rows of column B (Cost Centre): B2, "
        "B3, B4, B5, B6, …; codes X0001 (20 rows), X0002 (2 rows), X0003 (2 rows), X0004 "
        "(2 rows), X0005 (2 rows), … 892 more: add them to the ledger's cost centres, leave "
        "their rows out (--outside skip), or read the cost centre from another column "
        "(--map cost_centre=COLUMN)"
    ]
    # the same command's other forms through ui.cli.main in this process (the first was a process)
    proc = in_process(ledger_path, "import", "transactions", str(path), "--dry-run", "--json")
    assert proc.returncode == 2
    out = json.loads(proc.stdout)
    assert (len(out["errors"]), out["errors_total"]) == (1_000, 1_812)  # output capped
    proc = in_process(
        ledger_path, "import", "transactions", str(path), "--outside", "skip", "--map",
        "reference=Supplier", "--json",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["mapping"]["reference"] == {"column": "C", "header": "Supplier"}
    assert (out["imported"], out["outside"]["rows"]) == (15, 1_812)


@pytest.mark.slow
def test_no_traceback_when_the_output_is_cut_short(ledger_path: Path, tmp_path: Path) -> None:
    from ui.usecases.init import init_ledger

    init_ledger(str(ledger_path)).dispose()
    path = _extract(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = (
        f"{sys.executable} -m ui.cli --db {ledger_path} import transactions {path} "
        "--dry-run --json | head -c 10"
    )
    proc = subprocess.run(
        ["bash", "-c", cmd], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    assert proc.stdout == '{"kind": "'
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr
