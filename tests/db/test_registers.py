"""Register queries (SQL paging, search, filters, totals) and the budget-entry operations."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from db.ledger import Actor
from db.ops.budget_entries import (
    AllocationInput,
    BudgetLineInput,
    add_allocation,
    add_budget_line,
    edit_budget_line,
)
from db.ops.locks import close_period
from db.ops.stream_settings import set_rag_thresholds
from db.queries.budget import line_budgets
from db.queries.register_defs import AUDIT, BUDGET_LINES, TRANSACTIONS
from db.queries.registers import RegisterQuery, column_condition, page, totals
from db.schema import Stream, Virement
from db.writes import LedgerError, PermissionDenied, insert
from fundledger.money import Money
from tests.db.lifecycle_helpers import FIONA, FRANK, org, sid
from tests.ui.shell_helpers import fill

ADA = Actor("ada", "admin")


def m(s: str) -> Money:
    return Money(Decimal(s))


def test_page_is_sorted_and_limited_in_sql(ledger) -> None:  # type: ignore[no-untyped-def]
    ids = fill(ledger)
    with ledger.read() as s:
        rows, problems = page(s, TRANSACTIONS, RegisterQuery(sort="amount"), 0, 2)
        assert problems == []
        assert [r.id for r in rows] == [ids["t3"], ids["t1"]]
        rest, _ = page(s, TRANSACTIONS, RegisterQuery(sort="amount"), 2, 2)
        assert [r.id for r in rest] == [ids["t2"]]
        t = totals(s, TRANSACTIONS, RegisterQuery(search="INV-T2"))
        assert (t.rows, t.sum("amount")) == (1, m("2750.25"))
        by_amount = totals(s, TRANSACTIONS, RegisterQuery(search="£250.00"))
        assert by_amount.rows == 1  # a typed amount matches -250.00 too (credit)
        scoped = totals(s, TRANSACTIONS, RegisterQuery(stream="YJ", year=2025))
        assert (scoped.rows, scoped.sum("amount")) == (0, m("0.00"))
        today = datetime.now(UTC).strftime("%d/%m/%Y")
        everything = totals(s, AUDIT, RegisterQuery()).rows
        assert totals(s, AUDIT, RegisterQuery(filters=(("at", today),))).rows == everything
        assert totals(s, AUDIT, RegisterQuery(filters=(("at", f">{today}"),))).rows == 0


def test_column_filters_parse_or_explain() -> None:
    amount = TRANSACTIONS.column("amount")
    assert column_condition(amount, "")[0] is None
    assert column_condition(amount, ">=1,000")[1] is None
    assert column_condition(amount, "lots") == (None, "not a amount filter")
    assert column_condition(TRANSACTIONS.column("date"), "01/04/2025..31/03/2026")[1] is None
    assert column_condition(TRANSACTIONS.column("year"), "2025/26")[1] is None
    assert column_condition(TRANSACTIONS.column("period"), "P3")[1] is None


def test_revised_on_screen_equals_the_budget_query(ledger) -> None:  # type: ignore[no-untyped-def]
    ids = fill(ledger)
    da = ids["da"]
    with ledger.write() as s:
        other = add_budget_line(
            s,
            FIONA,
            BudgetLineInput(stream_id=da, year=2025, name="Outreach", original=m("500.00")),
        )
        v = Virement(stream_id=da, year=2025, period=3, from_line_id=ids["line"], to_line_id=other,
                     amount=m("120.50"), reason="move", requested_by="fiona", status="approved",
                     decided_by="frank")  # fmt: skip
        insert(s, FRANK, v)
    with ledger.read() as s:
        rows, _ = page(s, BUDGET_LINES, RegisterQuery(stream="DA", year=2025), 0, 50)
        keys = BUDGET_LINES.keys
        shown = {r.values[keys.index("name")]: r.values[keys.index("revised")] for r in rows}
        truth = {b.name: b.revised for b in line_budgets(s, stream_id=da, year=2025)}
        assert shown == truth == {"Refuge": m("99879.50"), "Outreach": m("620.50")}
        t = totals(s, BUDGET_LINES, RegisterQuery(stream="DA", year=2025))
        assert (t.sum("original"), t.sum("virements"), t.sum("revised")) == (
            m("100500.00"), m("0.00"), m("100500.00"),
        )  # fmt: skip


def test_budget_entries_are_checked(ledger) -> None:  # type: ignore[no-untyped-def]
    da = sid(ledger, "DA")
    funder = org(ledger, "Ministry of Housing, Communities and Local Government")
    with ledger.write() as s:
        alloc = add_allocation(
            s,
            FIONA,
            AllocationInput(
                stream_id=da,
                funder_org_id=funder,
                year_from=2025,
                year_to=2026,
                amount="1463965.00",
            ),
        )
        line = add_budget_line(
            s, FIONA, BudgetLineInput(stream_id=da, year=2025, name="Refuge", original="10.00")
        )
    assert alloc > 0
    with (
        pytest.raises(LedgerError, match="the funder must be a known organisation"),
        ledger.write() as s,
    ):
        add_allocation(s, FIONA, AllocationInput(stream_id=da, funder_org_id=999999,
                                                 year_from=2025, year_to=2025, amount="1.00"))  # fmt: skip
    with (
        pytest.raises(LedgerError, match="already a budget line called 'Refuge'"),
        ledger.write() as s,
    ):
        add_budget_line(
            s, FIONA, BudgetLineInput(stream_id=da, year=2025, name="Refuge", original="1")
        )
    with pytest.raises(PermissionDenied, match="administrators post no money"), ledger.write() as s:
        add_budget_line(s, ADA, BudgetLineInput(stream_id=da, year=2025, name="X", original="1"))
    with ledger.write() as s:
        close_period(s, FIONA, year=2025, period=None, stream_id=da, reason="year end")
    with pytest.raises(LedgerError, match="is closed for DA"), ledger.write() as s:
        edit_budget_line(s, FIONA, line, {"name": "Renamed"}, expected_version=1)


def test_rag_thresholds_are_audited_reference_data(ledger) -> None:  # type: ignore[no-untyped-def]
    da = sid(ledger, "DA")
    with ledger.read() as s:
        version = s.get(Stream, da).version
    with ledger.write() as s:
        set_rag_thresholds(s, ADA, da, Decimal("7.50"), Decimal("10"), expected_version=version)
    with ledger.read() as s:
        st = s.get(Stream, da)
        assert (st.red_forecast_pct, st.amber_profile_pct) == (Decimal("7.50"), Decimal("10.00"))
    with pytest.raises(LedgerError, match="between 0 and 100"), ledger.write() as s:
        set_rag_thresholds(s, ADA, da, Decimal("150"), Decimal("10"), expected_version=version + 1)


@pytest.mark.postgres
def test_register_queries_on_postgresql(pg_ledger_url) -> None:  # type: ignore[no-untyped-def]
    from ui.usecases.init import init_ledger

    led = init_ledger(pg_ledger_url)
    try:
        fill(led)
        q = RegisterQuery(stream="DA", year=2025, search="FREEVA", filters=(("amount", "<0"),))
        with led.read() as s:
            rows, problems = page(s, TRANSACTIONS, q, 0, 10)
            assert problems == [] and len(rows) == 1
            t = totals(s, BUDGET_LINES, RegisterQuery(stream="DA", year=2025))
            assert (t.rows, t.sum("revised")) == (1, m("100000.00"))
            today = datetime.now(UTC).strftime("%d/%m/%Y")
            audit = totals(s, AUDIT, RegisterQuery(filters=(("at", f"<={today}"),)))
            assert audit.rows > 0
    finally:
        led.dispose()
