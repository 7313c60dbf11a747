"""An agreed original budget changes only through a budget revision (finance, with a reason):
the edit form cannot change it, a budget holder cannot revise it, raw SQL cannot either."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from db.ledger import Ledger
from db.ops.budget_entries import edit_budget_line
from db.ops.budget_revisions import revise_original, revisions
from db.schema import AuditEntry, BudgetLine
from db.writes import LedgerError, PermissionDenied

from .lifecycle_helpers import BACKENDS, DA_HOLDER, FIONA, line, open_backend
from .pg_logins import Shared


@pytest.fixture(params=BACKENDS)
def both(request: pytest.FixtureRequest, ledger_path: Path) -> Iterator[Ledger]:
    yield from open_backend(request, ledger_path)


def refused(ledger: Ledger, sql: str) -> str:
    with pytest.raises(DBAPIError) as info, ledger.engine.begin() as c:
        c.execute(text(sql))
    return str(info.value.orig)


def original(ledger: Ledger, line_id: int) -> Decimal:
    with ledger.read() as s:
        return s.execute(select(BudgetLine.original).where(BudgetLine.id == line_id)).scalar_one()


def test_only_finance_revises_an_original_with_a_reason(both: Ledger) -> None:
    ledger = both
    staff = line(ledger, "DA", 2025, "Staff", "252037.00")
    agreed = "original budget is agreed: it changes only through"
    with pytest.raises(LedgerError, match=agreed), ledger.write() as s:  # the edit form
        edit_budget_line(s, DA_HOLDER, staff, {"original": "300000.00"}, expected_version=1)
    with ledger.write() as s:  # the same value is no change: other details still save
        edit_budget_line(s, DA_HOLDER, staff, {"original": "252037.00", "code": "S1"},
                         expected_version=1)  # fmt: skip
    with pytest.raises(PermissionDenied), ledger.write() as s:
        revise_original(s, DA_HOLDER, staff, "300000.00", reason="more staff")
    with (
        pytest.raises(LedgerError, match="a reason is required to revise an original budget"),
        ledger.write() as s,
    ):
        revise_original(s, FIONA, staff, "300000.00", reason=" ")
    with ledger.write() as s:
        rid = revise_original(s, FIONA, staff, "260000.00", reason="Cabinet 12/09/2025")
    assert original(ledger, staff) == Decimal("260000.00")
    with ledger.read() as s:
        (rev,) = revisions(s, staff)
        assert (rev.id, rev.old_original, rev.new_original, rev.reason, rev.created_by) == (
            rid, Decimal("252037.00"), Decimal("260000.00"), "Cabinet 12/09/2025", "fiona",
        )  # fmt: skip
        audited = s.execute(select(AuditEntry.action, AuditEntry.table_name, AuditEntry.reason)
                            .where(AuditEntry.action.in_(("revise_original",
                                                          "record_budget_revision")))).all()  # fmt: skip
    assert sorted(audited) == [
        ("record_budget_revision", "budget_revisions", "Cabinet 12/09/2025"),
        ("revise_original", "budget_lines", "Cabinet 12/09/2025"),
    ]


def test_the_server_refuses_any_other_change_of_an_original(both: Ledger) -> None:
    ledger = both
    staff = line(ledger, "DA", 2025, "Staff", "1000.00")
    msg = refused(ledger, f"update budget_lines set original = 3000000 where id = {staff}")
    assert "changes only through a budget revision" in msg
    with ledger.write() as s:
        revise_original(s, FIONA, staff, "1200.00", reason="grant up")
    with ledger.write() as s:
        revise_original(s, FIONA, staff, "1100.00", reason="grant down")
    # the first revision cannot be replayed to put 1,200 back
    msg = refused(ledger, f"update budget_lines set original = 120000 where id = {staff}")
    assert "changes only through a budget revision" in msg
    assert "kept" in refused(ledger, "update budget_revisions set new_original = 1")
    assert "deleted" in refused(ledger, "delete from budget_revisions")
    with ledger.engine.begin() as c:  # other columns are the edit form's
        c.execute(text(f"update budget_lines set code = 'S9' where id = {staff}"))
    assert original(ledger, staff) == Decimal("1100.00")


@pytest.mark.postgres
def test_a_budget_holder_cannot_record_a_revision(shared: Shared) -> None:
    rev = (
        "insert into budget_revisions(budget_line_id, stream_id, year, old_original,"
        " new_original, reason, version, created_at, created_by) select id, stream_id, year,"
        " original, original * 2, 'more', 1, now(), current_user from budget_lines where id = :i"
    )
    da = shared.lines["DA"]
    assert "permission denied for table budget_revisions" in shared.refused("bea", rev, i=da)
    msg = shared.refused("bea", "update budget_lines set original = original * 2 where id = :i",
                         i=da)  # fmt: skip
    assert "changes only through a budget revision" in msg
    with shared.session("fiona") as c:  # finance may: the revision is recorded first
        c.execute(text(rev.replace("original * 2", "original + 100")), {"i": da})
        done = c.execute(text("update budget_lines set original = original + 100"
                              " where id = :i"), {"i": da})  # fmt: skip
        assert done.rowcount == 1
