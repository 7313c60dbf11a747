"""Ledger-shaped imports: ``transactions`` (supplier invoices, spend and income lines) and
``gl`` (the council general ledger listing).

Both accept one signed amount column or a debit/credit pair (a credit printed in brackets is
still a credit: amount = debit − |credit|); the cost centre in its own column or as one
segment of an account string (``LCC.LC4410.5210``); an optional period label
(``2025/26 P03``) that sets the year and period charged, which otherwise follow the date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any

from fundledger import text_limits
from fundledger.money import Money
from fundledger.years import FinancialYear, parse_period_label, period_of, year_of

from .body import TableRows
from .cells import CellReader, Figures, Missing
from .columns import plain_ledger_rows
from .ledger_spec import GL_SPEC, TRANSACTION_SPEC
from .rows import GlRow, TransactionRow, fast_constructor
from .table import Table

__all__ = [
    "GL_SPEC",
    "TRANSACTION_SPEC",
    "LedgerOptions",
    "cost_centre_from_account",
    "parse_gl_rows",
    "parse_transaction_rows",
]


@dataclass(frozen=True, slots=True)
class LedgerOptions:
    """``year`` fills a period label without a year ("P03"); ``cost_centres`` (known codes)
    pick the cost-centre segment of an account string."""

    year: FinancialYear | None = None
    cost_centres: frozenset[str] = frozenset()
    ambiguous_dates: bool = False


_SEGMENT_SPLIT = re.compile(r"[.\-/|:\s]+")
_CC_LIKE = re.compile(r"^[A-Za-z]+\d+[A-Za-z0-9]*$")


def cost_centre_from_account(account: str, known: frozenset[str] = frozenset()) -> str | None:
    """The cost-centre segment of an account string: ``LCC.LC4410.5210`` → ``LC4410``.

    A segment that is a known cost centre wins; otherwise the one segment shaped like a cost
    centre (letters then digits); None when that is not exactly one.
    """
    segments = [s for s in _SEGMENT_SPLIT.split(account.strip()) if s]
    hits = [s for s in segments if s.upper() in known]
    if hits:
        return hits[0]
    shaped = [s for s in segments if _CC_LIKE.match(s)]
    return shaped[0] if len(shaped) == 1 else None


@dataclass(slots=True)
class _Ix:
    date: int | None
    cc: int | None
    account: int | None
    supplier: int | None
    reference: int | None
    description: int | None
    amount: int | None
    debit: int | None
    credit: int | None
    period: int | None

    @classmethod
    def of(cls, table: Table) -> _Ix:
        i = table.index
        return cls(
            i("date"),
            i("cost_centre"),
            i("account"),
            i("supplier"),
            i("reference"),
            i("description"),
            i("amount"),
            i("debit"),
            i("credit"),
            i("period"),
        )


_Fields = tuple[date, FinancialYear, int, Money, str, str | None, str | None]


class _LedgerParser:
    """Shared row logic for transactions and GL lines."""

    def __init__(self, rd: CellReader, options: LedgerOptions, rows: TableRows) -> None:
        self.rd = rd
        self.options = options
        self.ix = _Ix.of(rd.table)
        self.figures = Figures(rows.has_totals)
        self._months: dict[tuple[int, int], tuple[FinancialYear, int]] = {}

    def parse(self, row: int, cells: list[Any]) -> _Fields | None:
        """(date, year, period, amount, cost centre, account, period text), or None after
        recording the row's problems."""
        rd, ix = self.rd, self.ix
        before = len(rd.problems)
        v = cells[ix.date] if ix.date is not None and ix.date < len(cells) else None
        if type(v) is datetime:
            when: date | None = v.date()
        elif type(v) is date:
            when = v
        else:
            when = rd.required_date(row, cells, ix.date, "date")
        amount = self._amount(row, cells)
        account = rd.text(cells, ix.account)
        cc = self._cost_centre(row, cells, account)
        period_text = rd.text(cells, ix.period)
        if when is None or amount is None or cc is None or len(rd.problems) > before:
            return None
        charged = self._charged(row, cells, when, period_text)
        if charged is None:
            return None
        return when, charged[0], charged[1], amount, cc, account, period_text

    def _amount(self, row: int, cells: list[Any]) -> Money | None:
        rd, ix = self.rd, self.ix
        if ix.amount is not None:
            a = rd.money(row, cells, ix.amount)
            if self.figures.enabled:
                self.figures.record(row, ix.amount, a)
            if a is None:
                rd.problem(row, ix.amount, "", "no amount")
            return a if isinstance(a, Decimal) else None
        return self._debit_credit(row, cells)

    def _debit_credit(self, row: int, cells: list[Any]) -> Money | None:
        rd, ix = self.rd, self.ix
        dr = rd.money(row, cells, ix.debit)
        cr = rd.money(row, cells, ix.credit)
        self.figures.record(row, ix.debit, dr)
        self.figures.record(row, ix.credit, cr, absolute=True)
        if isinstance(dr, Missing) or isinstance(cr, Missing):
            return None
        if dr is None and cr is None:
            j = ix.debit if ix.debit is not None else ix.credit
            rd.problem(
                row, j if j is not None else 0, "", "no amount: debit and credit are both blank"
            )
            return None
        return Money((dr or Decimal("0.00")) - abs(cr or Decimal("0.00")))

    def _cost_centre(self, row: int, cells: list[Any], account: str | None) -> str | None:
        rd, ix = self.rd, self.ix
        cc = rd.text(cells, ix.cc)
        if cc is not None:
            return cc
        if account is not None:
            found = cost_centre_from_account(account, self.options.cost_centres)
            if found is None:
                reason = "cannot tell which segment of the account string is the cost centre"
                rd.problem(row, ix.account if ix.account is not None else 0, account, reason)
            return found
        j = ix.cc if ix.cc is not None else ix.account
        rd.problem(
            row,
            j if j is not None else 0,
            "",
            "no cost centre: the row cannot be mapped to a stream",
        )
        return None

    def _charged(
        self, row: int, cells: list[Any], when: date, text: str | None
    ) -> tuple[FinancialYear, int] | None:
        if text is None:
            key = (when.year, when.month)
            found = self._months.get(key)
            if found is None:
                found = self._months[key] = (year_of(when), period_of(when))
            return found
        raw = self.rd.raw(cells, self.ix.period)
        parsed = parse_period_label(f"P{int(raw)}" if type(raw) is float else text)
        if parsed is None:
            assert self.ix.period is not None
            self.rd.problem(
                row, self.ix.period, raw, "not a period label (expected e.g. 2025/26 P03)"
            )
            return None
        fy, period = parsed
        return (fy or self.options.year or year_of(when)), period


def _plain_date(v: Any) -> date | None:
    if type(v) is datetime:
        return v.date()
    return v if type(v) is date else None


def _plain_money(v: Any) -> Decimal | None:
    """An Excel float with at most two decimals, as pounds, without the general parser."""
    if type(v) is not float:
        return None
    r = repr(v)
    n = len(r) - r.find(".")
    if n == 3:
        return Decimal(r)
    if n == 2:
        return Decimal(r + "0") if r != "-0.0" else Decimal("0.00")
    return None


class _FastPath:
    """The common ledger row (a real date, an Excel number, a cost-centre cell, no period
    label) read without the general machinery; anything else returns None and goes the slow
    way, which records the problems."""

    def __init__(self, parser: _LedgerParser) -> None:
        ix = parser.ix
        assert ix.date is not None and ix.amount is not None and ix.cc is not None
        self.jd, self.ja, self.jc, self.jp = ix.date, ix.amount, ix.cc, ix.period
        self.account = ix.account
        self.text = parser.rd.text
        self.months = parser._months

    def __call__(self, cells: list[Any]) -> _Fields | None:
        try:
            when, amount, cc = cells[self.jd], cells[self.ja], cells[self.jc]
        except IndexError:
            return None
        when, amount = _plain_date(when), _plain_money(amount)
        if when is None or amount is None or type(cc) is not str or not cc.strip():
            return None
        if self.jp is not None and self.text(cells, self.jp) is not None:
            return None
        charged = self.months.get((when.year, when.month))
        if charged is None:
            charged = self.months[(when.year, when.month)] = (year_of(when), period_of(when))
        account = self.text(cells, self.account) if self.account is not None else None
        return when, charged[0], charged[1], Money(amount), cc.strip(), account, None


def _parse_ledger(
    rd: CellReader,
    rows: TableRows,
    options: LedgerOptions,
    make: Callable[[int, _Fields, list[Any]], Any],
    row_type: Callable[..., Any],
) -> tuple[list[Any], Figures]:
    parser = _LedgerParser(rd, options, rows)
    ix = parser.ix
    simple = ix.date is not None and ix.amount is not None and ix.cc is not None
    if simple:
        columns = {
            "date": ix.date,
            "amount": ix.amount,
            "cost_centre": ix.cc,
            "account": ix.account,
            "supplier": ix.supplier,
            "reference": ix.reference,
            "description": ix.description,
            "period": ix.period,
        }
        whole = plain_ledger_rows(rows.data, columns, row_type)
        if whole is not None:
            if parser.figures.enabled and ix.amount is not None:
                parser.figures.by_index[ix.amount] = [(r.row, r.amount) for r in whole]
            return whole, parser.figures
    fast = _FastPath(parser) if simple and not parser.figures.enabled else None
    out = []
    for row, cells in rows.data:
        fields = fast(cells) if fast is not None else None
        if fields is None:
            fields = parser.parse(row, cells)
        if fields is not None:
            out.append(make(row, fields, cells))
    return out, parser.figures


_NEW_TRANSACTION = fast_constructor(TransactionRow)
_NEW_GL = fast_constructor(GlRow)


def _too_long(rd: CellReader, rows: list[Any], ix: _Ix, counterparty: str) -> None:
    """A problem for each text longer than the ledger keeps (:mod:`fundledger.text_limits`),
    named by its cell, on every back end alike."""
    cc = ix.cc if ix.cc is not None else ix.account
    for attr, what, j, most in (
        (counterparty, "supplier", ix.supplier, text_limits.COUNTERPARTY),
        ("reference", "reference", ix.reference, text_limits.REFERENCE),
        ("cost_centre", "cost centre", cc, text_limits.COST_CENTRE),
        ("account", "account", ix.account, text_limits.ACCOUNT),
    ):
        if j is None:
            continue
        if max(map(len, filter(None, map(attrgetter(attr), rows))), default=0) <= most:
            continue  # the usual case, in C
        reason = f"longer than the {most:,} characters the ledger keeps for a {what}"
        for r in rows:
            v = getattr(r, attr)
            if v is not None and len(v) > most:
                rd.problem(r.row, j, f"{v[:60]}… ({len(v):,} characters)", reason)


def parse_transaction_rows(
    rd: CellReader, rows: TableRows, options: LedgerOptions
) -> tuple[list[TransactionRow], Figures]:
    """Transactions from a located table's data rows, and the money columns' figures."""
    ix = _Ix.of(rd.table)
    text = rd.text

    def make(row: int, f: _Fields, cells: list[Any]) -> TransactionRow:
        return _NEW_TRANSACTION(
            row,
            f[0],
            f[1],
            f[2],
            f[3],
            f[4],
            f[5],
            text(cells, ix.supplier),
            text(cells, ix.reference),
            text(cells, ix.description),
            f[6],
        )

    found, figures = _parse_ledger(rd, rows, options, make, _NEW_TRANSACTION)
    _too_long(rd, found, ix, "counterparty")
    return found, figures


def parse_gl_rows(
    rd: CellReader, rows: TableRows, options: LedgerOptions
) -> tuple[list[GlRow], Figures]:
    """GL lines from a located table's data rows, and the money columns' figures."""
    ix = _Ix.of(rd.table)
    text = rd.text

    def make(row: int, f: _Fields, cells: list[Any]) -> GlRow:
        return _NEW_GL(
            row,
            f[0],
            f[1],
            f[2],
            f[3],
            f[4],
            f[5],
            text(cells, ix.supplier),
            text(cells, ix.reference),
            text(cells, ix.description),
            f[6],
        )

    found, figures = _parse_ledger(rd, rows, options, make, _NEW_GL)
    _too_long(rd, found, ix, "supplier")
    return found, figures
