"""Helpers for the lifecycle tests: actors, stream ids, budget lines."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from db.ledger import Actor, Ledger
from db.schema import BudgetLine, Organisation, Stream
from db.writes import insert
from fundledger.money import Money

FIONA = Actor("fiona", "finance")
FRANK = Actor("frank", "finance")
ADMIN = Actor("ada", "admin")
VIEWER = Actor("vic", "viewer")
DA_HOLDER = Actor("bea", "budget_holder", frozenset({"DA"}))
COMMISSIONER = Actor("cal", "commissioning")


def m(s: str) -> Money:
    return Money(Decimal(s))


def sid(ledger: Ledger, code: str) -> int:
    with ledger.read() as s:
        return s.execute(select(Stream.id).where(Stream.code == code)).scalar_one()


def org(ledger: Ledger, name: str) -> int:
    with ledger.read() as s:
        return s.execute(select(Organisation.id).where(Organisation.name == name)).scalar_one()


def line(ledger: Ledger, code: str, year: int, name: str, original: str) -> int:
    stream = sid(ledger, code)
    with ledger.write() as s:
        bl = BudgetLine(stream_id=stream, year=year, name=name, original=m(original))
        insert(s, FIONA, bl)
        return bl.id


#: run a module's tests on SQLite, and on PostgreSQL when a server is configured
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def open_backend(request: pytest.FixtureRequest, ledger_path: Path) -> Iterator[Ledger]:
    """Body of a ``ledger`` fixture parametrised over :data:`BACKENDS`."""
    from ui.usecases.init import init_ledger

    url = (
        str(ledger_path) if request.param == "sqlite" else request.getfixturevalue("pg_ledger_url")
    )
    led = init_ledger(url)
    yield led
    led.dispose()
