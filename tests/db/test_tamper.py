"""``check`` finds tampering on SQLite (issue 16): a raw amount edit, a deleted transaction, the
latest audit entries deleted or re-chained (proved against a seal or a backup), dropped guard
triggers — each exits non-zero naming what it found."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from db.audit import GENESIS, entry_hash
from ui.cli import main


def check(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["--db", str(db), "check", "--json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.startswith("{") else {}


def found(report: dict[str, Any]) -> list[str]:
    return [f"{p['check']}: {p['where']}: {p['message']}" for p in report["problems"]]


def bypass(conn: sqlite3.Connection, *triggers: str) -> dict[str, str]:
    """Drop ``triggers`` (and every audit-writing trigger), as someone with sqlite3 could;
    returns their SQL so they can be put back."""
    marks = ",".join("?" * len(triggers))
    rows = conn.execute(
        "select name, sql from sqlite_master where type = 'trigger' "
        f"and (name glob 'audit_*' or name in ({marks}))",
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
        dropped = bypass(conn)
        conn.execute(f"update transactions set amount = amount + 100000 where id = {txn}")
        put_back(conn, dropped)
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
        bypass(conn, "guard_transactions_no_delete")
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
        dropped = bypass(conn, "guard_audit_log_no_delete")
        conn.execute(f"delete from audit_log where id = {last}")
        put_back(conn, dropped)
        conn.commit()
    assert check(demo_ledger_path, capsys)[0] == 0  # the chain alone still fits
    code, report = check(demo_ledger_path, capsys, "--seal", seal)
    assert code == 1
    assert found(report) == [
        f"seal: audit entry {last}: audit entry #{last} from the seal {seal} is missing (the "
        f"chain now ends at #{last - 1}): entries were deleted from the end of the audit trail"
    ]
    code, report = check(demo_ledger_path, capsys, "--against", str(backup))
    assert code == 1 and f"from the backup {backup} is missing" in found(report)[0]


def rechain(conn: sqlite3.Connection, edited: int) -> None:
    """Edit entry ``edited``'s reason and re-compute every hash from it on, as a forger would."""
    conn.execute(f"update audit_log set reason = 'routine' where id = {edited}")
    cols = "id, at, user, action, table_name, row_id, old, new, reason, batch_id, prev_hash"
    prev = GENESIS
    for row in conn.execute(f"select {cols} from audit_log order by id").fetchall():
        entry, at, user, action, table, row_id, old, new, reason, batch, _ = row
        if entry >= edited:
            stamp = at.replace(" ", "T") + "+00:00"
            fields = {"at": stamp, "user": user, "action": action, "table": table,
                      "row": row_id, "old": old, "new": new, "reason": reason, "batch": batch}  # fmt: skip
            digest = entry_hash(prev, fields)
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
        dropped = bypass(conn, "guard_audit_log_no_update")
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
