"""With ``--json`` a refused or invalid command (exit 2) and a failure (exit 1) print one JSON
object on stdout — ``{"ok": false, "exit", "error", "command"}``, the error being the message on
stderr — so a script reading stdout always gets JSON; successful output is unchanged.  Virement
lists show finance's override; a decided virement or carry-forward cannot be decided again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from db.schema import CarryForward, Virement
from tests.cli.cli_helpers import Cli, Ran
from tests.cli.test_budget_actions_cli import CHILDREN, FINANCE, GRT, HOLDER, VIEWER, add_line

ADD = ("txn", "add", "--stream", "DA", "--date", "2025-09-15", "--amount")


@pytest.fixture
def cli(demo_ledger_path: Path) -> Cli:
    return Cli(demo_ledger_path)


def failed(cli: Cli, user: str, *args: str, code: int = 2) -> dict[str, object]:
    """Run with --json expecting ``code``, nothing written; the one JSON object on stdout."""
    before = cli.audit_count()
    ran = cli(user, *args, "--json")
    assert ran.code == code, (ran.code, ran.out, ran.err)
    assert cli.audit_count() == before, "a refused action wrote to the ledger"
    assert len(ran.out.splitlines()) == 1, ran.out  # one object, one line
    got: dict[str, object] = json.loads(ran.out)
    assert got["ok"] is False and got["exit"] == code
    assert got["error"] == ran.err.strip() != ""  # the same message as on stderr
    return got


def test_refusals_print_one_json_object_as_well_as_the_message(cli: Cli) -> None:
    wrong_role = failed(cli, VIEWER, *ADD, "1")
    assert wrong_role == {
        "ok": False,
        "exit": 2,
        "error": "fundledger txn add: viewers cannot change the ledger: board.viewer (viewer) "
        "cannot post or change transactions",
        "command": "txn add",
    }
    unknown = failed(cli, "nobody", "virement", "list")
    assert unknown["command"] == "virement list"
    assert str(unknown["error"]).startswith("fundledger virement: ")
    assert "nobody" in str(unknown["error"])
    bad_money = failed(cli, FINANCE, *ADD, "1.234")
    assert "more than two decimal places" in str(bad_money["error"])
    closed = failed(cli, FINANCE, "txn", "add", "--stream", "DA", "--date", "2024-09-15",
                    "--amount", "1")  # fmt: skip
    assert "2024-25 (whole year) is closed for all streams" in str(closed["error"])
    assert closed["command"] == "txn add"
    missing = failed(cli, FINANCE, "virement", "approve", "9999")
    assert missing["error"] == (
        "fundledger virement approve: virement #9999 does not exist; nothing was changed"
    )


def test_a_usage_error_prints_json_with_its_argparse_message(
    cli: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    from ui.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(cli.path), "--user", FINANCE, "virement", "approve", "x", "--json"])
    assert exit_.value.code == 2
    ran = capsys.readouterr()
    got = json.loads(ran.out)
    assert got == {
        "ok": False,
        "exit": 2,
        "error": "fundledger virement approve: error: argument ID: invalid int value: 'x'",
        "command": "virement approve",
    }
    assert ran.err.startswith("usage: fundledger virement approve")  # stderr as before


def test_without_json_a_refusal_prints_nothing_on_stdout(cli: Cli) -> None:
    ran = cli(VIEWER, *ADD, "1")
    assert (ran.code, ran.out) == (2, "")
    assert ran.err.startswith("fundledger txn add: viewers cannot change the ledger")


def test_successful_json_output_is_unchanged(cli: Cli) -> None:
    ran: Ran = cli(FINANCE, *ADD, "12.50", "--json")
    assert ran.code == 0 and ran.err == ""
    got = ran.json
    assert set(got) == {"transaction", "warnings", "audit"}  # no ok/exit/error added
    assert got["transaction"]["amount"] == "12.50"
    listed = cli.ok(FINANCE, "virement", "list", "--stream", "DA")
    assert set(listed) == {"virements"}


def test_virement_list_shows_finances_override(cli: Cli) -> None:
    args = ("virement", "request", "--stream", "DA", "--year", "2025-26", "--from", CHILDREN,
            "--to", GRT, "--period", "P06", "--reason", "cover")  # fmt: skip
    plain = cli.ok(HOLDER, *args, "--amount", "100")["virement"]
    assert (plain["override_reason"], plain["override_by"]) == (None, None)
    err = cli.refused(HOLDER, *args, "--amount", "99999999")
    assert "finance can override this with a reason" in err
    big = cli.ok(FINANCE, *args, "--amount", "99999999", "--override", "Cabinet agreed 01/07")
    vid = big["virement"]["id"]
    assert (big["virement"]["override_reason"], big["virement"]["override_by"]) == (
        "Cabinet agreed 01/07",
        FINANCE,
    )
    rows = {r["id"]: r for r in cli.ok(FINANCE, "virement", "list", "--stream", "DA")["virements"]}
    assert (rows[vid]["override_reason"], rows[vid]["override_by"]) == (
        "Cabinet agreed 01/07",
        FINANCE,
    )
    assert rows[plain["id"]]["override_reason"] is None
    text = cli(FINANCE, "virement", "list", "--stream", "DA")
    mine = [ln for ln in text.out.splitlines() if ln.startswith(f"#{vid}\t")]
    assert mine[0].endswith(f"\toverridden by {FINANCE}: Cabinet agreed 01/07")
    # a carry-forward has no available check to override: the keys are there, empty
    add_line(cli.path, "DA", 2026, CHILDREN)
    cli.ok(FINANCE, "carry-forward", "request", "--line", CHILDREN, "--year", "2025-26",
           "--amount", "100", "--reason", "slipped")  # fmt: skip
    carried = cli.ok(FINANCE, "carry-forward", "list", "--stream", "DA")["carry_forwards"]
    assert [(c["override_reason"], c["override_by"]) for c in carried] == [(None, None)]


def test_a_decided_request_cannot_be_decided_again(cli: Cli) -> None:
    args = ("virement", "request", "--stream", "DA", "--year", "2025-26", "--from", CHILDREN,
            "--to", GRT, "--amount", "50", "--reason", "demand", "--period", "P06")  # fmt: skip
    yes = cli.ok(HOLDER, *args)["virement"]["id"]
    no = cli.ok(HOLDER, *args)["virement"]["id"]
    cli.ok(FINANCE, "virement", "approve", str(yes))
    cli.ok(FINANCE, "virement", "reject", str(no), "--reason", "not needed")
    again = failed(cli, FINANCE, "virement", "approve", str(yes))
    assert "was already approved" in str(again["error"])
    assert "was already rejected" in cli.refused(FINANCE, "virement", "approve", str(no))
    assert "was already rejected" in cli.refused(
        FINANCE, "virement", "reject", str(no), "--reason", "twice"
    )
    q = select(Virement.status, Virement.decided_by).where(Virement.id.in_([yes, no]))
    assert sorted(tuple(r) for r in cli.read(q)) == [("approved", FINANCE), ("rejected", FINANCE)]
    add_line(cli.path, "DA", 2026, CHILDREN)
    c = cli.ok(FINANCE, "carry-forward", "request", "--line", CHILDREN, "--year", "2025-26",
               "--amount", "100", "--reason", "slipped")["carry_forward"]["id"]  # fmt: skip
    cli.ok(HOLDER, "carry-forward", "reject", str(c), "--reason", "spend it")
    assert "was already rejected" in cli.refused(HOLDER, "carry-forward", "approve", str(c))
    assert cli.read(select(CarryForward.status).where(CarryForward.id == c))[0][0] == "rejected"
