"""Imports on a PostgreSQL ledger write their rows through COPY (db.ops.pg_copy) where the
session may use it: to the penny, covered by the batch's audit entry, ``check`` clean; COPY
fires the period guard and the audit trigger like INSERT; a ledger user's own login (row-level
security) keeps the INSERTs the policies check and is not given COPY."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import String as SqlString
from sqlalchemy import Table, cast, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from db.checks import run_checks
from db.ledger import Actor
from db.ops import pg_copy
from db.ops._common import table_of
from db.ops.locks import close_period
from db.schema import AuditEntry, Base, StatementLine, Stream, Transaction
from ui.cli import main as cli_main
from ui.usecases.imports import import_file
from ui.usecases.session import open_ledger

from .pg_logins import Shared

pytestmark = pytest.mark.postgres

INVOICES = "invoices-2025-26-p01-p06.xlsx"
GL = "gl-extract-2025-26-p01-p06.xlsx"
COLUMNS = ("stream_id", "txn_date", "year", "period", "amount", "kind", "reported_nil")


class _Rollback(Exception):
    """Raised at the end of a write block to roll it back."""


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each table :func:`pg_copy.copy_rows` writes (it still writes); the import's
    writer passes the Core table, a caller may pass a mapped class."""
    used: list[str] = []
    real = pg_copy.copy_rows

    def spy(
        session: Session,
        model: Table | type[Base],
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        actor: Actor,
    ) -> int:
        used.append(table_of(model).name)
        return real(session, model, columns, rows, actor)

    monkeypatch.setattr(pg_copy, "copy_rows", spy)
    return used


def test_an_import_goes_through_copy_to_the_penny_audited_and_checked(
    shared: Shared, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used = _spy(monkeypatch)
    led = open_ledger(shared.url)  # the owner: no row-level security applies
    try:
        result = import_file(led, "transactions", samples / INVOICES)
        assert result.errors == (), [str(e) for e in result.errors]
        assert used == ["transactions"]
        assert (result.imported, result.total) == (96, Decimal("400472.19"))
        batch = result.batch
        assert batch is not None
        with led.read() as s:
            n, total = s.execute(
                select(func.count(), func.sum(Transaction.amount)).where(
                    Transaction.batch_id == batch
                )
            ).one()
            assert (n, total) == (96, Decimal("400472.19"))
            covering = s.execute(
                select(AuditEntry.action, AuditEntry.row_id, AuditEntry.new).where(
                    AuditEntry.table_name == "transactions", AuditEntry.batch_id == batch
                )
            ).all()
            assert [(a, r, json.loads(new or "")) for a, r, new in covering] == [
                ("bulk_insert", None, {"batch_id": batch, "count": 96,
                                       "control_total": "400472.19"}),
            ]  # fmt: skip
            ids = select(cast(Transaction.id, SqlString)).where(Transaction.batch_id == batch)
            per_row = select(func.count()).where(
                AuditEntry.table_name == "transactions", AuditEntry.row_id.in_(ids)
            )
            assert s.execute(per_row).scalar_one() == 0  # the batch's entry covers them
            own = select(AuditEntry.action).where(
                AuditEntry.table_name == "import_batches", AuditEntry.row_id == str(batch)
            )
            assert s.execute(own).scalars().all() == ["import"]
            assert run_checks(s) == []
    finally:
        led.dispose()
    assert cli_main(["--db", shared.url, "check"]) == 0


def test_copy_fires_the_period_guard_and_audits_rows_no_batch_covers(shared: Shared) -> None:
    led = open_ledger(shared.url)
    try:
        with led.read() as s:
            da = s.execute(select(Stream.id).where(Stream.code == "DA")).scalar_one()
        row = (da, date(2025, 9, 12), 2025, 6, 1234, "spend", False)
        # a closed period refuses the COPY (fl_guard_period fires on each row)
        with pytest.raises(DBAPIError, match="is closed"), led.write() as s:
            close_period(s, led.actor, year=2025, period=6, stream_id=None, reason="m/e")
            pg_copy.copy_rows(s, Transaction, COLUMNS, [row], led.actor)
        # rows outside a bulk batch are audited one by one (fl_audit fires on each row)
        with pytest.raises(_Rollback), led.write() as s:
            assert pg_copy.copy_rows(s, Transaction, COLUMNS, [row, row], led.actor) == 2
            entries = s.execute(
                select(AuditEntry.action, AuditEntry.new)
                .where(AuditEntry.table_name == "transactions")
                .order_by(AuditEntry.id.desc())
                .limit(2)
            ).all()
            assert [(a, json.loads(new or "")["amount"]) for a, new in entries] == [
                ("insert", "12.34"), ("insert", "12.34"),
            ]  # fmt: skip
            raise _Rollback
    finally:
        led.dispose()


def test_a_ledger_login_keeps_inserts_and_is_not_given_copy(
    shared: Shared, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used = _spy(monkeypatch)
    fiona = open_ledger(shared.url_as("fiona"))  # finance: row-level security applies
    try:
        with fiona.read() as s:
            assert pg_copy.copier(s, Transaction) is None
            assert pg_copy.copier(s, StatementLine) is None
        result = import_file(fiona, "gl", samples / GL)
        assert result.errors == (), [str(e) for e in result.errors]
        assert (result.imported, result.total) == (96, Decimal("476145.47"))
        assert used == []
        with fiona.read() as s:
            total = s.execute(
                select(func.sum(StatementLine.amount)).where(StatementLine.batch_id == result.batch)
            ).scalar_one()
            assert total == Decimal("476145.47")
    finally:
        fiona.dispose()
    # the server itself refuses her COPY
    with shared.session("fiona") as c:
        raw: Any = c.connection.driver_connection
        copy = "COPY transactions (amount) FROM STDIN"
        with (
            pytest.raises(psycopg.Error, match="row-level security"),
            raw.cursor() as cur,
            cur.copy(copy) as cp,
        ):
            cp.write_row((1,))
