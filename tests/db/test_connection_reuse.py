"""A SQLite file's connections are reused (each new one re-parses the schema), one use at a time
each, with the ledger's settings; ``Ledger.dispose`` closes them all."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.pool import QueuePool

from db.ledger import Ledger
from db.schema import Setting
from db.writes import insert


def _opened(ledger: Ledger) -> list[object]:
    opened: list[object] = []

    @event.listens_for(ledger.engine, "connect")
    def _count(dbapi_conn: object, _record: object) -> None:
        opened.append(dbapi_conn)

    return opened


def test_successive_reads_and_writes_reuse_one_connection(ledger: Ledger) -> None:
    ledger.dispose()
    opened = _opened(ledger)
    for _ in range(3):
        with ledger.read() as s:
            assert s.execute(text("select count(*) from users")).scalar_one() >= 1
    with ledger.write() as s:
        insert(s, ledger.actor, Setting(key="reuse-test", value="1"))
    with ledger.read() as s:
        # the reused connection keeps the ledger's settings and sees the committed write
        assert s.execute(text("pragma foreign_keys")).scalar_one() == 1
        assert s.execute(text("pragma trusted_schema")).scalar_one() == 1
        assert s.get(Setting, "reuse-test") is not None
    assert len(opened) == 1


def test_uses_at_the_same_time_each_have_their_own_connection(ledger: Ledger) -> None:
    ledger.dispose()
    opened = _opened(ledger)
    inside = threading.Barrier(3, timeout=30)
    seen: list[int] = []

    def read() -> None:
        with ledger.read() as s:
            s.execute(text("select 1")).scalar_one()
            seen.append(id(s.connection().connection.dbapi_connection))
            inside.wait()  # all three hold their connection at once

    threads = [threading.Thread(target=read) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(seen)) == 3
    assert len(opened) == 3


def test_dispose_closes_every_connection(ledger: Ledger, ledger_path: Path) -> None:
    with ledger.read() as s:
        conn = s.connection().connection.dbapi_connection
        s.execute(text("select 1")).scalar_one()
    pool = ledger.engine.pool
    assert isinstance(pool, QueuePool)
    assert pool.checkedin() >= 1
    ledger.dispose()
    assert ledger.engine.pool.checkedin() == 0  # type: ignore[attr-defined]
    try:
        conn.execute("select 1")  # type: ignore[union-attr]
    except Exception as exc:  # sqlite3.ProgrammingError: closed
        assert "closed" in str(exc)
    else:
        raise AssertionError("a disposed ledger's connection is still open")
    assert ledger_path.exists()
