"""Revision 0018: the contract-line and reversal indexes of ``transactions`` hold only the rows
that have a value (issue 23) — on a migrated SQLite ledger, on PostgreSQL, and as the schema
declares them — and a lookup by value still seeks them (the query-plan tests check the report's
and the reconciliation's lookups; here the plain ones)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from db.engine import make_engine, resolve_url
from db.ledger import Actor, Ledger
from db.migrate import upgrade
from db.schema import Base

PARTIAL = {
    "ix_transactions_contract": "contract_line_id IS NOT NULL",
    "ix_transactions_reverses_id": "reverses_id IS NOT NULL",
}


def test_the_schema_declares_both_indexes_partial() -> None:
    """On SQLite as declared; on PostgreSQL once a PostgreSQL engine is made (declaring it in
    the table would load SQLAlchemy's PostgreSQL dialect in every process: tests/cli/
    test_lean_start.py)."""
    indexes = {str(ix.name): ix for ix in Base.metadata.tables["transactions"].indexes}
    make_engine("postgresql+psycopg://nobody@localhost/none").dispose()  # connects to nothing
    make_engine("postgresql+psycopg://nobody@localhost/none").dispose()  # declared once
    for name, where in PARTIAL.items():
        for dialect in ("sqlite", "postgresql"):
            assert str(indexes[name].dialect_options[dialect]["where"]) == where
        assert list(indexes[name].dialect_kwargs) == ["sqlite_where", "postgresql_where"]


def test_a_migrated_sqlite_ledger_has_them_partial_and_lookups_seek_them(tmp_path: Path) -> None:
    led = Ledger(resolve_url(str(tmp_path / "l.sqlite")), Actor("alice", "finance"))
    upgrade(led.engine)
    with led.read() as s:
        found: dict[str, str] = dict(
            s.execute(
                text("select name, sql from sqlite_master where type = 'index' and name in "
                     "('ix_transactions_contract', 'ix_transactions_reverses_id')")
            ).all()
        )  # fmt: skip
        assert set(found) == set(PARTIAL)
        for name, where in PARTIAL.items():
            assert found[name].endswith(f"WHERE {where}"), found[name]
        for sql, name in (
            ("select sum(amount) from transactions where contract_line_id = 3 and year = 2025",
             "ix_transactions_contract (contract_line_id=? AND year=?)"),
            ("select id from transactions where reverses_id = 7",
             "ix_transactions_reverses_id (reverses_id=?)"),
        ):  # fmt: skip
            plan = " ".join(r[-1] for r in s.execute(text("explain query plan " + sql)).all())
            assert name in plan, plan
    led.dispose()


@pytest.mark.postgres
def test_postgresql_has_them_partial(pg_url: str) -> None:
    led = Ledger(pg_url, Actor("alice", "finance"))
    upgrade(led.engine)
    with led.read() as s:
        defs: dict[str, str] = dict(
            s.execute(
                text("select indexname, indexdef from pg_indexes where schemaname = "
                     "current_schema() and indexname in ('ix_transactions_contract', "
                     "'ix_transactions_reverses_id')")
            ).all()
        )  # fmt: skip
    led.dispose()
    assert set(defs) == set(PARTIAL)
    for name, where in PARTIAL.items():
        assert defs[name].endswith(f"WHERE ({where})"), defs[name]
