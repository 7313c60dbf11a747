"""Contracts (committed, warnings), transactions, recharges, income/ROI and contributions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from db.audit import verify_chain
from db.ledger import Ledger
from db.ops import contracts, contributions, income, recharges, transactions
from db.ops.contracts import ContractInput, ProviderRef
from db.ops.contributions import ContributionInput
from db.ops.income import IncomeInput
from db.ops.transactions import TransactionInput
from db.queries import contracts as cq
from db.queries import contributions as kq
from db.queries import income as iq
from db.queries import recharges as rq
from db.writes import LedgerError, PermissionDenied
from fundledger.reference import DHR_DEBTORS, by_key

from .lifecycle_helpers import (
    BACKENDS,
    COMMISSIONER,
    FIONA,
    VIEWER,
    m,
    open_backend,
    org,
    sid,
)


@pytest.fixture(params=BACKENDS)
def ledger(request, ledger_path):  # type: ignore[no-untyped-def]
    yield from open_backend(request, ledger_path)


TODAY = date(2026, 11, 23)


def _contract(ledger: Ledger, **kw: Any) -> int:
    fields = {
        "stream_id": sid(ledger, "DA"),
        "service": "Refuge and Dispersed Accommodation",
        "provider_text": "WALL Male, Generic and Accessible Units Panaghar BAME Units",
        "providers": (ProviderRef(org(ledger, "Women's Aid Leicestershire"), "WALL"),),
        "value": "250000.00",
        "cost_basis": "whole_term",
        "contract_start": date(2025, 4, 1),
        "term_text": "2 years (+1 year extension)",
    }
    data = ContractInput(**{**fields, **kw})
    with ledger.write() as s:
        return contracts.add_contract_line(s, COMMISSIONER, data)


def _invoice(ledger: Ledger, cid: int, when: date, amount: Any) -> int:
    with ledger.write() as s:
        return transactions.add_transaction(
            s, FIONA, TransactionInput(sid(ledger, "DA"), when, amount, contract_line_id=cid,
                                       counterparty="WALL")
        )  # fmt: skip


def test_contract_line_terms_profile_and_end(ledger) -> None:  # type: ignore[no-untyped-def]
    cid = _contract(ledger)
    with ledger.read() as s:
        row = cq.contract(s, cid, today=TODAY)
    assert row is not None
    assert row.base_term_months == 24 and [e.months for e in row.extensions] == [12]
    assert row.end == date(2027, 4, 1) and row.last_day == date(2027, 3, 31)
    assert row.profile == ((2025, m("125000.00")), (2026, m("125000.00")))
    assert row.providers == ("Women's Aid Leicestershire",)
    assert row.remaining == m("250000.00") and row.warnings == ()


def test_committed_falls_as_invoices_arrive_and_never_goes_negative(ledger) -> None:  # type: ignore[no-untyped-def]
    cid = _contract(ledger)
    with ledger.read() as s:
        assert cq.committed_for_year(s, 2025)[0].committed == m("125000.00")
    _invoice(ledger, cid, date(2025, 5, 1), "25000.00")
    with ledger.read() as s:
        assert cq.committed_for_year(s, 2025)[0].committed == m("100000.00")
    _invoice(ledger, cid, date(2025, 9, 1), "100000.01")
    with ledger.read() as s:
        row = cq.committed_for_year(s, 2025)[0]
    assert row.committed == m("0.00") and row.invoiced == m("125000.01")
    assert row.warning is not None and row.warning.message == (
        "invoiced £125,000.01 in 2025-26 against a profile of £125,000.00 (£0.01 beyond it)"
    )


def test_register_warnings_expiry_overinvoiced_after_end(ledger) -> None:  # type: ignore[no-untyped-def]
    cid = _contract(ledger, contract_start=date(2025, 1, 1))  # ends 31/12/2026
    with ledger.read() as s:
        row = cq.contract(s, cid, today=TODAY)
    assert row is not None
    assert [(w.code, w.message) for w in row.warnings] == [
        ("expiring", "ends 31/12/2026 (in 38 days) with an extension decision pending")
    ]
    _invoice(ledger, cid, date(2026, 12, 15), "200000.00")
    _invoice(ledger, cid, date(2027, 1, 5), "50000.50")
    with ledger.write() as s:
        ext = row.extensions[0]
        contracts.decide_extension(s, COMMISSIONER, ext.id, "declined", decided_on=TODAY,
                                   note="service recommissioned")  # fmt: skip
    with ledger.read() as s:
        row = cq.contract(s, cid, today=TODAY)
    assert row is not None and row.extensions[0].decided_by == "cal"
    assert {w.code: w.message for w in row.warnings} == {
        "over_invoiced": "invoiced £250,000.50 against a value of £250,000.00 (£0.50 over)",
        "invoice_after_end": "1 invoice totalling £50,000.50 dated after the end (31/12/2026)",
    }
    assert row.remaining == m("-0.50")


def test_taking_an_extension_extends_the_end_and_per_year_profile(ledger) -> None:  # type: ignore[no-untyped-def]
    cid = _contract(
        ledger, cost_basis="per_year", value="80000.00", contract_start=date(2022, 4, 1)
    )
    with ledger.read() as s:
        ext = cq.contract(s, cid, today=TODAY).extensions[0]  # type: ignore[union-attr]
    with ledger.write() as s:
        contracts.decide_extension(s, COMMISSIONER, ext.id, "taken", decided_on=date(2023, 12, 1))
    with ledger.read() as s:
        row = cq.contract(s, cid, today=TODAY)
    assert row is not None and row.end == date(2025, 4, 1)
    assert row.total_value == m("240000.00")
    assert dict(row.profile) == {2022: m("80000.00"), 2023: m("80000.00"), 2024: m("80000.00")}


def test_transactions_add_edit_reverse(ledger) -> None:  # type: ignore[no-untyped-def]
    da = sid(ledger, "DA")
    with pytest.raises(LedgerError, match="float"), ledger.write() as s:
        transactions.add_transaction(s, FIONA, TransactionInput(da, date(2025, 5, 1), 1.5))  # type: ignore[arg-type]
    with pytest.raises(LedgerError, match="more than two decimal places"), ledger.write() as s:
        transactions.add_transaction(s, FIONA, TransactionInput(da, date(2025, 5, 1), "1.005"))
    with ledger.write() as s:
        # 2025-26 spend invoiced in June 2026: an accrual charged to P12
        tid = transactions.add_transaction(
            s, FIONA, TransactionInput(da, date(2026, 6, 12), "1234.50", year=2025, period=12)
        )
        transactions.edit_transaction(s, FIONA, tid, {"amount": "1234.56"}, expected_version=1)
    with pytest.raises(LedgerError, match="a reason is required"), ledger.write() as s:
        transactions.reverse_transaction(s, FIONA, tid, reason="")
    with ledger.write() as s:
        rid = transactions.reverse_transaction(s, FIONA, tid, reason="duplicate invoice")
    with pytest.raises(LedgerError, match=f"already reversed by #{rid}"), ledger.write() as s:
        transactions.reverse_transaction(s, FIONA, tid, reason="again")
    with pytest.raises(LedgerError, match="has been reversed"), ledger.write() as s:
        transactions.edit_transaction(s, FIONA, tid, {"description": "x"}, expected_version=2)
    from db.schema import Transaction

    with ledger.read() as s:
        rev = s.get(Transaction, rid)
        assert rev is not None
        assert (rev.amount, rev.reverses_id, rev.year, rev.period, rev.kind) == (
            m("-1234.56"),
            tid,
            2025,
            12,
            "reversal",
        )
        assert verify_chain(s) == []


def test_dhr_recharges_total_forty_thousand_with_statuses(ledger) -> None:  # type: ignore[no-untyped-def]
    dhr = sid(ledger, "DHR")
    debtors = [org(ledger, by_key(k).name) for k in DHR_DEBTORS]
    assert len(debtors) == 8
    with ledger.write() as s:
        ids = recharges.raise_recharges(
            s, FIONA, stream_id=dhr, year=2026, org_ids=debtors, amount="5000.00",
            description="Domestic Homicide Review contribution 2026-27",
            raised_on=date(2026, 10, 1), due_on=date(2026, 10, 31), reference_prefix="DHR26",
        )  # fmt: skip
        for rid in ids[:3]:
            recharges.record_receipt(s, FIONA, rid, paid_on=date(2026, 10, 20))
        recharges.record_receipt(s, FIONA, ids[3], paid_on=date(2026, 10, 25), amount="2000.00")
    with (
        pytest.raises(LedgerError, match="already raised for this year and purpose: Blaby"),
        ledger.write() as s,
    ):
        recharges.raise_recharges(
            s, FIONA, stream_id=dhr, year=2026, org_ids=debtors[:1], amount="5000.00",
            description="Domestic Homicide Review contribution 2026-27",
            raised_on=date(2026, 10, 1), due_on=date(2026, 10, 31),
        )  # fmt: skip
    with ledger.read() as s:
        rows = rq.recharges(s, today=TODAY, stream_id=dhr, year=2026)
        early = rq.summary(rq.recharges(s, today=date(2026, 10, 30), stream_id=dhr))
    got = rq.summary(rows)
    assert got.total == m("40000.00")
    assert got.received == m("17000.00") and got.outstanding == m("23000.00")
    assert got.counts == {"raised": 0, "overdue": 5, "paid": 3, "cancelled": 0}
    assert early.counts == {"raised": 5, "overdue": 0, "paid": 3, "cancelled": 0}
    assert rows[0].reference == "DHR26-01" and rows[0].partner == "Blaby District Council"


def test_pmt_roi_reproduces_259_percent(ledger) -> None:  # type: ignore[no-untyped-def]
    pmt = sid(ledger, "PMT")
    items = [
        (
            "Council revenue contribution",
            "Leicestershire County Council",
            "12650.00",
            True,
            None,
            None,
        ),
        ("Sponsorship", "UKREiiF sponsors", "30000.00", False, None, None),
        ("Membership", "Team Leicester members", "8000.00", False, None, None),
        ("Paid listing", "Group travel guide advertisers", "4650.00", False, None, None),
        ("Commercial package", "A small business", "225.00", False, "500.00", "275.00"),
        ("Commercial package", "Event organiser", "2525.00", False, "2525.00", None),
    ]
    with ledger.write() as s:
        for cat, who, amount, council, lp, disc in items:
            income.add_income(s, FIONA, IncomeInput(pmt, cat, who, amount, date(2025, 11, 3),
                                                    list_price=lp, discount=disc,
                                                    is_council_investment=council))  # fmt: skip
        late = income.add_income(
            s, FIONA, IncomeInput(pmt, "Sponsorship", "Awards", "1000.00", date(2026, 2, 1))
        )
        income.record_income_receipt(s, FIONA, late, received_on=date(2026, 3, 1))
    with (
        pytest.raises(LedgerError, match=r"does not equal £500\.00 less £275\.00"),
        ledger.write() as s,
    ):
        income.add_income(s, FIONA, IncomeInput(pmt, "Commercial package", "X", "275.00",
                                                date(2025, 11, 3), list_price="500.00",
                                                discount="275.00"))  # fmt: skip
    with ledger.read() as s:
        fy = iq.return_on_investment(s, pmt, fy=2025)
        cal = iq.by_category(s, pmt, calendar=2025)
        fy_cats = {c.category: c for c in iq.by_category(s, pmt, fy=2025)}
    assert (fy.leverage, fy.investment) == (m("46400.00"), m("12650.00"))
    assert fy.roi_pct == Decimal("266.80")
    assert fy_cats["Sponsorship"].received == m("1000.00")
    assert fy_cats["Sponsorship"].outstanding == m("30000.00")
    assert sum(c.raised for c in cal) == m("58050.00")
    with ledger.write() as s:
        income.cancel_income(s, FIONA, late, reason="raised in error")
    with ledger.read() as s:
        fy = iq.return_on_investment(s, pmt, fy=2025)
    assert fy.leverage == m("45400.00") and fy.roi_pct == Decimal("258.89")


def test_yj_contributions_pooled_by_heading_with_unknown_in_kind(ledger) -> None:  # type: ignore[no-untyped-def]
    yj = sid(ledger, "YJ")
    pcc = org(ledger, by_key("OPCC").name)
    with ledger.write() as s:
        contributions.add_contribution(
            s, FIONA, ContributionInput(yj, 2025, pcc, "Staffing Costs", "91847.00")
        )
        contributions.add_contribution(
            s, FIONA, ContributionInput(yj, 2025, pcc, "Other delegated funds", "77934.00")
        )
        kind = contributions.add_contribution(
            s,
            FIONA,
            ContributionInput(
                yj,
                2025,
                pcc,
                "Payments in kind",
                None,
                kind="in_kind",
                fte="2",
                description="two warranted Police Constables",
            ),
        )
        contributions.set_contribution_status(s, FIONA, kind, "received", on=date(2025, 4, 1))
    with (
        pytest.raises(LedgerError, match="a cash contribution needs an amount"),
        ledger.write() as s,
    ):
        contributions.add_contribution(s, FIONA, ContributionInput(yj, 2025, pcc, "Other", None))
    with pytest.raises(PermissionDenied), ledger.write() as s:
        contributions.add_contribution(s, VIEWER, ContributionInput(yj, 2025, pcc, "X", "1.00"))
    with ledger.read() as s:
        heads = {t.key: t for t in kq.pooled_by_heading(s, yj, 2025)}
        total = kq.pooled_total(s, yj, 2025)
        partners = kq.by_partner(s, yj, 2025)
    assert heads["Staffing Costs"].amount == m("91847.00")
    assert heads["Payments in kind"].amount == m("0.00")
    assert heads["Payments in kind"].unknown_values == 1
    assert heads["Payments in kind"].fte == Decimal("2.00")
    assert total == m("169781.00")
    assert [(p.amount, p.pledged, p.unknown_values) for p in partners] == [
        (m("169781.00"), m("169781.00"), 1)
    ]


def test_expiry_window_is_a_setting(ledger) -> None:  # type: ignore[no-untyped-def]
    from db.schema import Setting
    from db.writes import insert

    cid = _contract(ledger, contract_start=date(2025, 1, 1))  # last day 31/12/2026: 38 days
    with ledger.write() as s:
        insert(s, FIONA, Setting(key="contracts.expiry_warning_days", value="30"))
    with ledger.read() as s:
        row = cq.contract(s, cid, today=TODAY)
    assert row is not None and row.warnings == ()
    with ledger.read() as s:
        row = cq.contract(s, cid, today=date(2026, 12, 1))
    assert row is not None and [w.code for w in row.warnings] == ["expiring"]


def test_closed_year_refuses_income_recharges_and_contributions(ledger) -> None:  # type: ignore[no-untyped-def]
    from db.ops import locks
    from db.ops.locks import PeriodLocked

    pmt, yj, dhr = sid(ledger, "PMT"), sid(ledger, "YJ"), sid(ledger, "DHR")
    blaby = org(ledger, by_key("BLABY").name)
    with ledger.write() as s:
        locks.close_period(s, FIONA, year=2025, period=None, reason="closed")
    attempts: list[Callable[[Session], object]] = [
        lambda s: income.add_income(
            s, FIONA, IncomeInput(pmt, "Sponsorship", "X", "10.00", date(2025, 5, 1))
        ),
        lambda s: recharges.raise_recharges(
            s,
            FIONA,
            stream_id=dhr,
            year=2025,
            org_ids=[blaby],
            amount="5000.00",
            description="DHR",
            raised_on=date(2025, 5, 1),
            due_on=date(2025, 6, 1),
        ),
        lambda s: contributions.add_contribution(
            s, FIONA, ContributionInput(yj, 2025, blaby, "Other delegated funds", "1.00")
        ),
    ]
    for attempt in attempts:
        with (
            pytest.raises(PeriodLocked, match=r"^2025-26 \(whole year\) is closed"),
            ledger.write() as s,
        ):
            attempt(s)


def test_contract_lines_are_for_commissioning_and_finance(ledger) -> None:  # type: ignore[no-untyped-def]
    from .lifecycle_helpers import DA_HOLDER

    data = ContractInput(sid(ledger, "DA"), "Service", "Provider", value="1.00")
    with (
        pytest.raises(
            PermissionDenied, match=r"bea \(budget holder\) cannot change contract lines"
        ),
        ledger.write() as s,
    ):
        contracts.add_contract_line(s, DA_HOLDER, data)
    with ledger.write() as s:
        assert contracts.add_contract_line(s, COMMISSIONER, data) > 0
    with (
        pytest.raises(PermissionDenied, match="cannot post or change transactions"),
        ledger.write() as s,
    ):
        transactions.add_transaction(
            s, COMMISSIONER, TransactionInput(sid(ledger, "DA"), date(2025, 5, 1), "1.00")
        )


def test_committed_balance_can_be_carried_forward(ledger) -> None:  # type: ignore[no-untyped-def]
    from db.ops import carry_forward

    from .lifecycle_helpers import FRANK, line

    y25 = line(ledger, "DA", 2025, "Refuge", "200000.00")
    y26 = line(ledger, "DA", 2026, "Refuge", "200000.00")
    cid = _contract(ledger, budget_line_id=y25)  # profile £125,000 in each of 2025 and 2026
    _invoice(ledger, cid, date(2025, 6, 1), "100000.00")
    with ledger.read() as s:
        assert carry_forward.available_to_carry(s, y25, "committed") == m("25000.00")
        assert carry_forward.available_to_carry(s, y26, "committed") == m("125000.00")
    with (
        pytest.raises(LedgerError, match=r"the committed balance available is £25,000\.00"),
        ledger.write() as s,
    ):
        carry_forward.request_carry_forward(s, FIONA, from_line_id=y25, to_line_id=y26,
                                            amount="25000.01", reason="slipped", basis="committed")  # fmt: skip
    with ledger.write() as s:
        cf = carry_forward.request_carry_forward(s, FIONA, from_line_id=y25, to_line_id=y26,
                                                 amount="25000.00", reason="slipped",
                                                 basis="committed")  # fmt: skip
        carry_forward.approve_carry_forward(s, FRANK, cf)
