"""Domestic abuse in the demo: allocations, the DA spend plan's contract lines and their providers,
extension decisions, virements and forecasts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fundledger.money import Money, to_money
from fundledger.orgs import AliasIndex
from fundledger.reference import PROVIDERS
from fundledger.terms import ContractTerm, parse_term

from .common import gbp

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
    #: finance's reason for approving one that takes its from-line below zero available
    override: str | None = None


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
        "The adults' counselling contract is fully committed on paper but the provider "
        "confirmed £4,000 will not be called on this year",
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
