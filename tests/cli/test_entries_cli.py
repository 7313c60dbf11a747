"""The command-line twins of the app's entry forms on the demo ledger — budget revision and
budget lines, allocations, contributions, recharges, income, contracts, settings and the audit
log: each changes the ledger, writes its audit row and says so in --json; refusals exit 2 with
the app's message and nothing written."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from db.schema import (
    Allocation,
    BudgetLine,
    Contribution,
    IncomeItem,
    Recharge,
    Setting,
    Stream,
)
from tests.cli.cli_helpers import Cli

FINANCE, HOLDER, COMMISSIONING, VIEWER = "m.price", "a.khan", "r.shah", "board.viewer"
CHILDREN = "Counselling service for children"


@pytest.fixture
def cli(demo_ledger_path: Path) -> Cli:
    return Cli(demo_ledger_path)


def _line(cli: Cli, name: str = CHILDREN, year: int = 2025) -> int:
    q = select(BudgetLine.id).where(BudgetLine.name == name, BudgetLine.year == year)
    return int(cli.read(q)[0][0])


def test_budget_revise_line_add_edit_and_list(cli: Cli) -> None:
    line = _line(cli)
    err = cli.refused(HOLDER, "budget", "revise", "--line", f"#{line}", "--original", "91000",
                      "--reason", "agreed at the board, 12/09/2025")  # fmt: skip
    assert "revise an agreed original budget" in err
    got = cli.ok(FINANCE, "budget", "revise", "--line", f"#{line}", "--original", "91000",
                 "--reason", "agreed at the board, 12/09/2025")  # fmt: skip
    assert (got["line"]["id"], got["line"]["original"]) == (line, "91000.00")
    cli.audited(got, FINANCE, "revise_original", "budget_lines", line)
    assert got["audit"][0]["reason"] == "agreed at the board, 12/09/2025"
    q = select(BudgetLine.original).where(BudgetLine.id == line)
    assert cli.read(q)[0][0] == Decimal("91000.00")
    err = cli.refused(VIEWER, "budget", "revise", "--line", f"#{line}", "--original", "1",
                      "--reason", "x")  # fmt: skip
    assert "viewers cannot change the ledger" in err
    new = cli.ok(FINANCE, "budget", "line", "add", "--stream", "DA", "--year", "2026-27",
                 "--name", CHILDREN, "--original", "80000", "--eligible", "yes")  # fmt: skip
    nid = new["line"]["id"]
    assert (new["line"]["year"], new["line"]["revised"]) == ("2026-27", "80000.00")
    cli.audited(new, FINANCE, "add_budget_line", "budget_lines", nid)
    assert "there is already a budget line called" in cli.refused(
        FINANCE, "budget", "line", "add", "--stream", "DA", "--year", "2026-27", "--name",
        CHILDREN, "--original", "1")  # fmt: skip
    assert "2024-25 (whole year) is closed" in cli.refused(
        FINANCE, "budget", "line", "add", "--stream", "DA", "--year", "2024-25", "--name", "X",
        "--original", "1")  # fmt: skip
    edited = cli.ok(FINANCE, "budget", "line", "edit", "--line", CHILDREN, "--year", "2026-27",
                    "--category", "service", "--reason", "tidy")  # fmt: skip
    cli.audited(edited, FINANCE, "edit_budget_line", "budget_lines", nid)
    assert edited["line"]["category"] == "service"
    listed = cli.ok(FINANCE, "budget", "list", "--stream", "DA", "--year", "2026-27")
    assert [r["id"] for r in listed["lines"]] == [nid]


def test_allocation_add_and_edit(cli: Cli) -> None:
    got = cli.ok(FINANCE, "allocation", "add", "--stream", "DA", "--funder", "MHCLG", "--year",
                 "2026-27", "--amount", "100000", "--mechanism", "settlement", "--label",
                 "DA duty 2026-27")  # fmt: skip
    a = got["allocation"]
    assert (a["amount"], a["year_from"], a["status"]) == ("100000.00", "2026-27", "confirmed")
    assert a["funder"] == "Ministry of Housing, Communities and Local Government"
    cli.audited(got, FINANCE, "add_allocation", "allocations", a["id"])
    edited = cli.ok(FINANCE, "allocation", "edit", str(a["id"]), "--amount", "120000",
                    "--status", "expected", "--reason", "provisional letter")  # fmt: skip
    cli.audited(edited, FINANCE, "edit_allocation", "allocations", a["id"])
    assert (edited["allocation"]["amount"], edited["allocation"]["status"]) == (
        "120000.00",
        "expected",
    )
    q = select(Allocation.amount).where(Allocation.id == a["id"])
    assert cli.read(q)[0][0] == Decimal("120000.00")
    err = cli.refused(HOLDER, "allocation", "add", "--stream", "DA", "--funder", "MHCLG",
                      "--year", "2026-27", "--amount", "1")  # fmt: skip
    assert (
        err.strip() == "fundledger allocation add: a.khan (budget holder) cannot record allocations"
    )
    assert "is not a known organisation" in cli.refused(
        FINANCE, "allocation", "add", "--stream", "DA", "--funder", "Nobody Ltd", "--year",
        "2026-27", "--amount", "1")  # fmt: skip


def test_contribution_recharge_and_income(cli: Cli) -> None:
    got = cli.ok(FINANCE, "contribution", "add", "--stream", "YJ", "--year", "2025-26",
                 "--partner", "#21", "--heading", "Staffing", "--amount", "5000")  # fmt: skip
    c = got["contribution"]
    assert (c["amount"], c["status"], c["partner_org_id"]) == ("5000.00", "pledged", 21)
    cli.audited(got, FINANCE, "add_contribution", "contributions", c["id"])
    edited = cli.ok(FINANCE, "contribution", "edit", str(c["id"]), "--amount", "5500",
                    "--reason", "uplift")  # fmt: skip
    cli.audited(edited, FINANCE, "edit_contribution", "contributions", c["id"])
    q = select(Contribution.amount).where(Contribution.id == c["id"])
    assert cli.read(q)[0][0] == Decimal("5500.00")
    assert edited["contribution"]["amount"] == "5500.00"
    st = cli.ok(FINANCE, "contribution", "status", str(c["id"]), "--status", "received",
                "--date", "2025-10-01")  # fmt: skip
    assert (st["contribution"]["status"], st["contribution"]["received_on"]) == (
        "received",
        "2025-10-01",
    )
    status_q = select(Contribution.status).where(Contribution.id == c["id"])
    assert cli.read(status_q)[0][0] == "received"
    assert "needs a reason" in cli.refused(
        FINANCE, "contribution", "status", str(c["id"]), "--status", "pledged", "--date",
        "2025-10-02")  # fmt: skip

    raised = cli.ok(FINANCE, "recharge", "raise", "--stream", "DHR", "--year", "2025-26",
                    "--partner", "#4", "--partner", "#5", "--amount", "1000", "--description",
                    "DHR panel 2025-26", "--raised", "2025-10-01", "--due", "2025-11-01")  # fmt: skip
    ids = [r["id"] for r in raised["recharges"]]
    assert len(ids) == 2 and all(r["amount"] == "1000.00" for r in raised["recharges"])
    assert [e["row"] for e in raised["audit"]] == [str(i) for i in ids]
    assert "already raised for this year and purpose" in cli.refused(
        FINANCE, "recharge", "raise", "--stream", "DHR", "--year", "2025-26", "--partner", "#4",
        "--amount", "1000", "--description", "DHR panel 2025-26", "--raised", "2025-10-01",
        "--due", "2025-11-01")  # fmt: skip
    part = cli.ok(FINANCE, "recharge", "paid", str(ids[0]), "--date", "2025-10-15",
                  "--amount", "400")  # fmt: skip
    assert (part["recharge"]["paid_amount"], part["recharge"]["status"]) == ("400.00", "raised")
    assert "would exceed the recharge" in cli.refused(
        FINANCE, "recharge", "paid", str(ids[0]), "--date", "2025-10-16", "--amount", "700"
    )
    full = cli.ok(FINANCE, "recharge", "paid", str(ids[0]), "--date", "2025-10-20")
    assert full["recharge"]["status"] == "paid"
    assert full["recharge"]["paid_amount"] == "1000.00"  # the £600.00 outstanding, by default
    cli.audited(full, FINANCE, "recharge_receipt", "recharges", ids[0])
    assert cli.read(select(Recharge.status).where(Recharge.id == ids[0]))[0][0] == "paid"

    inc = cli.ok(FINANCE, "income", "add", "--stream", "PMT", "--date", "2025-10-02",
                 "--category", "Training", "--customer", "Acme Training", "--amount", "250")  # fmt: skip
    i = inc["income"]
    assert (i["amount"], i["status"], i["period"]) == ("250.00", "raised", "P07")
    cli.audited(inc, FINANCE, "add_income", "income_items", i["id"])
    assert "is £250.00 and is received whole, not £1.00" in cli.refused(
        FINANCE, "income", "receipt", str(i["id"]), "--date", "2025-10-09", "--amount", "1"
    )
    rec = cli.ok(FINANCE, "income", "receipt", str(i["id"]), "--date", "2025-10-09",
                 "--amount", "250")  # fmt: skip
    assert (rec["income"]["status"], rec["income"]["received_on"]) == ("received", "2025-10-09")
    cli.audited(rec, FINANCE, "income_received", "income_items", i["id"])
    status_q = select(IncomeItem.status).where(IncomeItem.id == i["id"])
    assert cli.read(status_q)[0][0] == "received"
    assert "viewers cannot change the ledger" in cli.refused(
        VIEWER, "income", "receipt", str(i["id"]), "--date", "2025-10-09"
    )


def test_contract_add_edit_extension_profile(cli: Cli) -> None:
    got = cli.ok(COMMISSIONING, "contract", "add", "--stream", "DA", "--service", "Test refuge",
                 "--provider", "FreeVa", "--value", "12000", "--cost-basis", "per_year",
                 "--start", "2025-04-01", "--months", "24", "--extension", "12", "--extension",
                 "12", "--reference", "T-REF-1")  # fmt: skip
    c = got["contract"]
    assert c["profile"] == {"2025-26": "12000.00", "2026-27": "12000.00"}
    cli.audited(got, COMMISSIONING, "add_contract_line", "contract_lines", c["id"])
    edited = cli.ok(COMMISSIONING, "contract", "edit", "T-REF-1", "--value", "13000",
                    "--reason", "uplift")  # fmt: skip
    cli.audited(edited, COMMISSIONING, "edit_contract_line", "contract_lines", c["id"])
    assert edited["contract"]["value"] == "13000.00"
    err = cli.refused(COMMISSIONING, "contract", "extension", "T-REF-1", "--option", "2",
                      "--decision", "taken")  # fmt: skip
    assert "extension 2 cannot be taken before the earlier options" in err
    ext = cli.ok(COMMISSIONING, "contract", "extension", f"#{c['id']}", "--option", "1",
                 "--decision", "taken", "--date", "2026-12-01")  # fmt: skip
    assert ext["contract"]["profile"]["2027-28"] == "13000.00"
    cli.audited(ext, COMMISSIONING, "decide_extension", "contract_extensions",
                ext["extension"]["id"])  # fmt: skip
    prof = cli.ok(COMMISSIONING, "contract", "profile", "T-REF-1", "--year", "2025-26=10000",
                  "--year", "2026-27=16000")  # fmt: skip
    assert prof["contract"]["profile"] == {
        "2025-26": "10000.00",
        "2026-27": "16000.00",
        "2027-28": "0.00",
    }
    assert "cannot change contract lines" in cli.refused(
        HOLDER, "contract", "profile", "T-REF-1", "--even"
    )


def test_settings_and_audit(cli: Cli) -> None:
    got = cli.ok(FINANCE, "settings", "rag", "--stream", "DA", "--red", "4", "--amber", "12.5")
    assert (got["red_forecast_pct"], got["amber_profile_pct"]) == ("4.00", "12.50")
    da = cli.read(select(Stream.id).where(Stream.code == "DA"))[0][0]
    cli.audited(got, FINANCE, "set_rag_thresholds", "streams", da)
    assert "cannot change reference data" in cli.refused(
        HOLDER, "settings", "rag", "--stream", "DA", "--red", "3"
    )
    win = cli.ok(FINANCE, "settings", "expiry-window", "120", "--reason", "longer notice")
    assert win["expiry_window_days"] == 120
    q = select(Setting.value).where(Setting.key == "contracts.expiry_warning_days")
    assert cli.read(q)[0][0] == "120"
    assert "from 1 to 730, not 0" in cli.refused(FINANCE, "settings", "expiry-window", "0")
    shown = cli.ok(VIEWER, "settings", "show")
    assert shown["expiry_window_days"] == 120
    assert {"stream": "DA", "red_forecast_pct": "4.00", "amber_profile_pct": "12.50"} in shown[
        "rag"
    ]
    assert cli.ok(VIEWER, "audit", "verify") == {"ok": True, "problems": []}
    listed = cli.ok(VIEWER, "audit", "list", "--table", "settings", "--limit", "1")
    e = listed["entries"][0]
    assert (e["user"], e["action"], e["reason"]) == (FINANCE, "set_expiry_window", "longer notice")
