"""Variance on a ledger built in the test: OPCC 2025-26 (DOMAIN §2.2) and the figure families."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from db.ledger import Ledger
from db.schema import (
    Allocation,
    BudgetLine,
    CarryForward,
    ContractLine,
    ContractProfile,
    Contribution,
    Forecast,
    Organisation,
    Stream,
    Transaction,
    Virement,
)
from db.writes import insert
from ui.usecases.variance import VarianceInputError, VarianceReport, variance_report

OPCC = [
    ("Leicester", "271818.47", "76546.00"),
    ("Charnwood", "89530.24", "89530.00"),
    ("SNWLP", "53776.10", "5807.80"),
    ("Blaby", "52665.76", "15566.64"),
    ("Hinckley and Bosworth", "51217.55", "31875.64"),
    ("Harborough", "37479.75", None),
    ("Oadby and Wigston", "32554.58", None),
    ("Melton Mowbray", "31335.75", "31335.75"),
    ("Rutland", "19296.80", "5400.00"),
]
AS_AT = date(2026, 6, 12)
D = Decimal


def stream_id(led: Ledger, code: str) -> int:
    with led.read() as s:
        return s.execute(select(Stream.id).where(Stream.code == code)).scalar_one()


def org_id(led: Ledger, name: str) -> int:
    with led.read() as s:
        found = (
            s.execute(select(Organisation.id).where(Organisation.name == name)).scalars().first()
        )
    assert found is not None, name
    return found


def add(led: Ledger, *objs: object) -> list[int]:
    ids = []
    with led.write() as s:
        for o in objs:
            insert(s, led.actor, o)
            ids.append(getattr(o, "id", 0))
    return ids


def line(led: Ledger, code: str, year: int, name: str, amount: str, org: str | None = None) -> int:
    sid = stream_id(led, code)
    oid = org_id(led, org) if org else None
    cat = "csp_area" if code == "OPCC" else "cost_heading"
    bl = BudgetLine(
        stream_id=sid, year=year, name=name, original=D(amount), org_id=oid, category=cat
    )
    return add(led, bl)[0]


def txn(
    led: Ledger, code: str, year: int, period: int, day: date, amount: str, **kw: object
) -> int:
    t = Transaction(
        stream_id=stream_id(led, code),
        year=year,
        period=period,
        txn_date=day,
        amount=D(amount),
        **kw,
    )
    return add(led, t)[0]


def opcc(led: Ledger) -> dict[str, int]:
    """The OPCC CSP table (DOMAIN §1C) as budget lines with reported actuals, in one write."""
    sid = stream_id(led, "OPCC")
    ids = {}
    with led.write() as s:
        for name, budget, spent in OPCC:
            org = s.execute(select(Organisation.id).where(Organisation.name == name)).scalar()
            bl = insert(
                s,
                led.actor,
                BudgetLine(
                    stream_id=sid,
                    year=2025,
                    name=name,
                    original=D(budget),
                    org_id=org,
                    category="csp_area",
                ),
            )
            ids[name] = bl.id
            t = Transaction(
                stream_id=sid,
                year=2025,
                period=12,
                txn_date=AS_AT,
                amount=D(spent or "0.00"),
                budget_line_id=bl.id,
                kind="reported_actual",
                reported_nil=spent is None,
            )
            insert(s, led.actor, t)
    return ids


def by_key(report: VarianceReport) -> dict[str, dict[str, Any]]:
    return {r["key"]: r for r in report.to_json()["rows"]}


def test_opcc_2025_26_reproduces_the_paper(ledger: Ledger) -> None:
    opcc(ledger)
    rep = variance_report(ledger, year=2025, stream="OPCC", as_at=AS_AT)
    js = rep.to_json()
    assert js["year"] == "2025-26" and js["stream"] == "OPCC" and js["by"] == "line"
    assert js["as_at"] == "2026-06-12"
    t = js["totals"]
    assert (t["original"], t["revised"], t["actual"], t["available"]) == (
        "639675.00",
        "639675.00",
        "256061.83",
        "383613.17",
    )
    assert t["pct_spent"] == "40.03" and t["committed"] == "0.00" and t["forecast"] is None
    rows = by_key(rep)
    assert list(rows) == [n for n, _b, _s in OPCC]
    ch = rows["Charnwood"]
    assert (ch["available"], ch["pct_spent"], ch["rag"]) == ("0.24", "99.99", "green")
    ch_rule = next(r.rag.rule for r in rep.rows if r.key == "Charnwood")
    assert ch_rule.startswith("green: £0.24 available; 99.99% spent")
    assert "fully spent" not in ch_rule
    mm = rows["Melton Mowbray"]
    assert (mm["available"], mm["pct_spent"], mm["rag"]) == ("0.00", "100.00", "green")
    assert rows["Harborough"]["actual"] == "0.00" and rows["Harborough"]["rag"] == "amber"
    lei = next(r for r in rep.rows if r.key == "Leicester")
    assert lei.rag.rule == (
        "amber: 28.16% spent is 71.84 points behind the straight-line profile of 100.00% at "
        "12/06/2026 (threshold 15.00)"
    )
    assert js["warnings"] == []
    assert set(js["rows"][0]) == {
        "stream", "year", "key", "original", "virements", "revised", "committed", "actual",
        "available", "forecast", "forecast_variance", "pct_spent", "rag",
    }  # fmt: skip
    assert "key" not in t


def test_as_at_date_cuts_actuals(ledger: Ledger) -> None:
    opcc(ledger)
    rep = variance_report(ledger, year=2025, stream="OPCC", as_at=date(2026, 6, 11))
    assert rep.to_json()["totals"]["actual"] == "0.00"


def test_area_level_uses_csp_area_names(ledger: Ledger) -> None:
    opcc(ledger)
    rows = by_key(variance_report(ledger, year=2025, stream="OPCC", by="area", as_at=AS_AT))
    assert rows["Charnwood"]["available"] == "0.24"
    assert rows["Melton Mowbray"]["available"] == "0.00"
    assert len(rows) == 9


def test_virements_only_approved_count_and_pending_are_warned(ledger: Ledger) -> None:
    ids = opcc(ledger)
    sid = stream_id(ledger, "OPCC")
    common = {"stream_id": sid, "year": 2025, "period": 4, "requested_by": "alice"}
    add(
        ledger,
        Virement(
            **common,
            from_line_id=ids["Leicester"],
            to_line_id=ids["Blaby"],
            amount=D("1000.00"),
            reason="rebalance",
            status="approved",
            decided_by="bob",
        ),
        Virement(
            **common,
            from_line_id=ids["Rutland"],
            to_line_id=ids["Blaby"],
            amount=D("500.00"),
            reason="later",
            status="pending",
        ),
    )
    rep = variance_report(ledger, year=2025, stream="OPCC", as_at=AS_AT)
    rows = by_key(rep)
    assert (rows["Blaby"]["virements"], rows["Blaby"]["revised"]) == ("1000.00", "53665.76")
    assert (rows["Leicester"]["virements"], rows["Leicester"]["revised"]) == (
        "-1000.00",
        "270818.47",
    )
    assert rows["Rutland"]["revised"] == "19296.80"
    assert rep.to_json()["totals"]["revised"] == "639675.00"
    assert rep.warnings == (
        "OPCC 2025-26: pending virement #2 of £500.00 from Rutland to Blaby is not counted "
        "until approved",
    )


def test_carry_forward_in_and_out(ledger: Ledger) -> None:
    a = line(ledger, "DA", 2024, "Outreach", "1000.00")
    b = line(ledger, "DA", 2025, "Outreach", "2000.00")
    add(
        ledger,
        CarryForward(
            stream_id=stream_id(ledger, "DA"),
            from_year=2024,
            to_year=2025,
            from_line_id=a,
            to_line_id=b,
            amount=D("300.00"),
            reason="underspend",
            requested_by="alice",
            status="approved",
            decided_by="bob",
        ),
    )
    rows = variance_report(ledger, stream="DA", as_at=AS_AT).rows
    got: dict[tuple[int, str], tuple[Decimal, Decimal]] = {
        (r.year, r.key): (r.figures.revised, r.figures.virements) for r in rows
    }
    assert got == {
        (2024, "Outreach"): (D("700.00"), D(0)),
        (2025, "Outreach"): (D("2300.00"), D(0)),
    }


def test_committed_is_profile_less_invoiced_floored_with_warning(ledger: Ledger) -> None:
    bl = line(ledger, "DA", 2025, "Outreach", "100000.00")
    sid = stream_id(ledger, "DA")
    c1, c2 = add(
        ledger,
        ContractLine(stream_id=sid, budget_line_id=bl, service="Outreach", provider_text="LWA"),
        ContractLine(stream_id=sid, budget_line_id=bl, service="Helpline", provider_text="FreeVa"),
    )
    add(
        ledger,
        ContractProfile(contract_line_id=c1, year=2025, amount=D("40000.00")),
        ContractProfile(contract_line_id=c2, year=2025, amount=D("10000.00")),
        ContractProfile(contract_line_id=c1, year=2026, amount=D("40000.00")),
    )
    day = date(2025, 5, 1)
    txn(ledger, "DA", 2025, 2, day, "15000.00", budget_line_id=bl, contract_line_id=c1)
    txn(ledger, "DA", 2025, 2, day, "12000.50", budget_line_id=bl, contract_line_id=c2)
    txn(ledger, "DA", 2025, 2, date(2025, 6, 1), "99.00", budget_line_id=bl)
    rep = variance_report(ledger, year=2025, stream="DA", as_at=date(2025, 6, 30))
    r = by_key(rep)["Outreach"]
    assert (r["committed"], r["actual"], r["available"]) == ("25000.00", "27099.50", "47900.50")
    assert rep.warnings == (
        "DA 2025-26: Helpline (FreeVa) invoiced £12,000.50 exceeds its profile £10,000.00; "
        "committed shown as £0.00",
    )
    # the 2026-27 profile lands on the same-named line of that year when it exists
    nxt = line(ledger, "DA", 2026, "Outreach", "90000.00")
    rep26 = variance_report(ledger, year=2026, stream="DA", as_at=date(2026, 4, 30))
    assert [(x.key, x.line_id, x.figures.committed) for x in rep26.rows] == [
        ("Outreach", nxt, D("40000.00"))
    ]


def test_forecast_latest_per_line_and_red_rule(ledger: Ledger) -> None:
    a = line(ledger, "DA", 2025, "Posts", "10000.00")
    line(ledger, "DA", 2025, "Services", "5000.00")
    add(
        ledger,
        Forecast(budget_line_id=a, year=2025, period=3, amount=D("10200.00")),
        Forecast(budget_line_id=a, year=2025, period=6, amount=D("10600.00")),
    )
    rep = variance_report(ledger, year=2025, stream="DA", as_at=date(2025, 9, 30))
    rows = by_key(rep)
    assert (rows["Posts"]["forecast"], rows["Posts"]["forecast_variance"]) == (
        "10600.00",
        "-600.00",
    )
    assert rows["Posts"]["rag"] == "red"
    assert rows["Services"]["forecast"] is None and rows["Services"]["forecast_variance"] is None
    # a line without a forecast counts at its revised budget in the total
    t = rep.to_json()["totals"]
    assert (t["forecast"], t["forecast_variance"]) == ("15600.00", "-600.00")
    rule = next(r.rag.rule for r in rep.rows if r.key == "Posts")
    assert rule == (
        "red: forecast variance -£600.00 is worse than -5.00% of the revised budget (-£500.00)"
    )


def test_overspend_is_red_with_rule(ledger: Ledger) -> None:
    a = line(ledger, "DA", 2025, "Posts", "100.00")
    txn(ledger, "DA", 2025, 1, date(2025, 4, 2), "100.01", budget_line_id=a)
    rep = variance_report(ledger, year=2025, stream="DA", as_at=date(2026, 3, 31))
    (row,) = rep.rows
    assert row.rag.rule == (
        "red: committed + actual £100.01 exceed the revised budget £100.00 by £0.01"
    )
    assert row.to_json()["available"] == "-0.01"


def test_unassigned_spend_is_its_own_row(ledger: Ledger) -> None:
    line(ledger, "DA", 2025, "Posts", "100.00")
    txn(ledger, "DA", 2025, 1, date(2025, 4, 2), "40.00")
    rows = by_key(variance_report(ledger, year=2025, stream="DA", as_at=date(2026, 3, 31)))
    assert list(rows) == ["Posts", "(no budget line)"]
    assert rows["(no budget line)"]["actual"] == "40.00"
    assert rows["(no budget line)"]["pct_spent"] is None


def test_allocation_only_years_and_range_allocation_warning(ledger: Ledger) -> None:
    sid = stream_id(ledger, "DA")
    figures = [(2021, "1127205.00"), (2022, "1130326.00"), (2023, "1152936.00")]
    add(
        ledger,
        *(
            Allocation(
                stream_id=sid,
                year_from=y,
                year_to=y,
                amount=D(a),
                label=f"DA duty {y}-{y + 1} allocation",
            )
            for y, a in figures
        ),
        Allocation(
            stream_id=sid,
            year_from=2025,
            year_to=2026,
            amount=D("1463965.00"),
            label="DA duty 2025 – 2026/ 2026-2027 allocation",
        ),
    )
    rep = variance_report(ledger, stream="DA", as_at=AS_AT)
    assert [(r.year_code, r.key, r.to_json()["revised"]) for r in rep.rows] == [
        ("2021-22", "DA duty 2021-2022 allocation", "1127205.00"),
        ("2022-23", "DA duty 2022-2023 allocation", "1130326.00"),
        ("2023-24", "DA duty 2023-2024 allocation", "1152936.00"),
    ]
    assert rep.warnings == ()
    rep25 = variance_report(ledger, stream="DA", year=2025, as_at=AS_AT)
    assert rep25.rows == () and rep25.to_json()["totals"]["revised"] == "0.00"
    assert rep25.warnings == (
        "DA duty 2025 – 2026/ 2026-2027 allocation (DA): £1,463,965.00 covers 2025-26 to "
        "2026-27 and has not been split into years; it is not counted in 2025-26",
    )
    # once split by an audited action (two single-year allocations), the range is not named
    with ledger.write() as s:
        rng = s.execute(select(Allocation).where(Allocation.year_to == 2026)).scalar_one()
        rng.split_into = "2025-26, 2026-27"
        rng.superseded = True
        for y, a in ((2025, "731983.00"), (2026, "731982.00")):
            s.add(
                Allocation(
                    stream_id=sid,
                    year_from=y,
                    year_to=y,
                    amount=D(a),
                    label=f"DA {y}",
                    created_by="t",
                )
            )
    split = variance_report(ledger, stream="DA", year=2025, as_at=AS_AT)
    assert split.warnings == ()
    assert [(r.key, r.to_json()["revised"]) for r in split.rows] == [("DA 2025", "731983.00")]
    # budget lines, once present, replace the allocation as the year's budget
    line(ledger, "DA", 2023, "Posts", "1000000.00")
    rows23 = variance_report(ledger, stream="DA", year=2023, as_at=AS_AT).rows
    assert [(r.key, r.figures.revised) for r in rows23] == [("Posts", D("1000000.00"))]


def test_pooled_contributions_are_the_budget_by_partner(ledger: Ledger) -> None:
    sid = stream_id(ledger, "YJ")
    data = [
        ("Youth Justice Board", "Other delegated funds", "604659.00"),
        ("Police and Crime Commissioner", "Staffing Costs", "91847.00"),
        ("Police and Crime Commissioner", "Other delegated funds", "77934.00"),
        ("Police", "Payments in kind", None),
    ]
    add(
        ledger,
        *(
            Contribution(
                stream_id=sid,
                year=2025,
                partner_org_id=org_id(ledger, p),
                heading=h,
                amount=None if a is None else D(a),
                kind="cash" if a else "in_kind",
            )
            for p, h, a in data
        ),
    )
    rep = variance_report(ledger, stream="YJ", year=2025, by="partner", as_at=AS_AT)
    got = {r.key: r.to_json()["revised"] for r in rep.rows}
    assert got == {
        "Youth Justice Board": "604659.00",
        "Police and Crime Commissioner": "169781.00",
        "Police": "0.00",
    }
    lines = variance_report(ledger, stream="YJ", year=2025, by="line", as_at=AS_AT)
    assert {r.key: r.to_json()["revised"] for r in lines.rows} == {
        "Other delegated funds": "682593.00",
        "Payments in kind": "0.00",
        "Staffing Costs": "91847.00",
    }


def test_period_and_quarter_rows_add_up_to_the_year(ledger: Ledger) -> None:
    a = line(ledger, "DA", 2025, "Posts", "1000.00")
    txn(ledger, "DA", 2025, 1, date(2025, 4, 10), "30.00", budget_line_id=a)
    txn(ledger, "DA", 2025, 5, date(2025, 8, 10), "45.55", budget_line_id=a)
    per = variance_report(ledger, stream="DA", year=2025, by="period", as_at=date(2025, 9, 30))
    assert [r.key for r in per.rows] == [f"P{p:02d}" for p in range(1, 13)]
    assert per.rows[0].to_json()["original"] == "82.20"  # 30/365 = 82.19…, plus a remainder penny
    assert per.rows[4].to_json()["actual"] == "45.55"
    assert per.to_json()["totals"]["original"] == "1000.00"
    assert per.to_json()["totals"]["actual"] == "75.55"
    qtr = variance_report(ledger, stream="DA", year=2025, by="quarter", as_at=date(2025, 9, 30))
    assert [(r.key, r.to_json()["actual"]) for r in qtr.rows] == [
        ("Q1", "30.00"),
        ("Q2", "45.55"),
        ("Q3", "0.00"),
        ("Q4", "0.00"),
    ]
    assert sum(r.figures.original for r in qtr.rows) == D("1000.00")


def test_unknown_stream_and_level_are_input_errors(ledger: Ledger) -> None:
    with pytest.raises(VarianceInputError, match="unknown stream 'XX'"):
        variance_report(ledger, stream="XX")
    with pytest.raises(VarianceInputError, match="Level must be one of"):
        variance_report(ledger, by="month")


def test_export_rows_carry_figures_and_commentary(ledger: Ledger) -> None:
    from ui.usecases.variance import add_variance_comment, export_rows

    ids = opcc(ledger)
    add_variance_comment(ledger, ids["Charnwood"], 12, "24p left: final claim in")
    rows = export_rows(variance_report(ledger, year=2025, stream="OPCC", as_at=AS_AT))
    ch = next(r for r in rows if r.key == "Charnwood")
    assert (ch.year, ch.available, ch.pct_spent, ch.rag) == (
        "2025-26",
        D("0.24"),
        D("99.99"),
        "green",
    )
    assert ch.comment == "P12: 24p left: final claim in"


@pytest.mark.postgres
def test_opcc_and_levels_on_postgresql(pg_ledger_url: str) -> None:
    from ui.usecases.init import init_ledger

    led = init_ledger(pg_ledger_url)
    try:
        opcc(led)
        rep = variance_report(led, year=2025, stream="OPCC", as_at=AS_AT)
        t = rep.to_json()["totals"]
        assert (t["revised"], t["actual"], t["available"]) == (
            "639675.00",
            "256061.83",
            "383613.17",
        )
        assert by_key(rep)["Charnwood"]["available"] == "0.24"
        for by in ("partner", "area", "quarter", "period"):
            other = variance_report(led, year=2025, by=by, as_at=AS_AT)
            assert other.to_json()["totals"]["actual"] == "256061.83", by
    finally:
        led.dispose()
