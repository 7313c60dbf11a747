"""Test helper: the two reconciliation sample workbooks read directly with openpyxl.

Used by the reconciliation tests (pure, db, CLI, Qt) so they do not depend on the importer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl

from fundledger.money import Money, to_money
from fundledger.reconcile import LedgerItem, StatementItem

CC_STREAM = {"LC4410": "DA", "LC5120": "YJ", "LC4470": "OPCC", "LC6030": "PMT", "LC4480": "DHR"}
INVOICES = "invoices-2025-26-p01-p06.xlsx"
GL = "gl-extract-2025-26-p01-p06.xlsx"


@dataclass(frozen=True)
class Row:
    cost_centre: str
    account: str | None
    date: date
    year: int
    period: int
    supplier: str | None
    reference: str
    description: str
    amount: Money


def _money(v: object) -> Money:
    if isinstance(v, float):
        return to_money(Decimal(repr(v)))
    assert isinstance(v, int | Decimal | str), v
    return to_money(v)


def _day(v: object) -> date:
    assert isinstance(v, datetime), v
    return v.date()


def invoice_rows(samples: Path) -> list[Row]:
    ws = openpyxl.load_workbook(samples / INVOICES).active
    assert ws is not None
    rows = []
    for r in ws.iter_rows(min_row=2, values_only=True):
        d = _day(r[0])
        fy = d.year if d.month >= 4 else d.year - 1
        rows.append(
            Row(str(r[1]), None, d, fy, (d.month - 4) % 12 + 1, r[2], r[3], r[4], _money(r[5]))  # type: ignore[arg-type]
        )
    return rows


def gl_rows(samples: Path) -> list[Row]:
    ws = openpyxl.load_workbook(samples / GL).active
    assert ws is not None
    rows = []
    for r in ws.iter_rows(min_row=5, values_only=True):
        if not r[0] or r[0] == "Grand Total":
            continue
        label = str(r[4])  # "2025/26 P03"
        year, period = int(label[:4]), int(label.split("P")[1])
        rows.append(
            Row(str(r[0]), str(r[2]), _day(r[5]), year, period, r[6], r[7], r[8], _money(r[9]))  # type: ignore[arg-type]
        )
    return rows


def ledger_items(samples: Path) -> list[LedgerItem]:
    return [
        LedgerItem(
            n, CC_STREAM[r.cost_centre], r.date, r.amount, r.reference, r.supplier,
            r.description, r.year, r.period,
        )
        for n, r in enumerate(invoice_rows(samples), 1)
    ]  # fmt: skip


def statement_items(samples: Path) -> list[StatementItem]:
    return [
        StatementItem(
            1000 + n, CC_STREAM[r.cost_centre], r.date, r.amount, r.reference, r.supplier,
            r.description, r.year, r.period,
        )
        for n, r in enumerate(gl_rows(samples), 1)
    ]  # fmt: skip
