"""``check`` finds what is wrong in a ledger edited behind fundledger's back; backups rotate."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from db.backup import BackupError, backup_sqlite, control_totals, default_path, rotate
from db.checks import Problem, run_checks
from tests.ledgers import audit_triggers_dropped, copy_sqlite
from ui.usecases.demo import load_demo
from ui.usecases.init import init_ledger
from ui.usecases.session import open_ledger


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    db = copy_sqlite(demo_template, tmp_path_factory.mktemp("checks") / "demo.sqlite")
    ledger = init_ledger(str(db))
    load_demo(ledger, transactions=300)
    ledger.dispose()
    return db


@pytest.fixture
def copy(demo_file: Path, tmp_path: Path) -> Path:
    target = tmp_path / "ledger.sqlite"
    shutil.copy(demo_file, target)
    return target


def problems(db: Path) -> list[Problem]:
    ledger = open_ledger(str(db), migrate=False)
    try:
        with ledger.read() as s:
            return run_checks(s)
    finally:
        ledger.dispose()


def edit(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db)
    try:
        with audit_triggers_dropped(conn):
            for sql in statements:
                conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def test_the_demo_passes(copy: Path) -> None:
    assert problems(copy) == []


def test_a_row_moved_out_of_its_bulk_batch(copy: Path) -> None:
    with sqlite3.connect(copy) as conn:
        last, pence = conn.execute(
            "select id, amount from transactions order by id desc limit 1"
        ).fetchone()
        (entry,) = conn.execute(
            "select id from audit_log where row_id is null and batch_id = 1"
        ).fetchone()
        (control,) = conn.execute("select control_total from import_batches").fetchone()
    conn.close()
    edit(copy, f"update transactions set batch_id = null where id = {last}")
    assert [str(p) for p in problems(copy)] == [
        f"audit: transactions: rows without an audit record: {last}",
        f"batch: batch 1 (transactions): audit entry {entry} records 300 rows but the batch "
        "has 299",
        f"batch: batch 1 (transactions): rows sum to {Decimal(control - pence).scaleb(-2)}, "
        f"control total {Decimal(control).scaleb(-2)}",
    ]


def test_a_bulk_row_amount_changed(copy: Path) -> None:
    edit(copy, "update transactions set amount = amount + 1 where batch_id = 1 and id = "
         "(select min(id) from transactions where batch_id = 1)")  # fmt: skip
    (only,) = problems(copy)
    assert only.check == "batch" and "rows sum to" in only.message


def test_a_virement_pointing_at_another_streams_line(copy: Path) -> None:
    # the pending virement is in P08, which the demo leaves open
    edit(
        copy,
        "update virements set status = 'approved', decided_by = 'm.price', "
        "override_reason = 'cover', override_by = 'm.price', to_line_id = "
        "(select b.id from budget_lines b join streams s on s.id = b.stream_id "
        "where s.code = 'OPCC' order by b.id limit 1) where status = 'pending'",
    )
    found = problems(copy)
    assert Problem("virement", "virement 2", "its lines are not in its stream and year") in found
    budget = [p for p in found if p.check == "budget"]
    assert [p.message for p in budget] == [
        "revised budgets total 1230720.00 but originals total 1242720.00",
        "revised budgets total 651675.00 but originals total 639675.00",
    ]


def test_a_cash_contribution_without_amount_and_a_negative_allocation(copy: Path) -> None:
    edit(
        copy,
        "update contributions set amount = null where id = 1",
        "update allocations set amount = -1 where id = 2",
    )
    found = problems(copy)
    assert Problem("contribution", "contribution 1", "a cash contribution has no amount") in found
    assert Problem("allocation", "allocation 2", "amount is negative") in found


def test_backup_copies_and_verifies(copy: Path, tmp_path: Path) -> None:
    result = backup_sqlite(copy, tmp_path / "b" / "copy.sqlite")
    with sqlite3.connect(copy) as a, sqlite3.connect(result.path) as b:
        assert control_totals(a) == control_totals(b) == result.totals
    assert result.totals["transactions"][0] == result.totals["transactions"][0] > 300
    with pytest.raises(BackupError, match="already exists"):
        backup_sqlite(copy, result.path)
    with pytest.raises(BackupError, match="cannot overwrite the ledger itself"):
        backup_sqlite(copy, copy)


def test_automatic_backups_keep_the_newest_ten(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    names = [f"ledger-202611{d:02d}-120000.sqlite" for d in range(1, 13)]
    for n in names:
        (folder / n).write_bytes(b"")
    (folder / "other-20261101-120000.sqlite").write_bytes(b"")
    (folder / "ledger-notes.sqlite").write_bytes(b"")
    removed = rotate(folder, "ledger", keep=10)
    assert sorted(p.name for p in removed) == names[:2]
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted([*names[2:], "other-20261101-120000.sqlite", "ledger-notes.sqlite"])


def test_default_backup_path_does_not_clobber(tmp_path: Path) -> None:
    when = datetime(2026, 11, 23, 9, 30, 5, tzinfo=UTC)
    first = default_path(tmp_path / "ledger.sqlite", when)
    assert first == tmp_path / "backups" / "ledger-20261123-093005.sqlite"
    first.parent.mkdir()
    first.write_bytes(b"")
    assert default_path(tmp_path / "ledger.sqlite", when).name == "ledger-20261123-093005-1.sqlite"
