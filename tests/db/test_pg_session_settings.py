"""Connection settings of a shared (PostgreSQL) ledger: JIT is off on every connection (the
server spent 2–3 s compiling the variance statement that then ran in 0.2 s; issue 23)."""

from __future__ import annotations

from db.engine import make_engine


def test_every_connection_of_a_shared_ledger_runs_without_jit(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        for _ in range(2):  # a new connection each time, not only the first
            with engine.connect() as c:
                assert c.exec_driver_sql("show jit").scalar_one() == "off"
                c.invalidate()
    finally:
        engine.dispose()
