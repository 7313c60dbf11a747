"""The reconciliation statement workbook: the difference and its proof, matched items, the
unmatched items on both sides with their explanations, the position per period, sign-off.

Sheets: "Reconciliation" (summary and proof, per-period table, sign-offs), "Matched",
"Statement only", "Ledger only", and "Brought forward" when earlier periods left items
unmatched.  The proof's figures are live formulas over the other sheets'
``=SUM`` totals, cached with the ledger's values, and the unexplained remainder is nil.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from itertools import zip_longest
from pathlib import Path

from fundledger.money import Money, format_gbp
from fundledger.reconcile import LedgerItem, Match, Reconciliation, StatementItem
from fundledger.years import FinancialYear, period_label

from .cells import to_number
from .data import Produced
from .workbook import CellValue, Column, FinanceSheet, FinanceWorkbook, Table

__all__ = ["Signoff", "StatementData", "statement_data", "write_statement"]

_ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Signoff:
    stream: str
    year: int
    period: int
    difference: Money
    explanation: str | None
    signed_by: str
    signed_at: datetime
    #: the difference from the signed range's first period to this one
    cumulative: Money | None = None
    #: the part of it no match or explanation accounted for when it was signed off
    unexplained: Money | None = None


@dataclass(frozen=True, slots=True)
class UnmatchedRow:
    reference: str | None
    on: date
    period: str
    stream: str
    counterparty: str | None
    description: str | None
    amount: Money
    category: str
    explanation: str | None


@dataclass(frozen=True, slots=True)
class MatchedRow:
    group: int
    method: str
    score: int
    status: str
    ledger: LedgerItem | None
    statement: StatementItem | None


@dataclass(frozen=True, slots=True)
class StatementData:
    title: str
    result: Reconciliation
    matched: tuple[MatchedRow, ...]
    statement_only: tuple[UnmatchedRow, ...]
    ledger_only: tuple[UnmatchedRow, ...]
    signoffs: tuple[Signoff, ...]
    #: what the reconciliation is over: streams, periods, statement, its last date
    scope: str | None = None
    #: what the scope leaves out, a sentence each (after the statement's last date, …)
    out_of_scope: tuple[str, ...] = ()
    #: unmatched items of earlier periods of the year, (side, row): "Ledger" or "Statement"
    brought_forward: tuple[tuple[str, UnmatchedRow], ...] = ()


def _unmatched(
    side: str,
    items: Sequence[LedgerItem] | Sequence[StatementItem],
    hints: Mapping[tuple[str, int], str],
    explanations: Mapping[tuple[str, int], tuple[str, str | None]],
) -> tuple[UnmatchedRow, ...]:
    rows = []
    for i in items:
        cat, text = explanations.get((side, i.id), (hints.get((side, i.id), "other"), None))
        y, p = i.charged
        rows.append(
            UnmatchedRow(
                i.reference, i.date, f"{FinancialYear(y).code} {period_label(p)}", i.stream,
                i.counterparty, i.description, i.amount, cat, text,
            )
        )  # fmt: skip
    return tuple(rows)


def _matched_rows(
    matches: Sequence[Match], ledger: Sequence[LedgerItem], statement: Sequence[StatementItem]
) -> tuple[MatchedRow, ...]:
    lmap = {i.id: i for i in ledger}
    smap = {i.id: i for i in statement}
    rows = []
    for n, m in enumerate(matches, 1):
        group = m.group_id if m.group_id is not None else n
        for lid, sid in zip_longest(m.ledger_ids, m.statement_ids):
            rows.append(
                MatchedRow(
                    group, m.method, m.score, m.status,
                    lmap.get(lid) if lid is not None else None,
                    smap.get(sid) if sid is not None else None,
                )
            )  # fmt: skip
    return tuple(rows)


def statement_data(
    result: Reconciliation,
    ledger: Sequence[LedgerItem],
    statement: Sequence[StatementItem],
    *,
    explanations: Mapping[tuple[str, int], tuple[str, str | None]] | None = None,
    signoffs: Sequence[Signoff] = (),
    stream: str | None = None,
    year: int | None = None,
    title: str | None = None,
    scope_label: str | None = None,
    out_of_scope: Sequence[str] = (),
    brought_forward: Sequence[LedgerItem | StatementItem] = (),
) -> StatementData:
    """Rows for the workbook from a reconciliation and its items."""
    ex = explanations or {}
    scope = " ".join(
        x for x in (stream or "All streams", FinancialYear(year).code if year else "") if x
    )
    return StatementData(
        title or f"Reconciliation statement: ledger to general ledger — {scope}",
        result,
        _matched_rows(result.matches, ledger, statement),
        _unmatched("statement", result.statement_only, result.hints, ex),
        _unmatched("ledger", result.ledger_only, result.hints, ex),
        tuple(signoffs),
        scope_label,
        tuple(out_of_scope),
        tuple(_brought(brought_forward, ex)),
    )


def _brought(
    items: Sequence[LedgerItem | StatementItem],
    explanations: Mapping[tuple[str, int], tuple[str, str | None]],
) -> list[tuple[str, UnmatchedRow]]:
    out = []
    for i in items:
        if isinstance(i, LedgerItem):
            (row,) = _unmatched("ledger", [i], {}, explanations)
            out.append(("Ledger", row))
        else:
            (row,) = _unmatched("statement", [i], {}, explanations)
            out.append(("Statement", row))
    return out


# --------------------------------------------------------------------------- writing

_UNMATCHED_COLS = (
    Column("Reference"),
    Column("Date", "date"),
    Column("Period"),
    Column("Stream"),
    Column("Supplier"),
    Column("Description", max_width=50),
    Column("Amount", "money", total=True),
    Column("Category"),
    Column("Explanation", max_width=60, wrap=True),
)
_AMOUNT_COL = 6


def _unmatched_sheet(book: FinanceWorkbook, name: str, rows: Sequence[UnmatchedRow]) -> Table:
    sheet = book.add_sheet(name, title=f"{name}: items not matched", subtitle=None)
    values: list[tuple[CellValue, ...]] = [
        (
            r.reference, r.on, r.period, r.stream, r.counterparty, r.description, r.amount,
            r.category.replace("_", " "), r.explanation,
        )
        for r in rows
    ]  # fmt: skip
    return sheet.table(_UNMATCHED_COLS, values)


_MATCHED_COLS = (
    Column("Match"),
    Column("Method"),
    Column("Score", "int"),
    Column("Status"),
    Column("Stream"),
    Column("Ledger ref"),
    Column("Ledger date", "date"),
    Column("Supplier"),
    Column("Ledger amount", "money", total=True),
    Column("Statement ref"),
    Column("Posted", "date"),
    Column("Statement amount", "money", total=True),
)


#: the unmatched columns with a side and no total: a ledger and a statement amount do not add up
_BROUGHT_COLS = (
    Column("Side"),
    *(replace(c, total=False) for c in _UNMATCHED_COLS),
)


def _brought_sheet(book: FinanceWorkbook, rows: Sequence[tuple[str, UnmatchedRow]]) -> None:
    sheet = book.add_sheet(
        "Brought forward", title="Brought forward: unmatched items of earlier periods",
        subtitle=None,
    )  # fmt: skip
    values: list[tuple[CellValue, ...]] = [
        (
            side, r.reference, r.on, r.period, r.stream, r.counterparty, r.description,
            r.amount, r.category.replace("_", " "), r.explanation,
        )
        for side, r in rows
    ]  # fmt: skip
    sheet.table(_BROUGHT_COLS, values, total_label=None)


def _matched_sheet(book: FinanceWorkbook, rows: Sequence[MatchedRow]) -> Table:
    sheet = book.add_sheet("Matched", title="Matched: ledger items and statement lines")
    values: list[tuple[CellValue, ...]] = []
    for r in rows:
        lg, st = r.ledger, r.statement
        any_item = lg or st
        values.append(
            (
                f"#{r.group}", r.method.replace("_", " + "), r.score, r.status,
                any_item.stream if any_item else None,
                lg.reference if lg else None, lg.date if lg else None,
                (lg.counterparty if lg else None) or (st.counterparty if st else None),
                lg.amount if lg else None,
                st.reference if st else None, st.date if st else None,
                st.amount if st else None,
            )
        )  # fmt: skip
    return sheet.table(_MATCHED_COLS, values)


def _proof_block(sheet: FinanceSheet, data: StatementData, tables: Mapping[str, Table]) -> None:
    p = data.result.proof
    ws, fmt = sheet.ws, sheet.book.fmt
    matched, s_only, l_only = tables["matched"], tables["statement"], tables["ledger"]
    for c, h in enumerate(("Figure", "Amount")):
        ws.write_string(sheet.row, c, h, fmt("header" if c == 0 else "header_right"))
    sheet.row += 1
    first = sheet.row
    stt = matched.total_ref(11), s_only.total_ref(_AMOUNT_COL)
    lt = matched.total_ref(8), l_only.total_ref(_AMOUNT_COL)
    lines: list[tuple[str, str, Decimal]] = [
        ("Statement (general ledger) total", f"=SUM({','.join(stt)})", p.statement_total),
        ("Ledger total", f"=SUM({','.join(lt)})", p.ledger_total),
        ("Difference: statement − ledger", f"=B{first + 1}-B{first + 2}", p.difference),
        ("Statement-only items", f"={s_only.total_ref(_AMOUNT_COL)}", p.statement_only_total),
        ("Less ledger-only items", f"=-{l_only.total_ref(_AMOUNT_COL)}", -p.ledger_only_total),
        (
            "Matched items: statement − ledger",
            f"={matched.total_ref(11)}-{matched.total_ref(8)}",
            p.matched_difference,
        ),
        (
            "Not accounted for (difference − items above)",
            f"=B{first + 3}-SUM(B{first + 4}:B{first + 6})",
            p.difference - (p.statement_only_total - p.ledger_only_total + p.matched_difference),
        ),
    ]
    for label, formula, value in lines:
        bold = label.startswith(("Difference", "Not accounted"))
        ws.write_string(sheet.row, 0, label, fmt("total_label" if bold else "text"))
        ws.write_formula(
            sheet.row, 1, formula, fmt("total_money" if bold else "money"), to_number(value)
        )
        sheet.row += 1
    for line in data.out_of_scope:
        ws.write_string(sheet.row, 0, f"Out of scope: {line}", fmt("text"))
        sheet.row += 1
    if data.brought_forward:
        sides = []
        for side in ("Ledger", "Statement"):
            amounts = [r.amount for s, r in data.brought_forward if s == side]
            if amounts:
                sides.append(
                    f"{side.lower()} {len(amounts):,}, {format_gbp(Money(sum(amounts, _ZERO)))}"
                )
        ws.write_string(
            sheet.row, 0,
            f"Brought forward: unmatched items of earlier periods ({'; '.join(sides)}), on "
            "sheet 'Brought forward'; not in the difference above",
            fmt("text"),
        )  # fmt: skip
        sheet.row += 1
    sheet.set_width(0, 44)
    sheet.set_width(1, 18)


_PERIOD_COLS = (
    Column("Stream"),
    Column("Period"),
    Column("Statement", "money", total=True),
    Column("Ledger", "money", total=True),
    Column("Difference", "money", total=True),
    Column("Statement only", "money", total=True),
    Column("Ledger only", "money", total=True),
    Column("Matched across periods", "money", total=True),
)


def _period_table(sheet: FinanceSheet, data: StatementData) -> None:
    rows: list[tuple[CellValue, ...]] = [
        (
            x.stream, f"{FinancialYear(x.year).code} {period_label(x.period)}",
            x.proof.statement_total, x.proof.ledger_total, x.proof.difference,
            x.proof.statement_only_total, -x.proof.ledger_only_total, x.proof.matched_difference,
        )
        for x in data.result.periods
    ]  # fmt: skip
    sheet.line("By stream and period (ledger-only shown negative: difference = the three after it)")
    sheet.table(_PERIOD_COLS, rows, autofilter=False, freeze=False)


def _signoff_lines(sheet: FinanceSheet, signoffs: Sequence[Signoff]) -> None:
    sheet.skip()
    sheet.line("Sign-off", "subtitle")
    if not signoffs:
        sheet.line("Not signed off.")
        return
    for s in signoffs:
        cum = "" if s.cumulative is None else (
            f" (the period's movement), cumulative {format_gbp(s.cumulative)}"
        )  # fmt: skip
        text = (
            f"{s.stream} {FinancialYear(s.year).code} {period_label(s.period)}: signed off by "
            f"{s.signed_by} on {s.signed_at:%d/%m/%Y %H:%M} UTC; difference "
            f"{format_gbp(s.difference)}{cum}"
            + ("" if s.unexplained is None else f", unexplained {format_gbp(s.unexplained)}")
            + (f" — {s.explanation}" if s.explanation else "")
        )
        sheet.line(text, "text")


def write_statement(data: StatementData, path: str | Path, produced: Produced) -> Path:
    """Write the reconciliation statement workbook; returns the path."""
    with FinanceWorkbook(path, produced, title=data.title, subject="Reconciliation") as book:
        summary = book.add_sheet(
            "Reconciliation", title=data.title,
            subtitle="Difference and its proof" + (f" over {data.scope}" if data.scope else ""),
        )  # fmt: skip
        tables = {
            "matched": _matched_sheet(book, data.matched),
            "statement": _unmatched_sheet(book, "Statement only", data.statement_only),
            "ledger": _unmatched_sheet(book, "Ledger only", data.ledger_only),
        }
        if data.brought_forward:
            _brought_sheet(book, data.brought_forward)
        _proof_block(summary, data, tables)
        summary.skip()
        _period_table(summary, data)
        _signoff_lines(summary, data.signoffs)
    return Path(path)
