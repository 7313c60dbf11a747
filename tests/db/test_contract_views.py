"""The Contracts page's reads without Qt: the expiry window setting, lines that ended with money
left or are overspent, the filters, a line's invoices adding up to its invoiced figure, and
the spend profile the contracts give a year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from db.ledger import Actor, Ledger
from db.ops.settings import set_expiry_window
from db.schema import AuditEntry, ContractExtension, ContractLine, ContractProfile
from db.writes import LedgerError, PermissionDenied
from tests.db.test_variance import add, line, stream_id, txn
from ui.usecases.contract_views import (
    ContractFilter,
    filter_rows,
    line_invoices,
    load_register,
    months_ahead,
    spend_profile,
)

D = Decimal
TODAY = date(2026, 12, 2)


def contract(led: Ledger, service: str, start: date, months: int, value: str, *,
             line_id: int | None = None, pending: bool = False, year: int | None = None,
             provider: str = "FreeVa") -> int:  # fmt: skip
    cid = add(led, ContractLine(stream_id=stream_id(led, "DA"), budget_line_id=line_id,
                                service=service, provider_text=provider, value=D(value),
                                cost_basis="whole_term", contract_start=start,
                                base_term_months=months))[0]  # fmt: skip
    if pending:
        add(led, ContractExtension(contract_line_id=cid, seq=1, months=12))
    if year is not None:
        add(led, ContractProfile(contract_line_id=cid, year=year, amount=D(value)))
    return cid


@pytest.fixture
def fiona(ledger: Ledger) -> Ledger:
    ledger.actor = Actor("fiona", "finance")
    return ledger


def _warnings(led: Ledger, service: str) -> list[str]:
    rows = load_register(led, "DA", TODAY)
    return [w.message for w in next(r for r in rows if r.service == service).warnings]


def test_the_expiry_window_is_a_setting(fiona: Ledger) -> None:
    # ends 29/03/2027: 117 days from 02/12/2026, a decision pending
    contract(fiona, "Helpline", date(2025, 3, 30), 24, "50000.00", pending=True)
    assert not [w for w in _warnings(fiona, "Helpline") if "decision pending" in w]  # 90 days
    with fiona.write() as s:
        set_expiry_window(s, fiona.actor, 120, "board wants four months' notice")
    assert _warnings(fiona, "Helpline")[0] == (
        "ends 29/03/2027 (in 117 days) with an extension decision pending"
    )
    with fiona.read() as s:
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "set_expiry_window")
                          ).scalar_one()  # fmt: skip
        assert (entry.table_name, entry.reason) == ("settings", "board wants four months' notice")
    with fiona.write() as s, pytest.raises(LedgerError, match="from 1 to 730, not 0"):
        set_expiry_window(s, fiona.actor, 0)
    fiona.actor = Actor("bea", "budget_holder", frozenset({"DA"}))
    with fiona.write() as s, pytest.raises(PermissionDenied):
        set_expiry_window(s, fiona.actor, 60)


def test_ended_with_money_left_and_overspent_are_flagged(fiona: Ledger) -> None:
    done = contract(fiona, "Outreach (male victims)", date(2024, 4, 1), 24, "48527.00")
    over = contract(fiona, "Counselling", date(2025, 4, 1), 24, "1000.00")
    txn(fiona, "DA", 2025, 12, date(2026, 3, 1), "34199.72", contract_line_id=done)
    txn(fiona, "DA", 2025, 6, date(2025, 9, 1), "1200.00", contract_line_id=over)
    assert _warnings(fiona, "Outreach (male victims)") == [
        "ended 31/03/2026 with £14,327.28 not invoiced"
    ]
    assert _warnings(fiona, "Counselling")[0] == (
        "invoiced £1,200.00 against a value of £1,000.00 (£200.00 over)"
    )
    rows = load_register(fiona, "DA", TODAY)
    flagged = filter_rows(rows, ContractFilter(flagged=True), TODAY)
    assert [r.service for r in flagged] == ["Outreach (male victims)", "Counselling"]


def test_filters(fiona: Ledger) -> None:
    refuge = line(fiona, "DA", 2026, "Refuge", "125000.00")
    contract(fiona, "Helpline", date(2025, 4, 1), 24, "50000.00", pending=True)
    contract(fiona, "Refuge units", date(2026, 4, 1), 12, "125000.00", line_id=refuge,
             year=2026, provider="Women's Aid Leicestershire")  # fmt: skip
    contract(fiona, "IDVA", date(2026, 4, 1), 36, "90000.00")
    rows = load_register(fiona, "DA", TODAY)

    def shown(**kw: object) -> list[str]:
        return [r.service for r in filter_rows(rows, ContractFilter(**kw), TODAY)]  # type: ignore[arg-type]

    assert shown() == ["Helpline", "Refuge units", "IDVA"]
    assert shown(text="refuge") == ["Refuge units"]
    assert shown(provider="women's aid leicestershire") == ["Refuge units"]
    assert shown(ending_within_months=12) == ["Helpline", "Refuge units"]  # 31/03/2027
    assert shown(ending_within_months=3) == []
    assert shown(decision_pending=True) == ["Helpline"]
    assert shown(behind=("Refuge", 2026)) == ["Refuge units"]
    assert months_ahead(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_a_lines_invoices_add_up_to_its_invoiced_figure(fiona: Ledger) -> None:
    cid = contract(fiona, "Helpline", date(2025, 4, 1), 24, "50000.00")
    txn(fiona, "DA", 2025, 1, date(2025, 4, 30), "2083.33", contract_line_id=cid,
        reference="INV-1")  # fmt: skip
    txn(fiona, "DA", 2025, 2, date(2025, 5, 31), "2083.34", contract_line_id=cid,
        reference="INV-2")  # fmt: skip
    txn(fiona, "DA", 2025, 2, date(2025, 6, 2), "-83.33", contract_line_id=cid,
        reference="CN-1")  # fmt: skip
    found = line_invoices(fiona, cid)
    assert [t.reference for t in found.rows] == ["INV-1", "INV-2", "CN-1"]
    (row,) = load_register(fiona, "DA", TODAY)
    assert found.total == row.invoiced == D("4083.34")


def test_spend_profile_follows_the_contracts(fiona: Ledger) -> None:
    line(fiona, "DA", 2025, "Refuge", "36500.00")
    line(fiona, "DA", 2025, "Posts", "18250.00")
    # £18,250.00 profiled to 2025-26 for a line running 01/10/2025 to 31/03/2026 (182 days)
    contract(fiona, "Refuge units", date(2025, 10, 1), 6, "18250.00", year=2025)
    profile = spend_profile(fiona, "DA", 2025, TODAY)
    assert sum(profile, D("0")) == D("54750.00")
    # April: no contract yet, the uncontracted £36,500.00 straight-line (£100.00 a day)
    assert profile[0] == D("3000.00")
    # October: the contract's 31 of 182 days (£3,108.52) + £3,100.00
    assert profile[6] == D("3108.52") + D("3100.00")
