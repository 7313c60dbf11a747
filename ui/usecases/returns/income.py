"""``pmt-income``: an income stream's income by category and quarter, raised vs received, with
return on council investment, for a financial year or (``--year 2025``) a calendar year
(the layout: :mod:`exports.returns.income`)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.queries import exports as xq
from db.queries import income as iq
from db.schema import IncomeItem
from exports import data as xd
from exports.returns import income as layout
from exports.template import FigureValue
from fundledger.money import ZERO

from .base import Prepared, Progress, Scope, check_sums, common_figures
from .registry import Applies, FigureDoc, ReturnDef

NAME = "pmt-income"


def _status(text: str) -> xd.IncomeStatus:
    return "received" if text == "received" else "cancelled" if text == "cancelled" else "raised"


def _items(session: Session, scope: Scope) -> list[xd.IncomeRow]:
    found = iq.income_items(session, stream_id=scope.stream_id, fy=scope.year,
                            calendar=scope.calendar)  # fmt: skip
    return [
        xd.IncomeRow(i.raised_on, i.customer, i.category, i.amount, _status(i.status),
                     i.description, i.reference, i.received_on, i.is_council_investment)
        for i in found
    ]  # fmt: skip


def build(session: Session, scope: Scope, produced: xd.Produced) -> Prepared:
    assert scope.stream_id is not None
    fy, cal = scope.year, scope.calendar
    items = _items(session, scope)
    basis: layout.Basis = "calendar" if cal is not None else "financial"
    year = cal if cal is not None else fy
    assert year is not None
    roi = iq.return_on_investment(session, scope.stream_id, fy=fy, calendar=cal)
    cats = iq.by_category(session, scope.stream_id, fy=fy, calendar=cal)
    table = layout.quarter_table(items, basis)
    raised = sum((c.raised for c in cats), ZERO)
    received = sum((c.received for c in cats), ZERO)
    check_sums(NAME, table, {"Total raised": raised, "Received": received,
                             "Outstanding": raised - received})  # fmt: skip
    figures: dict[str, FigureValue] = {
        "pmt.raised_total": raised,
        "pmt.received_total": received,
        "pmt.outstanding_total": raised - received,
        "pmt.leverage": roi.leverage,
        "pmt.investment": roi.investment,
        "pmt.roi_pct": roi.roi_pct,
    }
    for r in table.rows:
        for q, v in enumerate(r[1:5], 1):
            figures[f"pmt.category.{r[0]}.Q{q}"] = v
    sources = [
        xd.SourceRow(f"{i.category}|Q{layout.quarter(i.raised_on, basis)}",
                     f"income {i.reference or ''}".strip(), i.amount, i.raised_on, i.reference,
                     f"{i.customer}: {i.status}")
        for i in items
        if i.status != "cancelled"
    ]  # fmt: skip
    title = f"Place marketing income {layout.year_label(year, basis)}"
    roi_figures = (roi.leverage, roi.investment, roi.roi_pct)

    def write(_ledger: Ledger, path: Path, _progress: Progress | None) -> xd.Written:
        return layout.write_income(path, produced, table, items, title=title, sources=sources,
                                   roi_figures=roi_figures)  # fmt: skip

    return Prepared(scope, title, produced, table, len(table.rows),
                    common_figures(scope, produced, figures), write,
                    sources=tuple(sources))  # fmt: skip


def _latest_year(session: Session, stream_id: int) -> int | None:
    return xq.latest_year(session, IncomeItem, stream_id)


DEFINITION = ReturnDef(
    name=NAME,
    title="Place-marketing income by category and quarter, with ROI",
    build=build,
    applies=Applies(frozenset({"income"}), "PMT"),
    figure_prefix="pmt",
    figures=(
        FigureDoc("pmt.raised_total", "income raised in the year (cancelled left out)"),
        FigureDoc("pmt.received_total", "of which received"),
        FigureDoc("pmt.outstanding_total", "raised less received"),
        FigureDoc("pmt.leverage", "private income (the leverage of the council's investment)"),
        FigureDoc("pmt.investment", "the council's investment"),
        FigureDoc(
            "pmt.roi_pct", "return on council investment, % (leverage − investment) / investment"
        ),
        FigureDoc("pmt.category.<category>.Q<n>", "income raised in a category in quarter n"),
    ),
    options=frozenset({"calendar"}),
    latest_year=_latest_year,
)
