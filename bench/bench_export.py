"""Exporting N transactions vs raw xlsxwriter: whole processes, and in-process.

**Whole process** (issue 23's figure, target 1.3×): ``fundledger export transactions --out X``
on the ``demo --transactions 100000`` ledger against a Python process running the same SELECT
with raw ``sqlite3`` and writing the rows with xlsxwriter in ``constant_memory`` mode
(:data:`RAW_EXPORT`); alternating, several runs, the CPU ratio paired run by run, median and
spread (wall seconds in the note).

**In-process**: ``exports.returns.listing.transactions_listing`` (the rows as the query gives
them: amounts in integer pence) vs the floor.  The floor writes the same cells (13 columns, same number formats, one SUM total) straight
with xlsxwriter in ``constant_memory`` mode: the least work any xlsx writer in Python does.
Ours adds the title block, formula-injection guard, running totals, width fitting, Rows
sheet and properties.  Both read the same pre-built rows, so building them is not timed.

Times are CPU seconds (``process_time``), best of several interleaved runs (the ratio's
spread over the pairs beside it), because wall time on a shared machine is noisy.  Memory is the tracemalloc peak while exporting from a
*generator* of rows (nothing held): it should be flat, about the same at 10k and 100k rows.

Run: ``.venv/bin/python -m bench.bench_export [--quick] [--process [--runs N]]`` or
``./run-bench export``.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from exports.cells import MONEY_FORMAT
from exports.data import Produced, TransactionRow
from exports.returns.listing import TxnCells, transactions_listing, txn_cells
from fundledger.years import FinancialYear, period_label, period_of, year_of

TARGET = 1.3
_SUPPLIERS = ("FreeVa", "Living without Abuse", "Turning Point", "=HYPERLINK(1)", "-Minus Ltd")
_CENTRES = ("LC4410", "LC5120", "LC4470", "LC6030", "LC4480")


def make_rows(n: int) -> Iterator[TransactionRow]:
    """N synthetic transactions (deterministic)."""
    start = date(2025, 4, 1)
    for i in range(n):
        d = start + timedelta(days=i % 365)
        pence = (i * 7919) % 1_000_000 - (50_000 if i % 17 == 0 else 0)
        yield TransactionRow(
            txn_date=d,
            amount=Decimal(pence).scaleb(-2),
            cost_centre=_CENTRES[i % 5],
            counterparty=_SUPPLIERS[i % 5],
            reference=f"INV-{i:07d}",
            description=f"Synthetic transaction {i} – services for {d:%B %Y}",
            stream=("DA", "YJ", "OPCC", "PMT", "DHR")[i % 5],
            year=year_of(d).start_year,
            period=period_of(d),
            kind="spend",
            account="5210",
            batch=1 + i // 1000,
            batch_file="synthetic.xlsx",
        )


def _produced() -> Produced:
    return Produced("Benchmark ledger", date(2026, 6, 12), "bench", datetime.now(UTC))


def ours(path: Path, rows: Iterable[TxnCells]) -> None:
    transactions_listing(path, _produced(), rows)


def floor(path: Path, rows: Iterable[TransactionRow]) -> None:
    """The same cells written directly with xlsxwriter (constant_memory)."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Transactions")
    money = wb.add_format({"num_format": MONEY_FORMAT})
    dfmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    heads = ("Date", "Cost Centre", "Supplier", "Invoice No", "Description", "Amount", "Stream")
    heads += ("Year", "Period", "Kind", "Account", "Import batch", "Batch file")
    for c, h in enumerate(heads):
        ws.write_string(0, c, h)
    r = 1
    total = Decimal(0)
    for t in rows:
        ws.write_datetime(r, 0, t.txn_date, dfmt)
        ws.write_string(r, 1, t.cost_centre or "")
        ws.write_string(r, 2, t.counterparty or "")
        ws.write_string(r, 3, t.reference or "")
        ws.write_string(r, 4, t.description or "")
        ws.write_number(r, 5, float(t.amount), money)
        ws.write_string(r, 6, t.stream or "")
        ws.write_string(r, 7, FinancialYear(t.year or 2025).code)
        ws.write_string(r, 8, f"{FinancialYear(t.year or 2025).code} {period_label(t.period or 1)}")
        ws.write_string(r, 9, t.kind)
        ws.write_string(r, 10, t.account or "")
        ws.write_number(r, 11, t.batch or 0)
        ws.write_string(r, 12, t.batch_file or "")
        total += t.amount
        r += 1
    ws.write_formula(r, 5, f"=SUM(F2:F{r})", money, float(total))
    wb.close()


def _cpu(fn: Callable[[Path, Any], None], rows: list[Any]) -> float:
    """CPU seconds for one export (process time: steadier than wall time on a busy machine)."""
    with tempfile.TemporaryDirectory() as tmp:
        gc.collect()
        t0 = time.process_time()
        fn(Path(tmp) / "out.xlsx", rows)
        return time.process_time() - t0


def peak_mib(fn: Callable[[Path, Iterable[TxnCells]], None], n: int) -> float:
    """tracemalloc peak (MiB) exporting ``n`` rows from a generator."""
    with tempfile.TemporaryDirectory() as tmp:
        gc.collect()
        tracemalloc.start()
        try:
            fn(Path(tmp) / "out.xlsx", (txn_cells(t) for t in make_rows(n)))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return peak / 2**20


def measure(n: int, repeats: int, *, memory: bool = True) -> dict[str, Any]:
    """Best of ``repeats`` interleaved runs of ours and the floor, plus our peak memory."""
    rows = list(make_rows(n))
    cells = [txn_cells(t) for t in rows]  # as the query hands them over (not timed)
    times: dict[str, list[float]] = {"ours": [], "floor": []}
    for _ in range(repeats):
        times["ours"].append(_cpu(ours, cells))
        times["floor"].append(_cpu(floor, rows))
    del rows, cells
    ours_s, floor_s = min(times["ours"]), min(times["floor"])
    paired = [o / f for o, f in zip(times["ours"], times["floor"], strict=True)]
    mem = peak_mib(ours, n) if memory else None
    note = f"CPU s, best of {repeats} interleaved"
    if mem is not None:
        note += f"; peak {mem:.2f} MiB from a generator (tracemalloc)"
    return {
        "name": f"export transactions ({n:,} rows)",
        "rows": n,
        "ours_s": round(ours_s, 4),
        "floor_s": round(floor_s, 4),
        "ratio": round(ours_s / floor_s, 3),
        "ratio_low": round(min(paired), 3),
        "ratio_high": round(max(paired), 3),
        "target": TARGET,
        "peak_mib": None if mem is None else round(mem, 2),
        "note": note,
    }


# --------------------------------------------------------------------------- whole process

#: The reference process: the same SELECT with raw ``sqlite3`` and the rows written with
#: xlsxwriter in ``constant_memory`` mode (a date and a money format, a SUM total).
RAW_EXPORT = r"""
import sqlite3, sys
from datetime import date
import xlsxwriter
con = sqlite3.connect(sys.argv[1])
rows = con.execute(
    "SELECT t.id, t.txn_date, t.amount, s.code, t.year, t.period, t.kind, t.cost_centre, "
    "t.account, t.counterparty, t.reference, t.description, t.batch_id, b.file_name "
    "FROM transactions t JOIN streams s ON s.id = t.stream_id "
    "LEFT JOIN import_batches b ON b.id = t.batch_id ORDER BY t.txn_date, t.id")
wb = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
ws = wb.add_worksheet("Transactions")
day = wb.add_format({"num_format": "dd/mm/yyyy"})
money = wb.add_format({"num_format": "#,##0.00;[Red]-#,##0.00"})
ws.write_row(0, 0, ("Id", "Date", "Amount", "Stream", "Year", "Period", "Kind", "Cost centre",
                    "Account", "Supplier", "Reference", "Description", "Batch", "File"))
n = 0
for n, r in enumerate(rows, 1):
    ws.write_number(n, 0, r[0])
    ws.write_datetime(n, 1, date.fromisoformat(r[1]), day)
    ws.write_number(n, 2, r[2] / 100, money)
    ws.write_row(n, 3, r[3:])
ws.write_formula(n + 1, 2, f"=SUM(C2:C{n + 1})", money)
wb.close()
print(n)
"""


def process(quick: bool = False, runs: int | None = None) -> dict[str, Any]:
    """``fundledger export transactions --out X`` on the ``demo --transactions N`` ledger
    (100,000 rows; 10,000 with ``quick``) against :data:`RAW_EXPORT`, whole processes,
    alternating, CPU ratio paired run by run: median and spread (wall in the note)."""
    from bench.bench_variance import OUT, ledger_file
    from bench.proc import alternate, compare, timed

    runs = runs or (3 if quick else 5)
    n = 10_000 if quick else 100_000
    db = ledger_file(n)
    out = OUT / "bench-export.xlsx"
    ours = [sys.executable, "-m", "ui.cli", "--db", str(db), "export", "transactions",
            "--out", str(out)]  # fmt: skip
    raw = [sys.executable, "-c", RAW_EXPORT, str(db), str(out)]
    try:
        t = alternate({"ours": lambda: timed(ours), "ref": lambda: timed(raw)}, runs)
    finally:
        out.unlink(missing_ok=True)
    return compare(f"export transactions, {n:,} rows (process)", t["ours"], t["ref"], TARGET,
                   "raw sqlite3 + xlsxwriter constant_memory", rows=n)  # fmt: skip


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Rows for bench/run.py: the whole process at 100k rows (10k with ``quick``), then
    in-process at 10k and 100k rows (2k and 10k with ``quick``)."""
    sizes = (2_000, 10_000) if quick else (10_000, 100_000)
    return [process(quick)] + [measure(n, repeats=5 if n <= 10_000 else 3) for n in sizes]


if __name__ == "__main__":
    from bench.run import fmt

    quick = "--quick" in sys.argv
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else None
    if "--process" in sys.argv:
        print(fmt([process(quick, runs)]))
    else:
        print(fmt(run(quick)))
