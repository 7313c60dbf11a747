"""Test helper: the two reconciliation sample workbooks.

Read directly with openpyxl for the pure matcher tests; imported through the real import use
case (:func:`import_samples`) for the ledger, CLI and Qt tests.  :func:`insert_invoices` and
:func:`insert_gl` write small synthetic cases straight through db.writes / db.ops.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl

from db.ledger import Actor, Ledger
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
    return list(_invoice_rows(samples))


@functools.cache
def _invoice_rows(samples: Path) -> tuple[Row, ...]:
    ws = openpyxl.load_workbook(samples / INVOICES).active
    assert ws is not None
    rows = []
    for r in ws.iter_rows(min_row=2, values_only=True):
        d = _day(r[0])
        fy = d.year if d.month >= 4 else d.year - 1
        rows.append(
            Row(str(r[1]), None, d, fy, (d.month - 4) % 12 + 1, r[2], r[3], r[4], _money(r[5]))
        )
    return tuple(rows)


def gl_rows(samples: Path) -> list[Row]:
    return list(_gl_rows(samples))


@functools.cache
def _gl_rows(samples: Path) -> tuple[Row, ...]:
    ws = openpyxl.load_workbook(samples / GL).active
    assert ws is not None
    rows = []
    for r in ws.iter_rows(min_row=5, values_only=True):
        if not r[0] or r[0] == "Grand Total":
            continue
        label = str(r[4])  # "2025/26 P03"
        year, period = int(label[:4]), int(label.split("P")[1])
        rows.append(
            Row(str(r[0]), str(r[2]), _day(r[5]), year, period, r[6], r[7], r[8], _money(r[9]))
        )
    return tuple(rows)


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


# --------------------------------------------------------------------------- into a ledger


def _batch(session, actor, kind: str, name: str, rows: list[Row]):  # type: ignore[no-untyped-def]
    import hashlib

    from db.schema import ImportBatch
    from db.writes import insert

    total = sum((r.amount for r in rows), Decimal(0))
    b = ImportBatch(
        kind=kind,
        file_name=name,
        sha256=hashlib.sha256(name.encode()).hexdigest(),
        rows=len(rows),
        control_total=total,
    )
    return insert(session, actor, b, action="import")


def stream_ids(session) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from db.schema import CostCentre

    return dict(session.execute(select(CostCentre.code, CostCentre.stream_id)).all())


def insert_invoices(ledger, samples: Path, rows: list[Row] | None = None) -> int:  # type: ignore[no-untyped-def]
    """The invoices as transactions (a TEST fixture until the import use case lands)."""
    from db.schema import Transaction
    from db.writes import insert

    rows = invoice_rows(samples) if rows is None else rows
    with ledger.write() as s:
        ids = stream_ids(s)
        batch = _batch(s, ledger.actor, "transactions", INVOICES, rows)
        for r in rows:
            t = Transaction(
                stream_id=ids[r.cost_centre], txn_date=r.date, year=r.year, period=r.period,
                amount=r.amount, kind="credit" if r.amount < 0 else "spend",
                counterparty=r.supplier, reference=r.reference, description=r.description,
                cost_centre=r.cost_centre, batch_id=batch.id,
            )  # fmt: skip
            insert(s, ledger.actor, t, action="import", batch_id=batch.id)
        return int(batch.id)


def insert_gl(ledger, samples: Path, rows: list[Row] | None = None, name: str = GL):  # type: ignore[no-untyped-def]
    """The GL extract as statement lines, through db.ops.reconcile.add_statement_lines."""
    from db.ops.reconcile import StatementLineInput, add_statement_lines

    rows = gl_rows(samples) if rows is None else rows
    with ledger.write() as s:
        ids = stream_ids(s)
        batch = _batch(s, ledger.actor, "gl", name, rows)
        lines = [
            StatementLineInput(
                ids[r.cost_centre], r.cost_centre, r.date, r.year, r.period, r.amount,
                r.account, r.reference, r.supplier, r.description,
            )
            for r in rows
        ]  # fmt: skip
        return add_statement_lines(s, ledger.actor, batch.id, lines)


def import_samples(ledger, samples: Path, gl: Path | None = None) -> None:  # type: ignore[no-untyped-def]
    """Import the invoices as transactions and the GL extract (or ``gl``) as gl, through the
    real import use case (ui.usecases.imports.import_file)."""
    from ui.usecases.imports import import_file

    inv = import_file(ledger, "transactions", samples / INVOICES, year="2025-26")
    assert inv.ok and (inv.imported, str(inv.total)) == (96, "400472.19"), inv.to_json()
    res = import_file(ledger, "gl", gl or samples / GL)
    assert res.ok and (res.imported, str(res.total)) == (96, "476145.47"), res.to_json()


def build_template(path: Path, samples: Path, gl: Path | None = None) -> Path:
    """A fresh init'd ledger at ``path`` with both samples imported (not reconciled)."""
    from db.ledger import Actor
    from tests.ledgers import add_ledger_user
    from ui.usecases.init import init_ledger

    led = init_ledger(str(path))
    try:
        add_ledger_user(led, "fo")  # the finance officer the CLI tests act as (--user fo)
        led.actor = Actor("fo", "finance")
        import_samples(led, samples, gl)
    finally:
        led.dispose()
    return path


def copy_ledger(template: Path, dest: Path, actor: Actor) -> Ledger:
    """A copy of the template ledger (SQLite backup API), opened as ``actor``."""
    import sqlite3

    from ui.usecases.session import open_ledger

    src, dst = sqlite3.connect(template), sqlite3.connect(dest)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    led = open_ledger(str(dest))
    led.actor = actor
    return led
