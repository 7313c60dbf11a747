"""``transactions``: every transaction of the scope with its import batch, streamed from the
query's cursor to the workbook in chunks (amounts as integer pence, no per-row objects); the preview shows the first rows and the register's own total (the layout:
:mod:`exports.returns.registers`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import cast

from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.queries import exports as xq
from db.queries.register_defs import TRANSACTIONS
from db.queries.registers import RegisterQuery
from db.queries.registers import totals as register_totals
from exports import data as xd
from exports.returns.listing import (
    TRANSACTION_COLUMNS,
    TxnCells,
    transactions_listing,
    txn_line,
)
from exports.table import ReturnTable
from exports.template import FigureValue
from fundledger.money import ZERO

from .base import PREVIEW_ROWS, Prepared, Progress, Scope, common_figures
from .registry import FigureDoc, ReturnDef

NAME = "transactions"


def _row(t: xq.TxnListing) -> xd.TransactionRow:
    return xd.TransactionRow(t.txn_date, t.amount, t.cost_centre, t.counterparty, t.reference,
                             t.description, t.stream, t.year, t.period, t.kind, t.account,
                             t.batch_id, t.batch_file)  # fmt: skip


def _streamed(
    session: Session, scope: Scope, total: int, progress: Progress | None
) -> Iterator[TxnCells]:
    """The rows as the query's cursor hands them over, a chunk at a time (progress after
    each chunk)."""
    n = 0
    for part in xq.transaction_cells(session, stream_id=scope.stream_id, year=scope.year):
        yield from cast("Sequence[TxnCells]", part)
        n += len(part)
        if progress is not None:
            progress(n, total)
    if progress is not None:
        progress(total, total)


def build(session: Session, scope: Scope, produced: xd.Produced) -> Prepared:
    sums = register_totals(session, TRANSACTIONS, RegisterQuery(stream=scope.stream,
                                                                year=scope.year))  # fmt: skip
    amount = sums.sum("amount") or ZERO
    first = xq.transaction_listing(session, stream_id=scope.stream_id, year=scope.year,
                                   limit=PREVIEW_ROWS)  # fmt: skip
    # the preview holds the first rows; the total is the register's, over every row
    table = ReturnTable(TRANSACTION_COLUMNS, tuple(txn_line(_row(t)) for t in first),
                        {"Amount": amount})  # fmt: skip
    title = f"Transactions — {scope.stream or 'all streams'}, {scope.year_text or 'all years'}"

    def write(ledger: Ledger, path: Path, progress: Progress | None) -> xd.Written:
        with ledger.read() as s:
            return transactions_listing(path, produced, _streamed(s, scope, sums.rows, progress),
                                        title=title)  # fmt: skip

    figures: dict[str, FigureValue] = {"transactions.total": amount,
                                       "transactions.rows": sums.rows}  # fmt: skip
    return Prepared(
        scope, title, produced, table, sums.rows, common_figures(scope, produced, figures), write
    )


DEFINITION = ReturnDef(
    name=NAME,
    title="Transactions with their import batch",
    build=build,
    figure_prefix="transactions",
    figures=(
        FigureDoc("transactions.total", "the sum of the transactions listed"),
        FigureDoc("transactions.rows", "how many transactions"),
    ),
)
