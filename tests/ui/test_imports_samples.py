"""Every sample workbook imports into a fresh ledger with the figures in expected.json (to the
penny), through the ``import_file`` use case; plus re-import refusal, dry runs and undo."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from db.audit import verify_chain
from db.ledger import Ledger
from db.ops.locks import close_period
from db.schema import (
    Allocation,
    AuditEntry,
    BudgetLine,
    ContractExtension,
    ContractLine,
    ContractProvider,
    Contribution,
    ImportBatch,
    IncomeItem,
    Organisation,
    StatementLine,
    Stream,
    Transaction,
)
from db.writes import LedgerError
from fundledger.years import year_label
from ui.usecases.imports import ImportResult, import_file, undo_import

#: file → (kind, keyword arguments), as samples/README.md says to import them
HOW: dict[str, tuple[str, dict[str, Any]]] = {
    "yj-pooled-budget-2025-26.xlsx": ("contributions", {"stream": "YJ", "year": "2025-26"}),
    "opcc-csp-allocations-2025-26.xlsx": ("budget-lines", {"stream": "OPCC", "year": "2025-26"}),
    "da-duty-allocations.xlsx": ("allocations", {"stream": "DA"}),
    "da-spend-plan-years-1-3.xlsx": ("contracts", {"stream": "DA"}),
    "invoices-2025-26-p01-p06.xlsx": ("transactions", {"year": "2025-26"}),
    "gl-extract-2025-26-p01-p06.xlsx": ("gl", {}),
    "pmt-income-2025.xlsx": ("income", {"stream": "PMT"}),
}


def D(text: str) -> Decimal:
    return Decimal(text)


@pytest.fixture
def expected(samples: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((samples / "expected.json").read_text())
    return data


def _import(ledger: Ledger, samples: Path, name: str, **extra: Any) -> ImportResult:
    kind, kw = HOW[name]
    result = import_file(ledger, kind, samples / name, **{**kw, **extra})
    assert result.errors == (), [str(e) for e in result.errors]
    return result


def _count(ledger: Ledger, model: Any) -> int:
    with ledger.read() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def _sum(ledger: Ledger, col: Any, *where: Any) -> Decimal:
    with ledger.read() as s:
        total = s.execute(select(func.sum(col)).where(*where)).scalar_one()
    return Decimal("0.00") if total is None else Decimal(total)


def _by_stream(ledger: Ledger, model: Any) -> dict[str, Decimal]:
    with ledger.read() as s:
        rows = s.execute(
            select(Stream.code, func.sum(model.amount))
            .join(Stream, Stream.id == model.stream_id)
            .group_by(Stream.code)
        ).all()
    return {code: Decimal(p) for code, p in rows}


def test_yj_pooled_budget(ledger: Ledger, samples: Path, expected: dict[str, Any]) -> None:
    exp = expected["yj-pooled-budget-2025-26.xlsx"]
    r = _import(ledger, samples, "yj-pooled-budget-2025-26.xlsx")
    assert (r.rows_read, r.imported, r.duplicates, r.skipped) == (8, 9, 0, 2)
    assert r.total == D(exp["total"]) == D("2112649.00")
    assert r.by_stream == {"YJ": D("2112649.00")}
    with ledger.read() as s:
        rows = s.execute(
            select(Organisation.name, Contribution.heading, Contribution.amount, Contribution.year)
            .join(Organisation, Organisation.id == Contribution.partner_org_id)
            .order_by(Contribution.id)
        ).all()
    got = [{"partner": p, "heading": h, "amount": f"{a:.2f}"} for p, h, a, _y in rows]
    assert got == exp["records"]
    assert {y for *_r, y in rows} == {2025}
    assert len(rows) == 9  # not 10: Police and Welsh Government contribute nothing
    partners = {p for p, *_ in rows}
    assert not partners & set(exp["partners_with_no_contribution"])
    for heading, amount in exp["by_heading"].items():
        assert _sum(ledger, Contribution.amount, Contribution.heading == heading) == D(amount)
    assert any("Police: no contribution" in w for w in r.warnings)


def test_opcc_csp_allocations(ledger: Ledger, samples: Path, expected: dict[str, Any]) -> None:
    exp = expected["opcc-csp-allocations-2025-26.xlsx"]
    r = _import(ledger, samples, "opcc-csp-allocations-2025-26.xlsx")
    assert r.total == D(exp["budget_total"]) == D("639675.00")
    assert r.reported_actual == D(exp["actual_total"]) == D("256061.83")
    with ledger.read() as s:
        lines = s.execute(
            select(
                BudgetLine.id,
                BudgetLine.name,
                BudgetLine.year,
                BudgetLine.category,
                BudgetLine.original,
            ).order_by(BudgetLine.sort_order)
        ).all()
        actuals = {
            t.budget_line_id: (t.amount, t.reported_nil, str(t.txn_date), t.year, t.period)
            for t in s.execute(
                select(Transaction).where(Transaction.kind == "reported_actual")
            ).scalars()
        }
    assert [ln.name for ln in lines] == list(exp["lines"])
    for ln in lines:
        want = exp["lines"][ln.name]
        amount, nil, day, year, period = actuals[ln.id]
        assert (ln.year, ln.category, ln.original) == (2025, "csp_area", D(want["budget"]))
        assert (amount, nil) == (D(want["actual"]), want["reported_nil"])
        assert ln.original - amount == D(want["available"])
        assert (day, year, period) == (exp["as_at"], 2025, 12)
    nils = sorted(ln.name for ln in lines if actuals[ln.id][1])
    assert nils == ["Harborough", "Oadby and Wigston"]
    assert _sum(ledger, BudgetLine.original) == D("639675.00")
    assert _sum(ledger, Transaction.amount) == D("256061.83")


def test_da_allocations_keep_the_range(
    ledger: Ledger, samples: Path, expected: dict[str, Any]
) -> None:
    exp = expected["da-duty-allocations.xlsx"]
    r = _import(ledger, samples, "da-duty-allocations.xlsx")
    assert (r.imported, r.total) == (5, D(exp["total"]))
    with ledger.read() as s:
        rows = s.execute(
            select(Allocation.year_from, Allocation.year_to, Allocation.amount).order_by(
                Allocation.id
            )
        ).all()
        funders = set(s.execute(select(Allocation.funder_org_id)).scalars())
        mhclg = s.execute(
            select(Organisation.id).where(Organisation.name.like("Ministry of Housing%"))
        ).scalar_one()
    got = [
        {"years": [year_label(y) for y in range(a, b + 1)], "amount": f"{m:.2f}"}
        for a, b, m in rows
    ]
    assert got == [{"years": e["years"], "amount": e["amount"]} for e in exp["allocations"]]
    assert rows[-1] == (2025, 2026, D("1463965.00"))  # one allocation for two years
    assert funders == {mhclg}


def test_da_spend_plan_contracts(ledger: Ledger, samples: Path, expected: dict[str, Any]) -> None:
    exp = expected["da-spend-plan-years-1-3.xlsx"]
    r = _import(ledger, samples, "da-spend-plan-years-1-3.xlsx")
    assert (r.imported, r.duplicates, r.total) == (17, 0, D("1937476.00"))
    assert _count(ledger, ContractLine) == exp["lines"] == 17
    assert _sum(ledger, ContractLine.value) == D(exp["total_value"])
    with ledger.read() as s:
        ext_lines = set(s.execute(select(ContractExtension.contract_line_id)).scalars())
        decisions = set(s.execute(select(ContractExtension.decision)).scalars())
        months = set(s.execute(select(ContractExtension.months)).scalars())
        by_text = dict(
            s.execute(
                select(ContractLine.provider_text, func.sum(ContractLine.value)).group_by(
                    ContractLine.provider_text
                )
            ).all()
        )
        wall = s.execute(
            select(ContractLine.id).where(ContractLine.provider_text.like("WALL Male%"))
        ).scalar_one()
        wall_orgs = (
            s.execute(
                select(Organisation.name)
                .join(ContractProvider, ContractProvider.org_id == Organisation.id)
                .where(ContractProvider.contract_line_id == wall)
                .order_by(Organisation.name)
            )
            .scalars()
            .all()
        )
        basis = set(s.execute(select(ContractLine.cost_basis)).scalars())
    assert len(ext_lines) == exp["with_extension_option"] == 11
    assert (decisions, months) == ({"pending"}, {12})
    ext_value = _sum(ledger, ContractLine.value, ContractLine.id.in_(ext_lines))
    assert ext_value == D(exp["extension_option_value"])
    assert {k: f"{v:.2f}" for k, v in by_text.items()} == exp["by_provider_text"]
    assert wall_orgs == ["Panahghar", "Women's Aid Leicestershire"]
    assert basis == {"unknown"}


def test_invoices_transactions(ledger: Ledger, samples: Path, expected: dict[str, Any]) -> None:
    exp = expected["invoices-2025-26-p01-p06.xlsx"]
    r = _import(ledger, samples, "invoices-2025-26-p01-p06.xlsx")
    assert (r.rows_read, r.imported, r.total) == (96, 96, D("400472.19"))
    assert r.by_stream == {k: D(v) for k, v in exp["by_stream"].items()}
    assert _count(ledger, Transaction) == exp["rows"] == 96
    assert _by_stream(ledger, Transaction) == {k: D(v) for k, v in exp["by_stream"].items()}
    assert _sum(ledger, Transaction.amount, Transaction.kind == "credit") < 0
    assert _sum(ledger, Transaction.amount, Transaction.batch_id == r.batch) == D("400472.19")


def test_gl_extract(ledger: Ledger, samples: Path, expected: dict[str, Any]) -> None:
    exp = expected["gl-extract-2025-26-p01-p06.xlsx"]
    r = _import(ledger, samples, "gl-extract-2025-26-p01-p06.xlsx")
    assert (r.rows_read, r.imported, r.total) == (96, 96, D(exp["total"]))
    assert _count(ledger, StatementLine) == 96
    assert _by_stream(ledger, StatementLine) == {k: D(v) for k, v in exp["by_stream"].items()}
    with ledger.read() as s:
        prints = s.execute(select(StatementLine.fingerprint)).scalars().all()
        dup = s.execute(
            select(func.count()).where(StatementLine.reference == "INV-TUR-202504-0012")
        ).scalar_one()
    assert len(set(prints)) == 96  # the duplicate payment is two lines, told apart
    assert dup == 2
    assert _count(ledger, Transaction) == 0  # statement lines are not spend


def test_pmt_income(ledger: Ledger, samples: Path, expected: dict[str, Any]) -> None:
    exp = expected["pmt-income-2025.xlsx"]
    r = _import(ledger, samples, "pmt-income-2025.xlsx")
    assert (r.imported, r.total) == (39, D(exp["total"]))
    with ledger.read() as s:
        cats = dict(
            s.execute(
                select(IncomeItem.category, func.sum(IncomeItem.amount)).group_by(
                    IncomeItem.category
                )
            ).all()
        )
    assert {k: f"{v:.2f}" for k, v in cats.items()} == exp["by_category"]
    raised = _sum(ledger, IncomeItem.amount, IncomeItem.status == "raised")
    assert raised == D(exp["raised_not_received"])
    council = _sum(ledger, IncomeItem.amount, IncomeItem.is_council_investment.is_(True))
    assert council == D("60000.00")


def test_every_sample_into_one_ledger_passes_check(ledger: Ledger, samples: Path) -> None:
    from db.checks import run_checks

    batches = [_import(ledger, samples, name).batch for name in HOW]
    assert batches == [1, 2, 3, 4, 5, 6, 7]
    with ledger.read() as s:
        assert run_checks(s) == []
        assert verify_chain(s) == []
        per_batch = dict(
            s.execute(
                select(AuditEntry.batch_id, func.count())
                .where(AuditEntry.batch_id.is_not(None))
                .group_by(AuditEntry.batch_id)
            ).all()
        )
        bulk = s.execute(
            select(AuditEntry.table_name, AuditEntry.new).where(
                AuditEntry.batch_id == 5, AuditEntry.row_id.is_(None)
            )
        ).one()
        stored = s.execute(
            select(ImportBatch.kind, ImportBatch.rows, ImportBatch.control_total).where(
                ImportBatch.id == 5
            )
        ).one()
    # transactions and GL lines are bulk-inserted: the batch entry and one covering entry
    assert (per_batch[5], per_batch[6]) == (2, 2)
    assert bulk == (
        "transactions",
        '{"batch_id":5,"control_total":"400472.19","count":96}',
    )
    assert tuple(stored) == ("transactions", 96, D("400472.19"))


def test_reimport_refused_naming_the_batch(ledger: Ledger, samples: Path) -> None:
    first = _import(ledger, samples, "invoices-2025-26-p01-p06.xlsx")
    audit = _count(ledger, AuditEntry)
    again = import_file(ledger, "transactions", samples / "invoices-2025-26-p01-p06.xlsx")
    assert again.batch is None and again.imported == 0 and again.duplicates == 96
    reasons = [e.reason for e in again.errors]
    assert len(reasons) == 1
    assert reasons[0].startswith(f"this file was already imported as batch {first.batch} ")
    assert reasons[0].endswith("undo that batch first to import it again")
    assert (_count(ledger, Transaction), _count(ledger, AuditEntry)) == (96, audit)


def test_dry_run_writes_nothing(ledger: Ledger, samples: Path) -> None:
    audit = _count(ledger, AuditEntry)
    r = _import(ledger, samples, "invoices-2025-26-p01-p06.xlsx", dry_run=True, with_preview=True)
    assert (r.dry_run, r.batch, r.imported, r.total) == (True, None, 96, D("400472.19"))
    assert {p.status for p in r.preview} == {"new"} and len(r.preview) == 96
    assert (_count(ledger, Transaction), _count(ledger, ImportBatch)) == (0, 0)
    assert _count(ledger, AuditEntry) == audit


def test_undo_reverses_and_allows_reimport(ledger: Ledger, samples: Path) -> None:
    r = _import(ledger, samples, "invoices-2025-26-p01-p06.xlsx")
    assert r.batch is not None
    done = undo_import(ledger, r.batch, "imported the wrong file")
    assert (done.reversed_transactions, done.control_total) == (96, D("400472.19"))
    assert _sum(ledger, Transaction.amount) == 0
    assert _by_stream(ledger, Transaction) == {"DA": 0, "OPCC": 0, "YJ": 0}
    with ledger.read() as s:
        batch = s.get(ImportBatch, r.batch)
        assert batch is not None
        assert (batch.status, batch.undo_reason) == ("undone", "imported the wrong file")
        last = s.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
        assert last is not None
        assert (last.action, last.reason) == ("undo_import", "imported the wrong file")
    with pytest.raises(LedgerError, match="already undone"):
        undo_import(ledger, r.batch, "again")
    again = _import(ledger, samples, "invoices-2025-26-p01-p06.xlsx")
    assert (again.imported, again.duplicates) == (96, 0)
    assert _sum(ledger, Transaction.amount) == D("400472.19")


def test_undo_of_small_kinds_excludes_them(ledger: Ledger, samples: Path) -> None:
    alloc = _import(ledger, samples, "da-duty-allocations.xlsx")
    income = _import(ledger, samples, "pmt-income-2025.xlsx")
    lines = _import(ledger, samples, "opcc-csp-allocations-2025-26.xlsx")
    for r in (alloc, income, lines):
        assert r.batch is not None
        undo_import(ledger, r.batch, "test")
    assert _sum(ledger, Allocation.amount, Allocation.superseded.is_(False)) == 0
    assert _sum(ledger, IncomeItem.amount, IncomeItem.status != "cancelled") == 0
    assert _sum(ledger, Transaction.amount) == 0  # reported actuals reversed
    again = _import(ledger, samples, "opcc-csp-allocations-2025-26.xlsx")
    assert (again.imported, again.total) == (9, D("639675.00"))
    assert _count(ledger, BudgetLine) == 9  # the undone lines are revived, not duplicated
    assert _sum(ledger, Transaction.amount) == D("256061.83")


def _close(ledger: Ledger, stream: str, year: int, period: int | None) -> None:
    with ledger.write() as s:
        sid = s.execute(select(Stream.id).where(Stream.code == stream)).scalar_one()
        close_period(s, ledger.actor, year=year, period=period, stream_id=sid, reason="month end")


def test_locked_period_moves_undo_reversals_and_refuses_import(
    ledger: Ledger, samples: Path
) -> None:
    r = _import(ledger, samples, "invoices-2025-26-p01-p06.xlsx")
    assert r.batch is not None
    _close(ledger, "YJ", 2025, 3)
    _close(ledger, "YJ", 2026, None)  # another year closed as a whole is no matter
    # the YJ P03 rows are reversed in the open period (P04: the year is over, P03 closed)
    from ui.usecases.imports import undo_preview

    (moved,) = undo_preview(ledger, r.batch)
    assert (moved.stream, moved.period, moved.into_period, moved.into_date.isoformat()) == (
        "YJ", 3, 4, "2025-07-01",
    )  # fmt: skip
    p03 = _sum(ledger, Transaction.amount, Transaction.period == 3, Transaction.stream_id
               == moved.stream_id)  # fmt: skip
    assert moved.amount == -p03
    done = undo_import(ledger, r.batch, "wrong file")
    assert done.moved == (moved,) and done.reversed_transactions == 96
    with ledger.read() as s:
        revs = s.execute(select(Transaction).where(Transaction.kind == "reversal",
                         Transaction.stream_id == moved.stream_id)).scalars().all()  # fmt: skip
        assert {t.period for t in revs if t.reverses_id is not None} <= {1, 2, 4, 5, 6}
        assert all(t.txn_date.isoformat() == "2025-07-01" for t in revs
                   if s.get(Transaction, t.reverses_id).period == 3)  # type: ignore[union-attr]  # fmt: skip
        from db.checks import run_checks

        assert run_checks(s) == []
    assert _sum(ledger, Transaction.amount) == 0
    again = import_file(ledger, "transactions", samples / "invoices-2025-26-p01-p06.xlsx",
                        year="2025-26")  # fmt: skip
    assert again.batch is None
    assert [e.reason for e in again.errors] == [
        "rows 30, 34, 36 and 40 are charged to a closed period: 2025-26 P03 is closed for YJ "
        f"(by {ledger.actor.username} on {_today()}: month end)"
    ]
    assert _sum(ledger, Transaction.amount) == 0
    # the council's GL statement is not the ledger's postings: it imports into closed periods
    gl = import_file(ledger, "gl", samples / "gl-extract-2025-26-p01-p06.xlsx")
    assert gl.batch is not None and gl.errors == ()
    assert _count(ledger, StatementLine) == 96


def _today() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%d/%m/%Y")


def _copy_rows(src: Path, dest: Path, header_row: int, rows: range, extra: list[Any]) -> Path:
    """A new workbook with ``src``'s header row, some of its data rows, and ``extra`` rows."""
    from openpyxl import Workbook, load_workbook

    wb_src = load_workbook(src, data_only=True)
    ws_src = wb_src.worksheets[0]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = ws_src.title
    ws.append([c.value for c in ws_src[header_row]])
    for r in rows:
        ws.append([c.value for c in ws_src[r]])
    for row in extra:
        ws.append(row)
    wb.save(dest)
    return dest


def test_rows_already_in_the_ledger_are_duplicates(
    ledger: Ledger, samples: Path, tmp_path: Path
) -> None:
    from datetime import date

    _import(ledger, samples, "invoices-2025-26-p01-p06.xlsx")
    new = [date(2025, 10, 1), "LC4410", "FreeVa", "INV-NEW-1", "October helpline", 1234.5]
    path = _copy_rows(
        samples / "invoices-2025-26-p01-p06.xlsx", tmp_path / "more.xlsx", 1, range(2, 5), [new]
    )
    r = import_file(ledger, "transactions", path, with_preview=True)
    assert r.errors == ()
    assert (r.rows_read, r.imported, r.duplicates, r.total) == (4, 1, 3, D("1234.50"))
    assert [p.status for p in r.preview] == ["duplicate"] * 3 + ["new"]
    assert _count(ledger, Transaction) == 97


def test_overlapping_gl_extract_adds_only_new_lines(
    ledger: Ledger, samples: Path, tmp_path: Path
) -> None:
    from datetime import date

    src = samples / "gl-extract-2025-26-p01-p06.xlsx"
    _import(ledger, samples, "gl-extract-2025-26-p01-p06.xlsx")
    new = [
        "LC4410",
        "Domestic Abuse",
        "5210",
        "Contract payments",
        "2025/26 P07",
        date(2025, 10, 3),
        "FreeVa",
        "INV-FRE-202510-0200",
        "October",
        999.99,
    ]
    path = _copy_rows(src, tmp_path / "gl-p01-p07.xlsx", 4, range(5, 15), [new])
    r = import_file(ledger, "gl", path)
    assert r.errors == (), [str(e) for e in r.errors]
    assert (r.rows_read, r.imported, r.duplicates, r.total) == (11, 1, 10, D("999.99"))
    assert _count(ledger, StatementLine) == 97


def test_a_row_twice_in_a_file_is_one_duplicate_when_the_ledger_holds_it_once(
    ledger: Ledger, samples: Path, tmp_path: Path
) -> None:
    src = samples / "invoices-2025-26-p01-p06.xlsx"
    one = _copy_rows(src, tmp_path / "one.xlsx", 1, range(2, 3), [])
    assert _import(ledger, samples, "invoices-2025-26-p01-p06.xlsx").imported == 96
    twice = _copy_rows(src, tmp_path / "twice.xlsx", 1, range(2, 4), [])
    # rows 2 and 3 of the sample are different invoices; row 2 repeated is a second payment
    from openpyxl import load_workbook

    wb = load_workbook(twice)
    ws = wb.worksheets[0]
    ws.append([c.value for c in load_workbook(one).worksheets[0][2]])
    wb.save(twice)
    r = import_file(ledger, "transactions", twice, with_preview=True)
    assert r.errors == ()
    assert [p.status for p in r.preview] == ["duplicate", "duplicate", "new"]
    assert (r.imported, r.duplicates, r.total) == (1, 2, D("3189.33"))
