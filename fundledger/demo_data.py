"""The demo ledger as pure data: every ledger figure of DOMAIN.md §1A–1F, plus deterministic
synthetic 2025-26 activity so that every screen has something to show.

**From the source papers (exact):**

- DA duty allocations 2021-22 … 2024-25 (grant) and the unsplit range "2025 – 2026/ 2026-2027"
  £1,463,965 (settlement) held as ONE allocation ``year_from=2025, year_to=2026``.
- The DA "Years 1, 2 and 3 Funding Spend Plan": 17 contract lines with cost, provider and term
  text as printed; cost basis unknown; "WALL … Panaghar" names two providers.
- The YJ pooled budget 2025-26: nine cash contributions by agency and heading (Police and Welsh
  Government contribute nothing) and the in-kind staff the text describes without a value: two
  warranted Police Constables (FTE 2.00) and a seconded Probation Officer (FTE 1.00).
- OPCC CSP allocations 2025-26 (nine areas; £639,675.00 in all) with expenditure "as of
  12/06/2026" (£256,061.83; two areas "Nil").
- PMT: the £60,000 council revenue contribution, seven commercial agreements in calendar 2025
  (£8,994), district partnership work in calendar 2025 (£38,227), group-travel-guide listings
  (£4,650) — the same items as ``samples/pmt-income-2025.xlsx``.
- DHR: £5,000 a year invoiced to each of the seven districts and Rutland (2026-27: £40,000).
- Gambling harms levy: £121,110 for 2026/2027 from OHID.

**How the PMT figures fit together (the paper's ROI, DOMAIN.md §2.6).**  "In 2025/26, the PMT
leveraged £45,400 in private funding from a £12,650 council investment … 259%".  The £60,000
revenue contribution (dated 1 April 2025, so in 2025-26) is recorded as two items that add up
to £60,000: £12,650 earmarked for marketing and promotional spend (``is_council_investment``:
the ROI's "council investment") and £47,350 for the team's core costs.  Private leverage is the
income from private businesses (categories in :data:`PRIVATE_CATEGORIES`); in 2025-26 it is

====================================================  =========
commercial packages Apr–Dec 2025 (3,225+500+500+300+225)  4,750
paid listings, Nov 2025                                   4,650
Team Leicester memberships, 8 × £2,000 (synthetic)       16,000
sponsorship: UKREiiF pre-launch £12,000, networking
forum £6,500 (synthetic amounts; the paper says "100%
privately sponsored")                                    18,500
Partnership Package sold Feb 2026 (synthetic)             1,500
====================================================  =========
total                                                    45,400

so ROI = (45,400 − 12,650) / 12,650 = 258.9 % ("259%").  Calendar 2025 is untouched by the
synthetic items: commercial packages Jan–Dec 2025 = £8,994 (the two Feb/Mar 2025 sales fall in
2024-25), district work = £38,227, together £47,221.  District work is public money (district
councils' UKSPF), so it is not private leverage.

**Synthetic 2025-26 activity (deterministic, no randomness):** the spend-plan services are
treated as (re)commissioned from 1 April 2025 for their printed term so that they have a
2025-26 profile (the paper gives no start dates; each line's note says so); DA budget lines
2025-26 (one per spend-plan line at its annual cost, plus onward funding to districts) inside
the unsplit range allocation; provider invoices P1–P8 at value ÷ term months; YJ budget lines by
heading and monthly YJ spend; one approved and one pending virement; forecasts with commentary
at P8; one extension taken and the others pending; periods P1–P6 of 2025-26 closed for all
streams.  ``fundledger demo --transactions N`` adds bulk rows only in open periods.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fundledger.money import Money, split, to_money
from fundledger.orgs import AliasIndex
from fundledger.reference import PROVIDERS
from fundledger.terms import ContractTerm, parse_term
from fundledger.years import FinancialYear

#: Bump when the demo content changes; stored in ``ledger_info`` key ``demo_loaded``.
DEMO_VERSION = "1"
DEMO_YEAR = 2025
#: The demo has closed 2024-25 at year end (all streams); 2025-26 stays open so that the
#: sample workbooks (2025-26 P01–P06) import into the demo ledger.  Bulk synthetic rows
#: avoid closed periods.
LOCKED_YEAR = 2024
INVOICED_PERIODS: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 8)
FORECAST_PERIOD = 8
DEMO_START = date(2025, 4, 1)
OPCC_AS_AT = date(2026, 6, 12)


def gbp(text: str) -> Money:
    """Exact pounds from a plain number string (``"1127205"``)."""
    return to_money(text)


# --------------------------------------------------------------------------- users


@dataclass(frozen=True, slots=True)
class UserSpec:
    username: str
    display_name: str
    role: str
    streams: tuple[str, ...] = ()


USERS: tuple[UserSpec, ...] = (
    UserSpec("a.khan", "Aisha Khan (DA budget holder)", "budget_holder", ("DA",)),
    UserSpec("m.price", "Mark Price (finance officer)", "finance"),
    UserSpec("r.shah", "Ravi Shah (commissioning officer)", "commissioning"),
    UserSpec("b.okafor", "Bola Okafor (YJ budget holder)", "budget_holder", ("YJ",)),
    UserSpec("board.viewer", "Board secretariat", "viewer"),
    UserSpec("admin", "Ledger administrator", "admin"),
)

# --------------------------------------------------------------------------- allocations


@dataclass(frozen=True, slots=True)
class AllocationSpec:
    stream: str
    year_from: int
    year_to: int
    amount: Money
    amount_text: str | None
    label: str
    mechanism: str
    funder: str | None
    recipient: str | None
    source_ref: str
    approximate: bool = False
    status: str = "confirmed"


_DA_PRINTED = (
    (2021, "2021-2022", "£1,127,205"),
    (2022, "2022-2023", "£1,130,326"),
    (2023, "2023-2024", "£1,152,936"),
    (2024, "2024-2025", "£1,174,689"),
)

ALLOCATIONS: tuple[AllocationSpec, ...] = (
    *(
        AllocationSpec(
            "DA",
            year,
            year,
            gbp(text.replace("£", "").replace(",", "")),
            text,
            f"DA duty {label} allocation",
            "grant",
            "MHCLG",
            "LCC",
            "[000:137-140]",
        )
        for year, label, text in _DA_PRINTED
    ),
    AllocationSpec(
        "DA",
        2025,
        2026,
        gbp("1463965"),
        "£ 1,463,965",
        "DA duty 2025 – 2026/ 2026-2027 allocation",
        "settlement",
        "MHCLG",
        "LCC",
        "[000:141]",
    ),
    AllocationSpec(
        "OPCC",
        2025,
        2025,
        gbp("639675.00"),
        None,
        "CSP allocations 2025-26 (sum of the nine area allocations; no total is printed)",
        "grant",
        "OPCC",
        None,
        "[004:425-435]",
    ),
    AllocationSpec(
        "GHL",
        2026,
        2026,
        gbp("121110"),
        "£121,110",
        "Gambling Statutory Levy allocation 2026/2027",
        "levy_allocation",
        "OHID",
        "LCC",
        "[004:1498]",
    ),
)

# --------------------------------------------------------------------------- DA spend plan


@dataclass(frozen=True, slots=True)
class ContractSpec:
    """One line of the DA spend plan as printed, with its parsed value and term."""

    seq: int
    service: str
    provider_text: str
    value_text: str
    term_text: str
    #: counterparty name on invoices (the sample workbooks' spelling) per provider key
    invoice_names: tuple[tuple[str, str], ...] = ()
    billing: str = "monthly"  # monthly | quarterly | payroll

    @property
    def value(self) -> Money:
        text = self.value_text.replace("£", "").replace(",", "").strip()
        if text.endswith("k"):
            return to_money(Decimal(text[:-1]) * 1000)
        return to_money(text)

    @property
    def term(self) -> ContractTerm:
        term, problem = parse_term(self.term_text)
        if term is None:  # pragma: no cover - the printed terms all parse
            raise ValueError(f"{self.term_text!r}: {problem}")
        return term

    @property
    def internal(self) -> bool:
        return self.provider_text == "Leicestershire County Council"

    @property
    def annual(self) -> Money:
        """The 2025-26 budget: the value spread evenly over the base term, 12 months' worth."""
        months = self.term.base_months or 12
        return to_money(self.value * 12 / months) if months >= 12 else self.value


def _c(seq: int, service: str, provider: str, cost: str, term: str, **kw: object) -> ContractSpec:
    return ContractSpec(seq, service, provider, cost, term, **kw)  # type: ignore[arg-type]


_EXT = "2 years (+1 year extension)"
LCC_TEXT = "Leicestershire County Council"
FREEVA_TEXT = "FreeVa"
LWA_TEXT = "Living without Abuse"
WALL_PANAGHAR = "WALL Male, Generic and Accessible Units Panaghar BAME Units"

SPEND_PLAN: tuple[ContractSpec, ...] = (
    _c(1, "Domestic Abuse Act Coordinator", LCC_TEXT, "£95,062", "2 years fixed term",
       billing="payroll"),
    _c(2, "Commissioning officer", LCC_TEXT, "£88,234", "2 years fixed term", billing="payroll"),
    _c(3, "Substance misuse specialist", "Turning Point", "£80,000", _EXT),
    _c(4, "Gypsy Roma and Traveller specialist", "Leicestershire Gate", "£60,000", _EXT),
    _c(5, "Specialist DA Support LGBT+ Victims", "Leicester LGBT service", "£56,000", _EXT,
       invoice_names=(("LGBT_CENTRE", "Leicestershire LGBT Centre"),)),
    _c(6, "Outreach support for male victims", "Women's Aid Leicestershire", "£97,054", _EXT),
    _c(7, "Helpline support for male victims", FREEVA_TEXT, "£76,544", _EXT),
    _c(8, "BAME advisor", FREEVA_TEXT, "£76,544", _EXT),
    _c(9, "Counselling service for adults", FREEVA_TEXT, "£42,982", "1 year"),
    _c(10, "Counselling service for children", FREEVA_TEXT, "£42,982", "1 year"),
    _c(11, "Outreach worker x2", LWA_TEXT, "£148,000", _EXT),
    _c(12, "County Family service: x2 family workers", LWA_TEXT, "£148,000", _EXT),
    _c(13, "1 part time young person's IDVA", LWA_TEXT, "£54,000", _EXT),
    _c(14, "Contribution to MARAC manager and Administrator costs", "MARAC", "£18,000", _EXT,
       billing="quarterly"),
    _c(15, "DA Team", LCC_TEXT, "£504,074", "2 years", billing="payroll"),
    _c(16, "Refuge and Dispersed Accommodation", WALL_PANAGHAR, "£250,000", _EXT,
       invoice_names=(("WALL", "Women's Aid Leicestershire"), ("PANAHGHAR", "Panahghar"))),
    _c(17, "Legal support to enable victims to remain in safe accommodation",
       "Chief Housing Officer Group", "£100k", "2 years", billing="quarterly"),
)  # fmt: skip

_PROVIDER_INDEX = AliasIndex.from_orgs(PROVIDERS)


def provider_keys(spec: ContractSpec) -> list[str]:
    """Reference keys of the organisations the provider cell names (two for WALL … Panaghar)."""
    return _PROVIDER_INDEX.match_many(spec.provider_text)


def eligible(spec: ContractSpec) -> bool | None:
    """Grant eligibility of the line: unknown (None) for accommodation, which the grant
    conditions exclude ("not for accommodation itself" [001:195], DOMAIN.md §2.5)."""
    return None if "Accommodation" in spec.service else True


#: Extension decisions: spend-plan seq → (decision, decided by, on, note).
EXTENSION_DECISIONS: dict[int, tuple[str, str, date, str]] = {
    3: (
        "taken",
        "r.shah",
        date(2026, 9, 30),
        "Extension to 31 March 2028 agreed at the DA Locality Partnership Board",
    ),
}

#: Onward funding to the seven districts: "approximately £33,000 for each year" [000:135].
DISTRICT_LINE = "Onward funding to districts (Housing Link Workers)"
DISTRICT_LINE_ORIGINAL = gbp("231000.00")

# --------------------------------------------------------------------------- virements, forecasts


@dataclass(frozen=True, slots=True)
class VirementSpec:
    from_line: str
    to_line: str
    amount: Money
    period: int
    reason: str
    requested_by: str
    requested_at: date
    status: str
    decided_by: str | None = None
    decided_at: date | None = None


VIREMENTS: tuple[VirementSpec, ...] = (
    VirementSpec(
        "Counselling service for adults",
        "Counselling service for children",
        gbp("4000.00"),
        5,
        "Children's counselling waiting list; adult service underspent after Q1",
        "a.khan",
        date(2025, 8, 14),
        "approved",
        "m.price",
        date(2025, 8, 20),
    ),
    VirementSpec(
        "DA Team",
        "Outreach worker x2",
        gbp("12000.00"),
        8,
        "Extra outreach caseload in Charnwood; DA Team vacancy savings",
        "a.khan",
        date(2025, 11, 18),
        "pending",
    ),
)


@dataclass(frozen=True, slots=True)
class ForecastSpec:
    line: str
    amount: Money
    commentary: str


FORECASTS: tuple[ForecastSpec, ...] = (
    ForecastSpec("DA Team", gbp("240037.00"), "Two vacancies until P6; £12,000 virement pending"),
    ForecastSpec(
        "Outreach worker x2",
        gbp("86000.00"),
        "Extra caseload in Charnwood: overspend covered if the pending virement is approved",
    ),
    ForecastSpec(
        "Counselling service for adults",
        gbp("38982.00"),
        "Waiting list cleared; £4,000 vired to children's counselling in P5",
    ),
    ForecastSpec(
        "Refuge and Dispersed Accommodation",
        gbp("125000.00"),
        "All Panahghar units occupied since P4; on profile",
    ),
)

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

# --------------------------------------------------------------------------- synthetic invoices


@dataclass(frozen=True, slots=True)
class InvoiceSpec:
    """One synthetic 2025-26 payment against a spend-plan line."""

    contract_seq: int
    period: int
    txn_date: date
    supplier: str
    supplier_key: str
    reference: str
    description: str
    amount: Money
    kind: str = "spend"
    account: str = "5210"


def _invoice_day(seq: int, period: int) -> int:
    return 3 + (seq * 7 + period * 5) % 23


def _prefix(name: str) -> str:
    return "".join(ch for ch in name.upper() if ch.isalpha())[:3]


def _monthly_parts(spec: ContractSpec, payees: int) -> list[Money]:
    months = spec.term.base_months or 12
    return split(spec.value, [1] * (months * payees))


def _payees(spec: ContractSpec) -> tuple[tuple[str, str], ...]:
    if spec.invoice_names:
        return spec.invoice_names
    keys = provider_keys(spec)
    return tuple((k, spec.provider_text) for k in keys[:1])


def _line_invoices(spec: ContractSpec, counter: list[int]) -> list[InvoiceSpec]:
    fy = FinancialYear(DEMO_YEAR)
    payees = _payees(spec)
    parts = _monthly_parts(spec, len(payees))
    quarterly = spec.billing == "quarterly"
    out: list[InvoiceSpec] = []
    for p in INVOICED_PERIODS:
        if quarterly and p % 3:
            continue
        start = fy.period_start(p)
        when = start.replace(day=_invoice_day(spec.seq, p))
        month = start.strftime("%B %Y")
        for i, (key, name) in enumerate(payees):
            counter[0] += 1
            amount = parts[i] * (3 if quarterly else 1)
            if spec.billing == "payroll":
                ref = f"PAY-2025-P{p:02d}-{spec.seq:02d}"
                desc, account = f"{spec.service} – salary recharge {month}", "1100"
            else:
                ref = f"INV-{_prefix(name)}-{start:%Y%m}-{5000 + counter[0]:04d}"
                desc, account = f"{spec.service} – {month}", "5210"
            out.append(InvoiceSpec(spec.seq, p, when, name, key, ref, desc, Money(amount),
                                   account=account))  # fmt: skip
    return out


def da_invoices() -> list[InvoiceSpec]:
    """Payments P1–P8 2025-26 for every spend-plan line still running, plus one credit note."""
    counter = [0]
    out: list[InvoiceSpec] = []
    for spec in SPEND_PLAN:
        out.extend(_line_invoices(spec, counter))
    out.append(
        InvoiceSpec(
            8,
            5,
            date(2025, 8, 22),
            FREEVA_TEXT,
            "FREEVA",
            "CRN-FRE-202508-9001",
            "Credit – BAME advisor hours not delivered, July 2025",
            gbp("-250.00"),
            kind="credit",
        )
    )
    return out


def yj_payments() -> list[tuple[MonthlySpend, int, date, str]]:
    """Monthly YJ payments P1–P8: (spend, period, date, reference)."""
    fy = FinancialYear(DEMO_YEAR)
    out: list[tuple[MonthlySpend, int, date, str]] = []
    for n, spend in enumerate(YJ_SPEND, 1):
        for p in INVOICED_PERIODS:
            start = fy.period_start(p)
            when = start.replace(day=_invoice_day(n + 20, p))
            out.append((spend, p, when, f"{spend.prefix}-YJ-{start:%Y%m}-{n:02d}"))
    return out
