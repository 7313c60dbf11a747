"""Money: exact ``Decimal`` pounds in the domain, integer pence in storage.

Rules (docs/adr/001-money.md):
- one constructor, :func:`to_money`, that refuses ``float``;
- rounding to the penny is half-up and happens only at boundaries (:func:`round_penny`);
- :func:`to_pence` refuses sub-penny values instead of rounding them away;
- :func:`split` shares a total by largest remainder so the parts add up exactly.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, NewType

if TYPE_CHECKING:
    from collections.abc import Sequence

Money = NewType("Money", Decimal)
PENNY = Decimal("0.01")
ZERO = Money(Decimal("0.00"))


class ReportedNil(Decimal):
    """A zero the source reported as "Nil": :func:`format_gbp` shows "Nil"; it sums, copies
    and exports as 0 (a ``Decimal`` like any other)."""

    __slots__ = ()


#: the value a read query returns for an amount reported as "Nil"
NIL = Money(ReportedNil("0.00"))


class MoneyError(ValueError):
    """A value that cannot be an exact amount of money."""


def to_money(value: Decimal | int | str | Money) -> Money:
    """Exact pounds from an int, a ``Decimal`` or a plain numeric string; never a float.

    The value must already be whole pence: ``to_money("1.005")`` raises.  Use
    :func:`round_penny` at a boundary where rounding is the rule.
    """
    if isinstance(value, float):
        raise MoneyError(f"float {value!r} is not money: pass a Decimal, int or str")
    if isinstance(value, bool):
        raise MoneyError(f"{value!r} is not money")
    try:
        d = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, ValueError) as exc:
        raise MoneyError(f"{value!r} is not a number") from exc
    if not d.is_finite():
        raise MoneyError(f"{value!r} is not a finite amount")
    q = d.quantize(PENNY, rounding=ROUND_HALF_UP)
    if q != d:
        raise MoneyError(f"{value!r} has more than two decimal places")
    return Money(q)


def round_penny(value: Decimal | int | str) -> Money:
    """Round half-up to the penny: the only rounding the ledger does (at boundaries)."""
    if isinstance(value, float):
        raise MoneyError(f"float {value!r} is not money: pass a Decimal, int or str")
    if isinstance(value, bool):
        raise MoneyError(f"{value!r} is not money")
    try:
        d = Decimal(value) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError) as exc:
        raise MoneyError(f"{value!r} is not a number") from exc
    if not d.is_finite():
        raise MoneyError(f"{value!r} is not a finite amount")
    return Money(d.quantize(PENNY, rounding=ROUND_HALF_UP))


def to_pence(amount: Decimal | Money) -> int:
    """Integer pence for storage; raises on a sub-penny value rather than rounding it."""
    if isinstance(amount, float):
        raise MoneyError(f"float {amount!r} is not money")
    if not isinstance(amount, Decimal):
        raise MoneyError(f"{amount!r} is not a Decimal amount")
    if not amount.is_finite():
        raise MoneyError(f"{amount} is not a finite amount")
    pence = amount * 100
    if pence != pence.to_integral_value():
        raise MoneyError(f"{amount} is not a whole number of pence")
    return int(pence)


def from_pence(pence: int) -> Money:
    """Pounds from stored integer pence."""
    if isinstance(pence, bool) or not isinstance(pence, int):
        raise MoneyError(f"stored pence must be an int, got {pence!r}")
    return Money(Decimal(pence).scaleb(-2).quantize(PENNY))


def split(total: Decimal | Money, weights: Sequence[Decimal | int]) -> list[Money]:
    """Share ``total`` across ``weights`` by largest remainder; the parts sum to ``total``.

    Ties in the remainder go to the earlier part, so the result is deterministic.
    """
    if not weights:
        raise MoneyError("cannot split across no parts")
    ws = [Decimal(w) for w in weights]
    if any(w < 0 for w in ws):
        raise MoneyError("split weights must not be negative")
    wsum = sum(ws, Decimal(0))
    if wsum == 0:
        raise MoneyError("split weights must not all be zero")
    total_p = to_pence(to_money(total))
    sign = -1 if total_p < 0 else 1
    mag = abs(total_p)
    exact = [Decimal(mag) * w / wsum for w in ws]
    floors = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
    short = mag - sum(floors)
    order = sorted(range(len(ws)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:short]:
        floors[i] += 1
    return [from_pence(sign * p) for p in floors]


def format_gbp(amount: Decimal | None, *, nil: bool = False, blank: str = "") -> str:
    """``£1,234.50`` / ``-£1,234.50``; ``Nil`` where reported nil; ``blank`` for no value.

    The one way money is shown to a person (screens, messages, workbook notes); a form's
    field holds :func:`format_amount`, JSON :func:`money_str`.
    """
    if amount is None:
        return blank
    if (nil or isinstance(amount, ReportedNil)) and amount == 0:
        return "Nil"
    q = round_penny(amount)
    sign = "-" if q < 0 else ""
    return f"{sign}£{format_amount(abs(q))}"


def format_amount(amount: Decimal) -> str:
    """An amount as a form's field holds it for editing: ``1,234.50``, ``-5.00`` (no £)."""
    return f"{round_penny(amount):,.2f}"


def money_str(amount: Decimal | None) -> str | None:
    """The JSON form: a string with exactly two decimals (``"639675.00"``), or None."""
    if amount is None:
        return None
    return f"{round_penny(amount):.2f}"


_FULL = Decimal("100.00")
_JUST_UNDER = Decimal("99.99")
_JUST_OVER = Decimal("100.01")


def spent_percent(spent: Decimal, budget: Decimal) -> Decimal | None:
    """% of ``budget`` spent, two decimals half-up, but never a rounded 100.00% while money
    remains or more than the budget is spent: £89,530.00 of £89,530.24 is 99.99% (not 100.00%),
    and 100.00% means exactly spent.  None when the budget is 0."""
    pct = percent(spent, budget)
    if pct is None or pct != _FULL or spent == budget or budget < 0:
        return pct
    return _JUST_UNDER if spent < budget else _JUST_OVER


def percent(part: Decimal, whole: Decimal, places: int = 2) -> Decimal | None:
    """``part / whole`` as a percentage rounded half-up to ``places``; None when whole is 0."""
    if whole == 0:
        return None
    q = Decimal(1).scaleb(-places)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(q, rounding=ROUND_HALF_UP)
