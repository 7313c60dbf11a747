"""Splitting a range allocation into years (explicit, audited, adding up), edits that would change
an allocation's years, and spend on lines whose eligibility is no or not known."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from db.ledger import Actor, Ledger
from db.ops.allocation_split import even_split
from db.ops.budget_entries import AllocationInput, add_allocation, edit_allocation
from db.schema import Allocation, AuditEntry, BudgetLine
from db.writes import LedgerError
from tests.db.test_variance import line, org_id, stream_id, txn
from tests.ledgers import add_ledger_user
from ui.cli import main
from ui.usecases.allocations import split, split_info
from ui.usecases.variance import variance_report

D = Decimal
AS_AT = date(2026, 6, 12)
LABEL = "DA duty 2025 – 2026/ 2026-2027 allocation"


@pytest.fixture
def fiona(ledger: Ledger) -> Ledger:
    ledger.actor = Actor("fiona", "finance")
    return ledger


def _range(led: Ledger) -> int:
    with led.write() as s:
        return add_allocation(s, led.actor, AllocationInput(
            stream_id=stream_id(led, "DA"), funder_org_id=org_id(led, "Ministry of Housing, "
            "Communities and Local Government"), year_from=2025, year_to=2026,
            amount="1463965.00", mechanism="settlement", label=LABEL))  # fmt: skip


def test_even_split_adds_up() -> None:
    assert even_split(D("1463965.00"), 2025, 2026) == {2025: D("731982.50"), 2026: D("731982.50")}
    assert even_split(D("100.00"), 2025, 2027) == {2025: D("33.34"), 2026: D("33.33"),
                                                    2027: D("33.33")}  # fmt: skip


def test_split_must_add_up_and_cover_every_year(fiona: Ledger) -> None:
    aid = _range(fiona)
    with pytest.raises(LedgerError) as err:
        split(fiona, aid, {2025: D("731982.50"), 2026: D("731982.49")}, "letter")
    assert str(err.value) == (
        "the years add up to £1,463,964.99, not the allocation's £1,463,965.00 (a difference "
        "of £0.01)"
    )
    with pytest.raises(LedgerError, match=r"give an amount for 2026-27; 2027-28 is not in the "
                       r"range 2025-26 to 2026-27"):  # fmt: skip
        split(fiona, aid, {2025: D("731982.50"), 2027: D("731982.50")}, "letter")
    with pytest.raises(LedgerError, match="a reason is required to split an allocation into"):
        split(fiona, aid, {2025: D("731982.50"), 2026: D("731982.50")}, "  ")
    with fiona.read() as s:  # nothing was written
        assert s.execute(select(Allocation.id)).scalars().all() == [aid]
        assert s.execute(select(AuditEntry.action).where(
            AuditEntry.action == "split_allocation")).scalars().all() == []  # fmt: skip


def test_split_is_audited_and_counts_in_each_year(fiona: Ledger) -> None:
    aid = _range(fiona)
    before = variance_report(fiona, year=2025, stream="DA", as_at=AS_AT)
    assert before.rows == () and "has not been split into years" in before.warnings[0]
    made = split(fiona, aid, {2025: D("700000.00"), 2026: D("763965.00")},
                 "MHCLG letter of 3 April 2025 gives each year's amount")  # fmt: skip
    with fiona.read() as s:
        rows = {a.id: a for a in s.execute(select(Allocation)).scalars()}
        audit = s.execute(select(AuditEntry).where(AuditEntry.action == "split_allocation")
                          .order_by(AuditEntry.id)).scalars().all()  # fmt: skip
        assert rows[aid].superseded and rows[aid].split_into == (
            f"allocations #{made[0]}, #{made[1]}"
        )
        assert [(rows[i].year_from, rows[i].year_to, rows[i].amount, rows[i].label,
                 rows[i].mechanism) for i in made] == [
            (2025, 2025, D("700000.00"), f"{LABEL} (2025-26)", "settlement"),
            (2026, 2026, D("763965.00"), f"{LABEL} (2026-27)", "settlement"),
        ]  # fmt: skip
        assert [(e.table_name, int(e.row_id or 0), e.reason) for e in audit] == [
            ("allocations", made[0], "MHCLG letter of 3 April 2025 gives each year's amount"),
            ("allocations", made[1], "MHCLG letter of 3 April 2025 gives each year's amount"),
            ("allocations", aid, "MHCLG letter of 3 April 2025 gives each year's amount"),
        ]
    after = variance_report(fiona, year=2025, stream="DA", as_at=AS_AT)
    assert [(r.key, r.figures.original) for r in after.rows] == [
        (f"{LABEL} (2025-26)", D("700000.00"))
    ]
    assert not [w for w in after.warnings if "split" in w]
    assert split_info(fiona, aid).problem == f"{LABEL} has already been split (allocations " \
        f"#{made[0]}, #{made[1]})"  # fmt: skip


def test_editing_years_needs_a_reason_and_never_collapses_a_range(fiona: Ledger) -> None:
    aid = _range(fiona)
    with fiona.read() as s:
        version = s.get(Allocation, aid).version  # type: ignore[union-attr]
    with fiona.write() as s, pytest.raises(LedgerError) as err:
        edit_allocation(s, fiona.actor, aid, {"year_to": 2025}, expected_version=version,
                        reason="it is one year")  # fmt: skip
    assert str(err.value) == (
        f"{LABEL} covers 2025-26 to 2026-27: split it into years (Split into years…, or "
        f"fundledger allocation split {aid}) rather than editing its years"
    )
    with fiona.write() as s, pytest.raises(LedgerError, match="a reason is required to change "
                                           "an allocation's years"):  # fmt: skip
        edit_allocation(s, fiona.actor, aid, {"year_to": 2027}, expected_version=version)
    with fiona.write() as s:  # a label needs no reason; a longer range with one is fine
        edit_allocation(s, fiona.actor, aid, {"label": "DA duty 2025-27"},
                        expected_version=version)  # fmt: skip
        edit_allocation(s, fiona.actor, aid, {"year_to": 2027}, expected_version=version + 1,
                        reason="the settlement runs three years")  # fmt: skip
    with fiona.read() as s:
        a = s.get(Allocation, aid)
        assert a is not None and (a.year_from, a.year_to) == (2025, 2027)


def test_cli_split(fiona: Ledger, ledger_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    aid = _range(fiona)
    add_ledger_user(fiona, "fiona")
    base = ["--db", str(ledger_path), "--user", "fiona", "allocation", "split", str(aid)]
    assert main(base) == 2
    assert capsys.readouterr().err.strip() == (
        f"fundledger allocation split: {LABEL} (£1,463,965.00, 2025-26 to 2026-27): give each "
        "year's amount, e.g. --year 2025-26=731982.50 --year 2026-27=731982.50 (an even split)"
    )
    years = ["--year", "2025-26=731,982.50", "--year", "2026/27=731982.50"]
    assert main([*base, *years]) == 2
    assert "a reason is required" in capsys.readouterr().err
    assert main([*base, *years, "--reason", "even, as agreed", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["allocation"] == aid and got["amount"] == "1463965.00"
    assert [(p["year"], p["amount"]) for p in got["split_into"]] == [
        ("2025-26", "731982.50"), ("2026-27", "731982.50")
    ]  # fmt: skip
    assert main([*base, *years, "--reason", "again"]) == 2
    assert "has already been split" in capsys.readouterr().err


def test_spend_on_lines_not_eligible_or_not_known_is_flagged(fiona: Ledger) -> None:
    refuge = line(fiona, "DA", 2025, "Refuge", "125000.00")
    posts = line(fiona, "DA", 2025, "Outreach", "50000.00")
    line(fiona, "OPCC", 2025, "Blaby", "52665.76")  # OPCC tracks no eligibility
    with fiona.write() as s:
        s.get(BudgetLine, posts).eligible = True  # type: ignore[union-attr]
    txn(fiona, "DA", 2025, 3, date(2025, 6, 1), "41666.67", budget_line_id=refuge)
    txn(fiona, "DA", 2025, 3, date(2025, 6, 1), "10000.00", budget_line_id=posts)
    rep = variance_report(fiona, year=2025, as_at=AS_AT)
    flagged = [w for w in rep.warnings if "grant conditions" in w]
    assert flagged == [
        "DA 2025-26: £41,666.67 spent on Refuge, whose eligibility is not known under the grant "
        "conditions: “The DA services to be commissioned are therapeutic and advocacy support "
        "services as per the grant conditions and not for accommodation itself (which would "
        "create a longer-term funding risk).”"
    ]
    with fiona.write() as s:
        s.get(BudgetLine, refuge).eligible = False  # type: ignore[union-attr]
    rep = variance_report(fiona, year=2025, stream="DA", as_at=AS_AT)
    assert "spent on Refuge, which is not eligible under the grant conditions" in rep.warnings[0]
