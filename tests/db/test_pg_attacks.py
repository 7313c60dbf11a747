"""The attacks of issue 16 on a shared PostgreSQL ledger, each tried as the attacker would: their
own login, raw SQL over their own connection (as from psql), temporary objects, the write lock.

Two layers are shown for each shadowing attack: ledger roles may not create temporary objects
at all (refused outright), and — had a database administrator granted TEMPORARY to a login
anyway — the guard and row-level-security functions still read the ledger's own tables, since
they name them with the schema and run with ``search_path = public, pg_temp`` (ADR 004).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db.ledger import Ledger
from db.ops.locks import close_period
from db.ops.transactions import TransactionInput, add_transaction
from ui.usecases import lifecycle
from ui.usecases.session import open_ledger

from .pg_logins import OWNER, PEOPLE, Shared

pytestmark = pytest.mark.postgres

TEMP_USERS = (
    "create temporary table users (id integer, username text, role text, active boolean,"
    " display_name text)"
)


@contextmanager
def temporary_allowed(shared: Shared, who: str) -> Iterator[None]:
    """A misconfiguration the functions must survive: TEMPORARY granted to one login."""
    login = shared.login(who)
    shared.owner(f'grant temporary on database "{shared.db}" to "{login}"')
    try:
        yield
    finally:
        shared.owner(f'revoke temporary on database "{shared.db}" from "{login}"')


def refused_in(conn_sql: list[str], shared: Shared, who: str) -> str:
    """Run ``conn_sql`` in one session as ``who``; the last statement must be refused."""
    with pytest.raises(DBAPIError) as info, shared.session(who) as c:
        for sql in conn_sql:
            c.execute(text(sql))
    return str(info.value.orig)


def test_no_ledger_role_can_create_temporary_or_schema_objects(shared: Shared) -> None:
    for who in PEOPLE:
        msg = refused_in([TEMP_USERS], shared, who)
        assert "permission denied to create temporary tables" in msg, who
        msg = refused_in(["create view public.users_v as select 1 as x"], shared, who)
        assert "permission denied for schema public" in msg, who
        msg = refused_in(["create schema mine"], shared, who)
        assert "permission denied for database" in msg, who
    with shared.session("owner") as c:
        for role in ("finance", "commissioning", "budget_holder", "viewer", "admin"):
            group = f"{shared.db}_{role}"
            got = c.execute(text(
                "select has_database_privilege(:g, current_database(), 'TEMPORARY'),"
                " has_schema_privilege(:g, 'public', 'CREATE')"), {"g": group}).one()  # fmt: skip
            assert tuple(got) == (False, False), group
        public = c.execute(text(
            "select count(*) from pg_database d, aclexplode(d.datacl) a where d.datname ="
            " current_database() and a.grantee = 0")).scalar_one()  # fmt: skip
        assert public == 0  # PUBLIC holds nothing on the database


def test_every_guard_function_pins_its_search_path(shared: Shared) -> None:
    with shared.session("owner") as c:
        rows = c.execute(text(
            "select p.proname, p.proconfig from pg_proc p join pg_namespace n on"
            " n.oid = p.pronamespace where n.nspname = 'public' and p.proname like 'fl\\_%'"
        )).all()  # fmt: skip
        c.execute(text("set local search_path = pg_catalog"))  # deparse with schema names
        policies = c.execute(text("select tablename, qual, with_check from pg_policies")).all()
    assert {r[0] for r in rows} >= {
        "fl_row_stream", "fl_check_period", "fl_guard_period", "fl_guard_no_delete",
        "fl_guard_audit", "fl_me", "fl_guard_decision", "fl_sees_stream", "fl_sees_all",
        "fl_my_streams", "fl_write_lock",
    }  # fmt: skip
    for name, config in rows:
        assert "search_path=public, pg_temp" in (config or []), name
    assert policies
    for table, qual, check in policies:
        if qual is None:  # an insert policy: the audit log's checks nothing about the row,
            # a return schedule's (0020) the stream
            assert (table, check) == ("audit_log", "true") or "public.fl_" in check, table
            continue
        assert "public.fl_" in qual and check in (qual, None), table


def test_a_temporary_users_table_does_not_widen_a_budget_holders_streams(shared: Shared) -> None:
    bea = shared.login("bea")
    forged = f"insert into users values (1, '{bea}', 'finance', true, 'Bea')"
    with temporary_allowed(shared, "bea"), shared.session("bea") as c:
        c.execute(text(TEMP_USERS))
        c.execute(text(forged))
        assert c.execute(text("select role from users")).scalar_one() == "finance"  # her shadow
        streams = c.execute(text("select distinct s.code from transactions t join streams s"
                                 " on s.id = t.stream_id")).scalars().all()  # fmt: skip
        assert streams == ["DA"]
        changed = c.execute(text("update budget_lines set name = 'Mine' where id = :i"),
                            {"i": shared.lines["YJ"]})  # fmt: skip
        assert changed.rowcount == 0


def test_a_temporary_period_locks_table_does_not_open_a_closed_period(shared: Shared) -> None:
    led = Ledger(shared.url, OWNER)
    try:
        with led.write() as s:
            close_period(s, OWNER, year=2025, period=2, stream_id=None, reason="month end")
    finally:
        led.dispose()
    insert = (
        "insert into transactions(stream_id, txn_date, year, period, amount, kind, reported_nil,"
        " version, created_at, created_by) select id, '2025-05-20', 2025, 2, 999, 'spend', false,"
        " 1, now(), current_user from streams where code = 'YJ'"
    )
    shadow = "create temporary table period_locks (like public.period_locks)"
    assert "permission denied to create temporary tables" in refused_in([shadow], shared, "fiona")
    with temporary_allowed(shared, "fiona"):
        msg = refused_in([shadow, insert], shared, "fiona")
    assert "period 2025-26 P02 is closed for all streams; transactions in it cannot be" in msg


def test_a_temporary_view_hiding_the_caller_does_not_let_them_decide_their_own(
    shared: Shared,
) -> None:
    bea = open_ledger(shared.url_as("bea"))
    try:
        vid = lifecycle.request_virement(
            bea, shared.lines["DA"], shared.lines["DA"] + 1, Decimal("5.00"), "rephase", 3
        )
    finally:
        bea.dispose()
    hide = (
        "create temporary view users as select * from public.users where username <> current_user"
    )
    approve = (
        f"update virements set status = 'approved', decided_by = '{shared.login('fiona')}',"
        f" decided_at = now() where id = {vid}"
    )
    with temporary_allowed(shared, "bea"):
        assert "requested it and cannot approve" in refused_in([hide, approve], shared, "bea")
    forged = (
        "insert into virements(stream_id, year, period, from_line_id, to_line_id, amount,"
        " reason, status, requested_by, requested_at, decided_by, decided_at, version,"
        " created_at, created_by) select stream_id, 2025, 3, id, id + 1, 100, 'forged',"
        f" 'approved', '{shared.login('frank')}', now(), '{shared.login('cal')}', now(), 1,"
        f" now(), current_user from budget_lines where id = {shared.lines['DA']}"
    )
    with temporary_allowed(shared, "fiona"):
        msg = refused_in([hide, forged], shared, "fiona")
    assert "cannot record a request in another user's name" in msg


def test_a_viewer_cannot_hold_the_write_lock(shared: Shared) -> None:
    assert "permission denied for function fl_write_lock" in refused_in(
        ["select public.fl_write_lock()"], shared, "vic"
    )
    assert "permission denied for table fl_write_lock" in refused_in(
        ["lock table public.fl_write_lock in exclusive mode"], shared, "vic"
    )
    # the old way to block every writer (a public advisory-lock key) no longer stops anyone
    with shared.session("vic") as c:
        c.execute(text("select pg_advisory_xact_lock(7410001)"))
        c.execute(text("select pg_advisory_lock(7410001)"))
        fiona = open_ledger(shared.url_as("fiona"))
        try:
            with fiona.write() as s:
                add_transaction(s, fiona.actor, TransactionInput(
                    stream_id=s.execute(text("select id from streams where code = 'YJ'"))
                    .scalar_one(), txn_date=date(2025, 7, 2), amount=Decimal("3.00")))  # fmt: skip
        finally:
            fiona.dispose()


def test_a_writer_waiting_on_the_lock_gives_up_saying_the_ledger_is_busy(shared: Shared) -> None:
    shared.owner("alter function public.fl_write_lock() set lock_timeout = '200ms'")
    try:
        with shared.session("frank") as c:
            c.execute(text("select public.fl_write_lock()"))  # frank is mid-change
            msg = refused_in(["select public.fl_write_lock()"], shared, "fiona")
    finally:
        shared.owner("alter function public.fl_write_lock() set lock_timeout = '30s'")
    assert msg.startswith(
        "fundledger: the ledger is busy: another user's change has been writing for more than "
        "200ms; nothing was written, try again in a moment"
    )


def test_the_owner_upgrading_by_opening_the_ledger_reapplies_the_grants(shared: Shared) -> None:
    """A migration adds functions and tables; opening the ledger as its owner (the app, not
    only ``init``) upgrades it and re-applies the grants, so writers can still write."""
    from alembic import command
    from sqlalchemy import create_engine

    from db.migrate import alembic_config

    finance = f'"{shared.db}_finance"'
    shared.owner(f"revoke execute on function public.fl_write_lock() from {finance}")
    eng = create_engine(shared.url)
    try:
        cfg = alembic_config()
        with eng.begin() as conn:  # as a ledger one migration behind
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "-1")
    finally:
        eng.dispose()
    assert "permission denied for function fl_write_lock" in refused_in(
        ["select public.fl_write_lock()"], shared, "fiona"
    )
    open_ledger(shared.url).dispose()  # the owner opens it: upgraded, grants re-applied
    fiona = open_ledger(shared.url_as("fiona"))
    try:
        with fiona.write() as s:
            add_transaction(s, fiona.actor, TransactionInput(
                stream_id=s.execute(text("select id from streams where code = 'YJ'"))
                .scalar_one(), txn_date=date(2025, 7, 9), amount=Decimal("4.00")))  # fmt: skip
    finally:
        fiona.dispose()
