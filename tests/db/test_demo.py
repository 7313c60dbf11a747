"""The demo ledger: the source papers' figures to the penny, idempotence, bulk synthetic rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import BigInteger, func, select, type_coerce
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from db.checks import run_checks
from db.ledger import Ledger
from db.schema import (
    Allocation,
    AuditEntry,
    Base,
    BudgetLine,
    ContractExtension,
    ContractLine,
    ContractProvider,
    Contribution,
    ImportBatch,
    IncomeItem,
    Organisation,
    PeriodLock,
    Recharge,
    Stream,
    Transaction,
    Virement,
)
from fundledger import demo_data
from ui.usecases.demo import load_demo
from ui.usecases.init import init_ledger


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Ledger]:
    """One demo ledger per backend for the whole module (loading it takes seconds)."""
    if request.param == "sqlite":
        db = str(tmp_path_factory.mktemp("demo") / "demo.sqlite")
        yield from _loaded(db)
        return
    yield from _loaded(request.getfixturevalue("pg_module_url"))


def _loaded(db: str) -> Iterator[Ledger]:
    ledger = init_ledger(db)
    first = load_demo(ledger)
    assert not first.already_loaded
    try:
        yield ledger
    finally:
        ledger.dispose()


def pence(col: ColumnElement[Any] | InstrumentedAttribute[Any]) -> ColumnElement[int]:
    return func.coalesce(func.sum(type_coerce(col, BigInteger)), 0)


def total(
    s: Session,
    col: ColumnElement[Any] | InstrumentedAttribute[Any],
    *where: ColumnElement[bool] | InstrumentedAttribute[bool],
) -> Decimal:
    """SUM of a money column in SQL, as exact pounds."""
    raw = s.execute(select(pence(col)).where(*where)).scalar_one()
    return Decimal(int(raw)).scaleb(-2)


def stream_id(s: Session, code: str) -> int:
    return s.execute(select(Stream.id).where(Stream.code == code)).scalar_one()


def counts(s: Session) -> dict[str, int]:
    return {
        t.name: s.execute(select(func.count()).select_from(t)).scalar_one()
        for t in Base.metadata.sorted_tables
    }


def test_yj_pooled_budget_2025_26(demo: Ledger) -> None:
    with demo.read() as s:
        yj = stream_id(s, "YJ")
        where = (Contribution.stream_id == yj, Contribution.year == 2025)
        assert total(s, Contribution.amount, *where) == Decimal("2112649.00")
        by_heading = {
            h: total(s, Contribution.amount, *where, Contribution.heading == h)
            for h in ("Staffing Costs", "Payments in kind", "Other delegated funds")
        }
        in_kind = s.execute(
            select(Contribution.partner_as_printed, Contribution.fte, Contribution.amount)
            .where(*where, Contribution.kind == "in_kind")
            .order_by(Contribution.fte)
        ).all()
        cash = (*where, Contribution.kind == "cash")
        partners = set(s.execute(select(Contribution.partner_as_printed).where(*cash)).scalars())
    assert by_heading == {
        "Staffing Costs": Decimal("236556.00"),
        "Payments in kind": Decimal("0.00"),
        "Other delegated funds": Decimal("1876093.00"),
    }
    # in-kind staff: FTE known, value unknown (None, not zero)
    assert [tuple(r) for r in in_kind] == [
        ("Probation", Decimal("1.00"), None),
        ("Police", Decimal("2.00"), None),
    ]
    assert "Police" not in partners and "Welsh Government" not in partners


def test_opcc_allocations_and_expenditure_as_at_12_06_2026(demo: Ledger) -> None:
    with demo.read() as s:
        opcc = stream_id(s, "OPCC")
        lines = total(s, BudgetLine.original, BudgetLine.stream_id == opcc, BudgetLine.year == 2025)
        pot = total(s, Allocation.amount, Allocation.stream_id == opcc)
        reported = (
            Transaction.stream_id == opcc,
            Transaction.kind == "reported_actual",
            Transaction.year == 2025,
            Transaction.period == 12,
        )
        spent = total(s, Transaction.amount, *reported)
        nil = (
            s.execute(
                select(Transaction.counterparty).where(
                    *reported, Transaction.reported_nil.is_(True)
                )
            )
            .scalars()
            .all()
        )
        dates = set(s.execute(select(Transaction.txn_date).where(*reported)).scalars())
        charnwood = total(s, BudgetLine.original, BudgetLine.name == "Charnwood") - total(
            s, Transaction.amount, *reported, Transaction.counterparty == "Charnwood"
        )
    assert lines == pot == Decimal("639675.00")
    assert spent == Decimal("256061.83")
    assert sorted(n or "" for n in nil) == ["Harborough", "Oadby and Wigston"]
    assert {d.isoformat() for d in dates} == {"2026-06-12"}
    assert charnwood == Decimal("0.24")


def test_da_allocations_and_unsplit_range(demo: Ledger) -> None:
    with demo.read() as s:
        da = stream_id(s, "DA")
        grants = total(s, Allocation.amount, Allocation.stream_id == da, Allocation.year_to <= 2024)
        ranges = s.execute(
            select(Allocation.year_from, Allocation.year_to, Allocation.amount,
                   Allocation.amount_text, Allocation.mechanism)
            .where(Allocation.stream_id == da, Allocation.year_to > Allocation.year_from)
        ).all()  # fmt: skip
        budget_2025 = total(s, BudgetLine.original, BudgetLine.stream_id == da,
                            BudgetLine.year == 2025)  # fmt: skip
    assert grants == Decimal("4585156.00")
    assert [tuple(r) for r in ranges] == [
        (2025, 2026, Decimal("1463965.00"), "£ 1,463,965", "settlement")
    ]
    # the synthetic 2025-26 budget sits inside the unsplit range
    assert budget_2025 == Decimal("1242720.00")


def test_da_spend_plan_contract_lines(demo: Ledger) -> None:
    with demo.read() as s:
        value = total(s, ContractLine.value)
        n = s.execute(select(func.count()).select_from(ContractLine)).scalar_one()
        unknown = s.execute(
            select(func.count()).where(ContractLine.cost_basis == "unknown")
        ).scalar_one()
        hundred_k = s.execute(
            select(ContractLine.value_text, ContractLine.value).where(
                ContractLine.service.like("Legal support%")
            )
        ).one()
        two = (
            s.execute(
                select(Organisation.name)
                .join(ContractProvider, ContractProvider.org_id == Organisation.id)
                .join(ContractLine, ContractLine.id == ContractProvider.contract_line_id)
                .where(ContractLine.service == "Refuge and Dispersed Accommodation")
                .order_by(Organisation.name)
            )
            .scalars()
            .all()
        )
        decisions = s.execute(
            select(ContractExtension.decision, func.count()).group_by(ContractExtension.decision)
        ).all()
    assert (n, unknown) == (17, 17)
    assert value == Decimal("1937476.00")
    assert tuple(hundred_k) == ("£100k", Decimal("100000.00"))
    assert list(two) == ["Panahghar", "Women's Aid Leicestershire"]
    assert dict(decisions) == {"pending": 10, "taken": 1}


def test_dhr_recharges_and_gambling_levy(demo: Ledger) -> None:
    with demo.read() as s:
        dhr = stream_id(s, "DHR")
        recharges = total(s, Recharge.amount, Recharge.stream_id == dhr, Recharge.year == 2026)
        n = s.execute(select(func.count()).select_from(Recharge)).scalar_one()
        paid = s.execute(
            select(func.count()).select_from(Recharge).where(Recharge.status == "paid")
        ).scalar_one()
        overdue = s.execute(
            select(func.count())
            .select_from(Recharge)
            .where(Recharge.status == "raised", Recharge.due_on < date(2026, 11, 23))
        ).scalar_one()
        ghl = total(s, Allocation.amount, Allocation.stream_id == stream_id(s, "GHL"),
                    Allocation.year_from == 2026)  # fmt: skip
    assert (recharges, n, paid, overdue) == (Decimal("40000.00"), 8, 4, 2)
    assert ghl == Decimal("121110.00")


def test_pmt_income_reproduces_the_papers_figures(demo: Ledger) -> None:
    with demo.read() as s:
        cal_2025 = (IncomeItem.raised_on >= date(2025, 1, 1),
                    IncomeItem.raised_on < date(2026, 1, 1))  # fmt: skip
        fy_2025 = (IncomeItem.year == 2025,)
        commercial = total(s, IncomeItem.amount, *cal_2025, IncomeItem.category
                           == "Commercial package")  # fmt: skip
        district = total(s, IncomeItem.amount, *cal_2025, IncomeItem.category
                         == "District partnership work")  # fmt: skip
        council = total(s, IncomeItem.amount, IncomeItem.category == "Council revenue contribution")
        private = total(s, IncomeItem.amount, *fy_2025,
                        IncomeItem.category.in_(demo_data.PRIVATE_CATEGORIES))  # fmt: skip
        invested = total(s, IncomeItem.amount, *fy_2025, IncomeItem.is_council_investment)
    assert (commercial, district) == (Decimal("8994.00"), Decimal("38227.00"))
    assert commercial + district == Decimal("47221.00")
    assert council == Decimal("60000.00")
    assert (private, invested) == (Decimal("45400.00"), Decimal("12650.00"))
    assert round((private - invested) / invested * 100) == 259


def test_synthetic_activity_virements_and_locks(demo: Ledger) -> None:
    with demo.read() as s:
        statuses = s.execute(
            select(Virement.status, Virement.requested_by, Virement.decided_by).order_by(
                Virement.id
            )
        ).all()
        locked = s.execute(
            select(PeriodLock.stream_id, PeriodLock.year, PeriodLock.period).where(
                PeriodLock.active.is_(True)
            )
        ).all()
        invoiced = s.execute(
            select(func.count(), func.max(Transaction.period)).where(
                Transaction.contract_line_id.is_not(None)
            )
        ).one()
        problems = run_checks(s)
    assert [tuple(v) for v in statuses] == [
        ("approved", "a.khan", "m.price"),
        ("pending", "a.khan", None),
    ]
    assert [tuple(r) for r in locked] == [(None, 2024, None)]  # 2024-25 closed at year end
    assert invoiced[1] == 8 and invoiced[0] == len(demo_data.da_invoices())
    assert problems == []


def test_second_demo_adds_nothing(demo: Ledger) -> None:
    with demo.read() as s:
        before = counts(s)
    again = load_demo(demo)
    with demo.read() as s:
        after = counts(s)
    assert again.already_loaded and again.rows_added == 0
    assert after == before


def test_bulk_synthetic_transactions(demo: Ledger) -> None:
    with demo.read() as s:
        before = counts(s)
    result = load_demo(demo, transactions=1000)
    assert result.already_loaded and result.bulk is not None
    with demo.read() as s:
        after = counts(s)
        batch = s.execute(select(ImportBatch).where(ImportBatch.kind == "synthetic")).scalar_one()
        control = batch.control_total
        rows = (Transaction.batch_id == batch.id,)
        n = s.execute(select(func.count()).where(*rows)).scalar_one()
        in_locked = s.execute(
            select(func.count()).where(*rows, Transaction.year == 2024)
        ).scalar_one()
        bulk_entries = s.execute(
            select(AuditEntry.new).where(AuditEntry.batch_id == batch.id,
                                         AuditEntry.row_id.is_(None))
        ).scalars().all()  # fmt: skip
        summed = total(s, Transaction.amount, *rows)
        spread = s.execute(
            select(func.count(func.distinct(Transaction.stream_id)),
                   func.count(func.distinct(Transaction.year))).where(*rows)
        ).one()  # fmt: skip
        problems = run_checks(s)
    assert after["transactions"] == before["transactions"] + 1000 == before["transactions"] + n
    assert after["import_batches"] == before["import_batches"] + 1
    # one audit entry for the batch row, one for the bulk insert
    assert after["audit_log"] == before["audit_log"] + 2
    assert len(bulk_entries) == 1 and '"count":1000' in (bulk_entries[0] or "")
    assert summed == control == Decimal(result.bulk.control_total_pence).scaleb(-2)
    assert in_locked == 0
    # DA, YJ, OPCC and GHL (not the income streams); 2023, 2025 and 2026 (2024-25 is closed)
    assert tuple(spread) == (4, 3)
    assert problems == []
