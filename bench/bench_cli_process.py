"""Reading commands as a user or a scheduled script meets them: whole processes, side by side.

1. **Any CLI command on the demo ledger**: ``python -m ui.cli --db DEMO variance --json`` vs
   ``python -c "import sqlalchemy.orm"`` (the least a SQLAlchemy program pays to start).
   Target (issue 23): 1.3×.
2. **Variance over 1,000,000 transactions** (10,000 with ``quick``): the same command on the
   ``demo --transactions N`` ledger vs a Python process running the raw ``sqlite3`` GROUP BY any
   variance report needs (``bench_variance.FLOOR_SQL``, every year, as at the same date).
   Target: 4× (the rest is the start-up of 1.).
(The whole-process export of 100,000 transactions is ``bench/bench_export.py``'s.)

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

from bench.bench_variance import FLOOR_SQL, ledger_file
from bench.proc import ROOT, Timing, alternate, compare, timed

TARGET_START = 1.3
TARGET_1M = 4.0
AS_AT = date(2026, 6, 12)

RAW_GROUP_BY = r"""
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
rows = con.execute(sys.argv[2], (sys.argv[3],)).fetchall()
con.close()
print(len(rows))
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
    ]


def run(quick: bool = False) -> list[dict[str, Any]]:
    return measure(quick)


if __name__ == "__main__":
    from bench.run import fmt

    print(fmt(measure("--quick" in sys.argv)))
