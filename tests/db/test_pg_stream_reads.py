"""A budget holder reads only her streams' sign-offs, explanations and contract profiles, and
their audit entries (migration 0022), tried as bea (DA) would from psql with her own login:
before, she read YJ's reconciliation sign-off — its difference and the reason given — and YJ's
contract profiles and explanations, directly and through the audit log."""

from __future__ import annotations

import pytest

from ui.usecases.reconcile import sign_off
from ui.usecases.session import open_ledger

from .pg_logins import Shared

pytestmark = pytest.mark.postgres

CONTRACT = (
    "insert into contract_lines (stream_id, service, provider_text, cost_basis, fixed_term, "
    "internal, sort_order, version, created_at, created_by) select id, 'Refuge ' || code, "
    "'Provider', 'unknown', false, false, 0, 1, now(), current_user from streams "
    "where code in ('DA', 'YJ') returning id, stream_id"
)


@pytest.fixture(scope="module")
def figures(shared: Shared) -> None:
    """A contract line with a 2025 profile, an explanation and a sign-off, for DA and YJ (the
    explanation first: a signed-off period's are locked, 0023)."""
    for row in shared.raw("cal", CONTRACT):
        shared.raw("cal", "insert into contract_profiles (contract_line_id, year, amount, version,"
                   " created_at, created_by) values (:c, 2025, 1234500, 1, now(), current_user)",
                   c=row.id)  # fmt: skip
    for code in ("DA", "YJ"):
        shared.raw("fiona", "insert into recon_explanations (transaction_id, category, text, "
                   "version, created_at, created_by) values (:t, 'timing', :w, 1, now(), "
                   "current_user)", t=shared.txns[code], w=f"{code}: paid late")  # fmt: skip
    led = open_ledger(shared.url_as("fiona"))
    try:
        sign_off(led, ["DA", "YJ"], 2025, (1, 3), "no GL statement yet")
    finally:
        led.dispose()


def streams_seen(shared: Shared, who: str, sql: str) -> set[str]:
    return {r[0] for r in shared.raw(who, sql)}


def test_a_budget_holder_reads_only_her_streams_figures(shared: Shared, figures: None) -> None:
    signoffs = "select s.code from recon_signoffs r join streams s on s.id = r.stream_id"
    profiles = ("select s.code from contract_profiles p join contract_lines c on c.id = "
                "p.contract_line_id join streams s on s.id = c.stream_id")  # fmt: skip
    notes = "select split_part(text, ':', 1) from recon_explanations"
    assert streams_seen(shared, "bea", signoffs) == {"DA"}
    assert streams_seen(shared, "bea", profiles) == {"DA"}
    assert streams_seen(shared, "bea", notes) == {"DA"}
    # nor through the audit log: the entries about YJ's rows (their ids as finance sees them)
    yj_rows = shared.raw("fiona", YJ_ROWS)
    assert {r.table_name for r in yj_rows} == {"recon_signoffs", "contract_profiles",
                                               "recon_explanations"}  # fmt: skip
    about = "select count(*) from audit_log where table_name = :t and row_id = :r"
    for r in yj_rows:
        assert shared.raw("fiona", about, t=r.table_name, r=r.row_id) == [(1,)], r
        assert shared.raw("bea", about, t=r.table_name, r=r.row_id) == [(0,)], r
    # everyone else as before
    for who in ("fiona", "vic", "ada", "cal"):
        assert streams_seen(shared, who, signoffs) == {"DA", "YJ"}, who
        assert streams_seen(shared, who, profiles) == {"DA", "YJ"}, who


YJ = "(select id from streams where code = 'YJ')"
YJ_ROWS = (
    f"select 'recon_signoffs' as table_name, id::text as row_id from recon_signoffs "
    f"where stream_id = {YJ} union all "
    f"select 'contract_profiles', p.contract_line_id || '/' || p.year from contract_profiles p "
    f"join contract_lines c on c.id = p.contract_line_id where c.stream_id = {YJ} union all "
    f"select 'recon_explanations', e.id::text from recon_explanations e join transactions t "
    f"on t.id = e.transaction_id where t.stream_id = {YJ}"
)
