"""``fundledger import`` / ``undo-import``: the samples through a real subprocess (``--json``),
exit codes, and awkward workbooks giving their exact error with nothing written."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from db.ledger import Ledger
from db.schema import AuditEntry, BudgetLine, ImportBatch, Organisation, Transaction
from ui.cli import main

ROOT = Path(__file__).resolve().parents[2]

SAMPLES: list[tuple[str, list[str]]] = [
    ("yj-pooled-budget-2025-26.xlsx", ["contributions", "--stream", "YJ", "--year", "2025-26"]),
    (
        "opcc-csp-allocations-2025-26.xlsx",
        ["budget-lines", "--stream", "OPCC", "--year", "2025-26"],
    ),
    ("da-duty-allocations.xlsx", ["allocations", "--stream", "DA"]),
    ("da-spend-plan-years-1-3.xlsx", ["contracts", "--stream", "DA"]),
    ("invoices-2025-26-p01-p06.xlsx", ["transactions", "--year", "2025-26"]),
    ("gl-extract-2025-26-p01-p06.xlsx", ["gl"]),
    ("pmt-income-2025.xlsx", ["income", "--stream", "PMT"]),
]

#: file → (rows_read, imported, skipped, total, by_stream) from expected.json
WANT: dict[str, tuple[int, int, int, str, dict[str, str]]] = {
    "yj-pooled-budget-2025-26.xlsx": (8, 9, 2, "2112649.00", {"YJ": "2112649.00"}),
    "opcc-csp-allocations-2025-26.xlsx": (9, 9, 0, "639675.00", {"OPCC": "639675.00"}),
    "da-duty-allocations.xlsx": (5, 5, 0, "6049121.00", {"DA": "6049121.00"}),
    "da-spend-plan-years-1-3.xlsx": (17, 17, 0, "1937476.00", {"DA": "1937476.00"}),
    "invoices-2025-26-p01-p06.xlsx": (
        96,
        96,
        0,
        "400472.19",
        {"DA": "227096.13", "OPCC": "122023.06", "YJ": "51353.00"},
    ),
    "gl-extract-2025-26-p01-p06.xlsx": (
        96,
        96,
        0,
        "476145.47",
        {"DA": "347906.30", "OPCC": "109218.67", "YJ": "19020.50"},
    ),
    "pmt-income-2025.xlsx": (39, 39, 0, "111871.00", {"PMT": "111871.00"}),
}

KEYS = [
    "kind",
    "file",
    "sheet",
    "dry_run",
    "batch",
    "rows_read",
    "imported",
    "duplicates",
    "skipped",
    "total",
    "by_stream",
    "errors",
    "errors_total",
    "warnings",
    "outside",
    "mapping",
]


def fundledger(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def _count(ledger: Ledger, model: Any) -> int:
    with ledger.read() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


@pytest.mark.slow
def test_samples_through_the_cli(ledger: Ledger, ledger_path: Path, samples: Path) -> None:
    # a dry run first: the figures, nothing written
    dry = fundledger(
        ledger_path, "import", *SAMPLES[4][1], str(samples / SAMPLES[4][0]), "--dry-run", "--json"
    )
    assert dry.returncode == 0, dry.stderr
    out = json.loads(dry.stdout)
    assert (out["dry_run"], out["batch"], out["total"]) == (True, None, "400472.19")
    assert _count(ledger, Transaction) == 0 and _count(ledger, ImportBatch) == 0
    batches = []
    for name, args in SAMPLES:
        proc = fundledger(ledger_path, "import", args[0], str(samples / name), *args[1:], "--json")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        out = json.loads(proc.stdout)
        assert list(out) == KEYS
        rows_read, imported, skipped, total, by_stream = WANT[name]
        assert (out["kind"], out["file"], out["dry_run"]) == (args[0], name, False)
        assert (out["rows_read"], out["imported"], out["duplicates"]) == (rows_read, imported, 0)
        assert (out["skipped"], out["total"], out["by_stream"]) == (skipped, total, by_stream)
        assert out["errors"] == []
        batches.append(out["batch"])
    assert batches == [1, 2, 3, 4, 5, 6, 7]
    # re-import refused, naming the batch; exit 2, nothing written
    audit = _count(ledger, AuditEntry)
    again = fundledger(ledger_path, "import", "gl", str(samples / SAMPLES[5][0]), "--json")
    assert again.returncode == 2
    errs = json.loads(again.stdout)["errors"]
    assert [(e["sheet"], e["cell"], e["value"]) for e in errs] == [("GL Transactions", None, "")]
    assert errs[0]["reason"].startswith("this file was already imported as batch 6 (gl, ")
    assert _count(ledger, AuditEntry) == audit
    # undo through the CLI
    undo = fundledger(ledger_path, "undo-import", "5", "--reason", "wrong extract", "--json")
    assert undo.returncode == 0, undo.stderr
    assert json.loads(undo.stdout)["reversed_transactions"] == 96
    with ledger.read() as s:
        by_batch = s.execute(
            select(func.sum(Transaction.amount)).where(Transaction.batch_id == 5)
        ).scalar_one()
    assert by_batch == Decimal("0.00")
    # these steps are separate processes; test_in_one_process_an_open_ledger_reads_after_undo
    # runs the same ones inside this process


def test_in_one_process_an_open_ledger_reads_after_undo(
    ledger: Ledger, ledger_path: Path, samples: Path
) -> None:
    """The app's case: a ledger open in this process (it has read), then imports through
    ``ui.cli.main`` in the same process, another process opening the ledger meanwhile, an
    undo-import in this process, and that ledger reads again.
    With SQLite connections kept in a pool (5f1d01f, reverted) that read failed: "database disk
    image is malformed"."""
    assert _count(ledger, Transaction) == 0
    with contextlib.redirect_stdout(io.StringIO()):
        for name, args in SAMPLES:
            code = main(["--db", str(ledger_path), "import", args[0], str(samples / name),
                         *args[1:], "--json"])  # fmt: skip
            assert code == 0, name
            assert _count(ledger, ImportBatch) >= 1
        # meanwhile another process (a scheduled script) opens the ledger: refused, writes nothing
        again = fundledger(ledger_path, "import", "gl", str(samples / SAMPLES[5][0]), "--json")
        assert again.returncode == 2
        code = main(["--db", str(ledger_path), "undo-import", "5", "--reason", "wrong extract"])
    assert code == 0
    with ledger.read() as s:
        by_batch = s.execute(
            select(func.sum(Transaction.amount)).where(Transaction.batch_id == 5)
        ).scalar_one()
    assert by_batch == Decimal("0.00")
    assert _count(ledger, ImportBatch) == 7


def test_undo_refused_in_a_locked_period(ledger: Ledger, ledger_path: Path, samples: Path) -> None:
    from db.ops.locks import close_period

    name, args = SAMPLES[1]
    assert (
        main(
            ["--db", str(ledger_path), "import", args[0], str(samples / name), *args[1:], "--json"]
        )
        == 0
    )
    with ledger.write() as s:
        close_period(s, ledger.actor, year=2025, period=None, stream_id=None, reason="closed")
    proc = fundledger(ledger_path, "undo-import", "1")
    assert proc.returncode == 2  # refused: nothing written
    assert proc.stderr.startswith(
        "fundledger undo-import: 2025-26 (whole year) is closed for all streams (by "
    )
    with ledger.read() as s:
        assert s.get(ImportBatch, 1).status == "active"  # type: ignore[union-attr]


# --------------------------------------------------------------------------- awkward workbooks


def _invoices(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Invoices"
    ws.append(["Date", "Cost Centre", "Supplier", "Invoice No", "Description", "Amount"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _areas(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "CSP allocations"
    ws.append(["OPCC CSP allocations 2025-26 as of 12/06/2026"])
    ws.append([])
    ws.append(["CSP Area", "2025-26 Allocations", "2025-26 Expenditure"])
    ws.append(["Leicester", "£1,000.00", "£500.00"])
    ws.append(["Narnia", "£2,000.00", "Nil"])
    wb.save(path)
    return path


MAY = date(2025, 5, 1)

AWKWARD: list[tuple[str, list[list[Any]], str]] = [
    (
        "sub-penny.xlsx",
        [
            [MAY, "LC4410", "FreeVa", "INV-1", "x", 100.5],
            [MAY, "LC4410", "FreeVa", "I-2", "y", "12.345"],
        ],
        "sub-penny.xlsx: Invoices!F3 (Amount): '12.345': more than two decimal places",
    ),
    (
        "unknown-cc.xlsx",
        [[MAY, "LC9999", "Acme", "INV-1", "x", 10]],
        "unknown-cc.xlsx: Invoices!B2 (Cost Centre): 'LC9999': cost centre maps to no stream: "
        "add it to the ledger's cost centres, or leave out the rows of cost centres the ledger "
        "does not hold (--outside skip)",
    ),
    (
        "bad-date.xlsx",
        [["31/02/2025", "LC4410", "Acme", "INV-1", "x", 10]],
        "bad-date.xlsx: Invoices!A2 (Date): '31/02/2025': no such date (read as day/month/year)",
    ),
]


@pytest.mark.parametrize(("name", "rows", "line"), AWKWARD, ids=[a[0] for a in AWKWARD])
def test_awkward_transactions_exit_2_with_the_exact_error(
    ledger: Ledger,
    ledger_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    rows: list[list[Any]],
    line: str,
) -> None:
    path = _invoices(tmp_path / name, rows)
    audit = _count(ledger, AuditEntry)
    assert main(["--db", str(ledger_path), "import", "transactions", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [line]
    assert (_count(ledger, Transaction), _count(ledger, ImportBatch)) == (0, 0)
    assert _count(ledger, AuditEntry) == audit


def test_unknown_area_is_an_error_unless_create_missing(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _areas(tmp_path / "areas.xlsx")
    base = ["--db", str(ledger_path), "import", "budget-lines", str(path), "--stream", "OPCC"]
    base += ["--year", "2025-26"]
    orgs = _count(ledger, Organisation)
    assert main(base) == 2
    assert capsys.readouterr().err.splitlines() == [
        "areas.xlsx: CSP allocations!A5 (CSP Area): 'Narnia': no CSP area in the ledger is "
        "called 'Narnia' (by name or alias): add the alias in Settings → Organisations & aliases "
        "(fundledger org alias) or import with "
        "--create-missing"
    ]
    assert (_count(ledger, BudgetLine), _count(ledger, Organisation)) == (0, orgs)
    assert main([*base, "--create-missing", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["warnings"] == ["created CSP area 'Narnia' (--create-missing)"]
    assert (out["imported"], out["total"]) == (2, "3000.00")
    with ledger.read() as s:
        kind = s.execute(
            select(Organisation.kind).where(Organisation.name == "Narnia")
        ).scalar_one()
    assert kind == "csp_area"


def test_profiles_saved_and_reapplied(
    ledger: Ledger, ledger_path: Path, samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ui.usecases.imports import import_file, save_profile

    path = samples / "invoices-2025-26-p01-p06.xlsx"
    probe = import_file(ledger, "transactions", path, dry_run=True)
    assert probe.info is not None
    mapping = {m.field: m.header for m in probe.info.mapping}
    save_profile(ledger, "Council invoices", "transactions", mapping, probe.info.signature)
    base = ["--db", str(ledger_path), "import", "transactions", str(path), "--json"]
    assert main([*base, "--profile", "Supplier ledger"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert [e["reason"] for e in out["errors"]] == [
        "no transactions import profile is called 'Supplier ledger' (Council invoices)"
    ]
    assert main([*base, "--profile", "Council invoices"]) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == 96
    with ledger.read() as s:
        assert s.execute(select(ImportBatch.profile)).scalar_one() == "Council invoices"
    # a file of the same shape picks the saved profile up by itself
    again = import_file(ledger, "transactions", path, dry_run=True)
    assert again.info is not None and again.info.profile == "Council invoices"


def test_imported_figures_feed_variance(
    ledger: Ledger, ledger_path: Path, samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, args = SAMPLES[1]
    db = ["--db", str(ledger_path)]
    assert main([*db, "import", args[0], str(samples / name), *args[1:], "--json"]) == 0
    capsys.readouterr()
    assert main([*db, "variance", "--year", "2025-26", "--stream", "OPCC", "--json"]) == 0
    totals = json.loads(capsys.readouterr().out)["totals"]
    assert (totals["original"], totals["actual"], totals["available"]) == (
        "639675.00",
        "256061.83",
        "383613.17",
    )


def test_unknown_funder_is_an_error_unless_create_missing(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from db.schema import Allocation

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Funding"
    ws.append(["Allocation", "Funder", "Amount"])
    ws.append(["Safe accommodation 2025-26", "DLUHC", "£1,463,965"])
    ws.append(["Prevention pilot 2025-26", "Lottery Fund", "£25,000"])
    path = tmp_path / "funding.xlsx"
    wb.save(path)
    base = ["--db", str(ledger_path), "import", "allocations", str(path), "--stream", "DA"]
    assert main(base) == 2
    assert capsys.readouterr().err.splitlines() == [
        "funding.xlsx: Funding!B3 (Funder): 'Lottery Fund': no organisation in the ledger is "
        "called 'Lottery Fund' (by name or alias): add the alias in Settings → Organisations & aliases "
        "(fundledger org alias) or import with "
        "--create-missing"
    ]
    assert main([*base, "--create-missing", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["imported"], out["total"]) == (2, "1488965.00")
    assert out["warnings"] == ["created funder 'Lottery Fund' (--create-missing)"]
    with ledger.read() as s:
        funders = (
            s.execute(
                select(Organisation.name)
                .join(Allocation, Allocation.funder_org_id == Organisation.id)
                .order_by(Allocation.id)
            )
            .scalars()
            .all()
        )
    assert funders == ["Ministry of Housing, Communities and Local Government", "Lottery Fund"]
