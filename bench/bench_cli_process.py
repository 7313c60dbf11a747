"""Reading commands as a user or a scheduled script meets them: whole processes, side by side.

1. **Any CLI command on the demo ledger**: ``python -m ui.cli --db DEMO variance --json`` vs
   ``python -c "import sqlalchemy.orm"`` (the least a SQLAlchemy program pays to start).
   Target (issue 23): 1.3×.
2. **Variance over 1,000,000 transactions** (10,000 with ``quick``): the same command on the
   ``demo --transactions N`` ledger vs a Python process running the raw ``sqlite3`` GROUP BY any
   variance report needs (``bench_variance.FLOOR_SQL``, every year, as at the same date).
   Target: 4× (the rest is the start-up of 1.).
3. **Export 100,000 transactions** (10,000 with ``quick``): ``export transactions --out X`` on
   the ``demo --transactions N`` ledger vs a Python process that runs the same SELECT with raw
   ``sqlite3`` and writes the same 14 columns with xlsxwriter in ``constant_memory`` mode (a
   date and a money format, a SUM total).  Target: 1.3×.

Each pair alternates (order rotated each round), after one untimed warm-up; the ratio is of
CPU seconds (the child's user + system), paired run by run, median and spread; wall seconds
and the wall ratio are in the note.  The machine is shared: read the spread.

Run: ``.venv/bin/python -m bench.bench_cli_process [--quick]`` or through ``bench/run.py``.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from bench.bench_variance import FLOOR_SQL, OUT, ledger_file
from bench.proc import ROOT, Timing, alternate, compare, timed

TARGET_START = 1.3
TARGET_1M = 4.0
TARGET_EXPORT = 1.3
AS_AT = date(2026, 6, 12)

RAW_GROUP_BY = r"""
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
rows = con.execute(sys.argv[2], (sys.argv[3],)).fetchall()
con.close()
print(len(rows))
"""


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


def _variance(db: Path) -> list[str]:
    return [sys.executable, "-m", "ui.cli", "--db", str(db), "variance", "--json",
            "--as-at", AS_AT.strftime("%d/%m/%Y")]  # fmt: skip


def measure(quick: bool = False, runs: int | None = None) -> list[dict[str, Any]]:
    runs = runs or (3 if quick else 7)
    demo = ledger_file(0)  # the demo ledger, no bulk rows
    n = 10_000 if quick else 1_000_000
    big = ledger_file(n)
    sql = FLOOR_SQL["line"].format(date="txn_date", year="")
    raw = [sys.executable, "-c", RAW_GROUP_BY, str(big), sql, AS_AT.isoformat()]
    start = alternate(
        {
            "ours": lambda: timed(_variance(demo)),
            "ref": lambda: timed([sys.executable, "-c", "import sqlalchemy.orm"]),
        },
        runs,
    )
    scale: dict[str, list[Timing]] = alternate(
        {"ours": lambda: timed(_variance(big)), "ref": lambda: timed(raw, ROOT)}, runs
    )
    m = 10_000 if quick else 100_000
    rows = ledger_file(m)
    out = OUT / "bench-export.xlsx"
    export = alternate(
        {
            "ours": lambda: timed(
                [
                    sys.executable,
                    "-m",
                    "ui.cli",
                    "--db",
                    str(rows),
                    "export",
                    "transactions",
                    "--out",
                    str(out),
                ]
            ),
            "ref": lambda: timed([sys.executable, "-c", RAW_EXPORT, str(rows), str(out)]),
        },
        runs,
    )
    out.unlink(missing_ok=True)
    return [
        compare(
            "CLI variance --json, demo ledger (process)",
            start["ours"],
            start["ref"],
            TARGET_START,
            "import sqlalchemy.orm",
        ),
        compare(
            f"variance --json over {n:,} (process)",
            scale["ours"],
            scale["ref"],
            TARGET_1M,
            "raw sqlite3 GROUP BY",
            rows=n,
        ),
        compare(
            f"export transactions, {m:,} rows (process)",
            export["ours"],
            export["ref"],
            TARGET_EXPORT,
            "raw sqlite3 + xlsxwriter constant_memory",
            rows=m,
        ),
    ]


def run(quick: bool = False) -> list[dict[str, Any]]:
    return measure(quick)


if __name__ == "__main__":
    from bench.run import fmt

    print(fmt(measure("--quick" in sys.argv)))
