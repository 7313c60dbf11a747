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
