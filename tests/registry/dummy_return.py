"""A dummy return ("stream weights": 1.25 per stream) built only from the registry's public
parts, to show that adding a return is its own module plus one registration."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.schema import Stream
from exports.cells import Column
from exports.data import Produced, Written
from exports.table import make_table
from exports.workbook import FinanceWorkbook
from ui.usecases.returns import Prepared, ReturnDef, Scope
from ui.usecases.returns.base import common_figures

COLUMNS = (Column("Stream"), Column("Weight", "money", total=True))


def build(session: Session, scope: Scope, produced: Produced) -> Prepared:
    codes = session.execute(select(Stream.code).order_by(Stream.code)).scalars().all()
    table = make_table(COLUMNS, [(c, Decimal("1.25")) for c in codes])

    def write(_ledger: Ledger, path: Path, _progress: Any) -> Written:
        with FinanceWorkbook(path, produced, title="Stream weights") as book:
            written = book.add_sheet("Weights", title="Stream weights").return_table(table)
        return Written(str(path), dict(written.totals), ("Weights",))

    figures = common_figures(scope, produced, {"weights.total": table.totals["Weight"]})
    return Prepared(scope, "Stream weights", produced, table, len(codes), figures, write)


DUMMY = ReturnDef("stream-weights", "Each stream weighed (a test return)", build,
                  figure_prefix="weights")  # fmt: skip
