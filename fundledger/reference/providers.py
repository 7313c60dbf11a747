"""Commissioned providers, suppliers of the sample workbooks, CSP areas and youth justice partner
agencies, and :data:`ORGANISATIONS`: every organisation once, what ``init`` seeds.
"""

from __future__ import annotations

from types import MappingProxyType

from fundledger.orgs import OrgRef

from .authorities import (
    AUTHORITIES,
    BLABY,
    CHARNWOOD,
    FUNDERS,
    GOVERNMENT_AND_PARTNERS,
    HINCKLEY,
    LCC,
    MELTON,
    RUTLAND,
)

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
