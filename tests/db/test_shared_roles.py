"""A shared PostgreSQL ledger: each person connects with their own login and the server refuses.

One database per test (``pg_url``); users are added with ``user add`` as the owner, then every
action is tried over each login's own connection — raw SQL as from psql — and through the app.
"""

from __future__ import annotations

import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, select, text

from db.ledger import Actor, Ledger
from db.ops.locks import close_period
from db.ops.transactions import TransactionInput, add_transaction
from db.schema import SCHEMA_VERSION, Stream, Transaction
from ui.cli import main as cli
from ui.usecases import lifecycle
from ui.usecases.session import open_ledger, who_is_connected

from .pg_logins import OWNER, Shared

pytestmark = pytest.mark.postgres


def _txn_sql(stream: str) -> str:
    return (
        "insert into transactions(stream_id, txn_date, year, period, amount, kind, reported_nil,"
        " version, created_at, created_by) select id, '2025-06-11', 2025, 3, 1234, 'spend', false,"
        f" 1, now(), current_user from streams where code = '{stream}'"
    )


def test_every_role_against_the_server(shared: Shared) -> None:
    denied = "permission denied for table"
    # finance posts money; nobody else can, whatever tool they use
    assert shared.raw("fiona", _txn_sql("YJ")) == [1]
    for who in ("cal", "bea", "vic", "ada"):
        assert denied + " transactions" in shared.refused(who, _txn_sql("DA")), who
    # a budget holder sees only their streams' rows, in every money table
    bea_sees = shared.raw("bea", "select distinct s.code from transactions t join streams s "
                                 "on s.id = t.stream_id")  # fmt: skip
    assert [r[0] for r in bea_sees] == ["DA"]
    assert {r[0] for r in shared.raw("bea", "select stream_id from budget_lines")} == {
        r[0] for r in shared.raw("fiona", "select id from streams where code = 'DA'")
    }
    everything = shared.raw("fiona", "select id from transactions order by id")
    assert len(everything) >= 3
    assert shared.raw("vic", "select id from transactions order by id") == everything
    # ... and writes only into them (row-level security WITH CHECK)
    fc = ("insert into forecasts(budget_line_id, year, period, amount, version, created_at,"
          " created_by) values (:line, 2025, 4, 90000, 1, now(), current_user)")  # fmt: skip
    assert shared.raw("bea", fc, line=shared.lines["DA"]) == [1]
    assert "row-level security" in shared.refused("bea", fc, line=shared.lines["YJ"])
    assert shared.raw("bea", "update budget_lines set name = 'Staffing' where id = :i",
                      i=shared.lines["YJ"]) == [0]  # fmt: skip
    # viewers write nothing; administrators manage reference data but no money
    assert denied + " forecasts" in shared.refused("vic", fc, line=shared.lines["DA"])
    assert denied + " budget_lines" in shared.refused(
        "ada", "update budget_lines set original = 1 where id = :i", i=shared.lines["DA"]
    )
    assert shared.raw("ada", "update streams set directorate = 'Chief Executive''s' "
                             "where code = 'DA'") == [1]  # fmt: skip
    # commissioning officers keep contract lines, nothing else
    contract = ("insert into contract_lines(stream_id, service, provider_text, cost_basis,"
                " fixed_term, internal, sort_order, version, created_at, created_by) select id,"
                " 'Refuge', 'Women''s Aid', 'unknown', false, false, 0, 1, now(), current_user"
                " from streams where code = 'DA'")  # fmt: skip
    assert shared.raw("cal", contract) == [1]
    assert denied + " virements" in shared.refused(
        "cal", "update virements set status = 'approved'"
    )
    # nobody deletes money or edits the audit log, not even finance
    delete = f"delete from transactions where id = {shared.txns['YJ']}"
    assert denied + " transactions" in shared.refused("fiona", delete)
    assert "transactions rows are never deleted" in shared.refused_as_owner(delete)
    assert denied + " audit_log" in shared.refused("fiona", "update audit_log set reason = 'x'")
    assert "append-only" in shared.refused_as_owner("update audit_log set reason = 'x'")


def test_the_app_maps_each_login_to_its_user_and_role(shared: Shared) -> None:
    led = open_ledger(shared.url_as("bea"), "someone-else")
    try:
        assert led.actor == Actor(shared.login("bea"), "budget_holder", frozenset({"DA"}))
        assert who_is_connected(led).startswith(
            f"{shared.login('bea')} (budget holder for DA) as login {shared.login('bea')} on "
            f"{shared.db}@127.0.0.1:5432"
        )
        with led.read() as s:  # the app's own queries see what the server lets through
            codes = s.execute(select(Transaction.stream_id).distinct()).scalars().all()
        assert len(codes) == 1
    finally:
        led.dispose()
    owner = open_ledger(shared.url)
    try:
        assert "(ledger owner)" in who_is_connected(owner)
    finally:
        owner.dispose()


def test_self_approval_is_refused_by_the_server(shared: Shared) -> None:
    bea = open_ledger(shared.url_as("bea"))
    try:
        vid = lifecycle.request_virement(
            bea, shared.lines["DA"], shared.lines["DA"] + 1, Decimal("50.00"), "rephase", 3
        )
    finally:
        bea.dispose()
    approve = "update virements set status = 'approved', decided_by = :by, decided_at = now() "
    # bypassing the app: approving her own request, even naming someone else as the approver
    assert "requested it and cannot approve" in shared.refused(
        "bea", approve + "where id = :i", by=shared.login("bea"), i=vid
    )
    assert "requested it and cannot approve" in shared.refused(
        "bea", approve + "where id = :i", by=shared.login("fiona"), i=vid
    )
    # nor can someone else record the decision in another person's name
    assert "cannot record a decision in another user's name" in shared.refused(
        "fiona", approve + "where id = :i", by=shared.login("frank"), i=vid
    )
    assert shared.raw("fiona", approve + "where id = :i", by=shared.login("fiona"), i=vid) == [1]


def test_a_closed_period_refuses_raw_sql(shared: Shared) -> None:
    led = Ledger(shared.url, Actor("owner", "finance"))
    try:
        with led.write() as s:
            six = add_transaction(s, OWNER, TransactionInput(
                stream_id=s.execute(select(Stream.id).where(Stream.code == "YJ")).scalar_one(),
                txn_date=date(2025, 9, 1), amount=Decimal("7.00")))  # fmt: skip
            close_period(s, OWNER, year=2025, period=6, stream_id=None, reason="month end")
    finally:
        led.dispose()
    msg = shared.refused(
        "fiona", "update transactions set description = 'moved' where id = :i", i=six
    )
    assert msg.startswith(
        "fundledger: period 2025-26 P06 is closed for all streams; transactions in it cannot be "
        "changed (an administrator must reopen the period first)"
    )
    assert "period 2025-26 P06 is closed" in shared.refused(
        "fiona", _txn_sql("YJ").replace("'2025-06-11', 2025, 3", "'2025-09-02', 2025, 6")
    )


def test_user_add_command_creates_a_login_with_a_scram_password(
    shared: Shared, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret\n"))
    name = shared.login("bo")
    code = cli(["--db", shared.url, "user", "add", name, "--role", "budget_holder",
                "--stream", "YJ", "--stream", "DHR", "--password-stdin"])  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out == (
        f"Added {name} as budget_holder for DHR, YJ.\n"
        f"PostgreSQL: created login {name}, member of {shared.db}_budget_holder.\n"
    )
    eng = create_engine(shared.url)
    with eng.connect() as c:
        pw = c.execute(text("select rolpassword from pg_authid where rolname = :n"), {"n": name})
        assert pw.scalar_one().startswith("SCRAM-SHA-256$4096:")
    eng.dispose()
    assert cli(["--db", shared.url, "user", "add", "Bad Name", "--role", "viewer",
                "--no-password"]) == 2  # fmt: skip
    assert "cannot be a login name" in capsys.readouterr().err


def test_writers_are_serialised_so_a_budget_check_cannot_race(shared: Shared) -> None:
    """A write transaction takes the ledger's write lock at BEGIN (PostgreSQL's BEGIN IMMEDIATE):
    a second writer waits until the first commits, so check-then-write never interleaves."""
    first = Ledger(shared.url, OWNER)
    second = Ledger(shared.url, OWNER)
    watcher = create_engine(shared.url)
    done: list[int] = []

    def waiting() -> int:
        with watcher.connect() as c:
            return int(c.execute(text("select count(*) from pg_locks where locktype = "
                                      "'relation' and relation = 'fl_write_lock'::regclass "
                                      "and not granted")).scalar_one())  # fmt: skip

    def other_writer() -> None:
        with second.write() as s:
            done.append(int(s.execute(text("select count(*) from transactions")).scalar_one()))

    try:
        with first.write() as s:
            before = s.execute(text("select count(*) from transactions")).scalar_one()
            thread = threading.Thread(target=other_writer)
            thread.start()
            deadline = time.monotonic() + 10
            while waiting() == 0:  # the second writer is queued behind the first
                assert time.monotonic() < deadline, "second writer never waited"
            assert done == []
            add_transaction(s, OWNER, TransactionInput(
                stream_id=s.execute(select(Stream.id).where(Stream.code == "YJ")).scalar_one(),
                txn_date=date(2025, 7, 1), amount=Decimal("1.00")))  # fmt: skip
        thread.join(timeout=10)
        assert done == [before + 1]  # it saw the first writer's committed row
    finally:
        first.dispose()
        second.dispose()
        watcher.dispose()


@pytest.mark.parametrize("at", ["0001", "0021"])
def test_only_the_owner_can_upgrade_a_shared_ledger(shared: Shared, at: str) -> None:
    """From 0001 the first refusal is 'permission denied'; from 0021 it is 0022's ALTER TABLE,
    refused as 'must be owner of table' — which gave a person a traceback, not this message."""
    from db.migrate import LedgerFileError, head_revision

    owner = create_engine(shared.url)
    try:
        with owner.begin() as c:  # as if a newer fundledger met a ledger still at ``at``
            c.execute(text("update alembic_version set version_num = :v"), {"v": at})
        with pytest.raises(LedgerFileError) as info:
            open_ledger(shared.url_as("bea"))
        assert str(info.value).endswith(
            f"needs upgrading to schema version {SCHEMA_VERSION}, which only the ledger's "
            "owner can do: ask them "
            "to run fundledger init; nothing was changed"
        )
    finally:
        with owner.begin() as c:
            c.execute(text("update alembic_version set version_num = :v"), {"v": head_revision()})
        owner.dispose()
