"""Name normalising, alias matching (one and many names in a cell) and dated renames."""

from __future__ import annotations

from datetime import date

import pytest

from fundledger.orgs import AliasEntry, AliasIndex, DatedName, OrgRef, normalise
from fundledger.reference import (
    CSP_AREAS,
    DISTRICTS,
    FUNDERS,
    ORGANISATIONS,
    PROVIDERS,
    SUPPLIERS,
    YJ_AGENCIES,
)


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("Women's Aid Leicestershire(WALL)", "womens aid leicestershire wall"),
        ("Women’s Aid Leicestershire (WALL)", "womens aid leicestershire wall"),
        ("Hinckley & Bosworth Borough Council", "hinckley and bosworth borough council"),
        (
            "North-West Leicestershire District Council",
            "north west leicestershire district council",
        ),
        ("  FreeVa  ", "freeva"),
        ("Leicestershire LGBT+ Centre", "leicestershire lgbt centre"),
        (
            "Ministry Housing, Communities and Local Government",
            "ministry housing communities and local government",
        ),
        ("H&B", "h and b"),
        ("O&W", "o and w"),
        ("1 part time young person's IDVA", "1 part time young persons idva"),
        ("", ""),
        ("--", ""),
    ],
)
def test_normalise(name: str, normal: str) -> None:
    assert normalise(name) == normal


def test_every_spelling_in_domain_matches_its_provider() -> None:
    idx = AliasIndex.from_orgs(PROVIDERS)
    for text, key in [
        ("FreeVa", "FREEVA"),
        ("Freeva", "FREEVA"),
        ("Panaghar", "PANAHGHAR"),
        ("Panahghar", "PANAHGHAR"),
        ("Panahghar (Commenced in July 2024)", None),
        ("Leicestershire Gate", "GATE"),
        ("Leicestershire GATE", "GATE"),
        ("Leicester LGBT service", "LGBT_CENTRE"),
        ("Leicestershire LGBT Centre", "LGBT_CENTRE"),
        ("Leicestershire LGBT+ Centre", "LGBT_CENTRE"),
        ("Women's Aid Leicestershire", "WALL"),
        ("Women's Aid Leicestershire(WALL)", "WALL"),
        ("WALL", "WALL"),
        ("Living without Abuse", "LWA"),
        ("LWA", "LWA"),
        ("Turning Point", "TURNING_POINT"),
        ("MARAC", "MARAC"),
        ("Chief Housing Officer Group", "CHIEF_HOUSING"),
        ("Leicestershire County Council", "LCC"),
        ("Nobody Ltd", None),
    ]:
        assert idx.match(text) == key, text


def test_a_cell_naming_two_providers() -> None:
    idx = AliasIndex.from_orgs(PROVIDERS)
    cell = "WALL Male, Generic and Accessible Units Panaghar BAME Units"
    assert idx.match(cell) is None
    assert idx.match_many(cell) == ["WALL", "PANAHGHAR"]
    assert idx.match_many("Panahghar (Commenced in July 2024)") == ["PANAHGHAR"]
    assert idx.match_many("FreeVa and FreeVa") == ["FREEVA"]
    assert idx.match_many("Living without Abuse / Turning Point") == ["LWA", "TURNING_POINT"]
    assert idx.match_many("nothing here") == []


def test_match_many_prefers_longest_alias_and_whole_words() -> None:
    idx = AliasIndex(
        [
            ("A", "Leicester", None, None),
            ("B", "Leicester City Council", None, None),
            ("C", "WALL", None, None),
        ]
    )
    assert idx.match_many("Leicester City Council and Leicester") == ["B", "A"]
    assert idx.match_many("wallpaper walls") == []


def test_every_supplier_in_the_samples_matches() -> None:
    idx = AliasIndex.from_orgs(SUPPLIERS)
    suppliers = {
        "Women's Aid Leicestershire": "WALL",
        "FreeVa": "FREEVA",
        "Leicestershire Gate": "GATE",
        "Leicestershire LGBT Centre": "LGBT_CENTRE",
        "Living without Abuse": "LWA",
        "Panahghar": "PANAHGHAR",
        "Turning Point": "TURNING_POINT",
        "Blaby District Council": "BLABY",
        "Charnwood Borough Council": "CHARNWOOD",
        "Hinckley & Bosworth Borough Council": "HINCKLEY",
        "Melton Borough Council": "MELTON",
        "Rutland County Council": "RUTLAND",
        "Everyone Active": "EVERYONE_ACTIVE",
        "Leicestershire Partnership NHS Trust": "LPT",
        "The Appropriate Adult Service": "APPROPRIATE_ADULT",
    }
    assert {text: idx.match(text) for text in suppliers} == suppliers


def test_every_district_spelling() -> None:
    idx = AliasIndex.from_orgs(DISTRICTS)
    for text, key in [
        ("Blaby District Council", "BLABY"),
        ("BDC", "BLABY"),
        ("Charnwood Borough Council", "CHARNWOOD"),
        ("CBC", "CHARNWOOD"),
        ("Harborough District Council", "HARBOROUGH"),
        ("HDC", "HARBOROUGH"),
        ("Hinckley & Bosworth Borough Council", "HINCKLEY"),
        ("Hinckley and Bosworth Borough Council", "HINCKLEY"),
        ("Hinckley and Bosworth Council", "HINCKLEY"),
        ("HBBC", "HINCKLEY"),
        ("H&B", "HINCKLEY"),
        ("Melton Borough Council", "MELTON"),
        ("Meilton", "MELTON"),
        ("North-West Leicestershire District Council", "NW_LEICS"),
        ("North West Leicestershire District Council", "NW_LEICS"),
        ("NWLDC", "NW_LEICS"),
        ("NWL", "NW_LEICS"),
        ("Oadby & Wigston Borough Council", "OADBY"),
        ("Oadby and Wigston Borough Council", "OADBY"),
        ("Oadby & Wigston District Council", "OADBY"),
        ("OWBC", "OADBY"),
        ("O&W", "OADBY"),
    ]:
        assert idx.match(text) == key, text


def test_csp_areas_as_printed_and_aliases() -> None:
    assert [a.name for a in CSP_AREAS] == [
        "Leicester",
        "Charnwood",
        "SNWLP",
        "Blaby",
        "Hinckley and Bosworth",
        "Harborough",
        "Oadby and Wigston",
        "Melton Mowbray",
        "Rutland",
    ]
    idx = AliasIndex.from_orgs(CSP_AREAS)
    assert idx.match("Melton") == "CSP_MELTON"
    assert idx.match("Melton Mowbray") == "CSP_MELTON"
    assert idx.match("Hinckley & Bosworth") == "CSP_HINCKLEY"
    assert idx.match("Leicester City") == "CSP_LEICESTER"
    assert idx.match("SNWLP") == "CSP_SNWLP"
    assert idx.match("North West Leicestershire") is None  # SNWLP is never expanded


def test_yj_agencies_in_template_order() -> None:
    assert [a.name for a in YJ_AGENCIES] == [
        "Youth Justice Board",
        "Local Authority",
        "Police",
        "Police and Crime Commissioner",
        "Probation",
        "Health",
        "Welsh Government",
        "Other",
    ]
    idx = AliasIndex.from_orgs(YJ_AGENCIES)
    assert idx.match("PCC") == "YJ_PCC"
    assert idx.match("police and crime commissioner") == "YJ_PCC"
    assert idx.match("Police") == "YJ_POLICE"


def test_an_alias_shared_across_roles_is_ambiguous_in_one_index() -> None:
    idx = AliasIndex.from_orgs(ORGANISATIONS)
    assert idx.candidates("Blaby") == ("BLABY", "CSP_BLABY")
    assert idx.match("Blaby") is None
    assert idx.match_many("Blaby") == []


def test_funder_renames_are_effective_dated() -> None:
    idx = AliasIndex.from_orgs(FUNDERS)
    for text in ["MHCLG", "DLUHC", "DHLUHC", "Department for Levelling Up Communities and Housing"]:
        assert idx.match(text) == "MHCLG", text
    assert idx.name_on("MHCLG", date(2023, 4, 1)) == (
        "Department for Levelling Up, Housing and Communities"
    )
    assert idx.name_on("MHCLG", date(2024, 7, 7)) == (
        "Department for Levelling Up, Housing and Communities"
    )
    assert idx.name_on("MHCLG", date(2024, 7, 8)) == (
        "Ministry of Housing, Communities and Local Government"
    )
    assert idx.name_on("MHCLG") == "Ministry of Housing, Communities and Local Government"
    # An old name printed in a later paper still matches.
    assert idx.match(
        "Department for Levelling Up, Housing and Communities", on=date(2026, 1, 1)
    ) == ("MHCLG")
    assert idx.name_on("YJB", date(2025, 6, 1)) == "Youth Justice Board"
    assert idx.name_on("YJB", date(2026, 6, 1)) == "Ministry of Justice"
    assert idx.match("MOJ") == "YJB"
    assert idx.name_on("NOBODY", date(2026, 1, 1)) is None


def test_dated_aliases_decide_between_organisations() -> None:
    idx = AliasIndex(
        [
            AliasEntry("OLD", "Safer Team", None, date(2026, 5, 13)),
            AliasEntry("NEW", "Safer Team", date(2026, 5, 13), None),
        ]
    )
    assert idx.match("Safer Team", on=date(2026, 5, 12)) == "OLD"
    assert idx.match("Safer Team", on=date(2026, 5, 13)) == "NEW"
    assert idx.match("Safer Team") is None  # no date: both, so ambiguous
    assert idx.candidates("Safer Team") == ("OLD", "NEW")


def test_org_ref_alias_entries_are_unique_by_normalised_form() -> None:
    org = OrgRef(
        "X",
        "Women's Aid Leicestershire",
        "vcse",
        aliases=("Womens Aid Leicestershire", "WALL", "wall"),
        short_name="WALL",
        names=(DatedName("Old Name", None, date(2020, 1, 1)),),
    )
    rows = list(org.alias_entries())
    assert rows == [
        AliasEntry("X", "Women's Aid Leicestershire", None, None, True),
        AliasEntry("X", "Old Name", None, date(2020, 1, 1), True),
        AliasEntry("X", "WALL", None, None, False),
    ]
    assert org.name_on(date(2019, 1, 1)) == "Old Name"
    assert org.name_on(date(2021, 1, 1)) == "Women's Aid Leicestershire"
    assert org.name_on(None) == "Women's Aid Leicestershire"


def test_every_reference_org_has_unique_normalised_aliases() -> None:
    for org in ORGANISATIONS:
        norms = [e.normalised for e in org.alias_entries()]
        assert len(norms) == len(set(norms)), org.key
        assert normalise(org.name) in norms
