"""Variance arithmetic and RAG rules (pure): derived figures, profile, totals, rule texts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from fundledger.money import from_pence
from fundledger.variance import (
    Thresholds,
    VarianceFigures,
    figures,
    period_days,
    profile_pct,
    rag,
    span,
    spread,
    total,
)
from fundledger.years import FinancialYear

D = Decimal
FY = FinancialYear(2025)
YEAR_END = date(2026, 3, 31)


def test_derived_figures() -> None:
    f = figures(D("1000.00"), D("-100.00"), D("50.00"), D("200.00"), D("300.00"), D("960.00"))
    assert f.revised == D("950.00")
    assert f.available == D("450.00")
    assert f.forecast_variance == D("-10.00")
    assert f.pct_spent == D("31.58")


def test_charnwood_is_not_fully_spent() -> None:
    f = figures(D("89530.24"), actual=D("89530.00"))
    assert f.available == D("0.24")
    assert f.pct_spent == D("99.99")  # 99.9997%: never shown as 100.00% with 24p left
    r = rag(f, Thresholds(), D("100.00"), date(2026, 6, 12))
    assert r.status == "green"
    assert r.rule == (
        "green: £0.24 available; 99.99% spent is within 15.00 points of the straight-line "
        "profile of 100.00% at 12/06/2026"
    )
    assert "fully spent" not in r.rule


def test_pct_spent_edge_cases() -> None:
    assert figures().pct_spent == D("0.00")
    assert figures(actual=D("1.00")).pct_spent is None
    assert figures(D("3.00"), actual=D("1.00")).pct_spent == D("33.33")
    assert figures(D("3.00"), actual=D("2.00")).pct_spent == D("66.67")


def test_profile_is_elapsed_share_of_span() -> None:
    assert profile_pct(FY.start, FY.end, date(2025, 3, 31)) == D("0.00")
    assert profile_pct(FY.start, FY.end, date(2025, 4, 1)) == D("0.27")  # 1 of 365 days
    assert profile_pct(FY.start, FY.end, date(2025, 9, 30)) == D("50.14")  # 183 / 365
    assert profile_pct(FY.start, FY.end, YEAR_END) == D("100.00")
    assert profile_pct(FY.start, FY.end, date(2026, 6, 12)) == D("100.00")
    assert span(FY, "quarter", 2) == (date(2025, 7, 1), date(2025, 10, 1))
    assert span(FY, "period", 12) == (date(2026, 3, 1), date(2026, 4, 1))
    assert sum(period_days(FY)) == 365


def test_red_when_committed_plus_actual_exceed_revised() -> None:
    f = figures(D("100.00"), committed=D("60.00"), actual=D("40.01"))
    r = rag(f, Thresholds(), D("50.00"), date(2025, 9, 30))
    assert r == r.__class__(
        "red", "red: committed + actual £100.01 exceed the revised budget £100.00 by £0.01"
    )


def test_red_on_forecast_variance_threshold_is_configurable() -> None:
    f = figures(D("1000.00"), actual=D("500.00"), forecast=D("1050.01"))
    at = date(2025, 9, 30)
    assert rag(f, Thresholds(), D("50.14"), at).rule == (
        "red: forecast variance -£50.01 is worse than -5.00% of the revised budget (-£50.00)"
    )
    assert rag(f, Thresholds(red_forecast_pct=D("10")), D("50.14"), at).status == "green"
    exactly = figures(D("1000.00"), actual=D("500.00"), forecast=D("1050.00"))
    assert rag(exactly, Thresholds(), D("50.14"), at).status == "green"


def test_amber_behind_or_ahead_of_profile() -> None:
    at = date(2025, 9, 30)
    behind = figures(D("1000.00"), actual=D("351.00"))
    assert rag(behind, Thresholds(), D("50.14"), at).rule == (
        "amber: 35.10% spent is 15.04 points behind the straight-line profile of 50.14% at "
        "30/09/2025 (threshold 15.00)"
    )
    ahead = figures(D("1000.00"), actual=D("700.00"))
    assert rag(ahead, Thresholds(), D("50.14"), at).rule.startswith(
        "amber: 70.00% spent is 19.86 points ahead of"
    )
    assert rag(ahead, Thresholds(amber_profile_pct=D("20")), D("50.14"), at).status == "green"
    on_edge = figures(D("1000.00"), actual=D("351.40"))  # 35.14: exactly 15.00 behind
    assert rag(on_edge, Thresholds(), D("50.14"), at).status == "green"
    # 35.13999% shows as 35.14% (15.00 behind) but is more than 15 points behind: the
    # amounts decide, not the rounded percentage
    just_over = figures(D("100000.00"), actual=D("35139.99"))
    assert rag(just_over, Thresholds(), D("50.14"), at).rule == (
        "amber: 35.14% spent is more than 15.00 points behind the straight-line profile of "
        "50.14% at 30/09/2025 (threshold 15.00)"
    )


def test_income_rules_read_target_and_income() -> None:
    t = Thresholds(income=True)
    at = date(2025, 9, 30)
    over_target = figures(D("1000.00"), actual=D("1200.00"))
    assert rag(over_target, t, D("100.00"), at).status == "amber"  # ahead of profile
    short = figures(D("1000.00"), actual=D("500.00"), forecast=D("900.00"))
    assert rag(short, t, D("50.14"), at).rule == (
        "red: forecast income £900.00 is £100.00 short of the target £1,000.00, more than "
        "5.00% (£50.00)"
    )


def test_nothing_budgeted_is_green_with_its_reason() -> None:
    assert rag(figures(), Thresholds(), D("50.00"), date(2025, 9, 30)).rule == (
        "green: nothing budgeted, committed or spent"
    )


def test_total_counts_a_child_without_forecast_at_revised() -> None:
    a = figures(D("100.00"), forecast=D("120.00"))
    b = figures(D("50.00"), virements=D("5.00"))
    t = total([a, b])
    assert (t.revised, t.forecast, t.forecast_variance) == (D("155.00"), D("175.00"), D("-20.00"))
    assert total([b, b]).forecast is None
    assert total([]) == VarianceFigures()


money = st.integers(min_value=-(10**9), max_value=10**9).map(from_pence)
fig = st.builds(
    VarianceFigures,
    money,
    money,
    money,
    money,
    money,
    st.one_of(st.none(), money),
)


@given(st.lists(fig, max_size=8))
def test_totals_are_sums_of_children(kids: list[VarianceFigures]) -> None:
    t = total(kids)
    assert t.revised == sum((k.revised for k in kids), D(0))
    assert t.available == sum((k.available for k in kids), D(0))
    assert t.actual == sum((k.actual for k in kids), D(0))
    if t.forecast is not None:
        assert t.forecast_variance == sum((k.forecast_variance or D(0) for k in kids), D(0))


@given(fig)
def test_spread_over_periods_adds_up(f: VarianceFigures) -> None:
    parts = spread(f, period_days(FY))
    assert len(parts) == 12
    t = total(parts)
    assert (t.original, t.virements, t.carry_forward, t.committed) == (
        f.original,
        f.virements,
        f.carry_forward,
        f.committed,
    )
    assert t.forecast == f.forecast
