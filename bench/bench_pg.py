"""PostgreSQL at scale: the variance report vs the raw GROUP BY, and an import vs raw COPY, on
the same server.

**Variance.**

Ours: :func:`ui.usecases.variance.variance_report` on a ``demo --transactions N`` ledger in a
PostgreSQL database (1,000,000 rows; 10,000 with ``quick``), every stream and year, as at a
fixed date — the same SQL as on SQLite.  Floor: the one aggregate any variance report needs
(``bench_variance.FLOOR_SQL``, line level) run through a plain psycopg connection kept open.

The server does the work, so times are wall seconds (not this process's CPU); the jobs
alternate, several runs, median and spread.  Target (issue 23): 1.5×.

The server is ``FUNDLEDGER_BENCH_PG_URL`` (else ``FUNDLEDGER_TEST_PG_URL``, else the local
server at 127.0.0.1:5432 as ``postgres`` when it answers); without one the bench prints a note
and reports nothing.  The ledger is kept as database ``fl_bench_var_N``
(drop it to rebuild); it is ANALYZEd once after loading, as autovacuum would.

**Import.**  Ours: :func:`ui.usecases.imports.import_file` of the 100k-row transactions
workbook (``bench_import.workbook``; 10,000 with ``quick``) into a fresh initialised ledger
database — reading, parsing, planning and coding every row, the batch and its audit entry, and
the rows through COPY (the owner's connection: :mod:`db.ops.pg_copy`), in one transaction.
Floor: ``python-calamine`` reads the same sheet and the same rows (pence, dates) go into the
same table of an identical fresh database with one raw psycopg ``COPY … FROM STDIN`` and a
commit — the least an importer can do; like ``bench_import``'s floor it has no audit trigger
(the period guard stays).  Both databases are copies of one ``init``-ed template
(``fl_bench_imp_tpl``, kept; drop it to rebuild), made before each timed run.  Wall seconds,
alternating, median and spread.  Target (issue 23): 2×.  A second row, without a target, puts
ours against a bare COPY (no trigger at all, the period guard dropped too): what the server's
guard and audit triggers cost per row.

Run: ``.venv/bin/python -m bench.bench_pg [--quick] [variance] [import]`` or through
``bench/run.py``.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.bench_variance import AS_AT, FLOOR_SQL
from bench.proc import spread

TARGET = 1.5
IMPORT_TARGET = 2.0
TEMPLATE = "fl_bench_imp_tpl"


#: tried when neither variable names a server: the local server every machine here runs
LOCAL_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def server_url() -> str | None:
    """``FUNDLEDGER_BENCH_PG_URL``, else ``FUNDLEDGER_TEST_PG_URL``, else the local server
    (:data:`LOCAL_SERVER`) when it answers within two seconds."""
    named = os.environ.get("FUNDLEDGER_BENCH_PG_URL") or os.environ.get("FUNDLEDGER_TEST_PG_URL")
    if named:
        return named
    try:
        import psycopg

        psycopg.connect(_psycopg_url(LOCAL_SERVER), connect_timeout=2).close()
    except Exception:  # no local server: the bench says so and reports nothing
        return None
    return LOCAL_SERVER


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


def run(
    quick: bool = False, runs: int | None = None, jobs: tuple[str, ...] = ("variance", "import")
) -> list[dict[str, Any]]:
    server = server_url()
    if not server:
        print("  (pg: no server answered; set FUNDLEDGER_BENCH_PG_URL)", file=sys.stderr)
        return []
    rows: list[dict[str, Any]] = []
    if "variance" in jobs:
        rows += run_variance(server, quick, runs)
    if "import" in jobs:
        rows += run_import(server, quick, runs)
    return rows


def run_variance(server: str, quick: bool, runs: int | None) -> list[dict[str, Any]]:
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


def _fresh(server: str, name: str, template: str | None = None) -> str:
    """Database ``name`` made anew (a copy of ``template`` when given); its SQLAlchemy URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(text(f'drop database if exists "{name}" with (force)'))
            like = f' template "{template}"' if template else ""
            c.execute(text(f'create database "{name}"{like}'))
    finally:
        admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def _template(server: str) -> None:
    """The ``init``-ed ledger both sides of the import bench start from (built on first use)."""
    from sqlalchemy import create_engine, text

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            found = c.execute(text("select 1 from pg_database where datname = :n"), {"n": TEMPLATE})
            if found.first() is not None:
                return
    finally:
        admin.dispose()
    from ui.usecases.init import init_ledger

    building = f"{TEMPLATE}_building"
    init_ledger(_fresh(server, building), "bench").dispose()
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(text(f'alter database "{building}" rename to "{TEMPLATE}"'))
    finally:
        admin.dispose()


def _psycopg_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _import_ours(server: str, path: Path) -> tuple[float, int]:
    from db.ledger import Ledger
    from ui.usecases.imports import import_file

    ledger = Ledger(_fresh(server, "fl_bench_imp_ours", TEMPLATE))
    try:
        t0 = time.perf_counter()
        result = import_file(ledger, "transactions", path, year="2025-26")
        elapsed = time.perf_counter() - t0
    finally:
        ledger.dispose()
    if result.errors:
        raise RuntimeError(f"import failed: {result.errors[0]}")
    return elapsed, result.imported


FLOOR_COLUMNS = (
    "stream_id, txn_date, year, period, amount, kind, counterparty, reference, description, "
    "cost_centre, reported_nil, version, created_at, created_by"
)


def _import_floor(server: str, path: Path, bare: bool = False) -> tuple[float, int]:
    """calamine + one raw psycopg COPY into a fresh copy of the template without the audit
    trigger (``bare``: without any trigger, the period guard dropped too)."""
    import psycopg
    from python_calamine import CalamineWorkbook

    url = _psycopg_url(_fresh(server, "fl_bench_imp_floor", TEMPLATE))
    with psycopg.connect(url) as con:
        con.execute("drop trigger audit_transactions on transactions")
        if bare:
            con.execute("drop trigger guard_transactions_locked on transactions")
        streams: dict[str, int] = dict(
            con.execute("select code, stream_id from cost_centres").fetchall()
        )
        con.commit()
    t0 = time.perf_counter()
    rows: list[list[Any]] = (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Invoices").to_python()
    )
    stamp = datetime.now(UTC)
    count = 0
    with psycopg.connect(url) as con:
        with con.cursor() as cur, cur.copy(f"COPY transactions ({FLOOR_COLUMNS}) FROM STDIN") as cp:
            for d, cc, supplier, ref, desc, amount in rows[1:]:
                month = d.month
                period = month - 3 if month >= 4 else month + 9
                cp.write_row(
                    (streams[cc], d, 2025, period, round(amount * 100), "spend", supplier, ref,
                     desc, cc, False, 1, stamp, "bench")
                )  # fmt: skip
                count += 1
        con.commit()
    return time.perf_counter() - t0, count


def _import_bare(server: str, path: Path) -> tuple[float, int]:
    return _import_floor(server, path, bare=True)


def run_import(server: str, quick: bool, runs: int | None) -> list[dict[str, Any]]:
    """Ours against the floor (the target), and against a bare COPY with no trigger at all
    (no target: what the server's period guard and audit triggers cost, for the record)."""
    from bench.bench_import import workbook

    n = 10_000 if quick else 100_000
    runs = runs or (3 if quick else 5)
    path = workbook(n)
    _template(server)
    jobs = (_import_ours, _import_floor, _import_bare)
    times: dict[Any, list[float]] = {job: [] for job in jobs}
    for i in range(runs):
        for job in jobs[i % 3 :] + jobs[: i % 3]:
            elapsed, count = job(server, path)
            if count != n:
                raise RuntimeError(f"{job.__name__} wrote {count} rows, not {n}")
            times[job].append(elapsed)
    o, size = times[_import_ours], f"{n // 1000}k"
    out: list[dict[str, Any]] = []
    for job, name, target, what in (
        (_import_floor, f"PostgreSQL import {size} vs raw COPY", IMPORT_TARGET,
         "calamine + raw psycopg COPY, period guard kept"),
        (_import_bare, f"PostgreSQL import {size} vs COPY, no triggers", None,
         "calamine + raw psycopg COPY, no trigger at all"),
    ):  # fmt: skip
        f = times[job]
        ratio = spread([a / b for a, b in zip(o, f, strict=True)])
        so, sf = spread(o), spread(f)
        out.append(
            {
                "name": name,
                "rows": n,
                "kind": "in-proc",
                "ours_s": so.median,
                "floor_s": sf.median,
                "ratio": ratio.median,
                "ratio_low": ratio.low,
                "ratio_high": ratio.high,
                "target": target,
                "runs": runs,
                "note": f"wall s: ours {so}, {what} {sf}",
            }
        )
    return out


if __name__ == "__main__":
    from bench.run import fmt

    picked = tuple(a for a in sys.argv[1:] if a in ("variance", "import"))
    print(fmt(run("--quick" in sys.argv, jobs=picked or ("variance", "import"))))
