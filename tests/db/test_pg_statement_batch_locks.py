"""GL statement lines and import batches under the period locks (migration 0025), tried as a
finance officer would from psql with her own login: before, fiona changed a GL line of a
signed-off period and took a budget-line import out of a closed year by setting its batch's
status, neither of which the app's undo allows."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.ops.locks import close_period
from ui.usecases.imports import import_file, undo_import
from ui.usecases.reconcile import sign_off
from ui.usecases.session import open_ledger

from .pg_logins import Shared

pytestmark = pytest.mark.postgres


def test_a_signed_off_or_closed_periods_gl_lines_are_locked(shared: Shared) -> None:
    from tests.conftest import SAMPLES

    led = open_ledger(shared.url_as("fiona"))
    try:
        gl = import_file(led, "gl", SAMPLES / "gl-extract-2025-26-p01-p06.xlsx")
        assert gl.errors == () and gl.batch is not None
        sign_off(led, ["YJ"], 2025, (1, 2), "timing items")
    finally:
        led.dispose()
    # the GL statement of a signed-off reconciliation is not taken out by flipping its batch:
    # the app refuses that undo, so does the server
    flip = "update import_batches set status = 'undone' where id = :b"
    assert "signed off by" in shared.refused("fiona", flip, b=gl.batch)
    led = open_ledger(shared.url_as("fiona"))
    try:
        with pytest.raises(Exception, match="signed off"):
            undo_import(led, gl.batch, "wrong statement")
        with led.write() as s:
            close_period(s, led.actor, year=2025, period=5, stream_id=None, reason="month end")
    finally:
        led.dispose()
    line = ("select l.id from statement_lines l join streams s on s.id = l.stream_id "
            "where s.code = :c and l.period = :p order by l.id limit 1")  # fmt: skip
    (yj1,) = shared.raw("fiona", line, c="YJ", p=1)
    change = "update statement_lines set amount = amount + 100000 where id = :i"
    assert "its statement lines cannot be changed" in shared.refused("fiona", change, i=yj1.id)
    (da5,) = shared.raw("fiona", line, c="DA", p=5)
    assert "P05 is closed for all streams" in shared.refused("fiona", change, i=da5.id)
    # an open, unsigned period's line can still be corrected (audited)
    (da3,) = shared.raw("fiona", line, c="DA", p=3)
    assert shared.raw("fiona", "update statement_lines set description = 'x' where id = :i",
                      i=da3.id) == [1]  # fmt: skip


def test_a_batch_is_only_undone_and_not_out_of_a_closed_year(
    shared: Shared, tmp_path: Path
) -> None:
    from tests.conftest import SAMPLES

    led = open_ledger(shared.url_as("fiona"))
    try:
        opcc = import_file(led, "budget-lines", SAMPLES / "opcc-csp-allocations-2025-26.xlsx",
                           stream="OPCC", year="2025-26")  # fmt: skip
        assert opcc.errors == () and opcc.batch is not None
        with led.write() as s:
            close_period(s, led.actor, year=2025, period=None, stream_id=None, reason="year end")
    finally:
        led.dispose()
    flip = "update import_batches set status = :st where id = :b"
    assert "is closed" in shared.refused("fiona", flip, st="undone", b=opcc.batch)
    assert "only ever undone" in shared.refused("fiona", flip, st="superseded", b=opcc.batch)
