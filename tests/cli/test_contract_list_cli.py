"""``fundledger contract list``: the commissioning officer's check of contract lines against
invoices from the command line — the Contracts page's register with its filters (ending within
N months, decision pending, flagged, provider, search, year), the same invoiced and remaining
figures as the page and the exported contracts register, readable by every role."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.cli.cli_helpers import Cli
from ui.usecases.contracts import contracts
from ui.usecases.exports import Request, export_return
from ui.usecases.session import open_ledger

TODAY = date(2026, 1, 15)  # 2025-26 P10
D = Decimal


@pytest.fixture
def cli(demo_ledger_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setattr("ui.usecases.scripting.today", lambda: TODAY)
    return Cli(demo_ledger_path)


def _refs(got: dict[str, Any]) -> list[str]:
    return [c["reference"] for c in got["contracts"]]


def test_every_line_with_the_registers_figures(cli: Cli, tmp_path: Path) -> None:
    got = cli.ok("r.shah", "contract", "list")
    assert (got["shown"], got["of"]) == (17, 17)
    assert got["totals"] == {"term_value": "1937476.00", "invoiced": "664397.30",
                             "remaining": "1273078.70"}  # fmt: skip
    coordinator = got["contracts"][0]
    assert (coordinator["reference"], coordinator["invoiced"], coordinator["remaining"],
            coordinator["ends"]) == ("DA-SP-01", "31687.36", "63374.64", "2027-03-31")  # fmt: skip
    # the exported contracts register says the same, line by line
    led = open_ledger(str(cli.path))
    try:
        done = export_return(led, Request("contracts-register"), tmp_path / "c.xlsx")
        page = {r.reference: r for r in contracts(led, None, TODAY)}
    finally:
        led.dispose()
    table = done.prepared.table
    ref, inv, rem = (table.index(h) for h in ("Reference", "Invoiced", "Remaining"))
    register = {row[ref]: (D(str(row[inv])), D(str(row[rem]))) for row in table.rows}
    for c in got["contracts"]:
        assert register[c["reference"]] == (D(c["invoiced"]), D(c["remaining"]))
        assert (str(page[c["reference"]].invoiced), str(page[c["reference"]].remaining)) == (
            c["invoiced"], c["remaining"])  # fmt: skip


def test_the_pages_filters(cli: Cli) -> None:
    ending = cli.ok("r.shah", "contract", "list", "--ending-within", "3")
    assert _refs(ending) == ["DA-SP-09", "DA-SP-10"]  # both end 31/03/2026
    assert (ending["shown"], ending["of"]) == (2, 17)
    pending = cli.ok("r.shah", "contract", "list", "--pending")
    assert len(pending["contracts"]) == 10
    assert all(any(e["decision"] == "pending" for e in c["extensions"])
               for c in pending["contracts"])  # fmt: skip
    assert "DA-SP-03" not in _refs(pending)  # its option was taken
    freeva = cli.ok("a.khan", "contract", "list", "--provider", "freeva", "--pending")
    assert _refs(freeva) == ["DA-SP-07", "DA-SP-08"]
    assert freeva["totals"]["invoiced"] == "50779.44"
    assert _refs(cli.ok("board.viewer", "contract", "list", "--search", "refuge")) == ["DA-SP-16"]
    # 2026-27: the two one-year counselling lines have ended
    later = cli.ok("r.shah", "contract", "list", "--year", "2026-27")
    assert later["shown"] == 15 and "DA-SP-09" not in _refs(later)


def test_a_decision_shows_and_a_flag_is_listed(cli: Cli) -> None:
    cli.ok("r.shah", "contract", "extension", "DA-SP-04", "--option", "1",
           "--decision", "taken", "--note", "Cabinet 12/01/2026")  # fmt: skip
    got = cli.ok("r.shah", "contract", "list", "--search", "DA-SP-04")
    (line,) = got["contracts"]
    assert line["ends"] == "2028-03-31"
    assert line["extensions"] == [{"option": 1, "months": 12, "decision": "taken",
                                   "decided_on": "2026-01-15"}]  # fmt: skip
    text = cli("r.shah", "contract", "list", "--search", "DA-SP-04")
    assert text.code == 0
    assert "ends 31/03/2028\t+12m taken" in text.out
    assert text.out.rstrip().endswith(
        "1 of 17 lines · value £60,000.00 · invoiced £20,000.00 · remaining £40,000.00"
    )


def test_an_unknown_stream_is_refused(cli: Cli) -> None:
    err = cli.refused("r.shah", "contract", "list", "--stream", "XX")
    assert "no stream 'XX'" in err
