"""Synthetic invoice / GL pairs for the reconciliation benchmark (deterministic, no randomness).

``build(path, n)`` makes a fresh ledger at ``path`` with ``n`` invoices (transactions of
2025-26, P01–P07, over five streams and 400 suppliers) and a GL extract covering P01–P06 as
statement lines, as two import batches with their covering audit entries (``check`` passes).
What a real month-end holds, per 1,000 invoices:

- 930 paid with the invoice's reference and amount, 0–20 days later (timing differences
  across period ends included);
- 20 paid without a reference (matched on supplier and amount within the window);
- 10 paid twice (a duplicate payment: the second line stays statement-only);
- 20 with no payment yet (ledger-only);
- the invoices dated after the extract's last date (30/09/2025) have no GL line (out of scope);
- plus one GL journal (no supplier, JNL reference) per 100 invoices.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

STREAMS = {"LC4410": "DA", "LC5120": "YJ", "LC4470": "OPCC", "LC6030": "PMT", "LC4480": "DHR"}
START = date(2025, 4, 1)
LAST_GL = date(2025, 9, 30)
DAYS = 214  # 1 April – 31 October 2025


def _fy(d: date) -> tuple[int, int]:
    return (d.year if d.month >= 4 else d.year - 1), (d.month - 4) % 12 + 1


def rows(n: int) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """(invoice rows, GL rows) in the writers' column orders; amounts in pence."""
    inv: list[tuple[object, ...]] = []
    gl: list[tuple[object, ...]] = []
    ccs = list(STREAMS)
    for i in range(n):
        cc = ccs[i % 5]
        day = START + timedelta(days=(i * 7919) % DAYS)
        supplier = f"Supplier {i * 31 % 400:03d} Ltd"
        pence = 1000 + (i * 104729) % 2_500_000
        ref = f"INV-{i:07d}"
        y, p = _fy(day)
        inv.append((cc, day, y, p, pence, supplier, ref, f"Invoice {i}"))
        kind = i % 1000
        paid = day + timedelta(days=i % 21)
        if kind < 20 or paid > LAST_GL:
            continue  # not paid yet, or after the extract
        gy, gp = _fy(paid)
        line = (cc, "5210", paid, gy, gp, pence, None if kind < 40 else ref, supplier, "Payment")
        gl.append(line)
        if 40 <= kind < 50:
            gl.append((cc, "5210", paid + timedelta(days=3), *_fy(paid + timedelta(days=3)),
                       pence, ref, supplier, "Payment"))  # fmt: skip
        if i % 100 == 0 and paid <= LAST_GL:
            gl.append((cc, "5210", paid, gy, gp, 5000 + i % 9000, f"JNL-{i:07d}", None,
                       "Journal: accrual reversal"))  # fmt: skip
    return inv, gl


def build(path: Path, n: int) -> Path:
    """A fresh ledger at ``path`` holding ``n`` synthetic invoices and their GL extract."""
    from sqlalchemy import select

    from db.ledger import Actor
    from db.ops.imports import bulk_insert, record_bulk
    from db.ops.users import add_user
    from db.schema import CostCentre, ImportBatch, StatementLine, Transaction
    from db.writes import insert
    from fundledger.money import from_pence
    from ui.usecases.init import init_ledger

    led = init_ledger(str(path))
    actor = Actor("bench", "finance")
    inv, gl = rows(n)
    try:
        with led.write() as s:
            add_user(s, Actor("admin", "admin"), "bench", "finance", display_name="Benchmark")
        with led.write() as s:
            sid = dict(s.execute(select(CostCentre.code, CostCentre.stream_id)).all())
            for kind, name, data, model in (
                ("transactions", f"invoices-{n}.xlsx", inv, Transaction),
                ("gl", f"gl-{n}.xlsx", gl, StatementLine),
            ):
                total = from_pence(sum(int(r[5 if kind == "gl" else 4]) for r in data))  # type: ignore[call-overload]
                batch = ImportBatch(kind=kind, file_name=name, rows=len(data), control_total=total,
                                    sha256=hashlib.sha256(name.encode()).hexdigest())  # fmt: skip
                insert(s, actor, batch, action="import")
                if kind == "transactions":
                    cols = ("stream_id", "cost_centre", "txn_date", "year", "period", "amount",
                            "counterparty", "reference", "description", "kind", "reported_nil",
                            "batch_id")  # fmt: skip
                    out = [(sid[r[0]], *r, "spend", False, batch.id) for r in data]
                else:
                    cols = ("stream_id", "cost_centre", "account", "posted_on", "year", "period",
                            "amount", "reference", "supplier", "description", "fingerprint",
                            "batch_id")  # fmt: skip
                    out = [(sid[r[0]], *r, f"{batch.id}-{k}", batch.id) for k, r in enumerate(data)]
                bulk_insert(s, model, cols, out, actor)
                record_bulk(s, actor, model, batch.id, len(out), total, "benchmark data")
    finally:
        led.dispose()
    return path
