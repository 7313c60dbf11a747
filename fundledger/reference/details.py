"""Cost centres, subjective codes and stream details: PMT packages and income categories, the DHR
recharge, the OPCC Community Action Fund; :func:`by_key`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING

from fundledger.money import Money

from .authorities import DISTRICTS
from .providers import ORGANISATIONS
from .streams import DA, DHR, OPCC_STREAM, PMT_STREAM, YJ

if TYPE_CHECKING:
    from datetime import date

    from fundledger.orgs import DatedName, OrgRef

# --------------------------------------------------------------------------- cost centres


@dataclass(frozen=True, slots=True)
class CostCentreRef:
    """A council cost centre mapping ledger rows to a stream; owner over time."""

    code: str
    name: str
    stream: str
    owners: tuple[DatedName, ...] = ()
    valid_from: date | None = None

    @property
    def owner(self) -> str | None:
        return self.owners[-1].name if self.owners else None


#: Cost centres of the demo ledger (samples/README.md); names as in the GL extract's column B.
COST_CENTRES: tuple[CostCentreRef, ...] = (
    CostCentreRef("LC4410", "Domestic Abuse – Safe Accommodation Duty", "DA", DA.directorates),
    CostCentreRef("LC5120", "Youth Justice – Pooled Budget", "YJ", YJ.directorates),
    CostCentreRef(
        "LC4470", "Community Safety – OPCC CSP Allocations", "OPCC", OPCC_STREAM.directorates
    ),
    # The GL sample has no LC6030 / LC4480 rows: these two names are ours.
    CostCentreRef(
        "LC6030",
        "Place Marketing – Council Contribution and Income",
        "PMT",
        PMT_STREAM.directorates,
    ),
    CostCentreRef(
        "LC4480", "Community Safety – Domestic Homicide Reviews", "DHR", DHR.directorates
    ),
)

#: Subjective (account) codes seen in the GL extract.
SUBJECTIVES = MappingProxyType(
    {
        "1100": "Salaries",
        "5210": "Contract payments – voluntary sector",
        "9200": "Contributions from other public bodies",
    }
)

# --------------------------------------------------------------------------- stream details

#: PMT income categories (the sample's Category column first, then the paper's other types).
PMT_INCOME_CATEGORIES: tuple[str, ...] = (
    "Council revenue contribution",
    "Commercial package",
    "District partnership work",
    "Paid listing",
    "Sponsorship",
    "Membership",
)


@dataclass(frozen=True, slots=True)
class PackageRef:
    """A PMT commercial package and its list price [002:1094-1096]."""

    name: str
    price: Money
    minimum: bool = False
    small_business_price: Money | None = None
    printed: str = ""


PMT_PACKAGES: tuple[PackageRef, ...] = (
    PackageRef("Partnership Package", Money(Decimal("1500.00")), minimum=True, printed="£1,500+"),
    PackageRef("Event Support Package", Money(Decimal("500.00")), printed="£500"),
    PackageRef("Restaurant Promotion Package", Money(Decimal("300.00")), printed="£300"),
    # "£500, with a £275 small business discount" is ambiguous [002:1096]; the sample income
    # workbook charges £225, i.e. £275 off.
    PackageRef(
        "Business Support Package",
        Money(Decimal("500.00")),
        small_business_price=Money(Decimal("225.00")),
        printed="£500, with a £275 small business discount",
    ),
)

#: Team Leicester ambassador membership, "£2,000 annually" [002:664].
PMT_MEMBERSHIP_PER_YEAR = Money(Decimal("2000.00"))

#: DHR recharge: each district partner and Rutland County Council, £5,000 a year [004:181].
DHR_RECHARGE_PER_YEAR = Money(Decimal("5000.00"))
DHR_DEBTORS: tuple[str, ...] = (*(d.key for d in DISTRICTS), "RUTLAND")

#: OPCC Community Action Fund: themes and the cap on one grant [004:468-484].
OPCC_CAF_MAX_GRANT = Money(Decimal("10000.00"))
OPCC_CAF_THEMES: tuple[str, ...] = (
    "Rural Crime",
    "Road Safety",
    "Violence and Vulnerability",
    "Business Crime",
    "Neighbourhood Crime",
    "Violence Against Women and Girls",
)


def by_key(key: str) -> OrgRef:
    """The organisation with ``key``; ``KeyError`` if there is none."""
    for org in ORGANISATIONS:
        if org.key == key:
            return org
    raise KeyError(key)
