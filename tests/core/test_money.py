"""fundledger.money: exact construction, pence storage, largest-remainder split, formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fundledger.money import (
    ZERO,
    MoneyError,
    format_gbp,
    from_pence,
    money_str,
    percent,
    round_penny,
    spent_percent,
    split,
    to_money,
    to_pence,
)

D = Decimal
pence = st.integers(min_value=-(10**13), max_value=10**13)
weights = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=20).filter(
    lambda ws: sum(ws) > 0
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (604659, D("604659.00")),
        ("1127205", D("1127205.00")),
        (" 271818.47 ", D("271818.47")),
        (D("0.1"), D("0.10")),
        ("-5", D("-5.00")),
    ],
)
def test_to_money(value: object, expected: Decimal) -> None:
    result = to_money(value)  # type: ignore[arg-type]
    assert result == expected
    assert str(result) == str(expected)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0.1, "float 0.1 is not money: pass a Decimal, int or str"),
        (True, "True is not money"),
        ("1.005", "'1.005' has more than two decimal places"),
        ("abc", "'abc' is not a number"),
        (D("NaN"), "Decimal('NaN') is not a finite amount"),
        ("Infinity", "'Infinity' is not a finite amount"),
    ],
)
def test_to_money_refuses(value: object, message: str) -> None:
    with pytest.raises(MoneyError) as info:
        to_money(value)  # type: ignore[arg-type]
    assert str(info.value) == message


def test_round_penny_is_half_up() -> None:
    assert round_penny("1.005") == D("1.01")
    assert round_penny(D("-1.005")) == D("-1.01")
    assert round_penny("2.004") == D("2.00")
    with pytest.raises(MoneyError):
        round_penny(1.5)  # type: ignore[arg-type]


def test_pence_round_trip_and_refusals() -> None:
    assert to_pence(D("271818.47")) == 27181847
    assert from_pence(27181847) == D("271818.47")
    assert str(from_pence(0)) == "0.00"
    with pytest.raises(MoneyError, match="not a whole number of pence"):
        to_pence(D("1.005"))
    with pytest.raises(MoneyError):
        to_pence(1.5)  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        from_pence(True)


@settings(deadline=None)  # no timings in unit tests
@given(pence)
def test_to_money_round_trips_through_pence(p: int) -> None:
    money = from_pence(p)
    assert to_pence(money) == p
    assert to_money(str(money)) == money
    assert to_money(money) == money
    assert money.as_tuple().exponent == -2


@settings(deadline=None)  # no timings in unit tests
@given(pence, weights)
def test_split_sums_to_total_and_stays_within_a_penny_of_exact_shares(
    p: int, ws: list[int]
) -> None:
    total = from_pence(p)
    parts = split(total, ws)
    assert len(parts) == len(ws)
    assert sum(parts, ZERO) == total
    wsum = sum(ws)
    for part, w in zip(parts, ws, strict=True):
        exact = total * w / wsum
        assert abs(part - exact) < D("0.01")
        assert part.as_tuple().exponent == -2
        if w == 0:
            assert part == 0


@settings(deadline=None)  # no timings in unit tests
@given(st.floats(allow_nan=False, allow_infinity=False), weights)
def test_split_refuses_float(total: float, ws: list[int]) -> None:
    with pytest.raises(MoneyError):
        split(total, ws)  # type: ignore[arg-type]


def test_split_examples() -> None:
    assert split(D("100.00"), [1, 1, 1]) == [D("33.34"), D("33.33"), D("33.33")]
    assert split(D("-100.00"), [1, 1, 1]) == [D("-33.34"), D("-33.33"), D("-33.33")]
    assert split(D("0.01"), [1, 1]) == [D("0.01"), D("0.00")]
    assert split(D("40000"), [1] * 8) == [D("5000.00")] * 8
    with pytest.raises(MoneyError, match="no parts"):
        split(D("1"), [])
    with pytest.raises(MoneyError, match="negative"):
        split(D("1"), [1, -1])
    with pytest.raises(MoneyError, match="all be zero"):
        split(D("1"), [0, 0])


@pytest.mark.parametrize(
    ("amount", "kwargs", "text"),
    [
        (D("1234.5"), {}, "£1,234.50"),
        (D("-1234.5"), {}, "-£1,234.50"),
        (D("639675"), {}, "£639,675.00"),
        (D("0"), {"nil": True}, "Nil"),
        (D("0"), {}, "£0.00"),
        (None, {}, ""),
        (None, {"blank": "–"}, "–"),
    ],
)
def test_format_gbp(amount: Decimal | None, kwargs: dict[str, object], text: str) -> None:
    assert format_gbp(amount, **kwargs) == text  # type: ignore[arg-type]


def test_money_str_and_percent() -> None:
    assert money_str(D("639675")) == "639675.00"
    assert money_str(D("-0.5")) == "-0.50"
    assert money_str(None) is None
    assert percent(D("256061.83"), D("639675.00")) == D("40.03")
    assert percent(D("89530.00"), D("89530.24")) == D("100.00")
    assert percent(D("1"), D("0")) is None
    assert percent(D("1"), D("3"), places=4) == D("33.3333")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: round_penny("abc"), "'abc' is not a number"),
        (lambda: round_penny(True), "True is not money"),
        (lambda: to_pence(D("Infinity")), "Infinity is not a finite amount"),
        (lambda: to_pence(D("NaN")), "NaN is not a finite amount"),
    ],
)
def test_bad_values_raise_money_error(call: object, message: str) -> None:
    with pytest.raises(MoneyError) as info:
        call()  # type: ignore[operator]
    assert str(info.value) == message


def test_spent_percent_is_never_a_rounded_100_while_money_remains() -> None:
    # Charnwood: £89,530.00 of £89,530.24 is 99.9997%, shown 99.99% with £0.24 left
    assert spent_percent(D("89530.00"), D("89530.24")) == D("99.99")
    assert spent_percent(D("31335.75"), D("31335.75")) == D("100.00")  # Melton: all spent
    assert spent_percent(D("100000.01"), D("100000.00")) == D("100.01")  # 1p over
    assert spent_percent(D("256061.83"), D("639675.00")) == D("40.03")
    assert spent_percent(D("5"), D("0")) is None


@settings(max_examples=300)
@given(
    budget=st.decimals(D("0.01"), D("99999999.99"), places=2),
    spent=st.decimals(D("0.00"), D("99999999.99"), places=2),
)
def test_spent_percent_says_100_only_when_exactly_spent(budget: Decimal, spent: Decimal) -> None:
    pct = spent_percent(spent, budget)
    assert pct is not None
    assert (pct == D("100.00")) == (spent == budget)
    assert abs(pct - spent * 100 / budget) <= D("0.01")


def test_one_money_formatter_for_people_one_for_fields() -> None:
    """Money shown to a person is format_gbp; a form field's text is format_amount; no module
    formats an amount with ``:,.2f`` by hand."""
    import re
    from decimal import Decimal
    from pathlib import Path

    from fundledger.money import format_amount, format_gbp

    assert format_amount(Decimal("1234.5")) == "1,234.50"
    assert format_amount(Decimal("-5")) == "-5.00"
    assert format_gbp(Decimal("-1234.567")) == "-£1,234.57"
    root = Path(__file__).resolve().parents[2]
    by_hand = [
        f"{path.relative_to(root)}:{n}"
        for package in ("fundledger", "db", "importers", "exports", "ui")
        for path in sorted((root / package).rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r":,\.2f\}", line)
    ]
    assert [b.split(":")[0] for b in by_hand] == ["fundledger/money.py"]
