"""Text limits are the same on SQLite and PostgreSQL (issue 16): a 301-character supplier name
once imported on SQLite (which does not enforce a declared length) and crashed on PostgreSQL.
Now the import refuses it on both with the cell named, a 300-character name imports on both,
and the write layer refuses an over-long text for any table with the field named."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.ledger import Actor, Ledger
from db.schema import Organisation, Transaction
from db.writes import LedgerError, insert
from fundledger import text_limits
from ui.usecases.import_result import format_problem
from ui.usecases.imports import import_file

FIONA = Actor("fiona", "finance")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    if request.param == "sqlite":
        led = request.getfixturevalue("ledger")
        led.actor = FIONA
        yield led
        return
    from ui.usecases.init import init_ledger

    led = init_ledger(request.getfixturevalue("pg_ledger_url"))
    led.actor = FIONA
    yield led
    led.dispose()


def _csv(path: Path, supplier: str) -> Path:
    path.write_text(
        "Date,Cost Centre,Supplier,Invoice No,Description,Amount\n"
        f"01/05/2025,LC4410,{supplier},INV-1,Outreach,12.50\n"
        "02/05/2025,LC4410,Refuge Ltd,INV-2,Refuge,10.00\n",
        encoding="utf-8",
    )
    return path


def _count(led: Ledger) -> int:
    with led.read() as s:
        return int(s.scalar(select(func.count()).select_from(Transaction)) or 0)


def test_an_over_long_supplier_is_refused_alike(any_ledger: Ledger, tmp_path: Path) -> None:
    name = ("Very Long Supplier Name " * 13)[:297] + " Ltd"
    assert len(name) == text_limits.COUNTERPARTY + 1
    result = import_file(any_ledger, "transactions", _csv(tmp_path / "long.csv", name))
    assert [format_problem(p) for p in result.errors] == [
        f"long.csv: C2 (Supplier): '{name[:60]}… ({len(name)} characters)': longer than the "
        "300 characters the ledger keeps for a supplier"
    ]
    assert result.batch is None and _count(any_ledger) == 0


def test_a_supplier_at_the_limit_imports_alike(any_ledger: Ledger, tmp_path: Path) -> None:
    name = ("S" * 299) + "d"
    result = import_file(any_ledger, "transactions", _csv(tmp_path / "full.csv", name))
    assert result.errors == () and result.imported == 2
    with any_ledger.read() as s:
        kept = s.scalar(select(Transaction.counterparty).where(Transaction.reference == "INV-1"))
    assert kept == name


def test_the_write_layer_names_the_field(any_ledger: Ledger) -> None:
    any_ledger.actor = Actor("ada", "admin")
    with pytest.raises(LedgerError) as caught, any_ledger.write() as s:
        insert(s, any_ledger.actor, Organisation(name="N" * 301, kind="district"))
    assert str(caught.value) == (
        "name is 301 characters: the ledger keeps at most 300 (" + "N" * 40 + "…)"
    )
