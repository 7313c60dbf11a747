"""Every amount form DOMAIN.md and SPEC.md §6 list, parsed to exact pence and flags."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from fundledger.amounts import ParsedAmount, parse_amount, parse_money_cell
from fundledger.money import Money

D = Decimal


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("£1,127,205", D("1127205.00")),
        ("£1,130,326", D("1130326.00")),
        ("£ 1,463,965", D("1463965.00")),
        ("£100k", D("100000.00")),
        ("£100K", D("100000.00")),
        ("£0.5m", D("500000.00")),
        ("£39.4m", D("39400000.00")),
        ("£15.9 million", D("15900000.00")),
        ("£1.58 million", D("1580000.00")),
        ("£12M", D("12000000.00")),
        ("£25.5M", D("25500000.00")),
        ("£2.4 billion", D("2400000000.00")),
        ("£1bn", D("1000000000.00")),
        ("£70,000.00", D("70000.00")),
        ("£4650.00", D("4650.00")),
        ("604,659", D("604659.00")),
        ("1,032,461", D("1032461.00")),
        ("1,234.50", D("1234.50")),
        ("(1,234.50)", D("-1234.50")),
        ("(£1,234.50)", D("-1234.50")),
        ("-1,234.50", D("-1234.50")),
        ("−1,234.50", D("-1234.50")),
        ("-£5", D("-5.00")),
        ("£271,818.47", D("271818.47")),
        ("0", D("0.00")),
        ("(0)", D("0.00")),
        ("£0.24", D("0.24")),
        ("24p", D("0.24")),
        ("GBP 1,000", D("1000.00")),
        ("  £60,000  ", D("60000.00")),
        ("£1.005k", D("1005.00")),
    ],
)
def test_exact_text_amounts(raw: str, value: Decimal) -> None:
    parsed, error = parse_amount(raw)
    assert error is None
    assert parsed == ParsedAmount(value=Money(value), text=raw.strip())
    assert parsed.value is not None
    assert str(parsed.value) == f"{value:.2f}"


@pytest.mark.parametrize("raw", ["Nil", "nil", "NIL", "£Nil"])
def test_nil_is_zero_flagged_as_reported_nil(raw: str) -> None:
    parsed, error = parse_amount(raw)
    assert error is None
    assert parsed == ParsedAmount(value=Money(D("0.00")), reported_nil=True, text=raw)


def test_zero_is_not_reported_nil() -> None:
    parsed, _ = parse_amount("0")
    assert parsed is not None and parsed.value == 0 and not parsed.reported_nil


@pytest.mark.parametrize("raw", [None, "", "   ", "\t\n"])
def test_blank_is_no_value_not_zero(raw: object) -> None:
    parsed, error = parse_amount(raw)
    assert error is None
    assert parsed == ParsedAmount(value=None)
    assert parsed.is_blank
    assert not parsed.is_range


def test_minimum_price() -> None:
    assert parse_amount("£1,500+") == (
        ParsedAmount(value=Money(D("1500.00")), minimum=True, text="£1,500+"),
        None,
    )


@pytest.mark.parametrize(
    ("raw", "low", "high"),
    [
        ("£150-£200", D("150.00"), D("200.00")),
        ("£150 - £200", D("150.00"), D("200.00")),
        ("£150–£200", D("150.00"), D("200.00")),
        ("£2,000 to £20,000", D("2000.00"), D("20000.00")),
        ("£1-2m", D("1000000.00"), D("2000000.00")),
    ],
)
def test_ranges_keep_both_ends_and_no_value(raw: str, low: Decimal, high: Decimal) -> None:
    parsed, error = parse_amount(raw)
    assert error is None
    assert parsed == ParsedAmount(
        value=None, range_low=Money(low), range_high=Money(high), text=raw
    )
    assert parsed.is_range and not parsed.is_blank


@pytest.mark.parametrize(
    ("raw", "value", "minimum"),
    [
        ("approximately £33,000", D("33000.00"), False),
        ("approximately £70,000.00", D("70000.00"), False),
        ("circa £25,000", D("25000.00"), False),
        ("c. £25,000", D("25000.00"), False),
        ("just under £120 million", D("120000000.00"), False),
        ("in the region of £150m", D("150000000.00"), False),
        ("in excess of £35,000", D("35000.00"), True),
        ("Approx. £24,000", D("24000.00"), False),
    ],
)
def test_approximations(raw: str, value: Decimal, minimum: bool) -> None:
    parsed, error = parse_amount(raw)
    assert error is None
    assert parsed == ParsedAmount(value=Money(value), approximate=True, minimum=minimum, text=raw)


def test_approximate_range() -> None:
    parsed, error = parse_amount("approximately £150-£200")
    assert error is None
    assert parsed is not None
    assert (parsed.range_low, parsed.range_high, parsed.approximate) == (
        D("150.00"),
        D("200.00"),
        True,
    )


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (604659, D("604659.00")),
        (0, D("0.00")),
        (-5, D("-5.00")),
        (D("1234.5"), D("1234.50")),
        (D("89530.24"), D("89530.24")),
        (271818.47, D("271818.47")),
        (0.1, D("0.10")),
        (1234.5, D("1234.50")),
        (-0.0, D("0.00")),
    ],
)
def test_numbers_from_cells(raw: object, value: Decimal) -> None:
    parsed, error = parse_amount(raw)
    assert error is None
    assert parsed == ParsedAmount(value=Money(value))


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (1.234, "more than two decimal places"),
        (0.1 + 0.2, "more than two decimal places"),
        (D("1.005"), "more than two decimal places"),
        ("1.005", "more than two decimal places"),
        ("£0.0000001k", "not a whole number of pence"),
        ("£1.000000001m", "not a whole number of pence"),
        ("hello", "not an amount"),
        ("overheads", "not an amount"),
        ("£", "not an amount"),
        ("-", "not an amount"),
        ("£150-", "not an amount"),
        ("£-5", "not an amount"),
        ("(-5)", "not an amount"),
        ("12,34", "misplaced thousands separator"),
        ("£1,5", "misplaced thousands separator"),
        ("£200-£150", "range low end is above its high end"),
        ("1e5", "not an amount"),
        (True, "not an amount"),
        (float("nan"), "not an amount"),
        (float("inf"), "not an amount"),
        (1e30, "too large to be an amount"),
        (10**40, "too large to be an amount"),
        ([1], "not an amount"),
    ],
)
def test_errors_have_clear_reasons(raw: object, reason: str) -> None:
    assert parse_amount(raw) == (None, reason)


def test_parse_money_cell_exact_values() -> None:
    assert parse_money_cell("£1,127,205") == D("1127205.00")
    assert parse_money_cell("Nil") == D("0.00")
    assert parse_money_cell(604659) == D("604659.00")
    assert parse_money_cell("circa £25,000", allow_inexact=True) == D("25000.00")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "'': no value"),
        (None, "None: no value"),
        ("£150-£200", "'£150-£200': a range, not one amount"),
        ("circa £25,000", "'circa £25,000': not an exact amount"),
        ("£1,500+", "'£1,500+': not an exact amount"),
        ("junk", "'junk': not an amount"),
        (1.234, "1.234: more than two decimal places"),
    ],
)
def test_parse_money_cell_raises(raw: object, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parse_money_cell(raw)
