"""Contract terms as printed ("2 years (+1 year extension)", "3 years plus 1 plus 1 rolling"),
contract end dates, and profiling a contract value across financial years.

End dates are **exclusive** (half-open, like every range in the ledger): a 2-year contract
starting 1 April 2022 has ``end_date`` 1 April 2024; its last day (:func:`last_day`) is
31 March 2024.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from fundledger.money import Money, split
from fundledger.years import year_of

__all__ = [
    "ContractTerm",
    "add_months",
    "end_date",
    "last_day",
    "months_by_year",
    "parse_term",
    "profile_even",
]


@dataclass(frozen=True, slots=True)
class ContractTerm:
    """A parsed term: base length and optional extensions, all in months.

    ``fixed_term`` is "fixed term" in the text (a fixed-term post); ``rolling`` is "rolling
    basis" (extensions roll on and the contract can end early).
    """

    base_months: int | None
    extensions: tuple[int, ...] = ()
    fixed_term: bool = False
    text: str = ""
    rolling: bool = False

    @property
    def max_months(self) -> int | None:
        """Length if every extension is taken."""
        if self.base_months is None:
            return None
        return self.base_months + sum(self.extensions)


_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
    "thirty-six": 36,
}
_WORD_RE = re.compile(r"\b(" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b")
_UNIT = r"(years?|yrs?|months?|mths?)"
_QTY = re.compile(rf"(\d+(?:\.5)?)[\s-]*{_UNIT}\b")
_EXT = re.compile(rf"(?:\+|\bplus\b)\s*(\d+(?:\.5)?)(?:[\s-]*{_UNIT}\b)?")
_OPTION = re.compile(
    rf"(?:extend|extension)\w*\s+(?:by|for|of)\s+(?:a\s+further\s+)?(\d+)[\s-]*{_UNIT}"
)
_SHORTHAND = re.compile(rf"^(\d+)((?:\s*\+\s*\d+)+)\s*{_UNIT}")


def parse_term(text: str) -> tuple[ContractTerm | None, str | None]:
    """Parse a term into ``(ContractTerm, None)`` or ``(None, reason)``.

    Accepts "2 years fixed term", "2 years (+1 year extension)", "1 year", "12 months",
    "three-year programme", "18 months + 6 months", "3 years plus 1 plus 1", "3 years … plus 1
    plus 1 rolling basis", "2+1 years", "2 years with an option to extend by 12 months".
    An extension without a unit takes the base term's unit.
    """
    original = " ".join(text.split())
    s = _WORD_RE.sub(lambda m: str(_NUMBER_WORDS[m.group(1)]), original.casefold())
    if not s:
        return None, "no term given"
    fixed = bool(re.search(r"\bfixed[\s-]*term\b", s))
    rolling = "rolling" in s
    m = _SHORTHAND.match(s)
    if m:
        unit = _months_per(m.group(3))
        parts = [int(p) for p in re.findall(r"\d+", m.group(2))]
        return ContractTerm(
            int(m.group(1)) * unit, tuple(p * unit for p in parts), fixed, original, rolling
        ), None
    m = _QTY.search(s)
    if not m:
        return None, "no term length found"
    unit = _months_per(m.group(2))
    base = _to_months(m.group(1), unit)
    if base is None:
        return None, "term length is not a whole number of months"
    if base == 0:
        return None, "term length is zero"
    extensions, error = _extensions(s[m.end() :], unit)
    if error:
        return None, error
    return ContractTerm(base, extensions, fixed, original, rolling), None


def _months_per(unit: str) -> int:
    return 12 if unit.startswith("y") else 1


def _to_months(number: str, unit: int) -> int | None:
    months = Decimal(number) * unit
    return int(months) if months == months.to_integral_value() else None


def _extensions(rest: str, base_unit: int) -> tuple[tuple[int, ...], str | None]:
    found: list[int] = []
    matches = list(_EXT.finditer(rest)) or list(_OPTION.finditer(rest))
    for m in matches:
        unit = _months_per(m.group(2)) if m.group(2) else base_unit
        months = _to_months(m.group(1), unit)
        if months is None or months == 0:
            return (), "extension is not a whole number of months"
        found.append(months)
    return tuple(found), None


def add_months(start: date, months: int) -> date:
    """``start`` moved on by whole months; a day that does not exist rolls to the 1st of the
    following month (31 January + 1 month → 1 March), which keeps exclusive ends exact."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    try:
        return date(year, month + 1, start.day)
    except ValueError:
        return date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)


def end_date(start: date, term: ContractTerm, taken_extensions: int = 0) -> date:
    """Exclusive end: ``start`` + base term + the first ``taken_extensions`` extensions.

    Raises ``ValueError`` (a programmer error) if the term has no length or fewer extensions.
    """
    if term.base_months is None:
        raise ValueError(f"term {term.text!r} has no length")
    if not 0 <= taken_extensions <= len(term.extensions):
        raise ValueError(
            f"term {term.text!r} has {len(term.extensions)} extensions, not {taken_extensions}"
        )
    return add_months(start, term.base_months + sum(term.extensions[:taken_extensions]))


def last_day(start: date, term: ContractTerm, taken_extensions: int = 0) -> date:
    """The last day the contract runs (the day before :func:`end_date`)."""
    return end_date(start, term, taken_extensions) - timedelta(days=1)


def months_by_year(start: date, months: int) -> dict[int, int]:
    """How many of the ``months`` calendar months from ``start``'s month fall in each financial
    year, keyed by the year's start (``2025`` = 2025-26), in year order."""
    if months <= 0:
        raise ValueError(f"a profile needs at least one month, not {months}")
    first = date(start.year, start.month, 1)
    counts: dict[int, int] = {}
    for i in range(months):
        fy = year_of(add_months(first, i)).start_year
        counts[fy] = counts.get(fy, 0) + 1
    return counts


def profile_even(value: Decimal | Money, start: date, months: int) -> dict[int, Money]:
    """Spread ``value`` evenly by month over ``months`` months from ``start``'s month, summed
    per financial year (start-year key).  Uses :func:`fundledger.money.split`, so the years add
    up to ``value`` exactly.  Whole calendar months: the day of ``start`` is ignored."""
    counts = months_by_year(start, months)
    parts = split(value, list(counts.values()))
    return dict(zip(counts, parts, strict=True))
