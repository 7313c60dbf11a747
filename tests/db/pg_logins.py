"""A shared PostgreSQL ledger with a login per role, for tests that act as each person would:
raw SQL over their own connection (as from psql), or the app opened with their login.

The fixtures ``module_pg_url`` and ``shared`` (one database per test module) are imported by
``tests/db/conftest.py``; a test module elsewhere imports them from here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from db.ledger import Actor, Ledger
from db.ops.transactions import TransactionInput, add_transaction
from db.schema import BudgetLine, Stream
from db.writes import insert
from fundledger.money import Money
from ui.usecases.init import init_ledger
from ui.usecases.session import open_ledger
from ui.usecases.users import add

OWNER = Actor("owner", "finance")
PEOPLE = {
    "fiona": ("finance", ()),
    "frank": ("finance", ()),
    "cal": ("commissioning", ()),
    "bea": ("budget_holder", ("DA",)),
    "vic": ("viewer", ()),
    "ada": ("admin", ()),
}


@dataclass
class Shared:
    url: str
    db: str
    lines: dict[str, int]  # stream code → a 2025 budget line
    txns: dict[str, int]  # stream code → a transaction

    def login(self, who: str) -> str:
        return f"{self.db}_{who}"

    def url_as(self, who: str) -> str:
        u = make_url(self.url).set(username=self.login(who))
        return u.render_as_string(hide_password=False)

    @contextmanager
    def ledger_as(self, who: str) -> Iterator[Ledger]:
        """The app's ledger opened with ``who``'s own login, disposed after."""
        led = open_ledger(self.url_as(who))
        try:
            yield led
        finally:
            led.dispose()

    def raw(self, who: str, sql: str, **params: Any) -> list[Any]:
        """Run ``sql`` as ``who`` over their own connection (as psql would); rows or raises."""
        eng = create_engine(self.url_as(who))
        try:
            with eng.begin() as c:
                result = c.execute(text(sql), params)
                return list(result) if result.returns_rows else [result.rowcount]
        finally:
            eng.dispose()

    def refused(self, who: str, sql: str, **params: Any) -> str:
        with pytest.raises(DBAPIError) as info:
            self.raw(who, sql, **params)
        return str(info.value.orig)

    @contextmanager
    def session(self, who: str) -> Iterator[Connection]:
        """One connection as ``who`` (``owner`` for the table owner), in a transaction that is
        rolled back at the end: temporary objects and locks last for the whole block."""
        eng = create_engine(self.url if who == "owner" else self.url_as(who))
        try:
            with eng.connect() as c:
                try:
                    yield c
                finally:
                    c.rollback()
        finally:
            eng.dispose()

    def owner(self, sql: str, **params: Any) -> None:
        """Run ``sql`` as the ledger's owner and commit."""
        eng = create_engine(self.url)
        try:
            with eng.begin() as c:
                c.execute(text(sql), params)
        finally:
            eng.dispose()

    def refused_as_owner(self, sql: str) -> str:
        eng = create_engine(self.url)
        try:
            with pytest.raises(DBAPIError) as info, eng.begin() as c:
                c.execute(text(sql))
        finally:
            eng.dispose()
        return str(info.value.orig)


def build_shared(pg_url: str) -> Shared:
    """``init`` on the empty database at ``pg_url``, a login per person in :data:`PEOPLE`, and
    a 2025 Staff (£1,000) and Other (£500) line in DA and YJ with a £100 transaction on Staff."""
    led = init_ledger(pg_url)
    db = str(make_url(pg_url).database)
    try:
        for name, (role, streams) in PEOPLE.items():
            add(led, f"{db}_{name}", role, streams, password="pw")
        lines, txns = {}, {}
        with led.write() as s:
            for code in ("DA", "YJ"):
                sid = s.execute(select(Stream.id).where(Stream.code == code)).scalar_one()
                bl = insert(s, OWNER, BudgetLine(stream_id=sid, year=2025, name="Staff",
                                                 original=Money(Decimal("1000.00"))))  # fmt: skip
                for name in ("Other",):
                    insert(s, OWNER, BudgetLine(stream_id=sid, year=2025, name=name,
                                                original=Money(Decimal("500.00"))))  # fmt: skip
                lines[code] = bl.id
                txns[code] = add_transaction(
                    s, OWNER, TransactionInput(stream_id=sid, txn_date=date(2025, 6, 10),
                                               amount=Decimal("100.00"), budget_line_id=bl.id),
                )  # fmt: skip
    finally:
        led.dispose()
    return Shared(pg_url, db, lines, txns)


@pytest.fixture(scope="module")
def module_pg_url(pg_server: str, pg_template: str) -> Iterator[str]:
    """One database for this module's tests, a copy of the session's migrated and seeded
    ``pg_template`` (tests/conftest.py) — ``init`` then only adds the group roles, rather than
    migrating from nothing in every module (seconds each)."""
    name = f"fl_test_{uuid.uuid4().hex[:12]}"
    template = make_url(pg_template).database
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'create database "{name}" template "{template}"'))
    try:
        yield make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text("select pg_terminate_backend(pid) from pg_stat_activity "
                           "where datname = :n and pid <> pg_backend_pid()"), {"n": name})  # fmt: skip
            c.execute(text(f'drop database if exists "{name}"'))
            for role in list(c.execute(text("select rolname from pg_roles where "
                             "starts_with(rolname, :p)"), {"p": f"{name}_"}).scalars()):  # fmt: skip
                c.execute(text(f'drop role "{role}"'))
        admin.dispose()


@pytest.fixture(scope="module")
def shared(module_pg_url: str) -> Shared:
    """One shared ledger per test module (setting it up takes seconds): see pg_logins."""
    return build_shared(module_pg_url)
