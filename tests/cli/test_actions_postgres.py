"""The action commands on a shared PostgreSQL ledger, each person with their own login: the
budget holder requests a virement and cannot approve it, finance approves and posts spend, a
viewer and a budget holder posting spend are refused (exit 2 with the reason, nothing written),
and the audit log names each login."""

from __future__ import annotations

import json
from contextlib import redirect_stderr, redirect_stdout
from io import StringIO
from typing import Any

import pytest

from tests.db.pg_logins import Shared, module_pg_url, shared  # noqa: F401
from ui.cli import main as cli

pytestmark = pytest.mark.postgres


def run(led: Shared, who: str, *args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli(["--db", led.url_as(who), *args])
    return code, out.getvalue(), err.getvalue()


def ok(led: Shared, who: str, *args: str) -> Any:
    code, out, err = run(led, who, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def audit_count(led: Shared) -> int:
    return int(led.raw("fiona", "select count(*) from audit_log")[0][0])


def test_actions_by_each_login(shared: Shared) -> None:  # noqa: F811
    staff = f"#{shared.lines['DA']}"
    v = ok(shared, "bea", "virement", "request", "--from", staff, "--to", "Other", "--stream",
           "DA", "--year", "2025-26", "--amount", "200", "--reason", "cover", "--period", "P03")  # fmt: skip
    vid = v["virement"]["id"]
    assert v["virement"]["requested_by"] == shared.login("bea")
    before = audit_count(shared)
    code, _out, err = run(shared, "bea", "virement", "approve", str(vid))
    assert code == 2 and "it must be approved by someone else" in err
    assert audit_count(shared) == before
    done = ok(shared, "fiona", "virement", "approve", str(vid))
    assert done["virement"]["status"] == "approved"
    entry = done["audit"][0]
    who = shared.raw("fiona", 'select "user", action from audit_log where id = :i', i=entry["id"])
    assert tuple(who[0]) == (shared.login("fiona"), "approve_virement")

    t = ok(shared, "fiona", "txn", "add", "--stream", "DA", "--date", "2025-07-01", "--amount",
           "50.00", "--line", staff)["transaction"]  # fmt: skip
    assert (t["amount"], t["line_id"]) == ("50.00", shared.lines["DA"])
    before = audit_count(shared)
    code, _out, err = run(shared, "vic", "txn", "add", "--stream", "DA", "--date", "2025-07-01",
                          "--amount", "1")  # fmt: skip
    # the server refuses a viewer's login the write lock before the app's own check
    assert code == 2 and "the server refused: permission denied" in err, err
    code, _out, err = run(shared, "bea", "txn", "add", "--stream", "DA", "--date", "2025-07-01",
                          "--amount", "1")  # fmt: skip
    assert code == 2 and "cannot post or change transactions" in err
    assert audit_count(shared) == before
    f = ok(shared, "bea", "forecast", "set", "--line", staff, "--period", "P04", "--amount",
           "1100", "--commentary", "agency cover")  # fmt: skip
    assert (f["forecast"]["amount"], f["forecast"]["by"]) == ("1100.00", shared.login("bea"))


def test_refusals_with_json_on_the_server(shared: Shared) -> None:  # noqa: F811
    """A server refusal and an app refusal both print one JSON object with --json, nothing
    written; a decided virement cannot be approved again."""
    staff = f"#{shared.lines['DA']}"
    before = audit_count(shared)
    code, out, err = run(shared, "vic", "txn", "add", "--stream", "DA", "--date", "2025-07-01",
                         "--amount", "1", "--json")  # fmt: skip
    got = json.loads(out)
    assert code == 2 and (got["ok"], got["exit"], got["command"]) == (False, 2, "txn add")
    assert got["error"] == err.strip() and "the server refused: permission denied" in err
    assert audit_count(shared) == before
    v = ok(shared, "bea", "virement", "request", "--from", staff, "--to", "Other", "--stream",
           "DA", "--year", "2025-26", "--amount", "10", "--reason", "cover", "--period", "P03")  # fmt: skip
    vid = v["virement"]["id"]
    ok(shared, "fiona", "virement", "approve", str(vid))
    before = audit_count(shared)
    code, out, err = run(shared, "fiona", "virement", "approve", str(vid), "--json")
    got = json.loads(out)
    assert code == 2 and got["error"] == err.strip()
    assert f"virement #{vid} was already approved by {shared.login('fiona')}" in err
    assert audit_count(shared) == before
