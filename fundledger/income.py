"""Income and recharge rules: categories, package pricing, ROI, recharge status, reporting years.

Place-marketing income is raised (invoiced) then received, and is reported by financial year
and by calendar year side by side.  Return on council investment is *net*:
(leverage − investment) / investment, which reproduces the paper's "259%" (258.89%): leverage
is private income (:data:`PRIVATE_CATEGORIES`), investment the items flagged as council
investment.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from fundledger.money import Money, format_gbp
from fundledger.vocabulary import IncomeStatus, RechargeStatus

#: income categories as stored and printed (place-marketing income types, DOMAIN §1D); a
#: stream may use others — these are the picker's list
CATEGORIES: tuple[str, ...] = (
    "Council revenue contribution",
    "Commercial package",
    "District partnership work",
    "Paid listing",
    "Sponsorship",
    "Membership",
)
#: income from private businesses: what the ROI counts as leverage (district partnership work
#: is public money and the council's contribution is the investment side)
PRIVATE_CATEGORIES: tuple[str, ...] = (
    "Commercial package",
    "Paid listing",
    "Sponsorship",
    "Membership",
)
#: income that is the council's own money put in (the investment side of the ROI), not
#: income earned: an imported item in one of these categories is flagged as council investment
COUNCIL_INVESTMENT_CATEGORIES: tuple[str, ...] = ("Council revenue contribution",)
INCOME_STATUSES: tuple[IncomeStatus, ...] = tuple(IncomeStatus)
RECHARGE_STATUSES: tuple[RechargeStatus, ...] = tuple(RechargeStatus)


def counts_as_council_investment(category: str) -> bool:
    """Whether income of ``category`` is council investment (case, spacing and punctuation
    as printed do not matter: "COUNCIL  revenue contribution" counts)."""
    return _plain(category) in {_plain(c) for c in COUNCIL_INVESTMENT_CATEGORIES}


def _plain(text: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text.casefold()).split())


def category_label(category: str) -> str:
    return category


def check_category(category: str) -> str | None:
    if category.strip():
        return None
    return "income needs a category (e.g. " + ", ".join(CATEGORIES[:3]) + ")"


def roi(leverage: Decimal, investment: Decimal, places: int = 2) -> Decimal | None:
    """Net return on investment as a percentage, half-up to ``places``; None without investment.

    >>> roi(Decimal("45400"), Decimal("12650"))
    Decimal('258.89')
    """
    if investment == 0:
        return None
    q = Decimal(1).scaleb(-places)
    return ((leverage - investment) * 100 / investment).quantize(q, rounding=ROUND_HALF_UP)


def check_package_price(
    list_price: Money | None, discount: Money | None, amount: Money
) -> str | None:
    """A discounted package must be priced list price − discount."""
    if list_price is None:
        return None if discount is None else "a discount needs a list price"
    expected = Money(list_price - (discount or Decimal(0)))
    if amount == expected:
        return None
    if discount:
        how = f"{format_gbp(list_price)} less {format_gbp(discount)} discount"
    else:
        how = f"the list price {format_gbp(list_price)}"
    return f"amount {format_gbp(amount)} does not equal {how} ({format_gbp(expected)})"


def recharge_status(status: str, due_on: date, today: date) -> str:
    """Displayed status: ``overdue`` is derived (raised and due before today)."""
    if status == "raised" and due_on < today:
        return "overdue"
    return status


def calendar_year_range(year: int) -> tuple[date, date]:
    """Half-open range of a calendar year, ``[1 Jan, 1 Jan next)``."""
    return date(year, 1, 1), date(year + 1, 1, 1)
