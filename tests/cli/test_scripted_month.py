"""A month-end run as a council would script it, entirely through the command line, on a new
ledger: users, the DA range allocation split into years, budget lines and a revision, a
virement requested by the budget holder and approved by finance, spend posted and a mistaken
invoice reversed, forecasts with commentary, income raised and its receipt recorded, P06
closed — then ``variance --json`` equals the figures worked out by hand below."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from db.ledger import Ledger
from db.schema import Allocation, AuditEntry
from tests.cli.cli_helpers import Cli

ADMIN, FINANCE, HOLDER = "ada", "fiona", "bea"
MHCLG = "Ministry of Housing, Communities and Local Government"


def _setup_users(cli: Cli, setup_user: str) -> None:
    # whoever initialised the ledger adds its first administrator, who adds the rest
    assert cli(setup_user, "user", "add", ADMIN, "--role", "admin").code == 0
    assert cli(ADMIN, "user", "add", FINANCE, "--role", "finance").code == 0
    assert cli(ADMIN, "user", "add", HOLDER, "--role", "budget_holder", "--stream", "DA").code == 0
    assert cli(ADMIN, "user", "add", "pat", "--role", "budget_holder", "--stream", "PMT").code == 0


def test_a_month_scripted_through_the_command_line(ledger: Ledger, ledger_path: Path) -> None:
    setup_user = ledger.actor.username  # init made them a user of the ledger
    ledger.dispose()
    cli = Cli(ledger_path)
    _setup_users(cli, setup_user)

    # the DA duty allocation for two years, split into one allocation per year
    alloc = cli.ok(FINANCE, "allocation", "add", "--stream", "DA", "--funder", "MHCLG",
                   "--year", "2025-26", "--to-year", "2026-27", "--amount", "1463965.00",
                   "--mechanism", "settlement", "--label", "DA duty 2025-27")["allocation"]  # fmt: skip
    split = cli.ok(FINANCE, "allocation", "split", str(alloc["id"]), "--year",
                   "2025-26=731982.50", "--year", "2026-27=731982.50", "--reason",
                   "the settlement letter gives each year")  # fmt: skip
    years = {p["year"]: p["amount"] for p in split["split_into"]}
    assert years == {"2025-26": "731982.50", "2026-27": "731982.50"}
    rows = cli.read(select(Allocation.year_from, Allocation.amount, Allocation.superseded,
                           Allocation.funder_org_id))  # fmt: skip
    live = sorted((y, a) for y, a, sup, _f in rows if not sup)
    assert live == [(2025, Decimal("731982.50")), (2026, Decimal("731982.50"))]

    # two budget lines, one original revised at the board
    refuge = cli.ok(FINANCE, "budget", "line", "add", "--stream", "DA", "--year", "2025-26",
                    "--name", "Refuge", "--original", "100000", "--eligible", "yes")["line"]["id"]  # fmt: skip
    outreach = cli.ok(FINANCE, "budget", "line", "add", "--stream", "DA", "--year", "2025-26",
                      "--name", "Outreach", "--original", "50000",
                      "--eligible", "yes")["line"]["id"]  # fmt: skip
    revised = cli.ok(FINANCE, "budget", "revise", "--line", "Refuge", "--stream", "DA",
                     "--year", "2025-26", "--original", "110000", "--reason",
                     "board 12/05/2025 agreed the uplift")  # fmt: skip
    assert revised["line"]["original"] == "110000.00"

    # a virement: the budget holder asks, cannot approve it herself, finance approves
    v = cli.ok(HOLDER, "virement", "request", "--stream", "DA", "--year", "2025-26", "--from",
               "Refuge", "--to", "Outreach", "--amount", "5000", "--reason",
               "outreach caseload", "--period", "P05")["virement"]  # fmt: skip
    assert "approved by someone else" in cli.refused(HOLDER, "virement", "approve", str(v["id"]))
    assert cli.ok(FINANCE, "virement", "approve", str(v["id"]))["virement"]["status"] == "approved"

    # spend, and an invoice posted in error then reversed
    for date, line, amount, ref in (("10/05/2025", "Refuge", "12345.67", "INV-1"),
                                    ("15/06/2025", "Outreach", "4000.00", "INV-2"),
                                    ("20/09/2025", "Refuge", "999.99", "INV-WRONG")):  # fmt: skip
        cli.ok(FINANCE, "txn", "add", "--stream", "DA", "--date", date, "--amount", amount,
               "--line", line, "--counterparty", "Refuge Trust", "--reference", ref)  # fmt: skip
    wrong = [t["id"] for t in cli.ok(FINANCE, "txn", "list", "--stream", "DA")["transactions"]
             if t["reference"] == "INV-WRONG"]  # fmt: skip
    rev = cli(FINANCE, "reverse", str(wrong[0]), "--reason", "posted twice", "--json")
    assert rev.code == 0, rev.err

    # forecasts with commentary (the budget holder)
    cli.ok(HOLDER, "forecast", "set", "--line", f"#{refuge}", "--period", "P06", "--amount",
           "104000", "--commentary", "refuge beds filled from October")  # fmt: skip
    cli.ok(HOLDER, "forecast", "set", "--line", f"#{outreach}", "--period", "P06", "--amount",
           "56000", "--commentary", "second outreach worker from November")  # fmt: skip

    # income raised on PMT and its receipt recorded
    inc = cli.ok(FINANCE, "income", "add", "--stream", "PMT", "--date", "01/07/2025",
                 "--category", "Training", "--customer", "Acme Training", "--amount", "750")  # fmt: skip
    got = cli.ok(FINANCE, "income", "receipt", str(inc["income"]["id"]), "--date", "28/07/2025")
    assert got["income"]["status"] == "received"

    # September closed; nothing more goes into P06
    closed = cli(FINANCE, "period", "close", "--year", "2025-26", "--to", "P06", "--stream",
                 "DA", "--reason", "September closed", "--json")  # fmt: skip
    assert closed.code == 0, closed.err
    assert "closed" in cli.refused(FINANCE, "txn", "add", "--stream", "DA", "--date",
                                   "2025-09-25", "--amount", "1", "--line", "Refuge")  # fmt: skip

    # the variance at the year end, worked out by hand:
    #   Refuge   original 110,000.00 (revised from 100,000.00), virement −5,000.00 → 105,000.00;
    #            spent 12,345.67 + 999.99 − 999.99 = 12,345.67; available 92,654.33;
    #            forecast 104,000.00 → 1,000.00 under; 12,345.67 / 105,000.00 = 11.76 %
    #   Outreach original 50,000.00, virement +5,000.00 → 55,000.00; spent 4,000.00;
    #            available 51,000.00; forecast 56,000.00 → 1,000.00 over (1.8 %, under the 5 %
    #            red threshold); 4,000.00 / 55,000.00 = 7.27 %
    #   both far behind the straight-line profile (100 % at 31/03/2026): amber
    report = cli.ok(FINANCE, "variance", "--stream", "DA", "--year", "2025-26", "--as-at",
                    "31/03/2026")  # fmt: skip
    by_line = {r["key"]: r for r in report["rows"]}
    keys = ("original", "virements", "revised", "committed", "actual", "available", "forecast",
            "forecast_variance", "pct_spent", "rag")  # fmt: skip
    assert {k: by_line["Refuge"][k] for k in keys} == {
        "original": "110000.00", "virements": "-5000.00", "revised": "105000.00",
        "committed": "0.00", "actual": "12345.67", "available": "92654.33",
        "forecast": "104000.00", "forecast_variance": "1000.00", "pct_spent": "11.76",
        "rag": "amber"}  # fmt: skip
    assert {k: by_line["Outreach"][k] for k in keys} == {
        "original": "50000.00", "virements": "5000.00", "revised": "55000.00",
        "committed": "0.00", "actual": "4000.00", "available": "51000.00",
        "forecast": "56000.00", "forecast_variance": "-1000.00", "pct_spent": "7.27",
        "rag": "amber"}  # fmt: skip
    t = report["totals"]
    assert (t["original"], t["virements"], t["revised"], t["actual"], t["forecast"],
            t["forecast_variance"], t["pct_spent"]) == (
        "160000.00", "0.00", "160000.00", "16345.67", "160000.00", "0.00", "10.22")  # fmt: skip
    pmt = cli.ok(FINANCE, "variance", "--stream", "PMT", "--year", "2025-26", "--as-at",
                 "31/03/2026")  # fmt: skip
    assert pmt["totals"]["actual"] == "750.00"  # income raised counts; its receipt moves nothing

    # every step is in the audit log, which still verifies
    assert cli.ok(FINANCE, "audit", "verify")["ok"] is True
    actions = {a for (a,) in cli.read(select(AuditEntry.action))}
    assert {"split_allocation", "revise_original", "request_virement", "approve_virement",
            "post_transaction", "reverse_transaction", "enter_forecast",
            "income_received"} <= actions  # fmt: skip
