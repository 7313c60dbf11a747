"""Revision 0017 seals a reconciliation sign-off (SQLite and PostgreSQL): after it is written,
only a reopening may change it — what was signed, a reopened row's history and the rows
themselves are refused to raw SQL; the app's own reopen and a fresh sign-off still work.
(Each role's own PostgreSQL login is tried in test_recon_reopen_logins.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from db.ledger import Ledger
from ui.usecases.reconcile import reopen, sign_off

from .lifecycle_helpers import BACKENDS, FIONA, line, open_backend
from .test_guards import refused

YEAR = 2025


@pytest.fixture(params=BACKENDS)
def both(request: pytest.FixtureRequest, ledger_path: Path) -> Iterator[Ledger]:
    yield from open_backend(request, ledger_path)


def rows(ledger: Ledger) -> list[tuple[object, ...]]:
    with ledger.engine.connect() as c:
        return [
            tuple(r)
            for r in c.execute(
                text(
                    "select id, period, difference, explanation, signed_by, active, reopened_by,"
                    " reopen_reason from recon_signoffs order by id"
                )
            )
        ]


def test_a_sign_off_is_sealed_but_can_be_reopened_and_signed_afresh(both: Ledger) -> None:
    line(both, "DA", YEAR, "Staff", "1000.00")
    both.actor = FIONA
    assert len(sign_off(both, ["DA"], YEAR, (1, 2), "no statement yet")[1]) == 2
    reopen(both, "DA", YEAR, (2, 2), "a late invoice")
    before = rows(both)
    assert [r[5] for r in before] == [True, False]
    for sql, says in (
        ("update recon_signoffs set difference = 1 where active", "cannot be changed"),
        ("update recon_signoffs set explanation = 'fine' where active", "cannot be changed"),
        ("update recon_signoffs set signed_by = 'ada' where active", "cannot be changed"),
        ("update recon_signoffs set period = 5 where active", "cannot be changed"),
        ("update recon_signoffs set active = true where not active", "made active again"),
        ("update recon_signoffs set reopen_reason = 'x' where not active", "cannot be changed"),
        ("delete from recon_signoffs", "never deleted"),
    ):
        message = refused(both, sql)
        assert "recon_signoffs" in message and says in message, (sql, message)
    assert rows(both) == before
    # the app's path is untouched: P02 is signed off afresh as a new row
    assert len(sign_off(both, ["DA"], YEAR, (2, 2), "invoice in")[1]) == 1
    after = rows(both)
    assert after[:2] == before and len(after) == 3 and bool(after[2][5])
    reopen(both, "DA", YEAR, (1, 2), "both again")
    assert [r[5] for r in rows(both)] == [False, False, False]
