"""The standard reference data a new ledger starts with (``fundledger init``), as pure data.

Streams (DA, YJ, OPCC, PMT, DHR) with their cost centres, and the organisations the source
papers name — funders, authorities, CSP areas, youth justice partner agencies, providers and the
suppliers of the sample workbooks — with every printed spelling as an alias (DOMAIN.md §1, §6).

How to seed: create every :data:`ORGANISATIONS` entry once (``kind`` + ``name`` is unique) with
its :meth:`~fundledger.orgs.OrgRef.alias_entries`; then :data:`STREAMS` (``funder`` /
``recipient`` are organisation keys) with their ``mechanisms`` and ``directorates``; then
:data:`COST_CENTRES`.  :data:`DISTRICTS`, :data:`CSP_AREAS`, :data:`YJ_AGENCIES`,
:data:`FUNDERS`, :data:`PROVIDERS` and the rest are *views* of ``ORGANISATIONS`` for building
one :class:`~fundledger.orgs.AliasIndex` per role — do not seed them a second time.

Dates the source papers do not give (a rename's exact day) are marked ``not in the sources``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from fundledger.money import Money
from fundledger.orgs import DatedName, OrgRef

__all__ = [
    "AUTHORITIES",
    "COST_CENTRES",
    "CSP_AREAS",
    "CSP_AREA_AUTHORITIES",
    "DHR_DEBTORS",
    "DHR_RECHARGE_PER_YEAR",
    "DISTRICTS",
    "FUNDERS",
    "GOVERNMENT_AND_PARTNERS",
    "MECHANISMS",
    "OPCC_CAF_MAX_GRANT",
    "OPCC_CAF_THEMES",
    "OPTIONAL_STREAMS",
    "ORGANISATIONS",
    "PMT_INCOME_CATEGORIES",
    "PMT_PACKAGES",
    "PROVIDERS",
    "STREAMS",
    "SUBJECTIVES",
    "SUPPLIERS",
    "YJ_AGENCIES",
    "YJ_AGENCY_ORG",
    "YJ_HEADINGS",
    "CostCentreRef",
    "PackageRef",
    "StreamRef",
    "by_key",
    "stream",
]

# --------------------------------------------------------------------------- directorates

CHILDREN_AND_FAMILY = "Children and Family Services"
PUBLIC_HEALTH_CLG = "Public Health, Communities, Law and Governance"
PUBLIC_HEALTH_LG = "Public Health, Law and Governance"
#: County Council meeting that moved Community Safety (not Domestic Abuse) [004:270-271].
REORGANISED = date(2026, 5, 13)

# --------------------------------------------------------------------------- organisations

LCC = OrgRef(
    "LCC",
    "Leicestershire County Council",
    "county",
    aliases=("Leicestershire CC", "Leicestershire County Council (LCC)"),
    short_name="LCC",
    internal=True,
    notes="The ledger's own council: tier-one authority; its own posts are internal providers.",
)
LEICESTER_CITY = OrgRef(
    "LEICESTER_CITY",
    "Leicester City Council",
    "unitary",
    aliases=("Leicester City",),
    notes="Hosts the Place Marketing Team [002:527].",
)
RUTLAND = OrgRef(
    "RUTLAND",
    "Rutland County Council",
    "unitary",
    aliases=("Rutland Council", "Rutland CC", "Rutland"),
)
BLABY = OrgRef(
    "BLABY",
    "Blaby District Council",
    "district",
    aliases=("BDC", "Blaby", "Blaby District"),
    short_name="BDC",
)
CHARNWOOD = OrgRef(
    "CHARNWOOD",
    "Charnwood Borough Council",
    "district",
    aliases=("CBC", "Charnwood"),
    short_name="CBC",
)
HARBOROUGH = OrgRef(
    "HARBOROUGH",
    "Harborough District Council",
    "district",
    aliases=("HDC", "Harborough", "Harborough District"),
    short_name="HDC",
)
HINCKLEY = OrgRef(
    "HINCKLEY",
    "Hinckley & Bosworth Borough Council",
    "district",
    aliases=(
        "Hinckley and Bosworth Borough Council",
        "Hinckley and Bosworth Council",
        "HBBC",
        "Hinckley and Bosworth",
        "H&B",
    ),
    short_name="HBBC",
)
MELTON = OrgRef(
    "MELTON",
    "Melton Borough Council",
    "district",
    aliases=("MBC", "Melton", "Meilton"),
    short_name="MBC",
)
NW_LEICS = OrgRef(
    "NW_LEICS",
    "North West Leicestershire District Council",
    "district",
    aliases=(
        "North-West Leicestershire District Council",
        "NWLDC",
        "North West Leicestershire",
        "NWL",
    ),
    short_name="NWLDC",
)
OADBY = OrgRef(
    "OADBY",
    "Oadby & Wigston Borough Council",
    "district",
    aliases=(
        "Oadby and Wigston Borough Council",
        "Oadby & Wigston District Council",
        "OWBC",
        "Oadby and Wigston",
        "O&W",
    ),
    short_name="OWBC",
    notes='Printed once, wrongly, as "Oadby & Wigston District Council" [002:885].',
)

#: The seven Leicestershire district councils, in the order DOMAIN.md §6 lists them.
DISTRICTS: tuple[OrgRef, ...] = (
    BLABY,
    CHARNWOOD,
    HARBOROUGH,
    HINCKLEY,
    MELTON,
    NW_LEICS,
    OADBY,
)
#: The county, the city, Rutland and the seven districts.
AUTHORITIES: tuple[OrgRef, ...] = (LCC, LEICESTER_CITY, RUTLAND, *DISTRICTS)

MHCLG = OrgRef(
    "MHCLG",
    "Ministry of Housing, Communities and Local Government",
    "government",
    aliases=(
        "DLUHC",
        "DHLUHC",
        "Department for Levelling Up Communities and Housing",
        "Ministry Housing, Communities and Local Government",
    ),
    short_name="MHCLG",
    names=(
        # Renamed 19 Sep 2021 and back on 8 Jul 2024: the days are not in the sources.
        DatedName(
            "Department for Levelling Up, Housing and Communities",
            date(2021, 9, 19),
            date(2024, 7, 8),
        ),
    ),
    notes="DLUHC for DA years 1-4 [001:123, 141]; misspelt DHLUHC [001:141]; renamed [002:3190].",
)
YJB = OrgRef(
    "YJB",
    "Youth Justice Board",
    "government",
    aliases=("Youth Justice Board for England and Wales", "Ministry of Justice", "MOJ"),
    short_name="YJB",
    names=(
        # "the MOJ (previously the YJB)" [002:1336]; the day is not in the sources.
        DatedName("Ministry of Justice", date(2026, 4, 1), None),
    ),
    notes="Youth Justice Grant funder; the MoJ from the 2026-27 grant [002:1336].",
)
OPCC = OrgRef(
    "OPCC",
    "Office of the Police and Crime Commissioner",
    "pcc",
    aliases=("Police and Crime Commissioner", "PCC", "Office of the PCC"),
    short_name="OPCC",
)
OHID = OrgRef(
    "OHID",
    "Office for Health Improvement and Disparities",
    "government",
    short_name="OHID",
)
HOME_OFFICE = OrgRef("HOME_OFFICE", "Home Office", "government")
DBT = OrgRef("DBT", "Department for Business and Trade", "government", short_name="DBT")
DWP = OrgRef("DWP", "Department for Work and Pensions", "government", short_name="DWP")
WELSH_GOV = OrgRef("WELSH_GOV", "Welsh Government", "government")
YEF = OrgRef("YEF", "Youth Endowment Fund", "vcse", short_name="YEF")
CEC = OrgRef(
    "CEC", "Careers and Enterprise Company", "other", aliases=("The Careers & Enterprise Company",)
)
POLICE = OrgRef("POLICE", "Leicestershire Police", "police")
PROBATION = OrgRef(
    "PROBATION",
    "Probation Service",
    "probation",
    aliases=(
        "The Probation Service",
        "National Probation Service",
        "The National Probation Service",
    ),
    names=(
        # "The National Probation Service has changed its name to The Probation Service"
        # [004:275]; the day (26 Jun 2021) is not in the sources.
        DatedName("National Probation Service", None, date(2021, 6, 26)),
    ),
)
ICB = OrgRef(
    "ICB",
    "Leicester, Leicestershire and Rutland Integrated Care Board",
    "health",
    aliases=("LLR ICB", "ICB", "Integrated Care Board"),
    short_name="LLR ICB",
)
PMT = OrgRef(
    "PMT",
    "Leicester & Leicestershire Place Marketing Team",
    "group",
    aliases=("Place Marketing Team", "Visit Leicester", "Invest in Leicester"),
    short_name="PMT",
    notes="Hosted by Leicester City Council [002:527].",
)

#: Funders of the streams and of the other funding DOMAIN.md §1 names.
FUNDERS: tuple[OrgRef, ...] = (
    MHCLG,
    YJB,
    OPCC,
    OHID,
    HOME_OFFICE,
    DBT,
    DWP,
    YEF,
    CEC,
    WELSH_GOV,
)
#: Statutory partners of the Youth and Justice Partnership Board and other bodies.
GOVERNMENT_AND_PARTNERS: tuple[OrgRef, ...] = (POLICE, PROBATION, ICB, PMT)

# Commissioned providers (DOMAIN.md §1A, §1C, §1F, §1G and the alias list in §2.9).
FREEVA = OrgRef("FREEVA", "FreeVa", "vcse", aliases=("Freeva",))
PANAHGHAR = OrgRef(
    "PANAHGHAR",
    "Panahghar",
    "vcse",
    aliases=("Panaghar",),
    notes="Contract from July 2024; referrals from October 2024 [002:3804].",
)
GATE = OrgRef("GATE", "Leicestershire Gate", "vcse", aliases=("Leicestershire GATE",))
LGBT_CENTRE = OrgRef(
    "LGBT_CENTRE",
    "Leicestershire LGBT Centre",
    "vcse",
    aliases=("Leicester LGBT service", "Leicestershire LGBT+ Centre", "Leicester LGBT Centre"),
)
WALL = OrgRef(
    "WALL",
    "Women's Aid Leicestershire",
    "vcse",
    aliases=("Women's Aid Leicestershire(WALL)", "WALL"),
    short_name="WALL",
)
LWA = OrgRef(
    "LWA",
    "Living without Abuse",
    "vcse",
    aliases=("LWA",),
    short_name="LWA",
)
TURNING_POINT = OrgRef("TURNING_POINT", "Turning Point", "vcse")
MARAC = OrgRef(
    "MARAC",
    "MARAC",
    "group",
    aliases=("Multi-Agency Risk Assessment Conference",),
    notes="A meeting, not an organisation; named as a provider in the DA spend plan.",
)
CHIEF_HOUSING = OrgRef(
    "CHIEF_HOUSING",
    "Chief Housing Officer Group",
    "group",
    notes="A group of district housing officers; named as a provider in the DA spend plan.",
)
INGEUS = OrgRef(
    "INGEUS", "Ingeus", "business", notes="Out of Court Resolutions contract [004:491]."
)
GROUNDSWELL = OrgRef("GROUNDSWELL", "Groundswell", "vcse")
CHAPTER_ONE = OrgRef("CHAPTER_ONE", "Chapter One", "other", notes="Gambling harms training.")
ECINS = OrgRef("ECINS", "ECINS", "business", notes="ASB case management system contract.")
SAFELIVES = OrgRef("SAFELIVES", "SafeLives", "vcse")
APPROPRIATE_ADULT = OrgRef(
    "APPROPRIATE_ADULT",
    "The Appropriate Adult Service",
    "other",
    aliases=("Appropriate Adult Service",),
)

# Suppliers in the sample invoices and general ledger that are not named above.
LPT = OrgRef("LPT", "Leicestershire Partnership NHS Trust", "health", short_name="LPT")
EVERYONE_ACTIVE = OrgRef("EVERYONE_ACTIVE", "Everyone Active", "business")

#: Commissioned providers, including the council itself (its internal posts) and groups.
PROVIDERS: tuple[OrgRef, ...] = (
    LCC,
    FREEVA,
    PANAHGHAR,
    GATE,
    LGBT_CENTRE,
    WALL,
    LWA,
    TURNING_POINT,
    MARAC,
    CHIEF_HOUSING,
    INGEUS,
    GROUNDSWELL,
    CHAPTER_ONE,
    ECINS,
    SAFELIVES,
    APPROPRIATE_ADULT,
    LPT,
    EVERYONE_ACTIVE,
)
#: Every supplier name in invoices-2025-26-p01-p06.xlsx / the GL extract, as an organisation.
SUPPLIERS: tuple[OrgRef, ...] = (
    WALL,
    FREEVA,
    GATE,
    LGBT_CENTRE,
    LWA,
    PANAHGHAR,
    TURNING_POINT,
    BLABY,
    CHARNWOOD,
    HINCKLEY,
    MELTON,
    RUTLAND,
    EVERYONE_ACTIVE,
    LPT,
    APPROPRIATE_ADULT,
)


def _area(key: str, name: str, *aliases: str) -> OrgRef:
    return OrgRef(key, name, "csp_area", aliases=aliases)


#: CSP areas exactly as printed in the OPCC allocations table, in its order [004:426-435].
CSP_AREAS: tuple[OrgRef, ...] = (
    _area("CSP_LEICESTER", "Leicester", "Leicester City"),
    _area("CSP_CHARNWOOD", "Charnwood", "Charnwood CSP"),
    OrgRef(
        "CSP_SNWLP",
        "SNWLP",
        "csp_area",
        notes="Never expanded in the sources: map it through a configurable alias.",
    ),
    _area("CSP_BLABY", "Blaby", "Blaby CSP"),
    _area("CSP_HINCKLEY", "Hinckley and Bosworth", "Hinckley & Bosworth", "H&B"),
    _area("CSP_HARBOROUGH", "Harborough", "Harborough CSP"),
    _area("CSP_OADBY", "Oadby and Wigston", "Oadby & Wigston", "O&W"),
    _area("CSP_MELTON", "Melton Mowbray", "Melton", "Meilton"),
    _area("CSP_RUTLAND", "Rutland"),
)

#: The authority each CSP area covers; SNWLP is left unmapped (the sources never expand it).
CSP_AREA_AUTHORITIES = MappingProxyType(
    {
        "CSP_LEICESTER": ("LEICESTER_CITY",),
        "CSP_CHARNWOOD": ("CHARNWOOD",),
        "CSP_SNWLP": (),
        "CSP_BLABY": ("BLABY",),
        "CSP_HINCKLEY": ("HINCKLEY",),
        "CSP_HARBOROUGH": ("HARBOROUGH",),
        "CSP_OADBY": ("OADBY",),
        "CSP_MELTON": ("MELTON",),
        "CSP_RUTLAND": ("RUTLAND",),
    }
)


def _agency(key: str, name: str, *aliases: str) -> OrgRef:
    return OrgRef(key, name, "partner_agency", aliases=aliases)


#: Youth justice pooled budget partner agencies, in the national template's order [002:1324].
YJ_AGENCIES: tuple[OrgRef, ...] = (
    _agency("YJ_YJB", "Youth Justice Board", "YJB", "Ministry of Justice", "MOJ", "YJB/MoJ"),
    _agency("YJ_LA", "Local Authority", "LA", "Leicestershire County Council"),
    _agency("YJ_POLICE", "Police", "Leicestershire Police"),
    _agency(
        "YJ_PCC",
        "Police and Crime Commissioner",
        "PCC",
        "OPCC",
        "Office of the Police and Crime Commissioner",
    ),
    _agency("YJ_PROBATION", "Probation", "Probation Service", "National Probation Service"),
    _agency("YJ_HEALTH", "Health", "ICB", "Integrated Care Board", "NHS", "Public Health"),
    _agency("YJ_WELSH_GOV", "Welsh Government"),
    _agency("YJ_OTHER", "Other"),
)

#: The organisation behind each YJ agency row (None: not one organisation).
YJ_AGENCY_ORG = MappingProxyType(
    {
        "YJ_YJB": "YJB",
        "YJ_LA": "LCC",
        "YJ_POLICE": "POLICE",
        "YJ_PCC": "OPCC",
        "YJ_PROBATION": "PROBATION",
        "YJ_HEALTH": "ICB",
        "YJ_WELSH_GOV": "WELSH_GOV",
        "YJ_OTHER": None,
    }
)

#: The three headings of the YJ pooled budget, in column order.
YJ_HEADINGS: tuple[str, ...] = ("Staffing Costs", "Payments in kind", "Other delegated funds")


def _unique(*groups: tuple[OrgRef, ...]) -> tuple[OrgRef, ...]:
    seen: dict[str, OrgRef] = {}
    for group in groups:
        for org in group:
            if seen.setdefault(org.key, org) is not org:
                raise ValueError(f"two organisations with key {org.key}")
    return tuple(seen.values())


#: Every organisation, once each: what ``init`` seeds.
ORGANISATIONS: tuple[OrgRef, ...] = _unique(
    AUTHORITIES,
    FUNDERS,
    GOVERNMENT_AND_PARTNERS,
    PROVIDERS,
    SUPPLIERS,
    CSP_AREAS,
    YJ_AGENCIES,
)

# --------------------------------------------------------------------------- streams

#: Funding mechanisms (``stream_mechanisms.mechanism`` / ``allocations.mechanism``).
MECHANISMS: tuple[str, ...] = (
    "grant",
    "settlement",
    "partner_contribution",
    "pooled_budget",
    "levy_allocation",
    "commercial_income",
    "sponsorship",
    "membership",
    "recharge",
)

DA_CONDITIONS = (
    "The DA services to be commissioned are therapeutic and advocacy support services as per "
    "the grant conditions and not for accommodation itself (which would create a longer-term "
    "funding risk)."
)
GAMBLING_CONDITIONS = (
    "annual levy funding is being allocated to upper-tier local authorities (£12M) and VCSE "
    "organisations (£25.5M), for the sole purpose of delivering gambling harms prevention "
    "activity."
)


@dataclass(frozen=True, slots=True)
class StreamRef:
    """A standard funding stream.

    ``funder`` / ``recipient`` are organisation keys.  ``mechanisms`` are ``(from_year,
    mechanism)`` pairs (start-year ints).  ``directorates`` are the owning directorate over
    time.  ``line_category`` is the usual ``budget_lines.category`` of its lines and
    ``headings`` any fixed line or column headings.
    """

    code: str
    name: str
    kind: str
    funder: str | None
    recipient: str | None
    statutory_basis: str | None
    conditions: str | None
    carry_forward_allowed: bool
    carry_forward_condition: str | None
    mechanisms: tuple[tuple[int, str], ...]
    directorates: tuple[DatedName, ...]
    line_category: str
    headings: tuple[str, ...] = ()
    sort_order: int = 0
    source: str = ""
    fund_type: str = "grant"
    eligibility_notes: str | None = None

    @property
    def directorate(self) -> str | None:
        """The current owning directorate (the last one listed)."""
        return self.directorates[-1].name if self.directorates else None

    def directorate_on(self, on: date) -> str | None:
        """The owning directorate on a date."""
        for d in self.directorates:
            if d.valid_on(on):
                return d.name
        return None

    def mechanism_for(self, year: int) -> str | None:
        """The funding mechanism for a financial year (start-year int)."""
        found = None
        for from_year, mechanism in self.mechanisms:
            if from_year <= year:
                found = mechanism
        return found


_COMMUNITY_SAFETY = (
    DatedName(CHILDREN_AND_FAMILY, None, REORGANISED),
    DatedName(PUBLIC_HEALTH_CLG, REORGANISED, None),
)

DA = StreamRef(
    code="DA",
    name="Domestic Abuse – Safe Accommodation Duty",
    kind="expenditure",
    funder="MHCLG",
    recipient="LCC",
    statutory_basis="Part 4, Domestic Abuse Act 2021",
    conditions=DA_CONDITIONS,
    carry_forward_allowed=True,
    carry_forward_condition=(
        "Funding carried forward keeps the grant conditions: therapeutic and advocacy support "
        "services, not accommodation itself."
    ),
    mechanisms=((2021, "grant"), (2025, "settlement")),
    # "Domestic Abuse remains within the Children's portfolio" [004:271].
    directorates=(DatedName(CHILDREN_AND_FAMILY),),
    line_category="service",
    sort_order=1,
    source="[000:134-141]; [001:141-168, 195]",
    fund_type="grant",
    eligibility_notes=DA_CONDITIONS,
)
YJ = StreamRef(
    code="YJ",
    name="Youth Justice – Pooled Budget",
    kind="pooled",
    funder="YJB",
    recipient="LCC",
    statutory_basis="Section 40, Crime and Disorder Act 1998 (Youth Justice Plan)",
    conditions=(
        "The Youth Justice Plan is linked to releasing the Youth Justice Grant from the Ministry "
        "of Justice."
    ),
    carry_forward_allowed=True,
    carry_forward_condition=None,
    mechanisms=((2025, "pooled_budget"),),
    directorates=(DatedName(CHILDREN_AND_FAMILY),),
    line_category="agency",
    headings=YJ_HEADINGS,
    sort_order=2,
    source="[002:1276, 1322-1336]",
    fund_type="pooled",
)
OPCC_STREAM = StreamRef(
    code="OPCC",
    name="Community Safety – OPCC CSP Allocations",
    kind="expenditure",
    funder="OPCC",
    recipient=None,
    statutory_basis=None,
    conditions=(
        "Allocated by the Police and Crime Commissioner to each Community Safety Partnership "
        "area per year; expenditure is reported to date at an as-at date."
    ),
    carry_forward_allowed=True,
    carry_forward_condition=None,
    mechanisms=((2025, "grant"),),
    directorates=_COMMUNITY_SAFETY,
    line_category="csp_area",
    sort_order=3,
    source="[004:423-435]",
    fund_type="allocations",
)
PMT_STREAM = StreamRef(
    code="PMT",
    name="Place Marketing – Place Marketing Team Income",
    kind="income",
    funder="LCC",
    recipient="PMT",
    statutory_basis=None,
    conditions=None,
    carry_forward_allowed=False,
    carry_forward_condition="An income stream: income is not carried forward as budget.",
    mechanisms=((2024, "commercial_income"),),
    directorates=(
        DatedName(PUBLIC_HEALTH_LG, None, REORGANISED),
        DatedName(PUBLIC_HEALTH_CLG, REORGANISED, None),
    ),
    line_category="income_category",
    headings=(),
    sort_order=4,
    source="[002:527-721, 1092-1096]",
    fund_type="income",
)
DHR = StreamRef(
    code="DHR",
    name="Community Safety – Domestic Homicide Reviews",
    kind="income",
    funder=None,
    recipient="LCC",
    statutory_basis=None,
    conditions=(
        "Each District partner and Rutland County Council to be invoiced £5,000 per annum to "
        "fund Domestic Homicide Reviews."
    ),
    carry_forward_allowed=False,
    carry_forward_condition="A recharge to partners: nothing to carry forward.",
    mechanisms=((2026, "recharge"),),
    directorates=_COMMUNITY_SAFETY,
    line_category="agency",
    sort_order=5,
    source="[004:167-183]",
    fund_type="income",
)
GHL = StreamRef(
    code="GHL",
    name="Public Health – Gambling Harms Levy",
    kind="expenditure",
    funder="OHID",
    recipient="LCC",
    statutory_basis="Gambling Statutory Levy (in force April 2025)",
    conditions=GAMBLING_CONDITIONS,
    carry_forward_allowed=False,
    carry_forward_condition=GAMBLING_CONDITIONS,
    mechanisms=((2026, "levy_allocation"),),
    directorates=(DatedName(PUBLIC_HEALTH_CLG),),
    line_category="cost_heading",
    sort_order=6,
    source="[004:1491-1498]",
    fund_type="grant",
    eligibility_notes=GAMBLING_CONDITIONS,
)

#: The standard streams ``init`` creates, in display order.
STREAMS: tuple[StreamRef, ...] = (DA, YJ, OPCC_STREAM, PMT_STREAM, DHR)
#: Streams a user may add (not created by ``init``).
OPTIONAL_STREAMS: tuple[StreamRef, ...] = (GHL,)


def stream(code: str) -> StreamRef:
    """The standard or optional stream with ``code``; ``KeyError`` if there is none."""
    for s in (*STREAMS, *OPTIONAL_STREAMS):
        if s.code == code:
            return s
    raise KeyError(code)


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
