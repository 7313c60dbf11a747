"""A row's "last changed by/at" and version are the acting user's (migration 0030), tried as a
finance officer and an administrator would from psql with their own login.  Before, finance ran
``update transactions set updated_by = 'someone.else'`` and no audit entry was written (the
audit trigger leaves out an update of only those columns): the app showed someone else as the
row's last editor, and ``version`` — the check that tells a second writer the row moved on —
could be set back.  The app's own edits, each by its role's login, still stamp their rows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from db.checks import run_checks
from db.ledger import Ledger
from db.ops import transactions
from ui.usecases import lifecycle
from ui.usecases import reconcile as recon
from ui.usecases.imports import import_file, undo_import
from ui.usecases.users import change

from .pg_logins import OWNER, Shared

pytestmark = pytest.mark.postgres

FORGED = 'a row\'s "last changed by" is the user who changes it'
RESET = "a change moves a row's version on by one"
STAMP = "select version, updated_by, updated_at from {t} where id = :i"


def stamp(shared: Shared, table: str, row: int) -> tuple[Any, ...]:
    (r,) = shared.raw("ada", STAMP.format(t=table), i=row)
    return tuple(r)


def problems(shared: Shared) -> list[str]:
    with shared.ledger_as("ada") as led, led.read() as s:
        return [str(p) for p in run_checks(s)]


def edit(shared: Shared, who: str, txn: int, reference: str) -> None:
    with shared.ledger_as(who) as led:
        version = stamp(shared, "transactions", txn)[0]
        lifecycle.write(led, transactions.edit_transaction, txn, {"reference": reference},
                        expected_version=version)  # fmt: skip


def test_finance_cannot_forge_a_rows_stamp_nor_reset_its_version(shared: Shared) -> None:
    txn = shared.txns["YJ"]
    edit(shared, "frank", txn, "FRANK-1")
    version, by, at = stamp(shared, "transactions", txn)
    assert (version, by) == (2, shared.login("frank"))
    other = {"u": shared.login("cal"), "i": txn}
    # "last changed by" someone else: alone, with a real change, or with the version moved on
    for sql in (
        "update transactions set updated_by = 'someone.else' where id = :i",
        "update transactions set updated_by = :u, reference = 'MINE' where id = :i",
        "update transactions set updated_by = 'x', version = version + 1 where id = :i",
        "update transactions set updated_at = now() - interval '1 year' where id = :i",
        "update transactions set version = version + 1 where id = :i",
    ):
        assert FORGED in shared.refused("fiona", sql, **other), sql
    # the version set back (or jumped), even when she names herself
    for sql in (
        "update transactions set version = 1, updated_by = current_user where id = :i",
        "update transactions set version = 99, updated_by = current_user where id = :i",
    ):
        assert RESET in shared.refused("fiona", sql, i=txn), sql
    assert stamp(shared, "transactions", txn) == (version, by, at)
    # her own stamp, moved on by one, is the truth: the time is the server's, not hers
    shared.raw("fiona", "update transactions set version = version + 1, updated_by = "
               "current_user, updated_at = '2020-01-01' where id = :i", i=txn)  # fmt: skip
    version, by, at = stamp(shared, "transactions", txn)
    assert (version, by) == (3, shared.login("fiona")) and at.year > 2020
    # and the app's next edit, by frank, still goes through
    edit(shared, "frank", txn, "FRANK-2")
    assert stamp(shared, "transactions", txn)[:2] == (4, shared.login("frank"))
    assert problems(shared) == []


def test_an_administrator_cannot_forge_a_stamp_through_its_column_grants(shared: Shared) -> None:
    with shared.ledger_as("fiona") as led:
        lock = lifecycle.close_period(led, 2025, 1, None, "P01 closed")
    with shared.ledger_as("ada") as led:
        lifecycle.reopen_period(led, lock, "journal late")
    version, by, _at = stamp(shared, "period_locks", lock)
    assert (version, by) == (2, shared.login("ada"))
    assert FORGED in shared.refused(
        "ada", "update period_locks set updated_by = :u where id = :i",
        u=shared.login("fiona"), i=lock,
    )  # fmt: skip
    assert RESET in shared.refused(
        "ada", "update period_locks set version = 1, updated_by = current_user where id = :i",
        i=lock,
    )  # fmt: skip
    assert stamp(shared, "period_locks", lock)[:2] == (2, shared.login("ada"))


def test_the_apps_own_writes_still_stamp_their_rows(shared: Shared, samples: Path) -> None:
    da = shared.lines["DA"]
    with shared.ledger_as("bea") as led:
        vid = lifecycle.request_virement(led, da, da + 1, Decimal("5.00"), "rephase", 3)
    with shared.ledger_as("fiona") as led:
        lifecycle.approve_virement(led, vid)
    assert stamp(shared, "virements", vid)[:2] == (2, shared.login("fiona"))
    # a user changed by the owner (the app names the owner's login)
    led = Ledger(shared.url, OWNER)
    try:
        change(led, shared.login("cal"), "commissioning", (), display_name="Cal C")
    finally:
        led.dispose()
    (uid,) = shared.raw("ada", "select id from users where username = :u", u=shared.login("cal"))
    version, by, _at = stamp(shared, "users", uid.id)
    assert version == 2 and by is not None
    # an import and its undo, a GL statement and an auto-match, by finance's own login
    with shared.ledger_as("fiona") as led:
        done = import_file(led, "transactions", samples / "invoices-2025-26-p01-p06.xlsx")
        assert done.errors == () and done.batch is not None
        undo_import(led, done.batch, "wrong file")
        assert import_file(led, "gl", samples / "gl-extract-2025-26-p01-p06.xlsx").errors == ()
        again = import_file(led, "transactions", samples / "invoices-2025-26-p01-p06.xlsx")
        assert again.errors == ()
        assert recon.reconcile(led).result.matches
    assert stamp(shared, "import_batches", done.batch)[:2] == (2, shared.login("fiona"))
    assert problems(shared) == []


def test_check_names_a_dropped_stamp_guard(shared: Shared) -> None:
    shared.owner("alter table transactions disable trigger guard_transactions_stamp")
    try:
        assert any("transactions.guard_transactions_stamp" in p for p in problems(shared))
    finally:
        shared.owner("alter table transactions enable trigger guard_transactions_stamp")
    assert problems(shared) == []
