"""The database writes the audit trail on PostgreSQL (issue 16), tried as an attacker would:
each person's own login over raw SQL, as from psql."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from db.audit import verify_chain
from db.schema import AuditEntry
from ui.usecases.session import open_ledger

from .pg_logins import Shared

pytestmark = pytest.mark.postgres


def test_a_forged_audit_insert_is_refused_for_every_role(shared: Shared) -> None:
    forged = (
        'insert into audit_log(at, "user", action, table_name, row_id, prev_hash, hash) '
        "values (now(), 'm.price', 'approve', 'virements', '1', repeat('0', 64), repeat('0', 64))"
    )
    for who in ("fiona", "cal", "bea", "vic", "ada"):
        assert "permission denied for table audit_log" in shared.refused(who, forged)
    # a note covers only a bulk run the login began in the same transaction (0019) ...
    assert "fiona began none for transactions" in shared.refused(
        "fiona", "select fl_audit_note('bulk_insert', 'transactions', null, '{}', 'x', null)"
    )
    # ... and never in someone else's name: it stamps the caller's login
    shared.raw("fiona", "select set_config('fundledger.user', 'm.price', true), "
               "fl_bulk_begin('recon_matches', null), "
               "fl_audit_note('reconcile.auto', 'recon_matches', null, '{}', 'x', null)")  # fmt: skip
    assert "permission denied for function fl_audit_note" in shared.refused(
        "vic", "select fl_audit_note('x', 'transactions', null, '{}', 'x', null)"
    )
    assert "permission denied for function fl_audit_append" in shared.refused(
        "fiona", "select fl_audit_append('x', 'transactions', '1', null, '{}', 'x', null)"
    )
    led = open_ledger(shared.url)
    try:
        with led.read() as s:
            last = s.execute(
                select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)
            ).scalar_one()
            assert (last.user, last.login) == (shared.login("fiona"), shared.login("fiona"))
            assert verify_chain(s) == []
    finally:
        led.dispose()


def test_raw_sql_by_a_roles_own_login_is_audited_with_that_login(shared: Shared) -> None:
    txn = shared.txns["DA"]
    # claiming to be someone else in the setting changes nothing: the login is the user
    shared.raw(
        "fiona",
        "with c as (select set_config('fundledger.user', 'm.price', true)) "
        f"update transactions set amount = amount + 5000 where id = {txn} "
        "and exists (select 1 from c)",
    )
    led = open_ledger(shared.url)
    try:
        with led.read() as s:
            entry = s.execute(
                select(AuditEntry)
                .where(AuditEntry.table_name == "transactions", AuditEntry.row_id == str(txn))
                .order_by(AuditEntry.id.desc())
                .limit(1)
            ).scalar_one()
            assert (entry.user, entry.login, entry.action) == (
                shared.login("fiona"), shared.login("fiona"), "update"
            )  # fmt: skip
            assert json.loads(entry.old or "") == {"amount": "100.00"}
            assert json.loads(entry.new or "") == {"amount": "150.00"}
            assert verify_chain(s) == []
    finally:
        led.dispose()
    # a budget holder's own update of their stream's line: audited as them, whatever they claim
    shared.raw(
        "bea",
        "update budget_lines set name = 'Staff (renamed)' where id = :i",
        i=shared.lines["DA"],
    )
    led = open_ledger(shared.url)
    try:
        with led.read() as s:
            entry = s.execute(
                select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)
            ).scalar_one()
            assert (entry.user, entry.table_name, entry.new) == (
                shared.login("bea"), "budget_lines", '{"name": "Staff (renamed)"}'
            )  # fmt: skip
    finally:
        led.dispose()


def test_an_owners_raw_update_is_audited_and_a_trigger_dropped_is_found(shared: Shared) -> None:
    from sqlalchemy import create_engine, text

    from db.checks import run_checks

    owner = create_engine(shared.url)
    try:
        with owner.begin() as c:
            c.execute(text("alter table transactions disable trigger audit_transactions"))
            c.execute(text("update transactions set amount = amount + 1 where id = :i"),
                      {"i": shared.txns["YJ"]})  # fmt: skip
            c.execute(text("alter table transactions enable trigger audit_transactions"))
            c.execute(text("alter table budget_lines disable trigger audit_budget_lines"))
        led = open_ledger(shared.url)
        try:
            with led.read() as s:
                found = [str(p) for p in run_checks(s)]
        finally:
            led.dispose()
        assert (
            f"tamper: transactions {shared.txns['YJ']}: changed outside the audit trail: amount "
            "is 100.01, audited 100.00" in found
        )
        assert "guards: triggers: missing or disabled: budget_lines.audit_budget_lines" in found
    finally:
        with owner.begin() as c:
            c.execute(text("alter table budget_lines enable trigger audit_budget_lines"))
            c.execute(text("update transactions set amount = amount - 1 where id = :i"),
                      {"i": shared.txns["YJ"]})  # fmt: skip
        owner.dispose()


def test_concurrent_raw_writers_keep_one_chain(shared: Shared) -> None:
    import threading

    from sqlalchemy import create_engine, func, text

    errors: list[BaseException] = []

    def writer(who: str, stream: str) -> None:
        eng = create_engine(shared.url_as(who))
        try:
            for _ in range(12):
                with eng.begin() as c:
                    c.execute(text("update transactions set description = md5(random()::text) "
                                   "where id = :i"), {"i": shared.txns[stream]})  # fmt: skip
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            eng.dispose()

    led = open_ledger(shared.url)
    try:
        with led.read() as s:
            before = s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
        threads = [
            threading.Thread(target=writer, args=a) for a in (("fiona", "DA"), ("frank", "YJ"))
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        with led.read() as s:
            after = s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
            assert verify_chain(s) == []  # each entry links to the one before it, in id order
            logins = s.execute(
                text("select login, count(*) from audit_log where id > :n group by login"),
                {"n": before},
            ).all()
    finally:
        led.dispose()
    assert after - before == 24
    assert dict(logins) == {shared.login("fiona"): 12, shared.login("frank"): 12}


def test_no_role_draws_audit_ids(shared: Shared) -> None:
    """A writer calling nextval left a gap in the trail's numbering (revision 0028)."""
    last = "select max(id) from audit_log"
    (before,) = shared.raw("fiona", last)
    for who in ("fiona", "cal", "bea", "ada", "vic"):
        assert "permission denied for sequence audit_log_id_seq" in shared.refused(
            who, "select nextval('audit_log_id_seq')"
        ), who
    shared.raw("fiona", "update transactions set description = 'still audited' where id = :t",
               t=shared.txns["DA"])  # fmt: skip
    (after,) = shared.raw("fiona", last)
    assert after[0] == before[0] + 1
