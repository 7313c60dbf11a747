"""Start-up of the desktop app, and the first rows of the transactions page at 1M rows.

1. Cold start to a painted main window: ``fundledger --db DEMO gui`` in a fresh process
   (offscreen) vs a bare PySide6 ``QMainWindow`` painted in a fresh process — the least any
   PySide6 app can do.  Both are timed from just before the process is spawned to the first
   paint event of the window (printed by the child), best of several interleaved runs.  The
   ratio uses the child's CPU time to that paint (``process_time``): wall time on a shared
   machine is noisy; wall times are in the note.
   Target: 1.5x.  The app shows its window before SQLAlchemy is imported (checked).
2. First rows of the transactions page on a 1,000,000-row ledger, in a fresh process: (a) cold,
   from asking to open the ledger (after the window has painted) to the register holding its
   first page — this includes importing SQLAlchemy and vetting the ledger; (b) with the ledger
   open, from switching the scope to all years (the whole million) to the new first page.
   Floor: a raw ``sqlite3`` query for the same first page (same ORDER BY, LIMIT) from a fresh
   connection.  Target: under 1 s absolute; the child's peak RSS is reported (under 500 MB).

3. **Open the app to the Overview with the demo's data painted**, as whole processes side by
   side (issue 23): ``fundledger --db DEMO gui --page overview --screenshot F`` (opens the
   ledger, loads the Overview's report, paints it, grabs the window and saves it as PNG) vs a
   process that imports ``sqlalchemy.orm``, shows a bare PySide6 window of the same size,
   waits for its first paint and grabs and saves it the same way.  CPU seconds of each child,
   alternating runs, paired ratio median and spread (``bench.proc``); wall in the note.
   Target: 1.5x.

The ledgers are built once into ``bench/out/`` with ``fundledger demo [--transactions N]``
(set ``FUNDLEDGER_BENCH_1M`` to reuse a 1M-row ledger).  Run:
``.venv/bin/python -m bench.bench_startup`` or through ``bench/run.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from fundledger.years import year_label

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
TARGET = 1.5

FLOOR_SCRIPT = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
win = QMainWindow()
win.setCentralWidget(QLabel("hello"))
win.resize(1360, 820)
class F(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and getattr(obj, "window", lambda: None)() is win:
            app.removeEventFilter(self)
            print(f"painted {time.time():.6f} cpu {time.process_time():.6f}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
f = F()
app.installEventFilter(f)
win.show()
app.exec()
"""

#: the reference for 3.: SQLAlchemy imported, a bare window painted, grabbed and saved as PNG
OVERVIEW_FLOOR = r"""
import sys
import sqlalchemy.orm
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
win = QMainWindow()
win.setCentralWidget(QLabel("hello"))
win.resize(1400, 860)
class F(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and getattr(obj, "window", lambda: None)() is win:
            app.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False
def done():
    win.grab().save(sys.argv[1], "PNG")
    app.quit()
f = F()
app.installEventFilter(f)
win.show()
app.exec()
"""

ROWS_SCRIPT = r"""
import resource, sys, time
from PySide6.QtCore import QTimer
from ui.qt.app import after_first_paint, make_app, make_window
from ui.qt import opening
db = sys.argv[1]
app = make_app()
win = make_window()
win.current_page = "transactions"
win.side.select_page("transactions", silent=True)
win.show()
state = {"phase": "cold"}
def open_now():
    state["t"] = time.time()
    opening.open_path(win, db)
def model():
    page = win.pages.get("transactions")
    return page, getattr(getattr(page, "view", None), "model", None)
def poll():
    page, m = model()
    if m is None or m.rowCount() == 0 or m.loading:
        return
    t = time.time()
    if state["phase"] == "cold":
        state["cold"] = t - state["t"]
        state["year"] = page.year
        state["phase"] = "warm"
        win.ctx.wait_idle(60)
        state["t"] = time.time()
        win.side.year.setCurrentIndex(0)  # All years: the whole million
        return
    if page.year is not None:
        return
    app.processEvents()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"rows cold {state['cold']:.6f} warm {t - state['t']:.6f} n {m.rowCount()} "
          f"year {state['year']} rss {rss}", flush=True)
    app.quit()
after_first_paint(app, win, open_now)
timer = QTimer()
timer.timeout.connect(poll)
timer.start(1)
app.exec()
"""


def _env(tmp_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", FUNDLEDGER_HOME=str(tmp_home), PYTHONPATH=str(ROOT),
               XDG_CONFIG_HOME=str(tmp_home / "config"))  # fmt: skip
    return env


def _spawn(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.time()
    out = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith(("painted", "rows"))), "")
    if not line:
        raise RuntimeError(f"no timing from {args[:4]}: {out.stdout[-500:]} {out.stderr[-2000:]}")
    return start, line


def _ledger(name: str, transactions: int) -> Path:
    path = OUT / name
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        cmd = [sys.executable, "-m", "ui.cli", "--db", str(path), "demo"]
        if transactions:
            cmd += ["--transactions", str(transactions)]
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return path


def startup(rounds: int, home: Path) -> dict[str, Any]:
    """Cold start to a painted main window vs a bare PySide6 window."""
    demo = _ledger("startup-demo.sqlite", 0)
    env = _env(home)
    ours_env = dict(env, FUNDLEDGER_QUIT_AFTER_PAINT="1")
    ours, floor, heavy = [], [], ""
    ours_wall, floor_wall = [], []
    for _ in range(rounds):
        start, line = _spawn([sys.executable, "-m", "ui.cli", "--db", str(demo), "gui"], ours_env)
        ours_wall.append(float(line.split()[1]) - start)
        ours.append(float(line.split()[3]))
        heavy = line.split("heavy=")[1]
        start, line = _spawn([sys.executable, "-c", FLOOR_SCRIPT], env)
        floor_wall.append(float(line.split()[1]) - start)
        floor.append(float(line.split()[3]))
    o, f = min(ours), min(floor)
    return {
        "name": "start-up: cold start to painted main window",
        "rows": 1, "ours_s": o, "floor_s": f, "ratio": o / f, "target": TARGET,
        "note": f"CPU s of the process to first paint, best of {rounds}; wall "
        f"{min(ours_wall):.3f} s vs {min(floor_wall):.3f} s; imported before paint: {heavy}",
    }  # fmt: skip


def overview(runs: int, home: Path) -> dict[str, Any]:
    """Open the app to the Overview with the demo's data painted vs a bare painted window."""
    from bench.proc import alternate, compare, timed

    demo = _ledger("startup-demo.sqlite", 0)
    shot = home / "overview.png"
    env = _env(home)

    def run(cmd: list[str]) -> Any:
        return timed(cmd, extra_env=env)

    ours = [sys.executable, "-m", "ui.cli", "--db", str(demo), "gui", "--page", "overview",
            "--screenshot", str(shot)]  # fmt: skip
    ref = [sys.executable, "-c", OVERVIEW_FLOOR, str(shot)]
    pair = alternate({"ours": lambda: run(ours), "ref": lambda: run(ref)}, runs)
    return compare(
        "app open → Overview with data painted (process)",
        pair["ours"],
        pair["ref"],
        TARGET,
        "bare window + import sqlalchemy.orm, painted, saved as PNG",
        rows=1,
    )


def _raw_first_page(db: Path, year: int | None) -> float:
    import sqlite3

    where = "where t.year = ?" if year is not None else ""
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute(
        "select t.id, t.txn_date, t.year, t.period, s.code, l.name, t.counterparty, t.amount, "
        "t.reference, t.description, t.kind from transactions t "
        "left join streams s on s.id = t.stream_id left join budget_lines l on l.id = "
        f"t.budget_line_id {where} order by t.txn_date desc, t.id desc limit 250",
        (year,) if year is not None else (),
    ).fetchall()
    conn.close()
    return time.perf_counter() - start


def first_rows(n: int, rounds: int, home: Path) -> list[dict[str, Any]]:
    """Open a big ledger at the transactions page; then show all years (the whole ledger)."""
    env_path = os.environ.get("FUNDLEDGER_BENCH_1M") if n == 1_000_000 else None
    db = Path(env_path) if env_path else _ledger(f"startup-{n}.sqlite", n)
    cold, warm, floors_year, floors_all, rss, year = [], [], [], [], 0, 2025
    for i in range(rounds):
        env = _env(home / f"round{i}")  # fresh settings: the scope is not remembered
        _start, line = _spawn([sys.executable, "-c", ROWS_SCRIPT, str(db)], env)
        p = line.split()
        cold.append(float(p[2]))
        warm.append(float(p[4]))
        year, rss = int(p[8]), max(rss, int(p[10]))
        floors_year.append(_raw_first_page(db, year))
        floors_all.append(_raw_first_page(db, None))
    c, w = min(cold), min(warm)
    fy, fa = min(floors_year), min(floors_all)
    return [
        {
            "name": f"transactions: open ledger → first rows, {n:,} rows",
            "rows": n, "ours_s": c, "floor_s": fy, "ratio": c / fy, "target": None,
            "note": f"cold: imports, open, vet, summary, page {year_label(year)}; "
            f"floor = raw sqlite3 first page; target < 1 s; peak RSS {rss} MB (limit 500)",
        },
        {
            "name": f"transactions: all years → first rows, {n:,} rows",
            "rows": n, "ours_s": w, "floor_s": fa, "ratio": w / fa, "target": None,
            "note": "ledger open: switch the scope to all years (the whole ledger); "
            "floor = raw sqlite3 first page; target < 1 s",
        },
    ]  # fmt: skip


def run(quick: bool = False) -> list[dict[str, Any]]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        rows = [startup(3 if quick else 5, home), overview(3 if quick else 7, home)]
        rows += first_rows(100_000 if quick else 1_000_000, 2 if quick else 3, home)
    return rows


if __name__ == "__main__":
    from bench.run import fmt

    print(fmt(run(quick="--quick" in sys.argv)))
