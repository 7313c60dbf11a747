"""``yj-pooled-budget``: the youth justice pooled budget, agency × heading, from the partner
contributions of a pooled stream's year (the layout: :mod:`exports.returns.yj`)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.queries import contributions as cq
from db.queries import exports as xq
from db.schema import Contribution
from exports import data as xd
from exports.returns.yj import HEADINGS, pooled_table, write_pooled
from exports.template import FigureValue
from fundledger.money import ZERO
from fundledger.years import FinancialYear

from .base import ExportInputError, Prepared, Progress, Scope, check_sums, common_figures
from .registry import Applies, FigureDoc, ReturnDef

NAME = "yj-pooled-budget"


def _agency(row: cq.ContributionRow) -> str:
    for name in (row.partner, row.partner_as_printed):
        if name in xd.YJ_AGENCIES:
            return name
    raise ExportInputError(
        f"{NAME}: {row.partner!r} is not an agency of the pooled budget template "
        f"({', '.join(xd.YJ_AGENCIES)})"
    )


def _cells(
    rows: Sequence[cq.ContributionRow],
) -> tuple[dict[tuple[str, str], Decimal], list[xd.InKindStaff], list[xd.SourceRow]]:
    cells: dict[tuple[str, str], Decimal] = {}
    staff: list[xd.InKindStaff] = []
    sources: list[xd.SourceRow] = []
    for r in rows:
        agency = _agency(r)
        if r.heading not in HEADINGS:
            raise ExportInputError(f"{NAME}: heading {r.heading!r} is not one of "
                                   f"{', '.join(HEADINGS)}")  # fmt: skip
        when = r.received_on or r.invoiced_on
        if r.kind == "in_kind":
            staff.append(xd.InKindStaff(agency, r.fte, r.description or r.heading, r.amount))
            sources.append(xd.SourceRow(f"In kind|{agency}", f"contribution {r.id}", r.amount,
                                        when, None, r.description))  # fmt: skip
        if r.amount is not None:
            key = (agency, r.heading)
            cells[key] = cells.get(key, ZERO) + r.amount
            note = "; ".join(x for x in (r.status, r.description) if x)
            sources.append(xd.SourceRow(f"{agency}|{r.heading}", f"contribution {r.id}",
                                        r.amount, when, None, note))  # fmt: skip
    return cells, staff, sources


def build(session: Session, scope: Scope, produced: xd.Produced) -> Prepared:
    assert scope.year is not None and scope.stream_id is not None
    found = cq.contributions(session, stream_id=scope.stream_id, year=scope.year)
    cells, staff, sources = _cells(found)
    pooled = [xd.PooledBudgetRow(a, *(cells.get((a, h)) for h in HEADINGS)) for a in xd.YJ_AGENCIES]
    table = pooled_table(pooled)
    sums = {t.key: t.amount for t in cq.pooled_by_heading(session, scope.stream_id, scope.year)}
    ledger = {h: sums.get(h, ZERO) for h in HEADINGS}
    check_sums(NAME, table, {**ledger, "Total": sum(ledger.values(), ZERO)})
    fy = FinancialYear(scope.year)
    figures: dict[str, FigureValue] = {"yj.total": table.totals["Total"], "yj.year": fy.code}
    for h in HEADINGS:
        figures[f"yj.heading.{h}"] = table.totals[h]
    for r in table.rows:
        figures[f"yj.agency.{r[0]}.total"] = r[4]
        for h, v in zip(HEADINGS, r[1:4], strict=True):
            figures[f"yj.agency.{r[0]}.{h}"] = v
    title = f"Youth justice pooled budget {fy.code}"

    def write(_ledger: Ledger, path: Path, _progress: Progress | None) -> xd.Written:
        return write_pooled(path, produced, table, staff, title=title, sources=sources)

    warnings = tuple(
        f"{s.agency}: {s.description} (in kind, not valued; on the 'In-kind staff' sheet)"
        for s in staff
        if s.value is None
    )
    return Prepared(scope, title, produced, table, len(table.rows),
                    common_figures(scope, produced, figures), write, warnings,
                    tuple(sources))  # fmt: skip


def _latest_year(session: Session, stream_id: int) -> int | None:
    return xq.latest_year(session, Contribution, stream_id)


DEFINITION = ReturnDef(
    name=NAME,
    title="Youth justice pooled budget (agency × heading)",
    build=build,
    applies=Applies(frozenset({"pooled"}), "YJ"),
    figure_prefix="yj",
    figures=(
        FigureDoc("yj.total", "the pooled budget's total"),
        FigureDoc("yj.year", "the financial year reported (2025-26)"),
        FigureDoc(
            "yj.heading.<heading>",
            "the total under a heading (Staffing Costs, Payments in kind, Other delegated funds)",
        ),
        FigureDoc(
            "yj.agency.<agency>.<heading>",
            "an agency's contribution under a heading (blank: nothing contributed)",
        ),
        FigureDoc("yj.agency.<agency>.total", "an agency's total contribution"),
    ),
    latest_year=_latest_year,
)
