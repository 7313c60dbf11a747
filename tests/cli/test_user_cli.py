"""``fundledger user add/list`` on a SQLite ledger: users rows, role checks in the app layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.ledger import Ledger
from ui.cli import main as cli


def test_user_add_and_list_with_the_app_enforcing_roles(
    ledger: Ledger, ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger.dispose()
    db = ["--db", str(ledger_path)]
    # a new ledger has no administrator yet: the first one can be added by whoever set it up
    assert cli([*db, "user", "add", "ada", "--role", "admin"]) == 0
    assert cli([*db, "--user", "ada", "user", "add", "bea", "--role", "budget_holder",
                "--stream", "DA", "--display-name", "Bea Holder"]) == 0  # fmt: skip
    assert capsys.readouterr().out == "Added ada as admin.\nAdded bea as budget_holder for DA.\n"
    # now only an administrator may
    assert cli([*db, "--user", "bea", "user", "add", "vic", "--role", "viewer"]) == 2
    assert capsys.readouterr().err == (
        "fundledger user add: bea (budget holder) cannot manage users\n"
    )
    assert cli([*db, "--user", "ada", "user", "add", "cal", "--role", "viewer", "--stream",
                "DA"]) == 2  # fmt: skip
    assert "only budget holders are scoped to streams" in capsys.readouterr().err
    assert cli([*db, "--user", "ada", "user", "add", "cal", "--role", "budget_holder"]) == 2
    assert "needs at least one --stream" in capsys.readouterr().err
    assert cli([*db, "user", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "ada\tadmin\tada" in lines
    assert "bea\tbudget_holder [DA]\tBea Holder" in lines


def test_user_deactivate_and_reactivate_with_a_reason(
    ledger: Ledger, ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger.dispose()
    db = ["--db", str(ledger_path)]
    assert cli([*db, "user", "add", "ada", "--role", "admin"]) == 0
    assert cli([*db, "--user", "ada", "user", "add", "fiona", "--role", "finance"]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit):  # argparse: --reason is required
        cli([*db, "--user", "ada", "user", "deactivate", "fiona"])
    assert "--reason" in capsys.readouterr().err
    assert cli([*db, "--user", "ada", "user", "deactivate", "ada", "--reason", "x"]) == 2
    assert capsys.readouterr().err == (
        "fundledger user deactivate: ada cannot deactivate themselves: ask another administrator\n"
    )
    assert cli([*db, "--user", "fiona", "user", "deactivate", "ada", "--reason", "x"]) == 2
    assert "fiona (finance officer) cannot manage users" in capsys.readouterr().err
    assert cli([*db, "--user", "ada", "user", "deactivate", "fiona", "--reason", "left"]) == 0
    assert capsys.readouterr().out == "Deactivated fiona.\n"
    # fiona can no longer act in the ledger, not even to list it
    assert cli([*db, "--user", "fiona", "user", "list"]) == 1
    assert capsys.readouterr().err == (
        "fundledger user: fiona has been deactivated in this ledger and cannot open it; an "
        "administrator can reactivate them (Settings → Users & roles)\n"
    )
    assert cli([*db, "user", "list"]) == 0
    assert "fiona\tfinance\tfiona (inactive)" in capsys.readouterr().out.splitlines()
    assert cli([*db, "--user", "ada", "user", "reactivate", "fiona", "--reason", "back"]) == 0
    assert capsys.readouterr().out == "Reactivated fiona.\n"
    assert cli([*db, "--user", "fiona", "user", "list"]) == 0


def test_a_user_who_is_not_in_the_ledger_is_refused(
    ledger: Ledger, ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--user NAME`` naming no user of the ledger acts as nobody: exit 2, nothing written
    (it used to act silently as a finance officer on SQLite)."""
    from sqlalchemy import func, select

    from db.schema import AuditEntry

    with ledger.read() as s:
        before = s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    ledger.dispose()
    db = ["--db", str(ledger_path)]
    code = cli([*db, "--user", "mallory", "stream", "add", "ZZ", "--name", "Z", "--kind", "grant"])
    assert code == 2
    assert capsys.readouterr().err == (
        "fundledger stream: --user 'mallory' is no user of this ledger; nothing was done (an "
        "administrator adds users: fundledger user add NAME --role ROLE)\n"
    )
    assert cli([*db, "--user", "mallory", "variance", "--json"]) == 2
    with ledger.read() as s:
        assert s.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == before


@pytest.mark.postgres
def test_a_user_who_is_not_in_a_shared_ledger_is_refused(
    pg_ledger_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from ui.usecases.init import init_ledger

    init_ledger(pg_ledger_url).dispose()  # as the owner, who may act as a named user
    code = cli(["--db", pg_ledger_url, "--user", "mallory", "user", "list"])
    assert code == 2
    assert "--user 'mallory' is no user of this ledger" in capsys.readouterr().err


def test_the_app_refuses_a_user_who_is_not_in_the_ledger(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger.dispose()
    shot = tmp_path / "x.png"
    args = ["--db", str(ledger_path), "--user", "mallory", "gui", "--screenshot", str(shot)]
    assert cli(args) == 2
    assert "--user 'mallory' is no user of this ledger" in capsys.readouterr().err
    assert not shot.exists()
