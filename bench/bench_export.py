"""Exporting N transactions through ``exports.returns.transactions`` vs raw xlsxwriter.

The floor writes the same cells (13 columns, same number formats, one SUM total) straight
with xlsxwriter in ``constant_memory`` mode: the least work any xlsx writer in Python does.
Ours adds the title block, formula-injection guard, running totals, width fitting, Rows
sheet and properties.  Both read the same pre-built rows, so building them is not timed.

Times are CPU seconds (``process_time``), best of several interleaved runs, because wall
time on a shared machine is noisy.  Memory is the tracemalloc peak while exporting from a
*generator* of rows (nothing held): it should be flat, about the same at 10k and 100k rows.

Run: ``.venv/bin/python -m bench.bench_export`` or through ``bench/run.py``.
"""

from __future__ import annotations

import gc
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
from exports.returns import transactions
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


def ours(path: Path, rows: Iterable[TransactionRow]) -> None:
    transactions(path, _produced(), rows)


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


def _cpu(fn: Callable[[Path, Iterable[TransactionRow]], None], rows: list[TransactionRow]) -> float:
    """CPU seconds for one export (process time: steadier than wall time on a busy machine)."""
    with tempfile.TemporaryDirectory() as tmp:
        gc.collect()
        t0 = time.process_time()
        fn(Path(tmp) / "out.xlsx", rows)
        return time.process_time() - t0


def peak_mib(fn: Callable[[Path, Iterable[TransactionRow]], None], n: int) -> float:
    """tracemalloc peak (MiB) exporting ``n`` rows from a generator."""
    with tempfile.TemporaryDirectory() as tmp:
        gc.collect()
        tracemalloc.start()
        try:
            fn(Path(tmp) / "out.xlsx", make_rows(n))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return peak / 2**20


def measure(n: int, repeats: int, *, memory: bool = True) -> dict[str, Any]:
    """Best of ``repeats`` interleaved runs of ours and the floor, plus our peak memory."""
    rows = list(make_rows(n))
    times: dict[str, list[float]] = {"ours": [], "floor": []}
    for _ in range(repeats):
        times["ours"].append(_cpu(ours, rows))
        times["floor"].append(_cpu(floor, rows))
    del rows
    ours_s, floor_s = min(times["ours"]), min(times["floor"])
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
        "target": TARGET,
        "peak_mib": None if mem is None else round(mem, 2),
        "note": note,
    }


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Rows for bench/run.py: 10k and 100k rows (2k and 10k with ``quick``)."""
    sizes = (2_000, 10_000) if quick else (10_000, 100_000)
    return [measure(n, repeats=5 if n <= 10_000 else 2) for n in sizes]


if __name__ == "__main__":
    for row in run():
        print(row)
