"""Bulk runs on a shared PostgreSQL ledger (migration 0019), tried as an attacker would: their own
login over raw SQL, as from psql.

An import's rows and an auto-match run's matches are covered by one audit entry each, and the
row trigger leaves them to it.  It used to leave any row whose transaction *set* the settings
``fundledger.bulk_batch`` / ``fundledger.bulk_table`` — which any login may set — so a finance
officer could add a transaction to an undone import with no audit entry at all, and ``check``
passed.  Now only a bulk run the login began (``fl_bulk_begin``) leaves rows, it cannot commit
without its covering entry by the same login, and a covering entry can be written for nothing
else.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError

from db.checks import run_checks
from db.schema import AuditEntry
from ui.usecases import reconcile as recon
from ui.usecases.imports import import_file, undo_import

from .pg_logins import Shared

pytestmark = pytest.mark.postgres

#: a £50,000 invoice added to import batch :b, as from psql
HIDDEN = (
    "insert into transactions (stream_id, year, period, txn_date, amount, kind, reference, "
    "reported_nil, batch_id, version, created_at, created_by) select stream_id, year, period, "
    "txn_date, 5000000, 'invoice', :ref, false, batch_id, 1, now(), current_user "
    "from transactions where batch_id = :b order by id limit 1 returning id"
)
NAME_BATCH = "select set_config('fundledger.bulk_batch', :b, true)"


def psql(shared: Shared, who: str, *sql: str, **params: Any) -> list[Any]:
    """Run the statements as ``who`` in one transaction and commit; the last one's rows."""
    eng = create_engine(shared.url_as(who))
    try:
        with eng.begin() as c:
            rows: list[Any] = []
            for one in sql:
                result = c.execute(text(one), params)
                rows = list(result) if result.returns_rows else []
            return rows
    finally:
        eng.dispose()


def problems(shared: Shared) -> list[str]:
    with shared.ledger_as("ada") as led, led.read() as s:
        return [str(p) for p in run_checks(s)]


@pytest.fixture(scope="module")
def undone(shared: Shared) -> int:
    """The sample invoices imported by fiona's own login and undone: the batch's id."""
    from tests.conftest import SAMPLES

    with shared.ledger_as("fiona") as led:
        done = import_file(led, "transactions", SAMPLES / "invoices-2025-26-p01-p06.xlsx")
        assert done.errors == () and done.batch is not None
        undo_import(led, done.batch, "wrong file")
    return done.batch


def test_naming_a_batch_in_the_settings_leaves_no_row_unaudited(
    shared: Shared, undone: int
) -> None:
    (row,) = psql(shared, "fiona", NAME_BATCH, HIDDEN, b=str(undone), ref="HIDDEN-1")
    with shared.ledger_as("ada") as led, led.read() as s:
        logins = s.execute(select(AuditEntry.login).where(
            AuditEntry.table_name == "transactions", AuditEntry.row_id == str(row.id))).all()  # fmt: skip
    assert [tuple(r) for r in logins] == [(shared.login("fiona"),)]
    assert problems(shared) == []


def test_a_bulk_run_cannot_commit_rows_without_its_covering_entry(
    shared: Shared, undone: int
) -> None:
    begin = "select fl_bulk_begin(null, :n)"
    with pytest.raises(DBAPIError) as info:
        psql(shared, "fiona", NAME_BATCH, begin, HIDDEN, b=str(undone), n=undone, ref="HIDDEN-2")
    assert (f"rows were inserted for import batch {undone} without their own audit entries and "
            f"no covering entry by {shared.login('fiona')} follows them") in str(info.value.orig)  # fmt: skip
    assert psql(shared, "fiona", "select id from transactions where reference = 'HIDDEN-2'") == []
    # with one, it commits: the entry names who added the row (and check counts it)
    note = ("select fl_audit_note('bulk_insert', 'transactions', null, '{\"batch_id\": "
            f"{undone}, \"count\": 1, \"control_total\": \"50000.00\"}}', 'mine', :n)")  # fmt: skip
    psql(shared, "fiona", NAME_BATCH, begin, HIDDEN, note, b=str(undone), n=undone, ref="HIDDEN-3")
    with shared.ledger_as("ada") as led, led.read() as s:
        last = s.execute(select(AuditEntry.login, AuditEntry.batch_id, AuditEntry.reason)
                         .order_by(AuditEntry.id.desc()).limit(1)).one()  # fmt: skip
    assert tuple(last) == (shared.login("fiona"), undone, "mine")
    assert problems(shared) == []


@pytest.mark.parametrize(
    ("who", "args", "says"),
    [
        ("cal", "'update', 'transactions', '1', '{\"amount\": \"1.00\"}', 'x', null",
         "names an action and a ledger table (and no row)"),
        ("fiona", "'update', 'pg_class', null, '{}', 'x', null", "and a ledger table"),
        ("fiona", "'update', 'audit_log', null, '{}', 'x', null", "and a ledger table"),
        ("fiona", "'bulk_insert', 'transactions', null, '{}', 'x', 1",
         "began none for import batch 1"),
        ("bea", "'reconcile.auto', 'recon_matches', null, '{}', 'x', null",
         "began none for recon_matches"),
    ],
)  # fmt: skip
def test_an_audit_note_is_only_a_bulk_runs_covering_entry(
    shared: Shared, who: str, args: str, says: str
) -> None:
    assert says in shared.refused(who, f"select fl_audit_note({args})")


def test_a_bulk_run_is_for_a_writer_of_a_batch_or_a_range_table(shared: Shared) -> None:
    assert "permission denied for function fl_bulk_begin" in shared.refused(
        "vic", "select fl_bulk_begin('recon_matches', null)"
    )
    assert "may not insert into recon_matches" in shared.refused(
        "bea", "select fl_bulk_begin('recon_matches', null)"
    )
    assert "transactions is not one" in shared.refused(
        "fiona", "select fl_bulk_begin('transactions', null)"
    )
    assert "batch 999999, which does not exist" in shared.refused(
        "fiona", "select fl_bulk_begin(null, 999999)"
    )
    assert "permission denied for table fl_bulk_runs" in shared.refused(
        "fiona", "select * from fl_bulk_runs"
    )


def test_the_range_setting_alone_leaves_no_match_unaudited(shared: Shared) -> None:
    sql = ("insert into recon_matches (group_id, transaction_id, score, method, status, "
           "version, created_at, created_by) values (90001, :t, 100, 'manual', 'accepted', 1, "
           "now(), current_user) returning id")  # fmt: skip
    name = "select set_config('fundledger.bulk_table', 'recon_matches', true)"
    (row,) = psql(shared, "fiona", name, sql, t=shared.txns["DA"])
    with shared.ledger_as("ada") as led, led.read() as s:
        logins = s.execute(select(AuditEntry.login).where(
            AuditEntry.table_name == "recon_matches", AuditEntry.row_id == str(row.id))).all()  # fmt: skip
    assert [tuple(r) for r in logins] == [(shared.login("fiona"),)]


def test_the_app_imports_and_auto_matches_through_bulk_runs(
    shared: Shared, samples: Path, undone: int
) -> None:
    # ``undone`` first: it imports the same invoices, refused once this test's are standing
    # (the module's tests share one ledger and xdist may run this one first on a worker)
    with shared.ledger_as("fiona") as led:
        gl = import_file(led, "gl", samples / "gl-extract-2025-26-p01-p06.xlsx")
        assert gl.errors == ()
        inv = import_file(led, "transactions", samples / "invoices-2025-26-p01-p06.xlsx")
        assert inv.errors == ()
        view = recon.reconcile(led)
        assert len([m for m in view.result.matches if m.group_id != 90001]) == 92
    with shared.ledger_as("ada") as led, led.read() as s:
        runs = s.execute(select(AuditEntry.login, AuditEntry.action).where(
            AuditEntry.row_id.is_(None)).order_by(AuditEntry.id)).all()  # fmt: skip
    fiona = shared.login("fiona")
    assert [tuple(r) for r in runs][-3:] == [
        (fiona, "bulk_insert"), (fiona, "bulk_insert"), (fiona, "reconcile.auto"),
    ]  # fmt: skip
    assert problems(shared) == []


def test_setting_the_check_immediate_ends_the_run(shared: Shared, undone: int) -> None:
    """SET CONSTRAINTS … IMMEDIATE fires the covering check early (0026): the run ends there, so
    the rows after it are audited one by one instead of left to no entry."""
    begin = "select fl_bulk_begin(null, :n)"
    now = "set constraints all immediate"
    (row,) = psql(shared, "fiona", now, NAME_BATCH, begin, HIDDEN, b=str(undone), n=undone,
                  ref="HIDDEN-5")  # fmt: skip
    with shared.ledger_as("ada") as led, led.read() as s:
        logins = s.execute(select(AuditEntry.login).where(
            AuditEntry.table_name == "transactions", AuditEntry.row_id == str(row.id))).all()  # fmt: skip
    assert [tuple(r) for r in logins] == [(shared.login("fiona"),)]


def test_check_finds_a_row_added_to_an_undone_batch_behind_the_trail(
    shared: Shared, undone: int
) -> None:
    """A ledger written before 0019 may hold such a row: check counts an undone batch too."""
    shared.owner("alter table transactions disable trigger audit_transactions")
    try:
        shared.owner(HIDDEN.replace(" returning id", ""), b=undone, ref="HIDDEN-4")
    finally:
        shared.owner("alter table transactions enable trigger audit_transactions")
    found = "\n".join(problems(shared))
    # the module's tests share the ledger and xdist runs them in any order: what the batch held
    # before varies, so the check must find exactly one row and £50,000 more than its entries
    head = re.escape(f"batch: batch {undone} (transactions): ")
    rows = re.search(head + r"its audit entries record (\d+) rows without their own entry "
                     r"but the batch has (\d+)", found)  # fmt: skip
    assert rows is not None, found
    assert int(rows[2]) == int(rows[1]) + 1
    money = re.search(head + r"rows sum to ([\d.]+), its audit entries total ([\d.]+)", found)
    assert money is not None, found
    assert Decimal(money[1]) - Decimal(money[2]) == Decimal("50000.00")
