"""The county's directorates, the local authorities, funders and statutory partners (DOMAIN.md §1,
§6), as :class:`~fundledger.orgs.OrgRef` records.
"""

from __future__ import annotations

from datetime import date

from fundledger.orgs import DatedName, OrgRef

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
