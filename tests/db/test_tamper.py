"""``check`` finds tampering on SQLite (issue 16): a raw amount edit, a deleted transaction, the
latest audit entries deleted or re-chained (proved against a seal or a backup), dropped guard
triggers — each exits non-zero naming what it found."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from db.audit_sql import GENESIS, payload
from tests.ledgers import audit_triggers_dropped
from ui.cli import main


def check(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["--db", str(db), "check", "--json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.startswith("{") else {}


def found(report: dict[str, Any]) -> list[str]:
    return [f"{p['check']}: {p['where']}: {p['message']}" for p in report["problems"]]


def drop(conn: sqlite3.Connection, *triggers: str) -> dict[str, str]:
    """Drop guard ``triggers``; returns their SQL so they can be put back."""
    marks = ",".join("?" * len(triggers))
    rows = conn.execute(
        f"select name, sql from sqlite_master where type = 'trigger' and name in ({marks})",
        triggers,
    ).fetchall()
    for name, _ in rows:
        conn.execute(f"drop trigger {name}")
    return dict(rows)


def put_back(conn: sqlite3.Connection, dropped: dict[str, str]) -> None:
    for sql in dropped.values():
        conn.execute(sql)


def audited_transaction(conn: sqlite3.Connection) -> tuple[int, int]:
    """A transaction the audit trail records row by row, and its amount in pence."""
    row = conn.execute(
        "select t.id, t.amount from transactions t where exists (select 1 from audit_log a "
        "where a.table_name = 'transactions' and a.row_id = cast(t.id as text)) "
        "order by t.id limit 1"
    ).fetchone()
    return int(row[0]), int(row[1])


def test_the_demo_passes_and_prints_its_seal(
    demo_ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = check(demo_ledger_path, capsys)
    assert (code, report["problems"]) == (0, [])
    with closing(sqlite3.connect(demo_ledger_path)) as conn:
        last, digest = conn.execute("select id, hash from audit_log order by id desc").fetchone()
    assert report["seal"] == {
        "entry": last,
        "hash": digest,
        "text": f"Ledger seal #{last} {digest[:16]}",
    }
    assert main(["--db", str(demo_ledger_path), "check"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"Ledger seal #{last} {digest[:16]}"


def test_a_raw_amount_edit_is_named(
    demo_ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with closing(sqlite3.connect(demo_ledger_path)) as conn:
        txn, pence = audited_transaction(conn)
        with audit_triggers_dropped(conn):
            conn.execute(f"update transactions set amount = amount + 100000 where id = {txn}")
        conn.commit()
    code, report = check(demo_ledger_path, capsys)
    assert code == 1
    assert found(report) == [
        f"tamper: transactions {txn}: changed outside the audit trail: amount is "
        f"{(pence + 100000) / 100:.2f}, audited {pence / 100:.2f}"
    ]


def test_a_deleted_transaction_and_its_dropped_guard_are_named(
    demo_ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with closing(sqlite3.connect(demo_ledger_path)) as conn:
        txn, _ = audited_transaction(conn)
        drop(conn, "guard_transactions_no_delete")
        with audit_triggers_dropped(conn):
            conn.execute(f"delete from transactions where id = {txn}")
        conn.commit()
    code, report = check(demo_ledger_path, capsys)
    assert code == 1
    problems = found(report)
    assert (
        f"tamper: transactions: rows deleted outside the audit trail (audited, now missing): "
        f"{txn}" in problems
    )
    assert "guards: triggers: missing or disabled: guard_transactions_no_delete" in problems


def test_dropped_guard_triggers_are_named(
    demo_ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with closing(sqlite3.connect(demo_ledger_path)) as conn:
        for name in ("guard_audit_log_no_update", "guard_virements_self_decision_update"):
            conn.execute(f"drop trigger {name}")
        conn.commit()
    code, report = check(demo_ledger_path, capsys)
    assert code == 1
    assert found(report) == [
        "guards: triggers: missing or disabled: guard_audit_log_no_update, "
        "guard_virements_self_decision_update"
    ]


def seal_of(db: Path) -> str:
    with closing(sqlite3.connect(db)) as conn:
        last, digest = conn.execute("select id, hash from audit_log order by id desc").fetchone()
    return f"{last}:{digest[:16]}"


def test_a_deleted_last_audit_entry_is_found_against_the_seal(
    demo_ledger_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seal = seal_of(demo_ledger_path)
    backup = shutil.copy(demo_ledger_path, tmp_path / "backup.sqlite")
    last = int(seal.split(":")[0])
    with closing(sqlite3.connect(demo_ledger_path)) as conn:
        dropped = drop(conn, "guard_audit_log_no_delete")
        conn.execute(f"delete from audit_log where id = {last}")
        put_back(conn, dropped)
        conn.commit()
    # the chain alone still fits (what is left is a whole chain)
    assert not [p for p in found(check(demo_ledger_path, capsys)[1]) if "chain" in p]
    code, report = check(demo_ledger_path, capsys, "--seal", seal)
    assert code == 1
    assert [p for p in found(report) if p.startswith("seal:")] == [
        f"seal: audit entry {last}: audit entry #{last} from the seal {seal} is missing (the "
        f"chain now ends at #{last - 1}): entries were deleted from the end of the audit trail"
    ]
    code, report = check(demo_ledger_path, capsys, "--against", str(backup))
    assert code == 1
    assert any(f"from the backup {backup} is missing" in p for p in found(report))


def rechain(conn: sqlite3.Connection, edited: int) -> None:
    """Edit entry ``edited``'s reason and re-compute every hash from it on, as a forger would."""
    conn.execute(f"update audit_log set reason = 'routine' where id = {edited}")
    cols = "id, at, user, login, action, table_name, row_id, old, new, reason, batch_id"
    prev = GENESIS
    for entry, at, *fields in conn.execute(f"select {cols} from audit_log order by id").fetchall():
        if entry >= edited:
            text = payload(prev, [at.replace(" ", "T"), *fields])
            digest = hashlib.sha256(text.encode()).hexdigest()
            conn.execute(
                "update audit_log set prev_hash = ?, hash = ? where id = ?", (prev, digest, entry)
            )
        prev = conn.execute(f"select hash from audit_log where id = {entry}").fetchone()[0]


def test_a_rechained_audit_trail_is_found_against_the_seal(
    demo_ledger_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seal = seal_of(demo_ledger_path)
    backup = shutil.copy(demo_ledger_path, tmp_path / "backup.sqlite")
    last = int(seal.split(":")[0])
    with closing(sqlite3.connect(demo_ledger_path)) as conn:
        dropped = drop(conn, "guard_audit_log_no_update")
        rechain(conn, last - 5)
        put_back(conn, dropped)
        conn.commit()
    assert check(demo_ledger_path, capsys)[0] == 0  # re-chained: the chain alone fits again
    code, report = check(demo_ledger_path, capsys, "--seal", seal, "--against", str(backup))
    assert code == 1
    problems = found(report)
    assert len(problems) == 2
    assert all("the audit trail up to it was edited and re-chained" in p for p in problems)


def test_a_seal_that_cannot_be_read_is_refused(
    demo_ledger_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(demo_ledger_path), "check", "--seal", "618:3f9a"]) == 2
    assert "too short" in capsys.readouterr().err
    assert main(["--db", str(demo_ledger_path), "check", "--against", str(tmp_path / "x")]) == 2
    assert "there is no backup at" in capsys.readouterr().err


def test_a_forged_audit_entry_is_refused(demo_ledger_path: Path) -> None:
    from sqlalchemy import text

    from ui.usecases.session import open_ledger

    forged = (
        "insert into audit_log(at, user, action, table_name, row_id, prev_hash, hash) values "
        "('2026-12-01 09:00:00.000000', 'm.price', 'approve', 'virements', '1', 'x', 'y')"
    )
    ledger = open_ledger(str(demo_ledger_path), migrate=False)
    try:
        refusal = "written by the database's audit triggers only"
        with pytest.raises(Exception, match=refusal), ledger.write() as s:
            s.execute(text(forged))
    finally:
        ledger.dispose()
    with closing(sqlite3.connect(demo_ledger_path)) as conn:
        with pytest.raises(sqlite3.OperationalError, match="no such function"):
            conn.execute(forged)  # another SQLite client cannot write it (nor any audited table)
        with pytest.raises(sqlite3.OperationalError, match="no such function"):
            conn.execute("update transactions set amount = 1")


def test_an_app_write_is_audited_by_the_trigger_with_user_and_reason(
    demo_ledger_path: Path,
) -> None:
    from sqlalchemy import select, text

    from db.audit import acting, verify_chain
    from db.schema import AuditEntry
    from ui.usecases.session import open_ledger

    ledger = open_ledger(str(demo_ledger_path), migrate=False)
    try:
        with ledger.write() as s:
            with acting(s, "m.price", "correct_amount", reason="invoice re-keyed"):
                s.execute(text("update transactions set amount = amount + 1 where id = 1"))
            s.execute(text("update transactions set description = 'x' where id = 1"))
        with ledger.read() as s:
            cols = (AuditEntry.user, AuditEntry.action, AuditEntry.reason,
                    AuditEntry.table_name, AuditEntry.row_id, AuditEntry.new)  # fmt: skip
            last = s.execute(select(*cols).order_by(AuditEntry.id.desc()).limit(2)).all()
            assert verify_chain(s) == []
    finally:
        ledger.dispose()
    second, first = last
    assert first[:5] == ("m.price", "correct_amount", "invoice re-keyed", "transactions", "1")
    assert set(json.loads(first[5] or "")) == {"amount"}
    # after the block the ledger's own user, the plain action and no reason
    assert second[:3] == (ledger.actor.username, "update", None)
    assert json.loads(second[5] or "") == {"description": "x"}
