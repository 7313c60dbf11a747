"""Real published council spending files (``../shared/realdata``): each imports into a grant
ledger holding a few of the council's cost centres with ``--outside skip``, and the imported
rows and totals equal sums computed independently from the CSV, to the penny.

The files are not in the repository: without them the tests skip with the reason; with
``CI=true`` they are required (the ``shared_realdata`` fixture).  The council's grant cost
centres are added as a user would, with ``fundledger costcentre add`` — Oxford's codes and
Leeds's service-division names alike.
"""

from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.ledger import Actor, Ledger
from db.schema import CostCentre, Stream, Transaction
from ui.usecases.imports import import_file

OXFORD = "oxford-expenditure-over-500-jan-mar-2016.csv"
LEEDS = "leeds-2013-06.csv"
OXFORD_CODES = {"C2202": "DA", "B1501": "YJ", "D3701": "OPCC"}
LEEDS_CODES = {
    "Safeguarding Targeted & Specialist": "YJ",
    "Highways": "OPCC",
    "Parks & Countryside": "PMT",
}


@pytest.fixture
def realdata(shared_realdata: Path) -> Path:
    return shared_realdata


def _costcentre_add(ledger_path: Path, codes: dict[str, str]) -> None:
    """The council's grant cost centres, added as a user would (``fundledger costcentre add``)."""
    from ui.cli import main

    for code, stream in codes.items():
        assert main(["--db", str(ledger_path), "costcentre", "add", code, "--stream", stream]) == 0


def _expected(
    path: Path, cc: str, amount: str, codes: dict[str, str]
) -> tuple[Counter[str], dict[str, Decimal], Counter[str], Decimal]:
    """Rows and totals by stream computed straight from the CSV; the other codes' rows and
    their total."""
    rows: Counter[str] = Counter()
    totals: dict[str, Decimal] = {}
    other_rows: Counter[str] = Counter()
    other_total = Decimal("0.00")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for rec in csv.DictReader(fh):
            code = " ".join(rec[cc].split())
            value = Decimal(rec[amount].replace(",", ""))
            if code in codes:
                rows[codes[code]] += 1
                totals[codes[code]] = totals.get(codes[code], Decimal("0.00")) + value
            else:
                other_rows[code.upper()] += 1
                other_total += value
    return rows, totals, other_rows, other_total


def _imported(ledger: Ledger, batch: int) -> tuple[Counter[str], dict[str, Decimal]]:
    with ledger.read() as s:
        q = (
            select(Stream.code, func.count(), func.sum(Transaction.amount))
            .join(Stream, Stream.id == Transaction.stream_id)
            .where(Transaction.batch_id == batch)
            .group_by(Stream.code)
        )
        found = s.execute(q).all()
    return Counter({c: n for c, n, _t in found}), {c: Decimal(t) for c, _n, t in found}


def test_oxford_imports_its_grant_cost_centres(
    realdata: Path, ledger: Ledger, ledger_path: Path
) -> None:
    ledger.actor = Actor("fiona", "finance")
    _costcentre_add(ledger_path, OXFORD_CODES)
    path = realdata / OXFORD
    rows, totals, other_rows, other_total = _expected(path, "expenditure_code", "amount",
                                                      OXFORD_CODES)  # fmt: skip
    refused = import_file(ledger, "transactions", path, dry_run=True)
    assert refused.errors and refused.errors[0].reason.startswith("cost centre maps to no stream")
    result = import_file(ledger, "transactions", path, outside="skip")
    assert result.errors == (), result.errors[:3]
    assert result.batch is not None
    assert result.rows_read == 3_908
    assert result.imported == sum(rows.values())
    assert dict(result.by_stream) == totals
    assert result.outside is not None
    assert (result.outside.rows, result.outside.total) == (other_rows.total(), other_total)
    assert result.outside.cost_centres == other_rows
    got_rows, got_totals = _imported(ledger, result.batch)
    assert (got_rows, got_totals) == (rows, totals)
    mapping = {m.field: m.header for m in result.info.mapping} if result.info else {}
    assert mapping["cost_centre"] == "expenditure_code"
    assert mapping["reference"] == "trans_no"
    assert mapping["date"] == "paid_date"
    assert mapping["supplier"] == "supplier_name"


def test_leeds_imports_its_grant_service_divisions(
    realdata: Path, ledger: Ledger, ledger_path: Path
) -> None:
    ledger.actor = Actor("fiona", "finance")
    _costcentre_add(ledger_path, {f"  {code} ": stream for code, stream in LEEDS_CODES.items()})
    with ledger.read() as s:
        kept = set(s.scalars(select(CostCentre.code).where(CostCentre.code.contains(" "))))
    assert kept == {"SAFEGUARDING TARGETED & SPECIALIST", "PARKS & COUNTRYSIDE"}
    path = realdata / LEEDS
    rows, totals, other_rows, other_total = _expected(path, "ServiceDivisionLabel", "NetAmount",
                                                      LEEDS_CODES)  # fmt: skip
    result = import_file(
        ledger, "transactions", path, outside="skip",
        columns={"cost_centre": "ServiceDivisionLabel"},
    )  # fmt: skip
    assert result.errors == (), result.errors[:3]
    assert result.batch is not None
    assert result.rows_read == 8_334
    assert result.imported == sum(rows.values())
    assert dict(result.by_stream) == totals
    assert result.outside is not None
    assert (result.outside.rows, result.outside.total) == (other_rows.total(), other_total)
    assert result.outside.cost_centres == other_rows
    got_rows, got_totals = _imported(ledger, result.batch)
    assert (got_rows, got_totals) == (rows, totals)
    mapping = {m.field: m.header for m in result.info.mapping} if result.info else {}
    assert mapping["date"] == "DatePaid"
    assert mapping["reference"] == "TransactionNumber"
    assert mapping["amount"] == "NetAmount"
    assert mapping["supplier"] == "SupplierName"
