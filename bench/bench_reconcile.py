"""Reconciliation at council volume: ``fundledger reconcile --json`` as a whole process on
10k × 10k and 100k × 100k synthetic invoice/GL pairs, against a raw floor process.

Ours: a fresh copy of a ledger holding ``n`` invoices and their GL extract, never reconciled
(bench/recon_data.py: references, payments 0–20 days later across period ends, payments
without a reference, duplicate payments, unpaid invoices, journals, invoices after the
extract), reconciled by ``python -m ui.cli … reconcile --json``: start-up, reading both sides,
matching, storing and auditing every match, the proof and the JSON.
Floor: a process that opens the same file with ``sqlite3`` and joins the two sides on
reference plus amount (``fetchall``) — the least any reconciliation must do, with no matching
rules, no writes and no report.
Beside it, for context (no target): the same floor process with ``import sqlalchemy`` first —
what any process of our stack (SPEC: SQLAlchemy in db/) pays before it reads a row — as a ratio
to the floor, and ours as a ratio to it.

Figures are the child processes' CPU seconds (user + system, from ``getrusage``) — the machine
is shared, so wall time is noisy; wall seconds are reported beside them.  Best of the runs,
ours and the floor interleaved.  Targets (issue 15): 10k under 5 s, 100k under 60 s, within
3× the floor.  Ledgers are cached in bench/out (rebuilt when the schema has moved on, so no
run pays for a migration; delete them to rebuild).

Run: ``.venv/bin/python -m bench.bench_reconcile`` or through ``bench/run.py``.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 3.0
TARGET_SECONDS = {10_000: 5.0, 100_000: 60.0}
FLOOR = (
    "import sqlite3, sys\n"
    "con = sqlite3.connect(sys.argv[1])\n"
    "rows = con.execute('SELECT t.id, s.id FROM transactions t JOIN statement_lines s "
    "ON s.reference = t.reference AND s.amount = t.amount').fetchall()\n"
    "print(len(rows))\n"
)
#: the floor in a process that has loaded the database library every fundledger process uses
STACK_FLOOR = "import sqlalchemy\n" + FLOOR


def ledger_file(n: int) -> Path:
    from bench.recon_data import build

    path = OUT / f"reconcile-{n // 1000}k.sqlite"
    if path.exists() and not _current(path):
        path.unlink()  # built by an older schema: every run would migrate it first
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".building")
        for p in tmp.parent.glob(tmp.name + "*"):
            p.unlink()
        build(tmp, n)
        tmp.rename(path)
    return path


def _current(path: Path) -> bool:
    import sqlite3

    from db.migrate import head_revision

    with sqlite3.connect(path) as con:
        (rev,) = con.execute("SELECT version_num FROM alembic_version").fetchone()
    return bool(rev == head_revision())


def _child(cmd: list[str]) -> tuple[float, float, str]:
    """(CPU seconds, wall seconds, stdout) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, done.stdout


def ours(path: Path, work: Path) -> tuple[float, float, str]:
    shutil.copyfile(path, work)
    for suffix in ("-wal", "-shm", ".lock"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "ui.cli", "--db", str(work), "--user", "bench", "reconcile",
           "--json"]  # fmt: skip
    return _child(cmd)


def floor(path: Path, code: str = FLOOR) -> tuple[float, float, str]:
    return _child([sys.executable, "-c", code, str(path)])


def run(quick: bool = False) -> list[dict[str, Any]]:
    import json

    sizes = (10_000,) if quick else (10_000, 100_000)
    results = []
    for n in sizes:
        path = ledger_file(n)
        work = OUT / f"reconcile-{n // 1000}k-work.sqlite"
        floor(path)  # warm the page cache
        best_o = best_f = best_s = (float("inf"), float("inf"))
        report: dict[str, Any] = {}
        for _ in range(1 if n > 10_000 or quick else 3):
            cpu, wall, out = ours(path, work)
            report = json.loads(out)
            best_o = min(best_o, (cpu, wall))
            f_cpu, f_wall, _ = floor(path)
            best_f = min(best_f, (f_cpu, f_wall))
            s_cpu, s_wall, _ = floor(path, STACK_FLOOR)
            best_s = min(best_s, (s_cpu, s_wall))
        target = TARGET_SECONDS[n]
        results.append({
            "name": f"reconcile --json {n // 1000}k x {n // 1000}k (whole process)",
            "rows": n, "ours_s": best_o[0], "floor_s": best_f[0], "kind": "process",
            "ratio": best_o[0] / best_f[0], "target": TARGET_RATIO,
            "note": (f"wall {best_o[1]:.1f} s (target {target:.0f} s), floor wall "
                     f"{best_f[1]:.1f} s; {report['matched']} matched, "
                     f"{len(report['ledger_only'])} ledger-only, "
                     f"{len(report['statement_only'])} statement-only, "
                     f"{report['scope']['after_last_date']} after the statement"),
        })  # fmt: skip
        size = f"{n // 1000}k"
        results.append({
            "name": f"floor + import sqlalchemy {size} (context)",
            "rows": n, "ours_s": best_s[0], "floor_s": best_f[0], "kind": "process",
            "ratio": best_s[0] / best_f[0], "target": None,
            "note": ("the floor's join in a process that loads SQLAlchemy first: what any "
                     "process of our stack pays before matching, against the floor"),
        })  # fmt: skip
        results.append({
            "name": f"reconcile {size} / floor + sqlalchemy",
            "rows": n, "ours_s": best_o[0], "floor_s": best_s[0], "kind": "process",
            "ratio": best_o[0] / best_s[0], "target": None,
            "note": "ours against the floor with the stack's import (context, no target)",
        })  # fmt: skip
    return results


def main() -> None:
    from bench.run import fmt

    print(fmt(run(quick="--quick" in sys.argv)))


if __name__ == "__main__":
    main()
