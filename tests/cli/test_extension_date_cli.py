"""An extension decision is dated when it was made, never on a day still to come: on the demo
ledger ``contract extension DA-SP-05 --option 1 --decision taken --date 01/01/2030`` was
recorded, and the contracts register then read "taken 01/01/2030".  Refused now, from the
command line and from the app's Extension decision form alike; today and earlier days work."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from db.ledger import Ledger
from db.writes import LedgerError
from tests.cli.cli_helpers import Cli
from ui.usecases.contracts import contracts
from ui.usecases.lifecycle import decide_extension
from ui.usecases.session import open_ledger, resolve_actor

TODAY = date(2026, 1, 15)


@pytest.fixture
def cli(demo_ledger_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setattr("ui.usecases.variance.today", lambda: TODAY)
    return Cli(demo_ledger_path)


def test_a_decision_dated_after_today_is_refused(cli: Cli) -> None:
    err = cli.refused("r.shah", "contract", "extension", "DA-SP-05", "--option", "1",
                      "--decision", "taken", "--date", "01/01/2030")  # fmt: skip
    assert "cannot be dated 01/01/2030, after today (15/01/2026)" in err
    err = cli.refused("r.shah", "contract", "extension", "DA-SP-05", "--option", "1",
                      "--decision", "taken", "--date", "16/01/2026")  # fmt: skip
    assert "after today" in err
    got = cli.ok("r.shah", "contract", "extension", "DA-SP-05", "--option", "1",
                 "--decision", "taken", "--date", "15/01/2026")  # fmt: skip
    assert got["extension"]["decided_on"] == "2026-01-15"
    got = cli.ok("r.shah", "contract", "extension", "DA-SP-06", "--option", "1",
                 "--decision", "declined", "--date", "02/12/2025")  # fmt: skip
    assert got["extension"]["decided_on"] == "2025-12-02"


def test_the_forms_path_refuses_it_too(cli: Cli) -> None:
    led: Ledger = open_ledger(str(cli.path))
    try:
        led.actor = resolve_actor(led, "r.shah")
        line = next(r for r in contracts(led, None, TODAY) if r.reference == "DA-SP-07")
        ext = line.extensions[0]
        with pytest.raises(LedgerError, match="after today"):
            decide_extension(led, ext.id, "taken", date(2026, 2, 1), "Cabinet")
        decide_extension(led, ext.id, "taken", TODAY, "Cabinet")
        line = next(r for r in contracts(led, None, TODAY) if r.reference == "DA-SP-07")
        assert (line.extensions[0].decision, line.extensions[0].decided_on) == ("taken", TODAY)
    finally:
        led.dispose()
