"""The command-line twins of the app's budget actions on the demo ledger: each performs the
action, changes the ledger, writes the audit row and says so in --json; each refusal (wrong
role, closed period, self-approval, bad input) exits 2 with the app's message, nothing written."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from db.schema import BudgetLine, CarryForward, Forecast, Transaction, VarianceComment, Virement
from tests.cli.cli_helpers import Cli

FINANCE, HOLDER, VIEWER = "m.price", "a.khan", "board.viewer"
CHILDREN = "Counselling service for children"
GRT = "Gypsy Roma and Traveller specialist"


def add_line(path: Path, stream: str, year: int, name: str, original: str = "0") -> int:
    """Set-up: a budget line added as the finance officer would (db.ops, audited)."""
    from db.ledger import Actor
    from db.ops.budget_entries import BudgetLineInput, add_budget_line
    from db.schema import Stream
    from ui.usecases.session import open_ledger

    led = open_ledger(str(path))
    try:
        with led.write() as s:
            sid = s.execute(select(Stream.id).where(Stream.code == stream)).scalar_one()
            data = BudgetLineInput(stream_id=sid, year=year, name=name, original=original)
            return add_budget_line(s, Actor(FINANCE, "finance"), data)
    finally:
        led.dispose()


@pytest.fixture
def cli(demo_ledger_path: Path) -> Cli:
    return Cli(demo_ledger_path)


def _line(cli: Cli, name: str, year: int = 2025) -> int:
    q = select(BudgetLine.id).where(BudgetLine.name == name, BudgetLine.year == year)
    return int(cli.read(q)[0][0])


def test_txn_add_edit_and_list(cli: Cli) -> None:
    got = cli.ok(FINANCE, "txn", "add", "--stream", "DA", "--date", "15/09/2025", "--amount",
                 "1234.56", "--line", CHILDREN, "--counterparty", "FreeVa", "--reference",
                 "CLI-1")  # fmt: skip
    t = got["transaction"]
    assert (t["year"], t["period"], t["amount"], t["line"]) == (
        "2025-26",
        "P06",
        "1234.56",
        CHILDREN,
    )
    cli.audited(got, FINANCE, "post_transaction", "transactions", t["id"])
    T = Transaction
    row = cli.read(select(T.amount, T.reference, T.budget_line_id).where(T.id == t["id"]))[0]
    assert tuple(row) == (Decimal("1234.56"), "CLI-1", _line(cli, CHILDREN))
    edited = cli.ok(FINANCE, "txn", "edit", str(t["id"]), "--amount", "1000", "--reason", "typo")
    q = select(Transaction.amount).where(Transaction.id == t["id"])
    assert cli.read(q)[0][0] == Decimal("1000.00")
    assert edited["transaction"]["amount"] == "1000.00"
    assert edited["audit"][0]["reason"] == "typo"
    cli.audited(edited, FINANCE, "edit_transaction", "transactions", t["id"])
    listed = cli.ok(FINANCE, "txn", "list", "--stream", "DA", "--year", "2025-26", "--period",
                    "P06", "--line", str(_line(cli, CHILDREN)))  # fmt: skip
    assert t["id"] in [r["id"] for r in listed["transactions"]]
    assert all(r["period"] == "P06" for r in listed["transactions"])
    # refused: a viewer, a closed year, sub-pence money, nothing to change
    err = cli.refused(VIEWER, "txn", "add", "--stream", "DA", "--date", "2025-09-15",
                      "--amount", "1")  # fmt: skip
    assert err == ("fundledger txn add: viewers cannot change the ledger: board.viewer (viewer) "
                   "cannot post or change transactions\n")  # fmt: skip
    err = cli.refused(FINANCE, "txn", "add", "--stream", "DA", "--date", "2024-09-15",
                      "--amount", "1")  # fmt: skip
    assert "2024-25 (whole year) is closed for all streams" in err
    assert "more than two decimal places" in cli.refused(
        FINANCE, "txn", "add", "--stream", "DA", "--date", "2025-09-15", "--amount", "1.234"
    )
    assert "nothing to change" in cli.refused(
        FINANCE, "txn", "edit", str(t["id"]), "--amount", "1000", "--reason", "again"
    )


def test_virement_requested_by_one_approved_by_another(cli: Cli) -> None:
    args = ("virement", "request", "--stream", "DA", "--year", "2025-26", "--from", CHILDREN,
            "--to", GRT, "--amount", "500", "--reason", "more demand", "--period", "P06")  # fmt: skip
    assert "viewers cannot change the ledger" in cli.refused(VIEWER, *args)
    got = cli.ok(HOLDER, *args)
    v = got["virement"]
    assert (v["status"], v["amount"], v["from_line"], v["to_line"], v["period"]) == (
        "pending",
        "500.00",
        CHILDREN,
        GRT,
        "P06",
    )
    cli.audited(got, HOLDER, "request_virement", "virements", v["id"])
    err = cli.refused(HOLDER, "virement", "approve", str(v["id"]))
    assert err == ("fundledger virement approve: you requested this virement; it must be "
                   "approved by someone else; nothing was changed\n")  # fmt: skip
    done = cli.ok(FINANCE, "virement", "approve", str(v["id"]))
    assert (done["virement"]["status"], done["virement"]["decided_by"]) == ("approved", FINANCE)
    cli.audited(done, FINANCE, "approve_virement", "virements", v["id"])
    status = cli.read(select(Virement.status).where(Virement.id == v["id"]))[0][0]
    assert status == "approved"
    listed = cli.ok(FINANCE, "virement", "list", "--stream", "DA", "--status", "approved")
    assert v["id"] in [r["id"] for r in listed["virements"]]
    # a rejection needs a pending request and says why
    again = cli.ok(HOLDER, *args)["virement"]["id"]
    assert "was already approved" in cli.refused(FINANCE, "virement", "reject", str(v["id"]),
                                                 "--reason", "no")  # fmt: skip
    no = cli.ok(FINANCE, "virement", "reject", str(again), "--reason", "no budget")
    cli.audited(no, FINANCE, "reject_virement", "virements", again)
    assert cli.read(select(Virement.status).where(Virement.id == again))[0][0] == "rejected"
    assert no["virement"]["status"] == "rejected"
    assert no["audit"][0]["reason"] == "no budget"


def test_carry_forward_request_and_reject(cli: Cli) -> None:
    # DA's demo lines have no 2026-27 line of the same name: --to is asked for
    err = cli.refused(FINANCE, "carry-forward", "request", "--line", CHILDREN, "--year",
                      "2025-26", "--amount", "100", "--reason", "slipped")  # fmt: skip
    assert "give --to, the 2026-27 line receiving it" in err
    add_line(cli.path, "DA", 2026, CHILDREN)  # next year's line of the same name
    got = cli(FINANCE, "carry-forward", "request", "--line", CHILDREN, "--year", "2025-26",
              "--amount", "100", "--reason", "slipped", "--json")  # fmt: skip
    assert got.code == 0, got.err
    c = got.json["carry_forward"]
    assert (c["from_year"], c["to_year"], c["amount"], c["status"]) == (
        "2025-26",
        "2026-27",
        "100.00",
        "pending",
    )
    cli.audited(got.json, FINANCE, "request_carry_forward", "carry_forwards", c["id"])
    assert "it must be approved by someone else" in cli.refused(
        FINANCE, "carry-forward", "approve", str(c["id"])
    )
    no = cli.ok(HOLDER, "carry-forward", "reject", str(c["id"]), "--reason", "spend it")
    assert no["carry_forward"]["status"] == "rejected"
    status = cli.read(select(CarryForward.status).where(CarryForward.id == c["id"]))[0][0]
    assert status == "rejected"
    again = cli.ok(FINANCE, "carry-forward", "request", "--line", CHILDREN, "--year", "2025-26",
                   "--amount", "100", "--reason", "slipped again")["carry_forward"]  # fmt: skip
    yes = cli.ok(HOLDER, "carry-forward", "approve", str(again["id"]))
    assert (yes["carry_forward"]["status"], yes["carry_forward"]["decided_by"]) == (
        "approved",
        HOLDER,
    )
    cli.audited(yes, HOLDER, "approve_carry_forward", "carry_forwards", again["id"])
    listed = cli.ok(FINANCE, "carry-forward", "list", "--stream", "DA", "--status", "approved")
    assert [r["id"] for r in listed["carry_forwards"]] == [again["id"]]
    assert listed["carry_forwards"][0]["basis"] == "underspend"


def test_forecast_with_commentary_and_phasing_and_a_comment(cli: Cli) -> None:
    line = _line(cli, CHILDREN)
    got = cli.ok(HOLDER, "forecast", "set", "--line", f"#{line}", "--period", "P06", "--amount",
                 "60000", "--commentary", "waiting list", "--phase", "P01=30000", "--phase",
                 "P12=30000")  # fmt: skip
    f = got["forecast"]
    assert (f["amount"], f["commentary"], f["period"]) == ("60000.00", "waiting list", "P06")
    assert f["phasing"]["P01"] == "30000.00" and f["phasing"]["P02"] == "0.00"
    cli.audited(got, HOLDER, "enter_forecast", "forecasts", f["id"])
    stored = cli.read(select(Forecast.amount, Forecast.phasing).where(Forecast.id == f["id"]))[0]
    assert stored[0] == Decimal("60000.00") and len(stored[1]) == 12
    err = cli.refused(HOLDER, "forecast", "set", "--line", f"#{line}", "--period", "P06",
                      "--amount", "60000", "--phase", "P01=30000")  # fmt: skip
    assert "the phasing adds up to £30,000.00, not the forecast outturn £60,000.00" in err
    assert "viewers cannot change the ledger" in cli.refused(
        VIEWER, "forecast", "set", "--line", f"#{line}", "--period", "P06", "--amount", "1"
    )
    c = cli.ok(HOLDER, "comment", "add", "--line", CHILDREN, "--stream", "DA", "--year",
               "2025-26", "--period", "6", "--text", "demand up")  # fmt: skip
    assert (c["comment"]["line_id"], c["comment"]["period"]) == (line, "P06")
    cli.audited(c, HOLDER, "variance_comment", "variance_comments", c["comment"]["id"])
    text = cli.read(select(VarianceComment.comment).where(
        VarianceComment.id == c["comment"]["id"]))[0][0]  # fmt: skip
    assert text == "demand up"
    assert "a variance comment cannot be empty" in cli.refused(
        HOLDER, "comment", "add", "--line", f"#{line}", "--period", "6", "--text", " "
    )
