"""Youth justice contributions and spend, the OPCC CSP allocations, PMT income and targets and the
DHR recharges of the demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from .common import gbp
from .da import LCC_TEXT

if TYPE_CHECKING:
    from fundledger.money import Money

# --------------------------------------------------------------------------- youth justice


@dataclass(frozen=True, slots=True)
class ContributionSpec:
    agency: str  # reference key of the YJ agency (YJ_AGENCIES)
    heading: str
    amount: Money | None
    kind: str = "cash"
    fte: Decimal | None = None
    description: str | None = None
    status: str = "pledged"
    invoiced_on: date | None = None
    received_on: date | None = None


STAFFING, IN_KIND, OTHER = "Staffing Costs", "Payments in kind", "Other delegated funds"
_RECEIVED = {"status": "received", "invoiced_on": date(2025, 5, 1), "received_on": date(2025, 6, 2)}
_INVOICED = {"status": "invoiced", "invoiced_on": date(2025, 10, 1)}

YJ_CONTRIBUTIONS: tuple[ContributionSpec, ...] = (
    ContributionSpec("YJ_YJB", OTHER, gbp("604659"), **_RECEIVED),  # type: ignore[arg-type]
    ContributionSpec("YJ_LA", OTHER, gbp("1032461"), **_RECEIVED),  # type: ignore[arg-type]
    ContributionSpec("YJ_PCC", STAFFING, gbp("91847"), **_RECEIVED),  # type: ignore[arg-type]
    ContributionSpec("YJ_PCC", OTHER, gbp("77934"), **_RECEIVED),  # type: ignore[arg-type]
    ContributionSpec("YJ_PROBATION", STAFFING, gbp("73764"), **_INVOICED),  # type: ignore[arg-type]
    ContributionSpec("YJ_PROBATION", OTHER, gbp("37806"), **_INVOICED),  # type: ignore[arg-type]
    ContributionSpec("YJ_HEALTH", STAFFING, gbp("70945"), **_RECEIVED),  # type: ignore[arg-type]
    ContributionSpec("YJ_HEALTH", OTHER, gbp("47588"), **_INVOICED),  # type: ignore[arg-type]
    ContributionSpec("YJ_OTHER", OTHER, gbp("75645")),
    ContributionSpec(
        "YJ_POLICE",
        IN_KIND,
        None,
        kind="in_kind",
        fte=Decimal("2.00"),
        description="two warranted Police Constables (value not stated) [002:1335]",
    ),
    ContributionSpec(
        "YJ_PROBATION",
        IN_KIND,
        None,
        kind="in_kind",
        fte=Decimal("1.00"),
        description="a full-time seconded Probation Officer (value not stated) [002:1335]",
    ),
)

#: YJ budget lines 2025-26 by heading (the pooled budget's column totals).
YJ_LINES: tuple[tuple[str, Money], ...] = (
    (STAFFING, gbp("236556.00")),
    (IN_KIND, gbp("0.00")),
    (OTHER, gbp("1876093.00")),
)


@dataclass(frozen=True, slots=True)
class MonthlySpend:
    """A supplier billed the same sum each month (synthetic, like the sample invoices)."""

    stream: str
    line: str
    supplier: str
    supplier_key: str | None
    description: str
    amount: Money
    prefix: str
    cost_centre: str
    account: str = "5210"


YJ_SPEND: tuple[MonthlySpend, ...] = (
    MonthlySpend("YJ", OTHER, "Everyone Active", "EVERYONE_ACTIVE", "EmpowerHer groupwork sessions",
                 gbp("640.00"), "EVE", "LC5120"),
    MonthlySpend("YJ", OTHER, "Leicestershire Partnership NHS Trust", "LPT",
                 "Speech and language therapy", gbp("3120.50"), "LPT", "LC5120"),
    MonthlySpend("YJ", OTHER, "Turning Point", "TURNING_POINT",
                 "Young people's substance misuse offer", gbp("1950.00"), "TUR", "LC5120"),
    MonthlySpend("YJ", OTHER, "The Appropriate Adult Service", "APPROPRIATE_ADULT",
                 "Appropriate adult services", gbp("2875.00"), "AAS", "LC5120"),
    MonthlySpend("YJ", STAFFING, "Leicestershire County Council", "LCC",
                 "Youth justice staffing recharge", gbp("19713.00"), "PAY", "LC5120", "1100"),
)  # fmt: skip

# --------------------------------------------------------------------------- OPCC


@dataclass(frozen=True, slots=True)
class CspSpec:
    area: str  # reference key (CSP_AREAS)
    name: str  # as printed
    allocation: Money
    expenditure: Money  # 0.00 with nil=True where printed "Nil"
    nil: bool = False


OPCC_AREAS: tuple[CspSpec, ...] = (
    CspSpec("CSP_LEICESTER", "Leicester", gbp("271818.47"), gbp("76546.00")),
    CspSpec("CSP_CHARNWOOD", "Charnwood", gbp("89530.24"), gbp("89530.00")),
    CspSpec("CSP_SNWLP", "SNWLP", gbp("53776.10"), gbp("5807.80")),
    CspSpec("CSP_BLABY", "Blaby", gbp("52665.76"), gbp("15566.64")),
    CspSpec("CSP_HINCKLEY", "Hinckley and Bosworth", gbp("51217.55"), gbp("31875.64")),
    CspSpec("CSP_HARBOROUGH", "Harborough", gbp("37479.75"), gbp("0.00"), nil=True),
    CspSpec("CSP_OADBY", "Oadby and Wigston", gbp("32554.58"), gbp("0.00"), nil=True),
    CspSpec("CSP_MELTON", "Melton Mowbray", gbp("31335.75"), gbp("31335.75")),
    CspSpec("CSP_RUTLAND", "Rutland", gbp("19296.80"), gbp("5400.00")),
)

# --------------------------------------------------------------------------- PMT income

COUNCIL, COMMERCIAL, DISTRICT = (
    "Council revenue contribution",
    "Commercial package",
    "District partnership work",
)
LISTING, SPONSORSHIP, MEMBERSHIP = "Paid listing", "Sponsorship", "Membership"
#: Categories that count as private leverage in the return-on-investment.
PRIVATE_CATEGORIES: tuple[str, ...] = (COMMERCIAL, LISTING, SPONSORSHIP, MEMBERSHIP)


@dataclass(frozen=True, slots=True)
class IncomeSpec:
    raised_on: date
    customer: str
    category: str
    description: str
    reference: str
    amount: Money
    status: str = "received"
    customer_key: str | None = None
    list_price: Money | None = None
    discount: Money | None = None
    is_council_investment: bool = False

    @property
    def received_on(self) -> date | None:
        return self.raised_on.replace(day=min(self.raised_on.day + 14, 28)) if (
            self.status == "received") else None  # fmt: skip


def _inc(d: date, customer: str, cat: str, desc: str, ref: str, amount: str,
         **kw: object) -> IncomeSpec:  # fmt: skip
    return IncomeSpec(d, customer, cat, desc, ref, gbp(amount), **kw)  # type: ignore[arg-type]


_LISTINGS = tuple(
    _inc(
        date(2025, 11, (n if n <= 19 else n - 19)),
        f"Group travel guide listing {n:02d}",
        LISTING,
        "Full page" if n <= 15 else "Half page",
        f"PMT-2025-L{n:02d}",
        "200.00" if n <= 15 else "150.00",
    )
    for n in range(1, 27)
)

PMT_INCOME: tuple[IncomeSpec, ...] = (
    # calendar 2025, as samples/pmt-income-2025.xlsx
    _inc(date(2025, 2, 11), "Belvoir Castle Estate", COMMERCIAL, "Partnership Package",
         "PMT-2025-001", "2500.00", list_price=gbp("1500.00")),
    _inc(date(2025, 3, 12), "Great Central Railway plc", COMMERCIAL, "Partnership Package",
         "PMT-2025-002", "1744.00", list_price=gbp("1500.00")),
    _inc(date(2025, 4, 13), "Stanford Hall Events Ltd", COMMERCIAL, "Partnership Package",
         "PMT-2025-003", "3225.00", list_price=gbp("1500.00")),
    _inc(date(2025, 5, 14), "Download Festival Ltd", COMMERCIAL, "Event Support Package",
         "PMT-2025-004", "500.00", list_price=gbp("500.00")),
    _inc(date(2025, 6, 15), "Victory Show Ltd", COMMERCIAL, "Event Support Package",
         "PMT-2025-005", "500.00", list_price=gbp("500.00")),
    _inc(date(2025, 7, 16), "The Larder Market Harborough", COMMERCIAL,
         "Restaurant Promotion Package", "PMT-2025-006", "300.00", status="raised",
         list_price=gbp("300.00")),
    _inc(date(2025, 8, 17), "Cattows Farm", COMMERCIAL, "Business Support Package (small business)",
         "PMT-2025-007", "225.00", list_price=gbp("500.00"), discount=gbp("275.00")),
    _inc(date(2025, 4, 1), "Blaby District Council", DISTRICT,
         "Victory Show and Christmas campaigns", "PMT-2025-D01", "9850.00", customer_key="BLABY"),
    _inc(date(2025, 5, 1), "North West Leicestershire District Council", DISTRICT,
         "UKSPF sustainable tourism campaign", "PMT-2025-D02", "8400.00", customer_key="NW_LEICS"),
    _inc(date(2025, 6, 1), "Harborough District Council", DISTRICT,
         "UKSPF regenerative tourism campaign", "PMT-2025-D03", "7977.00",
         customer_key="HARBOROUGH"),
    _inc(date(2025, 7, 1), "Melton Borough Council", DISTRICT, "Destination campaign",
         "PMT-2025-D04", "4500.00", customer_key="MELTON"),
    _inc(date(2025, 8, 1), "Oadby and Wigston Borough Council", DISTRICT, "UKSPF place promotion",
         "PMT-2025-D05", "7500.00", customer_key="OADBY"),
    *_LISTINGS,
    # the £60,000 revenue contribution, in two parts (see the module docstring)
    _inc(date(2025, 4, 1), LCC_TEXT, COUNCIL,
         "Annual contribution to the Place Marketing Team – marketing and promotional spend",
         "PMT-2025-C01A", "12650.00", customer_key="LCC", is_council_investment=True),
    _inc(date(2025, 4, 1), LCC_TEXT, COUNCIL,
         "Annual contribution to the Place Marketing Team – core team costs",
         "PMT-2025-C01B", "47350.00", customer_key="LCC"),
    # synthetic private leverage 2025-26 (amounts not in the paper)
    _inc(date(2025, 5, 6), "UKREiiF pre-launch event sponsors", SPONSORSHIP,
         "UKREiiF Pre-Launch Event – 100% privately sponsored", "PMT-2025-S01", "12000.00"),
    _inc(date(2025, 9, 18), "Strategic networking forum sponsors", SPONSORSHIP,
         "Strategic Networking forum – 100% privately sponsored", "PMT-2025-S02", "6500.00"),
    *(
        _inc(date(2025, 10, 1), f"Team Leicester member {n:02d}", MEMBERSHIP,
             "Team Leicester ambassador network – annual membership", f"PMT-2025-M{n:02d}",
             "2000.00", status="received" if n <= 6 else "raised")
        for n in range(1, 9)
    ),
    _inc(date(2026, 2, 10), "Charnwood Forest Brewery Ltd", COMMERCIAL, "Partnership Package",
         "PMT-2026-001", "1500.00", status="raised", list_price=gbp("1500.00")),
)  # fmt: skip

#: PMT 2025-26 income targets by category (synthetic, for the variance screen).
PMT_TARGETS: tuple[tuple[str, Money], ...] = (
    (COUNCIL, gbp("60000.00")),
    (COMMERCIAL, gbp("8000.00")),
    (DISTRICT, gbp("40000.00")),
    (LISTING, gbp("4500.00")),
    (SPONSORSHIP, gbp("15000.00")),
    (MEMBERSHIP, gbp("16000.00")),
)

# --------------------------------------------------------------------------- DHR


@dataclass(frozen=True, slots=True)
class RechargeSpec:
    debtor: str  # reference key
    raised_on: date
    due_on: date
    paid_on: date | None = None


DHR_YEAR = 2026
DHR_AMOUNT = gbp("5000.00")
DHR_DESCRIPTION = "Domestic Homicide Review contribution 2026-27 (LRSCSB minute 46(b), 26/03/2026)"
_MAY, _DUE = date(2026, 5, 1), date(2026, 5, 31)
DHR_RECHARGES: tuple[RechargeSpec, ...] = (
    RechargeSpec("BLABY", _MAY, _DUE, date(2026, 5, 20)),
    RechargeSpec("CHARNWOOD", _MAY, _DUE, date(2026, 6, 12)),
    RechargeSpec("HARBOROUGH", _MAY, _DUE, date(2026, 6, 30)),
    RechargeSpec("HINCKLEY", _MAY, _DUE),  # overdue
    RechargeSpec("MELTON", _MAY, _DUE, date(2026, 7, 15)),
    RechargeSpec("NW_LEICS", _MAY, _DUE),  # overdue
    RechargeSpec("OADBY", date(2026, 11, 2), date(2026, 12, 2)),  # not yet due
    RechargeSpec("RUTLAND", date(2026, 11, 2), date(2026, 12, 2)),  # not yet due
)
