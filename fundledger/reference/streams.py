"""Funding mechanisms and the standard streams (DA, YJ, OPCC, PMT, DHR) with their conditions,
mechanisms and directorates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fundledger.orgs import DatedName

from .authorities import CHILDREN_AND_FAMILY, PUBLIC_HEALTH_CLG, PUBLIC_HEALTH_LG, REORGANISED
from .providers import YJ_HEADINGS

if TYPE_CHECKING:
    from datetime import date

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
