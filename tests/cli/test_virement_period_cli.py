"""``virement request`` without ``--period`` takes effect now within the lines' year, as the
app's virement form starts: today's period while the year runs, P12 once it is over — not
today's period number in a year long gone (a 2025-26 virement asked for in December 2026
landed in P09, December 2025, backdating the budget change by a year)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fundledger.years import period_in_year
from tests.cli.cli_helpers import Cli

FROM, TO = "Counselling service for children", "BAME advisor"


def _request(cli: Cli, monkeypatch: pytest.MonkeyPatch, today: date, year: str) -> str:
    monkeypatch.setattr("ui.usecases.scripting.today", lambda: today)
    got = cli.ok("a.khan", "virement", "request", "--from", FROM, "--to", TO, "--stream", "DA",
                 "--year", year, "--amount", "100.00", "--reason", "move")  # fmt: skip
    return str(got["virement"]["period"])


@pytest.mark.parametrize(
    ("today", "year", "period"),
    [
        (date(2026, 12, 3), "2025-26", "P12"),  # the year is over
        (date(2025, 11, 15), "2025-26", "P08"),  # within the year: today's
    ],
)
def test_default_period_is_now_within_the_lines_year(
    demo_ledger_path: Path, monkeypatch: pytest.MonkeyPatch, today: date, year: str, period: str
) -> None:
    assert _request(Cli(demo_ledger_path), monkeypatch, today, year) == period


def test_period_in_year() -> None:
    assert period_in_year(2025, date(2026, 12, 3)) == 12
    assert period_in_year(2025, date(2026, 3, 31)) == 12
    assert period_in_year(2025, date(2026, 4, 1)) == 12
    assert period_in_year(2026, date(2026, 3, 31)) == 1  # before it starts
    assert period_in_year(2025, date(2025, 11, 15)) == 8
    assert period_in_year(None, date(2026, 12, 3)) == 9


def test_a_requester_rejecting_their_own_virement_is_told_so(demo_ledger_path: Path) -> None:
    """Rejecting one's own request is refused (the ledger keeps decisions to someone else),
    and the message says rejected — it said "it must be approved by someone else"."""
    cli = Cli(demo_ledger_path)
    err = cli.refused("a.khan", "virement", "reject", "2", "--reason", "withdrawn")
    assert "you requested this virement; it must be rejected by someone else" in err
    err = cli.refused("a.khan", "virement", "approve", "2")
    assert "you requested this virement; it must be approved by someone else" in err
