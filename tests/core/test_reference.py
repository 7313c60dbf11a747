"""The standard reference data: streams, cost centres and organisations as DOMAIN.md prints."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fundledger import reference as ref
from fundledger.orgs import AliasIndex


def test_standard_streams_and_cost_centres() -> None:
    assert [s.code for s in ref.STREAMS] == ["DA", "YJ", "OPCC", "PMT", "DHR"]
    assert [s.kind for s in ref.STREAMS] == [
        "expenditure",
        "pooled",
        "expenditure",
        "income",
        "income",
    ]
    assert {c.code: c.stream for c in ref.COST_CENTRES} == {
        "LC4410": "DA",
        "LC5120": "YJ",
        "LC4470": "OPCC",
        "LC6030": "PMT",
        "LC4480": "DHR",
    }
    names = {c.code: c.name for c in ref.COST_CENTRES}
    # As printed in the GL sample's column B.
    assert names["LC4410"] == "Domestic Abuse – Safe Accommodation Duty"
    assert names["LC5120"] == "Youth Justice – Pooled Budget"
    assert names["LC4470"] == "Community Safety – OPCC CSP Allocations"
    assert [s.code for s in ref.OPTIONAL_STREAMS] == ["GHL"]


def test_every_stream_names_known_organisations() -> None:
    keys = {o.key for o in ref.ORGANISATIONS}
    for s in (*ref.STREAMS, *ref.OPTIONAL_STREAMS):
        assert s.funder is None or s.funder in keys, s.code
        assert s.recipient is None or s.recipient in keys, s.code
        assert all(m in ref.MECHANISMS for _, m in s.mechanisms), s.code
    assert set(ref.DHR_DEBTORS) <= keys
    for area, authorities in ref.CSP_AREA_AUTHORITIES.items():
        assert area in keys and set(authorities) <= keys
    for agency, org in ref.YJ_AGENCY_ORG.items():
        assert agency in keys and (org is None or org in keys)


def test_da_stream_facts() -> None:
    da = ref.stream("DA")
    assert da.funder == "MHCLG"
    assert da.statutory_basis == "Part 4, Domestic Abuse Act 2021"
    assert da.conditions is not None
    assert (
        "therapeutic and advocacy support services as per the grant conditions and not for "
        "accommodation itself" in da.conditions
    )
    assert da.mechanism_for(2020) is None
    assert da.mechanism_for(2021) == "grant"
    assert da.mechanism_for(2024) == "grant"
    assert da.mechanism_for(2025) == "settlement"
    assert da.mechanism_for(2026) == "settlement"
    assert da.directorate_on(date(2026, 6, 1)) == "Children and Family Services"


def test_community_safety_moved_directorate_on_13_may_2026() -> None:
    opcc = ref.stream("OPCC")
    assert opcc.directorate_on(date(2026, 5, 12)) == "Children and Family Services"
    assert opcc.directorate_on(date(2026, 5, 13)) == (
        "Public Health, Communities, Law and Governance"
    )
    assert opcc.directorate == "Public Health, Communities, Law and Governance"
    cc = {c.code: c for c in ref.COST_CENTRES}
    assert cc["LC4470"].owner == "Public Health, Communities, Law and Governance"
    assert cc["LC4410"].owner == "Children and Family Services"


def test_yj_headings_and_agencies() -> None:
    assert ref.YJ_HEADINGS == ("Staffing Costs", "Payments in kind", "Other delegated funds")
    assert ref.stream("YJ").headings == ref.YJ_HEADINGS
    assert len(ref.YJ_AGENCIES) == 8
    assert all(a.kind == "partner_agency" for a in ref.YJ_AGENCIES)


def test_organisations_are_unique_by_key_and_by_name_and_kind() -> None:
    keys = [o.key for o in ref.ORGANISATIONS]
    assert len(keys) == len(set(keys))
    pairs = [(o.name, o.kind) for o in ref.ORGANISATIONS]
    assert len(pairs) == len(set(pairs))
    kinds = {
        "county",
        "unitary",
        "district",
        "police",
        "pcc",
        "probation",
        "health",
        "government",
        "vcse",
        "business",
        "group",
        "csp_area",
        "partner_agency",
        "internal",
        "other",
    }
    assert {o.kind for o in ref.ORGANISATIONS} <= kinds
    assert [o.key for o in ref.ORGANISATIONS if o.internal] == ["LCC"]
    assert ref.by_key("WALL").short_name == "WALL"
    with pytest.raises(KeyError):
        ref.by_key("NOPE")
    with pytest.raises(KeyError):
        ref.stream("NOPE")


def test_districts_and_authorities() -> None:
    assert [d.name for d in ref.DISTRICTS] == [
        "Blaby District Council",
        "Charnwood Borough Council",
        "Harborough District Council",
        "Hinckley & Bosworth Borough Council",
        "Melton Borough Council",
        "North West Leicestershire District Council",
        "Oadby & Wigston Borough Council",
    ]
    idx = AliasIndex.from_orgs(ref.AUTHORITIES)
    assert idx.match("Rutland Council") == "RUTLAND"
    assert idx.match("Rutland CC") == "RUTLAND"
    assert idx.match("Leicester City") == "LEICESTER_CITY"
    assert idx.match("LCC") == "LCC"


def test_spend_plan_provider_cells_all_match() -> None:
    idx = AliasIndex.from_orgs(ref.PROVIDERS)
    cells = {
        "Leicestershire County Council": ["LCC"],
        "Turning Point": ["TURNING_POINT"],
        "Leicestershire Gate": ["GATE"],
        "Leicester LGBT service": ["LGBT_CENTRE"],
        "Women's Aid Leicestershire": ["WALL"],
        "FreeVa": ["FREEVA"],
        "Living without Abuse": ["LWA"],
        "MARAC": ["MARAC"],
        "WALL Male, Generic and Accessible Units Panaghar BAME Units": ["WALL", "PANAHGHAR"],
        "Chief Housing Officer Group": ["CHIEF_HOUSING"],
    }
    assert {cell: idx.match_many(cell) for cell in cells} == cells


def test_money_constants() -> None:
    assert str(ref.DHR_RECHARGE_PER_YEAR) == "5000.00"
    assert len(ref.DHR_DEBTORS) == 8
    assert ref.DHR_RECHARGE_PER_YEAR * len(ref.DHR_DEBTORS) == Decimal("40000.00")
    assert str(ref.OPCC_CAF_MAX_GRANT) == "10000.00"
    assert [p.price for p in ref.PMT_PACKAGES] == [
        Decimal("1500.00"),
        Decimal("500.00"),
        Decimal("300.00"),
        Decimal("500.00"),
    ]
    assert ref.PMT_INCOME_CATEGORIES[:4] == (
        "Council revenue contribution",
        "Commercial package",
        "District partnership work",
        "Paid listing",
    )


def test_mechanisms_by_year_are_read_as_typed() -> None:
    from fundledger.streams import mechanisms_text, parse_mechanisms

    pairs, problems = parse_mechanisms("2025-26 settlement; 2021: grant,\n2027/28 Pooled budget")
    assert problems == []
    assert pairs == ((2021, "grant"), (2025, "settlement"), (2027, "pooled_budget"))
    assert mechanisms_text(pairs) == "2021-22 grant; 2025-26 settlement; 2027-28 pooled_budget"
    assert parse_mechanisms(mechanisms_text(pairs)) == (pairs, [])
    assert parse_mechanisms("") == ((), [])
    _, bad = parse_mechanisms("settlement; 2025-26 grant; 2025-26 settlement")
    assert bad == [
        "'settlement': give a year and a mechanism, e.g. 2025-26 settlement",
        "2025-26 is given two mechanisms",
    ]
