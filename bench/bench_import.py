"""Importing a 100k-row transactions workbook end to end vs calamine + raw ``executemany``.

Ours: :func:`ui.usecases.imports.import_file` into a fresh initialised SQLite ledger — safety
checks, reading, header detection, parsing and validating every cell, mapping cost centres to
streams, duplicate detection, the batch and its audit entry, and the bulk insert, all in one
transaction.  The floor: ``python-calamine`` reads the same sheet and the same rows (integer
pence, ISO dates) go into the same table of an identical fresh ledger with one raw sqlite3
``executemany`` — the least work any importer in Python can do.  Building the ledgers is not
timed.  The workbook is generated once into ``bench/out/`` (gitignored).

Run: ``.venv/bin/python -m bench.bench_import`` or through ``bench/run.py``.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import xlsxwriter

TARGET = 1.5
OUT = Path(__file__).resolve().parent / "out"
SUPPLIERS = (
    "FreeVa",
    "Living without Abuse",
    "Turning Point",
    "Everyone Active",
    "Blaby District Council",
    "Acme Consulting Ltd",
)
CENTRES = ("LC4410", "LC5120", "LC4470", "LC6030", "LC4480")
_EPOCH = date(1899, 12, 30)


def make_workbook(path: Path, n: int) -> Path:
    """A transactions workbook of ``n`` rows for 2025-26 (deterministic): real Excel dates,
    cost centres of the five standard streams, amounts with pence and some credit notes."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Invoices")
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    money_fmt = wb.add_format({"num_format": "#,##0.00"})
    ws.write_row(0, 0, ["Date", "Cost Centre", "Supplier", "Invoice No", "Description", "Amount"])
    start = date(2025, 4, 1)
    for i in range(n):
        d = start + timedelta(days=i % 365)
        pence = (i * 7919) % 1_000_000 + 1 - (500_000 if i % 17 == 0 else 0)
        r = i + 1
        ws.write_number(r, 0, (d - _EPOCH).days, date_fmt)
        ws.write_string(r, 1, CENTRES[i % 5])
        ws.write_string(r, 2, SUPPLIERS[i % 6])
        ws.write_string(r, 3, f"INV-{i:07d}")
        ws.write_string(r, 4, f"Synthetic invoice {i} – services for {d:%B %Y}")
        ws.write_number(r, 5, pence / 100, money_fmt)
    wb.close()
    return path


def workbook(n: int) -> Path:
    """The cached workbook of ``n`` rows in bench/out/."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"transactions-{n}.xlsx"
    if not path.exists():
        tmp = path.with_suffix(".tmp.xlsx")
        make_workbook(tmp, n)
        tmp.replace(path)
    return path


def _fresh_ledger(folder: Path, name: str) -> Any:
    from ui.usecases.init import init_ledger

    return init_ledger(str(folder / name))


def ours(path: Path, folder: Path) -> tuple[float, int]:
    from ui.usecases.imports import import_file

    ledger = _fresh_ledger(folder, "ours.sqlite")
    try:
        t0 = time.perf_counter()
        result = import_file(ledger, "transactions", path, year="2025-26")
        elapsed = time.perf_counter() - t0
    finally:
        ledger.dispose()
    if result.errors:
        raise RuntimeError(f"import failed: {result.errors[0]}")
    return elapsed, result.imported


def floor(path: Path, folder: Path) -> tuple[float, int]:
    from python_calamine import CalamineWorkbook

    ledger = _fresh_ledger(folder, "floor.sqlite")
    ledger.dispose()
    streams = {"LC4410": 1, "LC5120": 2, "LC4470": 3, "LC6030": 4, "LC4480": 5}
    t0 = time.perf_counter()
    rows: list[list[Any]] = (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Invoices").to_python()
    )
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    params: list[tuple[Any, ...]] = []
    for d, cc, supplier, ref, desc, amount in rows[1:]:
        month = d.month
        period = month - 3 if month >= 4 else month + 9
        params.append(
            (
                streams[cc],
                d.isoformat(),
                2025,
                period,
                round(amount * 100),
                "spend",
                supplier,
                ref,
                desc,
                cc,
                False,
                1,
                stamp,
                "bench",
            )
        )
    con = sqlite3.connect(folder / "floor.sqlite")
    with con:
        # the floor writes no audit (fundledger's bulk import writes one entry per batch): its
        # copy's audit triggers, which call functions only fundledger registers, are dropped
        for (name,) in con.execute(
            "select name from sqlite_master where type = 'trigger' and name glob 'audit_*'"
        ).fetchall():
            con.execute(f"drop trigger {name}")
        con.executemany(
            "INSERT INTO transactions (stream_id, txn_date, year, period, amount, kind, "
            "counterparty, reference, description, cost_centre, reported_nil, version, "
            "created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            params,
        )
    con.close()
    return time.perf_counter() - t0, len(params)


def run(quick: bool = False) -> list[dict[str, Any]]:
    n = 10_000 if quick else 100_000
    path = workbook(n)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        floor_s, floor_rows = floor(path, folder)
        ours_s, ours_rows = ours(path, folder)
    assert ours_rows == floor_rows == n, (ours_rows, floor_rows, n)
    return [
        {
            "name": f"import transactions ({n:,} rows, SQLite)",
            "rows": n,
            "ours_s": ours_s,
            "floor_s": floor_s,
            "ratio": ours_s / floor_s,
            "target": TARGET,
            "note": "vs calamine read + raw executemany",
        }
    ]


if __name__ == "__main__":
    import sys

    for row in run(quick="--quick" in sys.argv):
        print(row)
