"""Amounts as printed: one parser for every money form the source papers and exports use.

:func:`parse_amount` turns a cell value (``int``, ``Decimal``, an Excel ``float`` or text such as
``"£1,127,205"``, ``"£ 1,463,965"``, ``"£100k"``, ``"£0.5m"``, ``"£15.9 million"``, ``"£1,500+"``,
``"£150-£200"``, ``"(1,234.50)"``, ``"Nil"``, ``"approximately £33,000"``) into a
:class:`ParsedAmount`, returning problems as values: ``(parsed, None)`` or ``(None, reason)``.

Blank is not zero: ``None`` or an empty/whitespace string gives ``ParsedAmount(value=None)`` and
no error.  ``Nil`` is zero with ``reported_nil=True``.  Nothing is ever rounded: a value that is
not a whole number of pence (after a ``k``/``m``/``bn`` multiplier, or an Excel float with more
than two decimals) is an error.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from fundledger.money import PENNY, ZERO, Money

__all__ = ["ParsedAmount", "parse_amount", "parse_money_cell"]


@dataclass(frozen=True, slots=True)
class ParsedAmount:
    """An amount as read from a cell.

    ``value`` is None for a blank cell and for a range (then ``range_low``/``range_high`` hold
    the ends).  ``minimum`` marks "£1,500+" and "in excess of £35,000"; ``approximate`` marks
    "approximately", "circa", "just under", "in excess of" and the like.  ``text`` is the cell
    as printed (stripped), or ``""`` for a non-text cell.
    """

    value: Money | None
    minimum: bool = False
    approximate: bool = False
    reported_nil: bool = False
    range_low: Money | None = None
    range_high: Money | None = None
    text: str = ""

    @property
    def is_blank(self) -> bool:
        """True for "no value" (a blank cell), which is not zero."""
        return self.value is None and self.range_low is None

    @property
    def is_range(self) -> bool:
        return self.range_low is not None


BLANK = ParsedAmount(value=None)

NOT_AN_AMOUNT = "not an amount"
TOO_MANY_DECIMALS = "more than two decimal places"
SUB_PENNY = "not a whole number of pence"
TOO_LARGE = "too large to be an amount"

# Words before an amount that make it approximate; the second item says it is a lower bound.
_APPROX_PREFIXES: tuple[tuple[str, bool], ...] = (
    ("in the region of", False),
    ("in excess of", True),
    ("approximately", False),
    ("more than", True),
    ("just under", False),
    ("just over", True),
    ("up to", False),
    ("roughly", False),
    ("approx.", False),
    ("approx", False),
    ("around", False),
    ("nearly", False),
    ("almost", False),
    ("circa", False),
    ("about", False),
    ("over", True),
    ("ca.", False),
    ("c.", False),
    ("~", False),
)

_MULTIPLIERS: dict[str, Decimal] = {
    "": Decimal(1),
    "k": Decimal(1000),
    "thousand": Decimal(1000),
    "m": Decimal(1_000_000),
    "mn": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "bn": Decimal(1_000_000_000),
    "b": Decimal(1_000_000_000),
    "billion": Decimal(1_000_000_000),
}

_NUMBER = r"\d[\d,]*(?:\.\d+)?|\.\d+"
_SCALE = r"k|thousand|million|mn|m|billion|bn|b"
# One unsigned amount: optional £/GBP, number, optional multiplier, optional "p" for pence.
_ONE = re.compile(
    rf"^(?P<cur>£|gbp)?\s*(?P<num>{_NUMBER})\s*(?:(?P<scale>{_SCALE})\b\.?|(?P<pence>p))?$",
    re.IGNORECASE,
)
_RANGE = re.compile(
    r"^(?P<lo>.+?\d\s*(?:[a-z]+\.?)?)\s*(?:-|–|—|\bto\b)\s*(?P<hi>£?\s*[\d.].*)$", re.I
)
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_NIL_WORDS = frozenset({"nil", "£nil", "nil.", "£ nil"})


def parse_amount(raw: object) -> tuple[ParsedAmount | None, str | None]:
    """Parse one cell into ``(ParsedAmount, None)`` or ``(None, reason)``.

    ``None`` / blank → ``ParsedAmount(value=None)`` (no value, not zero) and no error.
    """
    if raw is None:
        return BLANK, None
    if isinstance(raw, bool):
        return None, NOT_AN_AMOUNT
    if isinstance(raw, int):
        return _from_decimal(Decimal(raw))
    if isinstance(raw, float):
        return _from_decimal(_float_to_decimal(raw))
    if isinstance(raw, Decimal):
        return _from_decimal(raw)
    if isinstance(raw, str):
        return _parse_text(raw)
    return None, NOT_AN_AMOUNT


def parse_money_cell(raw: object, *, allow_inexact: bool = False) -> Money:
    """An exact amount or ``ValueError``: for code paths that need one definite figure.

    Blank, a range, or text that is not an amount raise.  ``Nil`` is zero.  An approximate or
    minimum amount ("circa £25,000", "£1,500+") raises unless ``allow_inexact`` is true.
    """
    parsed, error = parse_amount(raw)
    if error is not None or parsed is None:
        raise ValueError(f"{raw!r}: {error}")
    if parsed.is_range:
        raise ValueError(f"{raw!r}: a range, not one amount")
    if parsed.value is None:
        raise ValueError(f"{raw!r}: no value")
    if (parsed.approximate or parsed.minimum) and not allow_inexact:
        raise ValueError(f"{raw!r}: not an exact amount")
    return parsed.value


def _float_to_decimal(f: float) -> Decimal | None:
    if math.isnan(f) or math.isinf(f):
        return None
    return Decimal(repr(f))


def _from_decimal(d: Decimal | None) -> tuple[ParsedAmount | None, str | None]:
    if d is None or not d.is_finite():
        return None, NOT_AN_AMOUNT
    q = _quantize(d)
    if q is None:
        return None, TOO_LARGE
    if q != d:
        return None, TOO_MANY_DECIMALS
    return ParsedAmount(value=q), None


def _quantize(d: Decimal) -> Money | None:
    """``d`` to the penny (exactness is checked by the caller); None if absurdly large."""
    try:
        q = d.quantize(PENNY)
    except InvalidOperation:
        return None
    return ZERO if q == 0 else Money(q)


def _parse_text(raw: str) -> tuple[ParsedAmount | None, str | None]:
    text = " ".join(raw.split())
    if not text:
        return BLANK, None
    s = text.replace("\u2212", "-")  # unicode minus sign
    if s.casefold() in _NIL_WORDS:
        return ParsedAmount(value=ZERO, reported_nil=True, text=text), None
    s, approximate, lower_bound = _strip_approximation(s)
    minimum = lower_bound
    if s.endswith("+"):
        s, minimum = s[:-1].rstrip(), True
    negative = False
    if s.startswith("(") and s.endswith(")"):
        s, negative = s[1:-1].strip(), True
    if s.startswith("-"):
        if negative:
            return None, NOT_AN_AMOUNT
        s, negative = s[1:].lstrip(), True
    value, error = _one_amount(s)
    if error == NOT_AN_AMOUNT and not negative:
        return _parse_range(s, text, approximate)
    if value is None:
        return None, error
    if negative and value != 0:
        value = Money(-value)
    return ParsedAmount(value=value, minimum=minimum, approximate=approximate, text=text), None


def _strip_approximation(s: str) -> tuple[str, bool, bool]:
    low = s.casefold()
    for prefix, lower_bound in _APPROX_PREFIXES:
        if low.startswith(prefix) and (
            not prefix[-1].isalpha() or len(s) == len(prefix) or not s[len(prefix)].isalpha()
        ):
            return s[len(prefix) :].lstrip(), True, lower_bound
    return s, False, False


def _one_amount(s: str) -> tuple[Money | None, str | None]:
    """An unsigned amount such as ``£1,127,205``, ``£0.5m``, ``4650.00`` or ``24p``."""
    m = _ONE.match(s)
    if not m:
        return None, NOT_AN_AMOUNT
    num = m.group("num")
    if "," in num and not _GROUPED.match(num):
        return None, "misplaced thousands separator"
    try:
        d = Decimal(num.replace(",", ""))
    except InvalidOperation:
        return None, NOT_AN_AMOUNT
    scale = (m.group("scale") or "").casefold()
    if m.group("pence"):
        if m.group("cur") or "." in num:
            return None, NOT_AN_AMOUNT
        d = d.scaleb(-2)
    d = d * _MULTIPLIERS[scale]
    q = _quantize(d)
    if q is None:
        return None, TOO_LARGE
    if q != d:
        return None, SUB_PENNY if scale else TOO_MANY_DECIMALS
    return Money(q), None


def _parse_range(s: str, text: str, approximate: bool) -> tuple[ParsedAmount | None, str | None]:
    """``£150-£200`` / ``£150 - £200`` / ``£2,000 to £20,000``: value None, both ends kept."""
    m = _RANGE.match(s)
    if not m:
        return None, NOT_AN_AMOUNT
    lo_text, hi_text = m.group("lo").strip(), m.group("hi").strip()
    lo, lo_err = _one_amount(lo_text)
    hi, hi_err = _one_amount(hi_text)
    if lo is None or hi is None:
        err = lo_err if lo is None else hi_err
        return None, NOT_AN_AMOUNT if err is None else err
    # "£1-2m": a bare low end takes the high end's multiplier.
    hm = _ONE.match(hi_text)
    lm = _ONE.match(lo_text)
    if hm and lm and hm.group("scale") and not lm.group("scale"):
        lo, lo_err = _one_amount(lo_text + hm.group("scale"))
        if lo is None:
            return None, lo_err
    if lo > hi:
        return None, "range low end is above its high end"
    return ParsedAmount(
        value=None, approximate=approximate, range_low=lo, range_high=hi, text=text
    ), None
