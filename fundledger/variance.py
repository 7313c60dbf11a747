"""Variance arithmetic (SPEC §3): derived figures, the straight-line profile and RAG rules.

Everything here is computed, never stored.  The database layer aggregates the raw figure
families (original, approved virements, approved carry-forwards, committed, actual, forecast);
this module derives the rest:

- ``revised = original + virements + carry_forward`` (carry-forward in less out);
- ``available = revised − committed − actual``;
- ``forecast_variance = revised − forecast`` (None without a forecast);
- ``pct_spent = actual / revised × 100`` rounded half-up to two decimals (``"0.00"`` when
  nothing is budgeted and nothing spent; None when spend has no budget);
- RAG, each with the text of the rule that produced it.

Forecasts in a group: a line without a forecast counts at its revised budget in the group's
forecast (it is assumed on budget), and the group's forecast is None only when no line in it has
one.  That keeps every total equal to the sum of its children.

Default thresholds (per stream, ``streams.red_forecast_pct`` / ``amber_profile_pct``):

- **red** when committed + actual exceed the revised budget, or the forecast variance is worse
  (more negative) than −``red_forecast_pct``% of the revised budget; for an income stream, when
  forecast income falls short of target by more than ``red_forecast_pct``%;
- **amber** when % spent is more than ``amber_profile_pct`` points behind or ahead of the
  straight-line profile for the as-at date (elapsed share of the row's time span), judged on
  the exact share of the budget spent, not the rounded percentage;
- **green** otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from .money import ZERO, Money, format_gbp, spent_percent, split, to_money

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import date

    from .years import FinancialYear

DEFAULT_RED_FORECAST_PCT = Decimal("5.00")
DEFAULT_AMBER_PROFILE_PCT = Decimal("15.00")
_PCT = Decimal("0.01")
_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """RAG thresholds in percent (a stream's settings)."""

    red_forecast_pct: Decimal = DEFAULT_RED_FORECAST_PCT
    amber_profile_pct: Decimal = DEFAULT_AMBER_PROFILE_PCT
    income: bool = False


@dataclass(frozen=True, slots=True)
class Rag:
    """A RAG status and the rule text that produced it."""

    status: str  # green | amber | red
    rule: str


@dataclass(frozen=True, slots=True)
class VarianceFigures:
    """The aggregated figure families of one row; every other figure is derived."""

    original: Money = ZERO
    virements: Money = ZERO
    carry_forward: Money = ZERO
    committed: Money = ZERO
    actual: Money = ZERO
    forecast: Money | None = None

    @property
    def revised(self) -> Money:
        return Money(self.original + self.virements + self.carry_forward)

    @property
    def available(self) -> Money:
        return Money(self.revised - self.committed - self.actual)

    @property
    def forecast_variance(self) -> Money | None:
        return None if self.forecast is None else Money(self.revised - self.forecast)

    @property
    def pct_spent(self) -> Decimal | None:
        """Actual as a percentage of revised, two decimals half-up, never a rounded 100.00%
        while money remains (:func:`fundledger.money.spent_percent`)."""
        if self.revised == 0:
            return Decimal("0.00") if self.actual == 0 else None
        return spent_percent(self.actual, self.revised)

    @property
    def over_budget(self) -> bool:
        return self.committed + self.actual > self.revised


def figures(
    original: Decimal = ZERO,
    virements: Decimal = ZERO,
    carry_forward: Decimal = ZERO,
    committed: Decimal = ZERO,
    actual: Decimal = ZERO,
    forecast: Decimal | None = None,
) -> VarianceFigures:
    """Build figures from Decimals (each must be whole pence)."""
    return VarianceFigures(
        to_money(original),
        to_money(virements),
        to_money(carry_forward),
        to_money(committed),
        to_money(actual),
        None if forecast is None else to_money(forecast),
    )


def total(children: Iterable[VarianceFigures]) -> VarianceFigures:
    """The sum of children, figure by figure (a child without a forecast counts at revised)."""
    kids = list(children)
    any_forecast = any(k.forecast is not None for k in kids)

    def s(values: Iterable[Decimal]) -> Money:
        return Money(sum(values, ZERO))

    return VarianceFigures(
        s(k.original for k in kids),
        s(k.virements for k in kids),
        s(k.carry_forward for k in kids),
        s(k.committed for k in kids),
        s(k.actual for k in kids),
        s(k.revised if k.forecast is None else k.forecast for k in kids) if any_forecast else None,
    )


# --------------------------------------------------------------------------- profile


def profile_pct(start: date, end: date, as_at: date) -> Decimal:
    """Straight-line profile: the share of ``[start, end)`` elapsed by the end of ``as_at``.

    0.00 before the span, 100.00 from its last day on, two decimals half-up in between.
    """
    days = (end - start).days
    if days <= 0:
        raise ValueError(f"empty span {start} – {end}")
    elapsed = min(max((as_at - start).days + 1, 0), days)
    return (Decimal(elapsed) * _HUNDRED / Decimal(days)).quantize(_PCT, rounding=ROUND_HALF_UP)


def period_days(year: FinancialYear) -> list[int]:
    """Days in each period P1…P12 of ``year`` (the weights of a straight-line split)."""
    return [(year.period_end(p) - year.period_start(p)).days for p in range(1, 13)]


def span(year: FinancialYear, by: str, index: int | None) -> tuple[date, date]:
    """The half-open date span of a row: the year, quarter ``index`` or period ``index``."""
    if by == "period" and index is not None:
        return year.period_start(index), year.period_end(index)
    if by == "quarter" and index is not None:
        return year.period_start(3 * index - 2), year.period_end(3 * index)
    return year.start, year.end


def spread(f: VarianceFigures, weights: Sequence[int]) -> list[VarianceFigures]:
    """Budget figures shared straight-line over spans by ``weights`` (largest remainder).

    Original, virements, carry-forward, committed and forecast are split; actual is left at
    zero for the caller to fill from the spans' own transactions.  Each figure's parts add up
    exactly to the whole.
    """
    n = len(weights)
    parts = [split(v, weights) for v in (f.original, f.virements, f.carry_forward, f.committed)]
    fc = split(f.forecast, weights) if f.forecast is not None else [None] * n
    return [
        VarianceFigures(parts[0][i], parts[1][i], parts[2][i], parts[3][i], ZERO, fc[i])
        for i in range(n)
    ]


def share(f: VarianceFigures, weights: Sequence[Decimal | int]) -> list[VarianceFigures]:
    """Every figure (actual included) shared by ``weights`` (a pooled line across partners)."""
    parts = [
        split(x, weights) for x in (f.original, f.virements, f.carry_forward, f.committed, f.actual)
    ]
    fc = split(f.forecast, weights) if f.forecast is not None else [None] * len(weights)
    o, v, c, m, a = parts
    return [VarianceFigures(o[i], v[i], c[i], m[i], a[i], fc[i]) for i in range(len(weights))]


def with_forecast(f: VarianceFigures, forecast: Decimal | None) -> VarianceFigures:
    """``f`` with its forecast replaced."""
    return VarianceFigures(
        f.original,
        f.virements,
        f.carry_forward,
        f.committed,
        f.actual,
        None if forecast is None else to_money(forecast),
    )


def with_actual(f: VarianceFigures, actual: Decimal) -> VarianceFigures:
    """``f`` with its actual replaced."""
    return VarianceFigures(
        f.original, f.virements, f.carry_forward, f.committed, to_money(actual), f.forecast
    )


# --------------------------------------------------------------------------- RAG


def _pct(d: Decimal) -> str:
    return f"{d:.2f}%"


def _red(f: VarianceFigures, t: Thresholds) -> str | None:
    if not t.income and f.over_budget:
        spent = Money(f.committed + f.actual)
        return (
            f"red: committed + actual {format_gbp(spent)} exceed the revised budget "
            f"{format_gbp(f.revised)} by {format_gbp(spent - f.revised)}"
        )
    fv = f.forecast_variance
    if fv is None or f.revised == 0:
        return None
    limit = (f.revised * t.red_forecast_pct / _HUNDRED).quantize(_PCT, rounding=ROUND_HALF_UP)
    if t.income and fv > limit:
        return (
            f"red: forecast income {format_gbp(f.forecast)} is {format_gbp(fv)} short of the "
            f"target {format_gbp(f.revised)}, more than {_pct(t.red_forecast_pct)} "
            f"({format_gbp(limit)})"
        )
    if not t.income and fv < -limit:
        return (
            f"red: forecast variance {format_gbp(fv)} is worse than "
            f"-{_pct(t.red_forecast_pct)} of the revised budget ({format_gbp(-limit)})"
        )
    return None


def _amber(f: VarianceFigures, t: Thresholds, profile: Decimal, as_at: date) -> str | None:
    """Amber when spend is off the profile by more than the threshold, judged on the amounts
    (the exact share of the budget), never on a rounded percentage."""
    spent = f.pct_spent
    if spent is None or f.revised == 0:
        return None
    gap = Decimal(f.actual) * _HUNDRED / Decimal(f.revised) - profile
    if abs(gap) <= t.amber_profile_pct:
        return None
    word = "ahead of" if gap > 0 else "behind"
    what = "received" if t.income else "spent"
    points = f"{abs(gap).quantize(_PCT, rounding=ROUND_HALF_UP):.2f}"
    if Decimal(points) <= t.amber_profile_pct:  # just over the threshold
        points = f"more than {t.amber_profile_pct:.2f}"
    return (
        f"amber: {_pct(spent)} {what} is {points} points {word} the straight-line "
        f"profile of {_pct(profile)} at {as_at:%d/%m/%Y} (threshold {t.amber_profile_pct:.2f})"
    )


def rag(f: VarianceFigures, t: Thresholds, profile: Decimal, as_at: date) -> Rag:
    """The RAG status of a row and the rule that produced it (red, then amber, then green)."""
    red = _red(f, t)
    if red:
        return Rag("red", red)
    amber = _amber(f, t, profile, as_at)
    if amber:
        return Rag("amber", amber)
    if f.revised == 0 and f.actual == 0 and f.committed == 0:
        return Rag("green", "green: nothing budgeted, committed or spent")
    what = "received" if t.income else "spent"
    return Rag(
        "green",
        f"green: {format_gbp(f.available)} available; {_pct(f.pct_spent or ZERO)} {what} is "
        f"within {t.amber_profile_pct:.2f} points of the straight-line profile of "
        f"{_pct(profile)} at {as_at:%d/%m/%Y}",
    )
