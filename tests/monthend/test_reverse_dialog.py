"""Reverse… says what it will post, and where, before it asks why; a row that cannot be
reversed is refused before a reason is asked for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from db.ledger import Ledger
from tests.ui.shell_helpers import fill, make_ctx


def test_reverse_names_the_open_period_and_refuses_before_asking(
    qtbot: Any, ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.qt.dialogs import transaction as mod
    from ui.qt.dialogs.reason import ReasonDialog
    from ui.usecases.periods import close_through

    ids = fill(ledger)
    ctx = make_ctx(ledger, tmp_path)
    close_through(ledger, 2025, 2, None, "May month end")
    asked: list[str] = []

    def get(_parent: object, _title: str, prompt: str) -> str:
        asked.append(prompt)
        return "charged to the wrong fund"

    monkeypatch.setattr(ReasonDialog, "get", staticmethod(get))
    errors: list[str] = []
    ctx.error_handler = lambda _title, exc: errors.append(str(exc))
    got: list[int] = []
    mod.reverse(ctx, None, ids["t2"], got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    assert asked == [
        f"Transaction #{ids['t2']} (DA, 12/05/2025, £2,750.25, INV-T2) is in P02 May 2025, "
        "which is closed: its reversal, -£2,750.25, will be posted in P03 June 2025, dated "
        "01/06/2025. Why?"
    ]
    mod.reverse(ctx, None, ids["t3"], got.append)  # P03 is open: its own period
    qtbot.waitUntil(lambda: len(got) == 2, timeout=10_000)
    assert asked[1] == (
        f"Transaction #{ids['t3']} (DA, 03/06/2025, -£250.00, INV-T3) will be reversed by a "
        "new transaction for £250.00 in its own period, P03 June 2025. Why?"
    )
    # reversed already: said at once, no reason asked for
    mod.reverse(ctx, None, ids["t2"], got.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert errors == [f"transaction #{ids['t2']} was already reversed by #{got[0]}"]
    assert len(asked) == 2
    ctx.wait_idle(10)
