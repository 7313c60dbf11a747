"""Reading N transactions through ``importers.api.parse_file`` vs a bare python-calamine read.

Issue 3's bar is a whole import within 1.5× of "python-calamine read + raw insert".  This
benchmark measures the importer's share of that: the floor reads the sheet with calamine and
inserts the raw cell values with ``sqlite3.executemany``; ours runs the full ``parse_file``
(safety checks, sheet scan, header and column mapping, validation, exact Decimal money,
frozen row dataclasses) and inserts the parsed rows the same raw way.  A second row reports
parse-only against read-only, for information.

Times are CPU seconds (``process_time``), best of several interleaved runs.

Run: ``.venv/bin/python -m bench.bench_import_parse`` or through ``bench/run.py``.
"""

from __future__ import annotations

import gc
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import python_calamine
import xlsxwriter

from importers.api import parse_file

TARGET = 1.5
_CENTRES = ("LC4410", "LC5120", "LC4470", "LC6030", "LC4480")
_SQL = "INSERT INTO t (d, cc, supplier, ref, descr, amount) VALUES (?, ?, ?, ?, ?, ?)"


def make_workbook(path: Path, n: int) -> None:
    """N synthetic invoice rows shaped like the invoices sample (deterministic)."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Invoices")
    dfmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    money = wb.add_format({"num_format": "£#,##0.00;[Red]-£#,##0.00"})
    for c, h in enumerate(
        ("Date", "Cost Centre", "Supplier", "Invoice No", "Description", "Amount")
    ):
        ws.write_string(0, c, h)
    start = date(2025, 4, 1)
    for i in range(1, n + 1):
        ws.write_datetime(i, 0, start + timedelta(days=i % 365), dfmt)
        ws.write_string(i, 1, _CENTRES[i % 5])
        ws.write_string(i, 2, f"Supplier {i % 300}")
        ws.write_string(i, 3, f"INV-{i:07d}")
        ws.write_string(i, 4, f"Synthetic invoice {i} – services")
        pence = (i * 7919) % 1_000_000 - (50_000 if i % 17 == 0 else 0)
        ws.write_number(i, 5, pence / 100, money)
    wb.close()


def _db() -> sqlite3.Connection:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (d TEXT, cc TEXT, supplier TEXT, ref TEXT, descr TEXT, amount INT)")
    return con


def floor(path: Path, insert: bool = True) -> int:
    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    rows = wb.get_sheet_by_index(0).to_python()[1:]
    if insert:
        con = _db()
        con.executemany(_SQL, rows)
        con.close()
    return len(rows)


def ours(path: Path, insert: bool = True) -> int:
    rows, problems, _ = parse_file("transactions", path)
    assert not problems, problems[:3]
    if insert:
        con = _db()
        con.executemany(
            _SQL,
            (
                (
                    r.txn_date.isoformat(),
                    r.cost_centre,
                    r.counterparty,
                    r.reference,
                    r.description,
                    int(r.amount * 100),
                )
                for r in rows
            ),
        )
        con.close()
    return len(rows)


def _cpu(fn: Callable[[Path, bool], int], path: Path, insert: bool) -> float:
    gc.collect()
    t0 = time.process_time()
    fn(path, insert)
    return time.process_time() - t0


def measure(n: int, repeats: int) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "invoices.xlsx"
        make_workbook(path, n)
        out = []
        for insert, name, target in (
            (True, f"import transactions: parse + raw insert ({n:,} rows)", TARGET),
            (False, f"import transactions: parse only ({n:,} rows)", None),
        ):
            times: dict[str, list[float]] = {"ours": [], "floor": []}
            for _ in range(repeats):
                times["ours"].append(_cpu(ours, path, insert))
                times["floor"].append(_cpu(floor, path, insert))
            ours_s, floor_s = min(times["ours"]), min(times["floor"])
            out.append(
                {
                    "name": name,
                    "rows": n,
                    "ours_s": round(ours_s, 4),
                    "floor_s": round(floor_s, 4),
                    "ratio": round(ours_s / floor_s, 3),
                    "target": target,
                    "note": f"CPU s, best of {repeats} interleaved; floor = calamine read"
                    + (" + executemany" if insert else ""),
                }
            )
        return out


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Rows for bench/run.py: 100k rows (10k with ``quick``)."""
    return measure(10_000 if quick else 100_000, repeats=3)


if __name__ == "__main__":
    for row in run():
        print(row)
