"""Pure lifecycle rules: contract ends and profiles, committed, warnings, budget checks, ROI."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from fundledger import budget, contracts, income
from fundledger.contracts import Extension
from fundledger.money import Money


def m(s: str) -> Money:
    return Money(Decimal(s))


def test_end_date_counts_only_taken_extensions() -> None:
    ext = [Extension(1, 12, "taken"), Extension(2, 12, "pending")]
    assert contracts.contract_end(date(2022, 4, 1), 24, ext) == date(2025, 4, 1)
    assert contracts.last_day(date(2025, 4, 1)) == date(2025, 3, 31)
    assert contracts.contract_end(date(2022, 4, 1), 24, [Extension(1, 12, "declined")]) == date(
        2024, 4, 1
    )
    assert contracts.contract_end(None, 24, ext) is None


def test_default_profile_is_even_by_month_and_adds_up() -> None:
    # Panaghar: contract from July 2024, 2 years, £250,000 whole term
    p = contracts.default_profile(m("250000.00"), "whole_term", date(2024, 7, 1), 24)
    assert p == {2024: m("93750.00"), 2025: m("125000.00"), 2026: m("31250.00")}
    per_year = contracts.default_profile(m("80000.00"), "per_year", date(2022, 4, 1), 24)
    assert per_year == {2022: m("80000.00"), 2023: m("80000.00")}
    assert contracts.default_profile(None, "unknown", date(2022, 4, 1), 24) == {}


def test_committed_falls_and_never_goes_negative_without_a_warning() -> None:
    assert contracts.committed(m("1000.00"), m("400.00"), 2025) == (m("600.00"), None)
    value, warning = contracts.committed(m("1000.00"), m("1250.50"), 2025)
    assert value == m("0.00")
    assert warning is not None and warning.code == "over_profile"
    assert warning.message == (
        "invoiced £1,250.50 in 2025-26 against a profile of £1,000.00 (£250.50 beyond it)"
    )


def test_expiry_warning_only_inside_window_with_pending_decision() -> None:
    pending = [Extension(1, 12, "pending")]
    end = date(2027, 1, 1)  # last day 31/12/2026
    w = contracts.expiry_warning(end, pending, date(2026, 11, 23), 90)
    assert w is not None
    assert w.message == "ends 31/12/2026 (in 38 days) with an extension decision pending"
    assert contracts.expiry_warning(end, pending, date(2026, 9, 1), 90) is None
    assert (
        contracts.expiry_warning(end, [Extension(1, 12, "declined")], date(2026, 12, 1), 90) is None
    )


def test_over_invoiced_and_after_end_warnings() -> None:
    w = contracts.over_invoiced(m("100.00"), m("100.01"))
    assert w is not None and w.message == "invoiced £100.01 against a value of £100.00 (£0.01 over)"
    assert contracts.over_invoiced(m("100.00"), m("100.00")) is None
    a = contracts.after_end_warning(date(2024, 4, 1), 2, m("300.00"))
    assert a is not None
    assert a.message == "2 invoices totalling £300.00 dated after the end (31/03/2024)"


def test_revised_counts_virements_and_carry_forwards() -> None:
    layers = budget.Layers(m("1000.00"), m("200.00"), m("50.00"), m("25.00"), m("10.00"))
    assert layers.revised == m("1165.00")
    assert layers.virements == m("150.00")


def test_self_approval_and_carry_forward_checks() -> None:
    assert budget.check_self_approval("alice", "Alice", "virement") == (
        "you requested this virement; it must be approved by someone else"
    )
    assert budget.check_self_approval("alice", "bob", "virement") is None
    assert budget.check_carry_forward("PMT", False, "No carry.", 2025, 2026) == [
        "PMT grant conditions do not allow carry-forward: “No carry.”"
    ]
    assert budget.check_carry_forward("DA", True, None, 2025, 2027) == [
        "carry-forward is into the next year: 2025-26 → 2026-27, not 2027-28"
    ]


def test_charge_year_may_differ_for_accruals_but_not_wildly() -> None:
    assert budget.check_charge(date(2026, 6, 12), 2025, 12) == []
    assert budget.check_charge(date(2026, 6, 12), 2025, 13) == ["period 13 is not between 1 and 12"]
    assert budget.check_charge(date(2026, 6, 12), 2023, 1) == [
        "charged to 2023-24 P01 but dated 12/06/2026 (2026-27): more than a year apart"
    ]


def test_roi_reproduces_the_papers_259_percent() -> None:
    assert income.roi(Decimal("45400"), Decimal("12650")) == Decimal("258.89")
    assert income.roi(Decimal("45400"), Decimal("0")) is None


def test_package_price_and_recharge_status() -> None:
    assert income.check_package_price(m("500.00"), m("275.00"), m("225.00")) is None
    assert income.check_package_price(m("500.00"), m("275.00"), m("275.00")) == (
        "amount £275.00 does not equal £500.00 less £275.00 discount (£225.00)"
    )
    today = date(2026, 11, 23)
    assert income.recharge_status("raised", date(2026, 11, 22), today) == "overdue"
    assert income.recharge_status("raised", date(2026, 11, 23), today) == "raised"
    assert income.recharge_status("paid", date(2026, 1, 1), today) == "paid"


pence = st.integers(min_value=0, max_value=10**11).map(lambda p: Money(Decimal(p).scaleb(-2)))


@given(profiled=pence, invoiced=pence)
def test_committed_is_never_negative_and_warns_exactly_when_over(
    profiled: Money, invoiced: Money
) -> None:
    value, warning = contracts.committed(profiled, invoiced, 2025)
    assert value >= 0
    assert (warning is not None) == (invoiced > profiled)
    assert value == (profiled - invoiced if invoiced <= profiled else 0)


@given(
    total=pence,
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    months=st.integers(min_value=1, max_value=84),
)
def test_default_profile_adds_up_to_the_value(total: Money, start: date, months: int) -> None:
    profile = contracts.default_profile(total, "whole_term", start, months)
    assert sum(profile.values(), Decimal(0)) == total
    assert list(profile) == sorted(profile)
