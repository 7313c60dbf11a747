"""Issue 13, done when: on a fresh ``init`` ledger, through the command line alone, a new
stream with two cost centres takes a spend file whose every row is coded by rules; variance has
no "(no budget line)" row; the contract line's invoiced figure is the sum of its invoices."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select

from db.ledger import Ledger
from db.queries.contracts import register
from db.schema import Transaction
from tests.cli.cli_helpers import in_process
from tests.cli.test_import_cli import fundledger


def _book(path: Path, title: str, header: list[str], rows: list[list[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def ok(db: Path, *args: str) -> str:
    """One step through ``ui.cli.main`` in this process (each test keeps one real subprocess)."""
    done = in_process(db, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def ok_as_a_process(db: Path, *args: str) -> str:
    done = fundledger(db, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_new_stream_through_the_cli_alone(
    ledger: Ledger, ledger_path: Path, tmp_path: Path
) -> None:
    db = ledger_path
    ok(db, "stream", "add", "GHL", "--name", "Gambling Harms Levy", "--kind", "grant",
       "--funder", "OHID", "--mechanism", "2025:levy_allocation")  # fmt: skip
    ok(db, "costcentre", "add", "GH100", "--stream", "GHL", "--name", "Gambling harms – prevention")
    ok(db, "costcentre", "add", "GH200", "--stream", "GHL", "--name", "Gambling harms – treatment")
    lines = _book(tmp_path / "lines.xlsx", "Budget", ["Budget line", "Budget"],
                  [["Prevention", 50000], ["Treatment", 30000]])  # fmt: skip
    ok(db, "import", "budget-lines", str(lines), "--stream", "GHL", "--year", "2025-26")
    ok(db, "org", "add", "Acme Support", "--kind", "provider")
    contracts = _book(tmp_path / "contracts.xlsx", "Contracts",
                      ["Support service", "Service provider", "Cost", "Time period", "Reference",
                       "Start date"],
                      [["Treatment", "Acme Support", 24000, "1 year", "GH-C-01",
                        date(2025, 4, 1)]])  # fmt: skip
    ok(db, "import", "contracts", str(contracts), "--stream", "GHL")
    ok(db, "rule", "add", "--cost-centre", "GH100", "--line", "Prevention")
    ok(db, "rule", "add", "--cost-centre", "GH200", "--line", "Treatment")
    ok(db, "rule", "add", "--supplier", "Acme Support", "--contract", "GH-C-01")
    spend = _book(
        tmp_path / "spend.xlsx",
        "Invoices",
        ["Date", "Cost Centre", "Supplier", "Invoice No", "Description", "Amount"],
        [
            [date(2025, 4, 20), "GH100", "Beacon Training", "BT-1", "Staff training", 1250],
            [date(2025, 5, 2), "GH200", "Acme Support", "INV-A1", "Treatment April", 2000],
            [date(2025, 6, 3), "GH200", "Acme Support", "INV-A2", "Treatment May", 2000],
            [date(2025, 6, 9), "GH200", "Acme Support", "CRN-A1", "Credit – overcharge", -150.25],
            [date(2025, 7, 1), "GH100", "Print Co", "PC-77", "Leaflets", 99.99],
        ],
    )
    # the step that matters most as its own process: stdout is the JSON, exit 0
    spend_args = ("import", "transactions", str(spend), "--year", "2025-26", "--json")
    out = json.loads(ok_as_a_process(db, *spend_args))
    assert (out["imported"], out["total"]) == (5, "5199.74")

    with ledger.read() as s:
        rows = s.execute(select(Transaction).order_by(Transaction.id)).scalars().all()
        assert [r.budget_line_id is not None for r in rows] == [True] * 5
        assert [r.coded_by for r in rows] == [
            "rule #1", "rule #2 + rule #3", "rule #2 + rule #3", "rule #2 + rule #3", "rule #1",
        ]  # fmt: skip
        contract = register(s, today=date(2025, 8, 1))[0]
        coded = sum((r.amount for r in rows if r.contract_line_id == contract.id), Decimal(0))
    assert contract.invoiced == coded == Decimal("3849.75")

    report = json.loads(ok(db, "variance", "--year", "2025-26", "--stream", "GHL", "--json"))
    actual = {r["key"]: r["actual"] for r in report["rows"]}
    assert actual == {"Prevention": "1349.99", "Treatment": "3849.75"}
    assert report["totals"]["actual"] == "5199.74"
    # nothing is left for `code` to do
    left = json.loads(ok(db, "code", "--json"))
    assert (left["coded"], left["uncoded"]) == ([], [])


def test_bad_input_exits_2_and_writes_nothing(ledger: Ledger, ledger_path: Path) -> None:
    db = ledger_path
    cases = [
        (("costcentre", "add", "X1", "--stream", "NOPE"), "unknown stream 'NOPE'"),
        (("stream", "add", "DA", "--name", "Again", "--kind", "grant"),
         "stream code DA is already used by another stream"),
        (("costcentre", "add", "LC4410", "--stream", "YJ"), "cost centre LC4410 is already DA's"),
        (("org", "merge", "#4", "#4", "--reason", "same"),
         "cannot merge Blaby District Council (district #4) into itself"),
    ]  # fmt: skip
    for i, (args, message) in enumerate(cases):
        # the first as its own process (its exit status), the rest through ui.cli.main
        done = fundledger(db, *args) if i == 0 else in_process(db, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert message in done.stderr
        assert done.stderr.rstrip().endswith("nothing was changed")
    ok(db, "rule", "add", "--cost-centre", "LC4410", "--line", "DA Team")
    clash = in_process(db, "rule", "add", "--cost-centre", "LC4410", "--line", "Other line")
    assert clash.returncode == 2
    assert "the rule conflicts with rule #1 (cost centre LC4410 → DA Team)" in clash.stderr
    # an account range is more specific: no conflict
    ok(db, "rule", "add", "--cost-centre", "LC4410", "--account", "5200-5299", "--line", "X")
    listed = json.loads(ok(db, "rule", "list", "--json"))["rules"]
    assert [(r["when"], r["to"]) for r in listed] == [
        ("cost centre LC4410", "line DA Team"),
        ("cost centre LC4410 accounts 5200–5299", "line X"),
    ]
