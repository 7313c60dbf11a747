"""On PostgreSQL, reference data is written by administrators and finance only — in the app and
at the server — each person tested with their own login; an administrator can merge two
organisations (the links move) without being able to change money."""

from __future__ import annotations

from contextlib import redirect_stderr, redirect_stdout
from io import StringIO

import pytest

from tests.db.pg_logins import Shared, module_pg_url, shared  # noqa: F401
from ui.cli import main as cli

pytestmark = pytest.mark.postgres


def run(led: Shared, who: str, *args: str) -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli(["--db", led.url_as(who), *args])
    return code, out.getvalue() + err.getvalue()


def test_reference_writes_by_role_in_the_app_and_at_the_server(shared: Shared) -> None:  # noqa: F811
    code, text = run(shared, "ada", "stream", "add", "GHL", "--name", "Levy", "--kind", "grant")
    assert (code, text.strip()) == (0, "Added stream GHL.")
    assert run(shared, "ada", "costcentre", "add", "GH1", "--stream", "GHL")[0] == 0
    assert run(shared, "fiona", "rule", "add", "--cost-centre", "GH1", "--line", "Levy")[0] == 0
    assert run(shared, "ada", "org", "add", "Acme Ltd", "--kind", "provider")[0] == 0
    assert run(shared, "fiona", "org", "alias", "Acme Ltd", "ACME")[0] == 0
    for who, role in (("cal", "commissioning"), ("bea", "budget holder"), ("vic", "viewer")):
        code, text = run(shared, who, "rule", "add", "--cost-centre", "GH1", "--line", "Other")
        assert code == 2, text  # refused: exit 2, nothing written
        assert "change reference data" in text or "viewers cannot change" in text
        refused = shared.refused(
            who,
            "insert into coding_rules(kind, cost_centre_id, line_name, active, version, "
            "created_at, created_by) select 'budget', id, 'X', true, 1, now(), current_user "
            "from cost_centres where code = 'GH1'",
        )
        assert "permission denied for table coding_rules" in refused, role
        refused = shared.refused(who, "update streams set name = 'x' where code = 'GHL'")
        assert "permission denied for table streams" in refused


def test_an_administrator_merges_organisations_but_changes_no_money(shared: Shared) -> None:  # noqa: F811
    assert run(shared, "ada", "org", "add", "Zeta Care", "--kind", "provider")[0] == 0
    assert run(shared, "ada", "org", "add", "Zeta Care Duplicate", "--kind", "provider")[0] == 0
    shared.raw(
        "fiona",
        "update transactions set counterparty_org_id = (select id from organisations "
        "where name = 'Zeta Care Duplicate') where id = :t",
        t=shared.txns["YJ"],
    )
    code, text = run(shared, "ada", "org", "merge", "Zeta Care Duplicate", "Zeta Care", "--reason",
                     "one company")  # fmt: skip
    assert code == 0, text
    assert "transactions.counterparty_org_id 1" in text
    org = shared.raw(
        "vic",
        "select o.name from transactions t join organisations o on o.id = t.counterparty_org_id "
        "where t.id = :t",
        t=shared.txns["YJ"],
    )
    assert [r[0] for r in org] == ["Zeta Care"]
    refused = shared.refused("ada", "update transactions set amount = 1 where id = :t",
                             t=shared.txns["YJ"])  # fmt: skip
    assert "permission denied for table transactions" in refused
