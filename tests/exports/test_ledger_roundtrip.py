"""Round trip through the ledger: import rows into ledger A, export the register, import that
export into a fresh ledger B — B holds exactly what A holds (hypothesis over small ledgers:
Unicode names, year-end dates, amounts up to £99,999,999.99)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.ledger import Ledger
from db.queries import contracts as kq
from db.queries import exports as xq
from ui.usecases.exports import Request, export_return
from ui.usecases.imports import import_file
from ui.usecases.init import init_ledger
from ui.usecases.session import open_ledger

YEAR_ENDS = [date(2025, 3, 31), date(2025, 4, 1), date(2026, 3, 31), date(2026, 4, 1)]
CENTRES = ["LC4410", "LC5120", "LC4470"]
TERMS = ["1 year", "2 years", "2 years (+1 year extension)", "3 years fixed term", None]

_word = st.text(
    st.characters(categories=["L", "N"], include_characters="&'.-£€ßçøÆ漢字"), min_size=1,
    max_size=8,
)  # fmt: skip
names = st.lists(_word, min_size=1, max_size=3).map(" ".join)
days = st.one_of(st.sampled_from(YEAR_ENDS), st.dates(date(2024, 4, 1), date(2027, 3, 30)))
amounts = st.decimals(
    Decimal("-99999999.99"), Decimal("99999999.99"), places=2, allow_nan=False
).filter(lambda d: d != 0)


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An initialised ledger file, copied for each example (much faster than init)."""
    path = tmp_path_factory.mktemp("blank") / "blank.sqlite"
    init_ledger(str(path), "jsmith").dispose()
    return path


def _ledgers(blank: Path, folder: Path) -> tuple[Ledger, Ledger]:
    a, b = folder / "a.sqlite", folder / "b.sqlite"
    shutil.copy(blank, a)
    shutil.copy(blank, b)
    return open_ledger(str(a), "jsmith"), open_ledger(str(b), "jsmith")


def _save(rows: list[list[Any]], path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for line in ws.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # names are text, whatever they start with
    wb.save(path)
    return path


def _listing(led: Ledger) -> list[tuple[Any, ...]]:
    with led.read() as s:
        return sorted(
            (t.txn_date, t.amount, t.stream, t.year, t.period, t.kind, t.cost_centre,
             t.counterparty, t.reference, t.description)
            for t in xq.transaction_listing(s)
        )  # fmt: skip


txn_rows = st.lists(st.tuples(days, st.sampled_from(CENTRES), names, names, amounts),
                    min_size=1, max_size=6)  # fmt: skip


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=txn_rows)
def test_transactions_round_trip(blank: Path, rows: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        a, b = _ledgers(blank, folder)
        try:
            src = [["Date", "Cost Centre", "Supplier", "Invoice No", "Description", "Amount"]]
            src += [[d, cc, party, f"INV-{i}", text, amt]
                    for i, (d, cc, party, text, amt) in enumerate(rows)]  # fmt: skip
            first = import_file(a, "transactions", _save(src, folder / "src.xlsx"))
            assert first.ok and first.imported == len(rows), first.errors
            out = export_return(a, Request("transactions"), folder / "export.xlsx")
            assert out.totals["Amount"] == sum((r[4] for r in rows), Decimal("0.00"))
            back = import_file(b, "transactions", out.path)
            assert back.ok and back.imported == len(rows), back.errors
            assert _listing(b) == _listing(a)
            again = export_return(b, Request("transactions"), folder / "again.xlsx")
            assert again.totals == out.totals
            # the same rows, each from the batch of its own ledger's import
            assert [r[:-1] for r in again.prepared.rows] == [r[:-1] for r in out.prepared.rows]
            assert {r[-1] for r in again.prepared.rows} == {"export.xlsx"}
        finally:
            a.dispose()
            b.dispose()


def _register(led: Ledger) -> list[tuple[Any, ...]]:
    with led.read() as s:
        return [
            (c.service, c.provider_text, c.value, c.term_text, c.contract_start,
             c.base_term_months, tuple(e.months for e in c.extensions), c.reference)
            for c in kq.register(s, today=date(2026, 6, 12))
        ]  # fmt: skip


contract_rows = st.lists(
    st.tuples(names, names, st.decimals(Decimal("0.01"), Decimal("99999999.99"), places=2),
              st.sampled_from(TERMS), st.one_of(st.none(), st.sampled_from(YEAR_ENDS))),
    min_size=1, max_size=5,
)  # fmt: skip


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=contract_rows)
def test_contracts_register_round_trip(blank: Path, rows: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        a, b = _ledgers(blank, folder)
        try:
            src: list[list[Any]] = [["Support service", "Service provider", "Cost",
                                     "Time period", "Start", "Reference"]]  # fmt: skip
            src += [[f"{service} {i}", provider, value, term, start, f"C-{i}"]
                    for i, (service, provider, value, term, start) in enumerate(rows)]  # fmt: skip
            first = import_file(a, "contracts", _save(src, folder / "src.xlsx"), stream="DA")
            assert first.ok and first.imported == len(rows), first.errors
            out = export_return(a, Request("contracts-register"), folder / "export.xlsx")
            back = import_file(b, "contracts", out.path, stream="DA")
            assert back.ok and back.imported == len(rows), back.errors
            assert _register(b) == _register(a)
            again = export_return(b, Request("contracts-register"), folder / "again.xlsx")
            assert again.totals == out.totals
        finally:
            a.dispose()
            b.dispose()
