"""The variance report on a shared (PostgreSQL) ledger vs the raw GROUP BY on the same server.

Ours: :func:`ui.usecases.variance.variance_report` on a ``demo --transactions N`` ledger in a
PostgreSQL database (1,000,000 rows; 10,000 with ``quick``), every stream and year, as at a
fixed date — the same SQL as on SQLite.  Floor: the one aggregate any variance report needs
(``bench_variance.FLOOR_SQL``, line level) run through a plain psycopg connection kept open.

The server does the work, so times are wall seconds (not this process's CPU); the jobs
alternate, several runs, median and spread.  Target (issue 23): 1.5×.

The server is ``FUNDLEDGER_BENCH_PG_URL`` (else ``FUNDLEDGER_TEST_PG_URL``); without one the
bench prints a note and reports nothing.  The ledger is kept as database ``fl_bench_var_N``
(drop it to rebuild); it is ANALYZEd once after loading, as autovacuum would.

Run: ``.venv/bin/python -m bench.bench_pg [--quick]`` or through ``bench/run.py``.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from bench.bench_variance import AS_AT, FLOOR_SQL
from bench.proc import spread

TARGET = 1.5


def server_url() -> str | None:
    return os.environ.get("FUNDLEDGER_BENCH_PG_URL") or os.environ.get("FUNDLEDGER_TEST_PG_URL")


def ledger_url(server: str, n: int) -> str:
    """The ``demo --transactions n`` ledger on the server (built on first use)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"fl_bench_var_{n}"
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            exists = c.execute(text("select 1 from pg_database where datname = :n"), {"n": name})
            if exists.first() is not None:
                return url
            c.execute(text(f'create database "{name}"'))
    finally:
        admin.dispose()
    from ui.usecases.demo import load_demo
    from ui.usecases.init import init_ledger

    ledger = init_ledger(url, "bench")
    try:
        load_demo(ledger, transactions=n)
        with ledger.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("ANALYZE")
    finally:
        ledger.dispose()
    return url


def run(quick: bool = False, runs: int | None = None) -> list[dict[str, Any]]:
    server = server_url()
    if not server:
        print("  (pg: no server; set FUNDLEDGER_BENCH_PG_URL)", file=sys.stderr)
        return []
    import psycopg
    from sqlalchemy.engine import make_url

    from db.ledger import Ledger
    from ui.usecases.variance import variance_report

    n = 10_000 if quick else 1_000_000
    runs = runs or (3 if quick else 7)
    url = ledger_url(server, n)
    ledger = Ledger(url)
    raw = psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(False))
    sql = FLOOR_SQL["line"].format(date="txn_date", year="").replace("?", "%s")
    try:

        def ours() -> float:
            t0 = time.perf_counter()
            variance_report(ledger, by="line", as_at=AS_AT)
            return time.perf_counter() - t0

        def floor() -> float:
            t0 = time.perf_counter()
            raw.execute(sql, (AS_AT,)).fetchall()
            return time.perf_counter() - t0

        ours(), floor()  # warm: caches, statements
        o: list[float] = []
        f: list[float] = []
        for i in range(runs):
            pair = (ours, floor) if i % 2 == 0 else (floor, ours)
            for job in pair:
                (o if job is ours else f).append(job())
        rows = raw.execute("select count(*) from transactions").fetchone()
    finally:
        raw.close()
        ledger.dispose()
    ratio = spread([a / b for a, b in zip(o, f, strict=True)])
    so, sf = spread(o), spread(f)
    return [
        {
            "name": "PostgreSQL: variance --by line, every year",
            "rows": rows[0] if rows else n,
            "kind": "in-proc",
            "ours_s": so.median,
            "floor_s": sf.median,
            "ratio": ratio.median,
            "ratio_low": ratio.low,
            "ratio_high": ratio.high,
            "target": TARGET,
            "runs": runs,
            "note": f"wall s (the server works): ours {so}, raw psycopg GROUP BY {sf}",
        }
    ]


if __name__ == "__main__":
    from bench.run import fmt

    print(fmt(run("--quick" in sys.argv)))
