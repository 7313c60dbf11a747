"""Registers that round-trip: the contracts register and the transactions listing.

Headers are the importer's plain synonyms so an export imports back without loss
(contracts: Support service, Service provider, Cost, Time period ...; transactions: Date,
Cost Centre, Supplier, Invoice No, Description, Amount ...).

Figure keys: contracts ``"<service>|<provider>"`` (cost) and ``"...|invoiced"``.  The
transactions sheet *is* its rows, so its Rows sheet only explains that.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..data import ContractRow, Produced, SourceRow, Written
from ..table import ReturnTable, make_table
from ..workbook import CellValue, Column, FinanceWorkbook
from ._common import contract_cost, extension_decisions, extension_options
from .listing import TRANSACTION_COLUMNS, transactions, txn_line

__all__ = [
    "CONTRACT_COLUMNS",
    "TRANSACTION_COLUMNS",
    "contracts_register",
    "contracts_table",
    "transactions",
    "txn_line",
    "write_contracts",
]

CONTRACT_COLUMNS = (
    Column("Support service", max_width=50),
    Column("Service provider", max_width=45),
    Column("Cost", "money", total=True, width=17),
    Column("Time period", max_width=32),
    Column("Cost basis", width=12),
    Column("Start", "date"),
    Column("End", "date"),
    Column("Extension options", max_width=30),
    Column("Extension decisions", max_width=30),
    Column("Committed", "money", total=True, width=15),
    Column("Invoiced", "money", total=True, width=15),
    Column("Remaining", "money", total=True, width=15),
    Column("Expiry", "date"),
    Column("Days to expiry", "count", width=10),
    Column("Stream", width=9),
    Column("Reference", max_width=20),
)

_BASIS = {"per_year": "per year", "whole_term": "whole term", "unknown": "unknown"}


def _contract_line(r: ContractRow, as_at: date) -> tuple[CellValue, ...]:
    days = None if r.end is None else (r.end - as_at).days
    return (
        r.service,
        r.provider,
        contract_cost(r),
        r.term_text,
        _BASIS[r.cost_basis],
        r.start,
        r.end,
        extension_options(r.extensions),
        extension_decisions(r.extensions),
        r.commitment,
        r.invoiced,
        r.remaining,
        r.end,
        days,
        r.stream,
        r.reference,
    )


def contracts_table(rows: Sequence[ContractRow], as_at: date) -> ReturnTable:
    """Every contract line with term, extensions, committed, invoiced, remaining and expiry
    (days to expiry from ``as_at``)."""
    return make_table(CONTRACT_COLUMNS, [_contract_line(r, as_at) for r in rows])


def write_contracts(
    path: str | Path,
    produced: Produced,
    table: ReturnTable,
    *,
    title: str = "Contracts register",
    sources: Sequence[SourceRow] = (),
) -> Written:
    """Write sheet "Contracts" from :func:`contracts_table`, and the Rows sheet."""
    with FinanceWorkbook(path, produced, title=title, subject="contracts-register") as book:
        sheet = book.add_sheet(
            "Contracts",
            title=title,
            notes=[
                "Expiry is the current end date (base term plus extensions taken); days to "
                f"expiry count from {produced.as_at.strftime('%d/%m/%Y')}."
            ],
        )
        written = sheet.return_table(table)
        cells: dict[str, str] = {}
        for i, r in enumerate(table.rows):
            cells.setdefault(f"{r[0]}|{r[1]}", written.ref(i, 2))
            cells.setdefault(f"{r[0]}|{r[1]}|invoiced", written.ref(i, 10))
        book.add_rows_sheet(sources, cells)
    return Written(str(path), dict(written.totals), ("Contracts", "Rows"))


def contracts_register(
    path: str | Path,
    produced: Produced,
    rows: Sequence[ContractRow],
    *,
    title: str = "Contracts register",
    sources: Sequence[SourceRow] = (),
) -> Written:
    """Write sheet "Contracts": every contract line with term, extensions and spend."""
    table = contracts_table(rows, produced.as_at)
    return write_contracts(path, produced, table, title=title, sources=sources)
