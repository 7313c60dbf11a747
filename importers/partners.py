"""Partner-facing imports: ``contributions`` (the pooled-budget table, wide or long) and
``income`` (raised and received income items).

Contributions come in the five-column agency layout (Agency, one column per heading, Total):
each non-blank heading cell is one contribution, a blank cell is no contribution (not zero),
and the Total column is checked against the row's cells and never imported.  The long layout
(partner, heading, amount per row) is read when those columns are present.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fundledger.amounts import ParsedAmount
from fundledger.money import Money, format_gbp
from fundledger.years import period_of, year_of

from .body import TableRows
from .cells import CellReader, Figures
from .headers import FieldSpec, TableSpec
from .problems import cell_ref
from .rows import ContributionRow, IncomeRow
from .table import Table

__all__ = [
    "CONTRIBUTION_SPEC",
    "INCOME_SPEC",
    "heading_columns",
    "parse_contribution_rows",
    "parse_income_rows",
]

CONTRIBUTION_SPEC = TableSpec(
    "contributions",
    (
        FieldSpec(
            "partner",
            (
                "agency",
                "partner",
                "partner agency",
                "partner organisation",
                "contributor",
                "organisation",
            ),
        ),
        FieldSpec("heading", ("heading", "contribution heading", "category", "type")),
        FieldSpec("amount", ("amount", "contribution", "value"), money=True),
        FieldSpec("total", ("total", "row total", "total contribution"), money=True),
    ),
    (("partner",),),
    markers=("staffing costs", "payments in kind", "other delegated funds"),
)

INCOME_SPEC = TableSpec(
    "income",
    (
        FieldSpec("date", ("date", "date raised", "invoice date", "raised on", "raised")),
        FieldSpec(
            "customer",
            ("customer", "customer name", "client", "payer", "debtor", "business", "organisation"),
        ),
        FieldSpec("category", ("category", "income category", "income type", "type")),
        FieldSpec(
            "description",
            ("description", "package description", "package", "details", "item"),
        ),
        FieldSpec("reference", ("invoice", "invoice no", "invoice number", "reference", "ref")),
        FieldSpec("amount", ("amount", "value", "income", "amount gbp"), money=True),
        FieldSpec("status", ("status", "payment status")),
        FieldSpec("received_on", ("date received", "received on", "received date", "paid on")),
        FieldSpec("list_price", ("list price", "full price", "price"), money=True),
        FieldSpec("discount", ("discount", "discount amount"), money=True),
    ),
    (("date",), ("customer",), ("category",), ("amount",)),
)

_STATUS = {
    "raised": "raised",
    "invoiced": "raised",
    "issued": "raised",
    "outstanding": "raised",
    "received": "received",
    "paid": "received",
}


def is_long_layout(table: Table) -> bool:
    return "heading" in table.columns and "amount" in table.columns


def heading_columns(table: Table) -> list[int]:
    """The wide layout's heading columns: every headed column but partner and total."""
    skip = {m.column for m in table.columns.values() if m.field in ("partner", "total")}
    return [
        c for c in sorted(table.headers) if c not in skip and c > table.columns["partner"].column
    ]


def parse_contribution_rows(
    rd: CellReader, rows: TableRows
) -> tuple[list[ContributionRow], Figures, tuple[str, ...]]:
    """Contributions, the money columns' figures, and the partners with no figure at all."""
    if is_long_layout(rd.table):
        out, figures = _long(rd, rows)
        return out, figures, ()
    return _wide(rd, rows)


def _wide(
    rd: CellReader, rows: TableRows
) -> tuple[list[ContributionRow], Figures, tuple[str, ...]]:
    t = rd.table
    first = t.sheet.first_col
    heads = [(c - first, t.headers[c]) for c in heading_columns(t)]
    j_partner, j_total = t.index("partner"), t.index("total")
    figures = Figures(rows.has_totals)
    out: list[ContributionRow] = []
    empty: list[str] = []
    for row, cells in rows.data:
        before = len(rd.problems)
        partner = rd.required_text(row, cells, j_partner, "partner")
        found: list[ContributionRow] = []
        for j, heading in heads:
            a = rd.amount(row, cells, j)
            figures.record(row, j, a)
            if isinstance(a, ParsedAmount) and a.value is not None and partner is not None:
                text = rd.text(cells, j) or ""
                found.append(
                    ContributionRow(
                        row,
                        partner,
                        heading,
                        a.value,
                        text,
                        cell_ref(row, j + first),
                        a.reported_nil,
                    )
                )
        total = rd.amount(row, cells, j_total)
        figures.record(row, j_total, total)
        if (
            isinstance(total, ParsedAmount)
            and total.value is not None
            and len(rd.problems) == before
        ):
            _check_row_total(rd, row, cells, j_total, total.value, found)
        if len(rd.problems) > before:
            continue
        if not found and partner is not None:
            empty.append(partner)
        out.extend(found)
    return out, figures, tuple(empty)


def _check_row_total(
    rd: CellReader,
    row: int,
    cells: list[Any],
    j_total: int | None,
    stated: Money,
    found: list[ContributionRow],
) -> None:
    computed = Money(sum((c.amount for c in found), Decimal("0.00")))
    if j_total is not None and computed != stated:
        reason = (
            f"row total gives {format_gbp(stated)} but the cells add up to {format_gbp(computed)}"
        )
        rd.problem(row, j_total, rd.raw(cells, j_total), reason)


def _long(rd: CellReader, rows: TableRows) -> tuple[list[ContributionRow], Figures]:
    t = rd.table
    j_partner, j_heading, j_amount = t.index("partner"), t.index("heading"), t.index("amount")
    figures = Figures(rows.has_totals)
    out: list[ContributionRow] = []
    for row, cells in rows.data:
        before = len(rd.problems)
        partner = rd.required_text(row, cells, j_partner, "partner")
        heading = rd.required_text(row, cells, j_heading, "heading")
        a = rd.amount(row, cells, j_amount)
        figures.record(row, j_amount, a)
        if len(rd.problems) > before:
            continue
        if partner is None or heading is None or not isinstance(a, ParsedAmount):
            continue  # a blank amount is no contribution
        if a.value is None:
            continue
        col = (j_amount or 0) + t.sheet.first_col
        text = rd.text(cells, j_amount) or ""
        out.append(
            ContributionRow(
                row, partner, heading, a.value, text, cell_ref(row, col), a.reported_nil
            )
        )
    return out, figures


def parse_income_rows(rd: CellReader, rows: TableRows) -> tuple[list[IncomeRow], Figures]:
    """Income items; status Raised (the default when blank) or Received."""
    figures = Figures(rows.has_totals)
    out: list[IncomeRow] = []
    for row, cells in rows.data:
        item = _income(rd, row, cells, figures)
        if item is not None:
            out.append(item)
    return out, figures


def _income(rd: CellReader, row: int, cells: list[Any], figures: Figures) -> IncomeRow | None:
    t = rd.table
    before = len(rd.problems)
    raised = rd.required_date(row, cells, t.index("date"), "date")
    customer = rd.required_text(row, cells, t.index("customer"), "customer")
    category = rd.required_text(row, cells, t.index("category"), "category")
    j_amount = t.index("amount")
    a = rd.amount(row, cells, j_amount)
    figures.record(row, j_amount, a)
    if a is None:
        rd.problem(row, j_amount or 0, "", "no amount")
    status_text = rd.text(cells, t.index("status")) or ""
    status = _STATUS.get(status_text.casefold(), "raised" if not status_text else "")
    if not status:
        rd.problem(row, t.index("status") or 0, status_text, "status must be Raised or Received")
    received = rd.date_value(row, cells, t.index("received_on"))
    list_price = rd.money(row, cells, t.index("list_price"))
    discount = rd.money(row, cells, t.index("discount"))
    if len(rd.problems) > before or raised is None or customer is None or category is None:
        return None
    if not isinstance(a, ParsedAmount) or a.value is None:
        return None
    return IncomeRow(
        row,
        raised,
        year_of(raised),
        period_of(raised),
        customer,
        category,
        rd.text(cells, t.index("description")),
        rd.text(cells, t.index("reference")),
        a.value,
        status,
        status_text,
        received if isinstance(received, date) else None,
        list_price if isinstance(list_price, Decimal) else None,
        discount if isinstance(discount, Decimal) else None,
    )
