"""The GL statement of closed periods on a shared ledger: imported and undone as on a file
(migration 0027), its lines still locked (migration 0025). A module of its own: it needs a
ledger whose sample GL extract is not imported and signed off already."""

from __future__ import annotations

import pytest

from db.ops.locks import close_period
from ui.usecases.imports import import_file, undo_import
from ui.usecases.reconcile import sign_off
from ui.usecases.session import open_ledger

from .pg_logins import Shared

pytestmark = pytest.mark.postgres


def test_the_gl_statement_of_closed_periods_imports_and_is_undone_on_the_server(
    shared: Shared,
) -> None:
    """The order a month end often takes: P01–P06 closed, then the council's GL extract for
    them arrives. The statement is not the ledger's postings: it imports into the closed
    periods and a wrong one is undone there, on a shared ledger as on a file (the server
    refused both; SQLite allowed them). Its lines still cannot be changed there, and once a
    reconciliation is signed off against it, it is not undone."""
    from tests.conftest import SAMPLES

    led = open_ledger(shared.url_as("fiona"))
    try:
        for p in range(1, 7):
            with led.write() as s:
                close_period(s, led.actor, year=2025, period=p, stream_id=None, reason="closed")
        gl = import_file(led, "gl", SAMPLES / "gl-extract-2025-26-p01-p06.xlsx")
        assert gl.errors == () and gl.batch is not None and gl.imported == 96
        undo_import(led, gl.batch, "the wrong extract")
        again = import_file(led, "gl", SAMPLES / "gl-extract-2025-26-p01-p06.xlsx")
        assert again.errors == () and again.batch is not None
        sign_off(led, ["YJ"], 2025, (1, 2), "timing items")
        with pytest.raises(Exception, match="signed off"):
            undo_import(led, again.batch, "again")
    finally:
        led.dispose()
    flip = "update import_batches set status = 'undone' where id = :b"
    assert "signed off by" in shared.refused("fiona", flip, b=again.batch)
    line = ("select l.id from statement_lines l join streams s on s.id = l.stream_id "
            "where s.code = 'DA' and l.period = 3 and l.batch_id = :b order by l.id limit 1")  # fmt: skip
    (da3,) = shared.raw("fiona", line, b=again.batch)
    change = "update statement_lines set amount = amount + 100000 where id = :i"
    assert "closed" in shared.refused("fiona", change, i=da3.id)
