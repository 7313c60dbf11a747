"""Template ledgers: built once per test session, copied for each test that needs one.

A fresh ledger costs about a second (every migration, then 226 audited reference rows) and the
demo ledger several more; copying a built file costs milliseconds.  The copy is the same
database page for page, so a test sees exactly what ``init`` (or ``demo``) leaves behind; the
tests of ``init``, the migrations and ``demo`` themselves still build theirs from nothing.

SQLite: the template is closed and checkpointed (no ``-wal``/``-shm``, no ``.lock`` beside it)
and the file is copied.  PostgreSQL: the template database is migrated and seeded (no group
roles: their names come from the database name) and each test's database is
``CREATE DATABASE … TEMPLATE``; ``init`` on the copy then only adds that database's roles.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SIDECARS = ("-wal", "-shm", "-journal", ".lock")


def settle_sqlite(path: Path) -> Path:
    """Checkpoint a closed SQLite ledger so that the file alone is the whole database."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    left = [str(path) + s for s in SIDECARS if Path(str(path) + s).exists()]
    assert not left, f"template ledger still has {left} beside it"
    return path


def build_sqlite_template(path: Path, *, demo: bool = False, base: Path | None = None) -> Path:
    """An initialised ledger at ``path`` (a copy of ``base`` when given), with the demo if asked."""
    from ui.usecases.init import init_ledger

    if base is not None:
        copy_sqlite(base, path)
    led = init_ledger(str(path))
    try:
        if demo:
            from ui.usecases.demo import load_demo

            load_demo(led)
    finally:
        led.dispose()
    return settle_sqlite(path)


def copy_sqlite(template: Path, dest: Path) -> Path:
    """Copy a settled template ledger to ``dest`` (which must not exist yet)."""
    assert not dest.exists(), f"{dest} already exists"
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, dest)
    return dest


def build_pg_template(url: str) -> None:
    """Migrate and seed the (empty) database at ``url``, then close every connection to it."""
    from db.seed import seed_reference
    from ui.usecases.session import open_ledger

    led = open_ledger(url)
    try:
        with led.write() as session:
            seed_reference(session, led.actor)
    finally:
        led.dispose()


def add_ledger_user(ledger: object, name: str, role: str = "finance", *streams: str) -> None:
    """Make ``name`` a real user of the ledger (``--user NAME`` naming no user is refused), as
    the administrator who set it up would (an audited ``add_user``)."""
    from db.ledger import Actor, Ledger
    from db.ops.users import add_user
    from ui.usecases.session import open_ledger

    led = ledger if isinstance(ledger, Ledger) else open_ledger(str(ledger))
    try:
        with led.write() as s:
            add_user(s, Actor("setup", "admin"), name, role, streams)
    finally:
        if led is not ledger:
            led.dispose()


@contextmanager
def audit_triggers_dropped(conn: sqlite3.Connection) -> Iterator[None]:
    """Someone with sqlite3 and the file: the audit triggers call functions only fundledger
    registers, so a foreign client drops them, runs its statements and puts them back."""
    rows = conn.execute(
        "select name, sql from sqlite_master where type = 'trigger' and name glob 'audit_*'"
    ).fetchall()
    for name, _sql in rows:
        conn.execute(f"drop trigger {name}")
    try:
        yield
    finally:
        for _name, sql in rows:
            conn.execute(sql)
        conn.commit()  # the triggers back for good (with whatever the statements did)
