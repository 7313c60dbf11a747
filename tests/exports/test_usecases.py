"""Every return exported from the demo ledger: headers, row order, cached totals to the penny,
number formats, and the same figures as ``variance`` for the same scope."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from db.ledger import Ledger
from db.queries import contracts as kq
from db.queries import income as iq
from db.schema import Stream
from tests.ledgers import copy_sqlite
from ui.usecases.demo import load_demo
from ui.usecases.exports import (
    Exported,
    ExportInputError,
    Request,
    export_return,
    prepare,
    return_names,
)
from ui.usecases.init import init_ledger
from ui.usecases.variance import variance_report

D = Decimal
MONEY = "£#,##0.00;[Red]-£#,##0.00"
WHOLE = "£#,##0;[Red]-£#,##0"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Ledger]:
    path = copy_sqlite(demo_template, tmp_path_factory.mktemp("demo") / "ledger.sqlite")
    led = init_ledger(str(path), "jsmith")
    yield led
    led.dispose()


def export(led: Ledger, tmp: Path, ret: str, **kw: Any) -> Exported:
    return export_return(led, Request(ret, **kw), tmp / f"{ret}.xlsx")


def table(path: Path, sheet: str, first: str) -> tuple[list[str], list[list[Any]], list[Any], Any]:
    """(headers, data rows, total row, worksheet) of the table whose header starts ``first``."""
    ws = openpyxl.load_workbook(path, data_only=True)[sheet]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    h = next(i for i, r in enumerate(rows) if r[0] == first)
    end = next(i for i in range(h + 1, len(rows)) if rows[i][0] in ("Total", None))
    return [str(c) for c in rows[h]], rows[h + 1 : end], rows[end], ws


def money(v: Any) -> Decimal:
    return Decimal(repr(v)).quantize(D("0.01"))


def test_every_return_exports(demo: Ledger, tmp_path: Path) -> None:
    for ret in return_names():
        done = export(demo, tmp_path, ret, year="2025-26")
        assert done.path.is_file() and done.totals == done.prepared.totals
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{r}.xlsx" for r in return_names())


def test_yj_pooled_budget(demo: Ledger, tmp_path: Path) -> None:
    done = export(demo, tmp_path, "yj-pooled-budget", year="2025-26")
    heads, rows, total, ws = table(done.path, "Pooled budget", "Agency")
    assert heads == ["Agency", "Staffing Costs", "Payments in kind", "Other delegated funds",
                     "Total"]  # fmt: skip
    assert [r[0] for r in rows] == [
        "Youth Justice Board", "Local Authority", "Police", "Police and Crime Commissioner",
        "Probation", "Health", "Welsh Government", "Other",
    ]  # fmt: skip
    assert rows[2][1:4] == [None, None, None]  # Police: nothing in cash; in kind not valued
    assert rows[3][1:] == [91847, None, 77934, 169781]
    assert [money(v) for v in total[1:]] == [D("236556.00"), D("0.00"), D("1876093.00"),
                                             D("2112649.00")]  # fmt: skip
    assert done.totals == {"Staffing Costs": D("236556.00"), "Payments in kind": D("0.00"),
                           "Other delegated funds": D("1876093.00"), "Total": D("2112649.00")}  # fmt: skip
    assert ws.cell(11, 2).number_format == WHOLE
    assert ws["A1"].value == "Youth justice pooled budget 2025-26"
    staff = openpyxl.load_workbook(done.path, data_only=True)["In-kind staff"]
    assert [c for c in staff.iter_rows(values_only=True) if c[0] in ("Police", "Probation")] == [
        ("Police", 2, "two warranted Police Constables (value not stated) [002:1335]",
         "not valued"),
        ("Probation", 1, "a full-time seconded Probation Officer (value not stated) [002:1335]",
         "not valued"),
    ]  # fmt: skip
    # the same figures as variance for YJ 2025-26: by line (heading) and by partner
    lines = variance_report(demo, year=2025, stream="YJ", by="line")
    assert {r.key: r.figures.revised for r in lines.rows} == {
        h: done.totals[h] for h in ("Staffing Costs", "Payments in kind", "Other delegated funds")
    }
    partners = variance_report(demo, year=2025, stream="YJ", by="partner")
    assert partners.totals.figures.revised == done.totals["Total"]
    by_partner = {r.key: r.figures.revised for r in partners.rows}
    assert by_partner["Police and Crime Commissioner"] == money(rows[3][4])


def test_opcc_csp(demo: Ledger, tmp_path: Path) -> None:
    done = export(demo, tmp_path, "opcc-csp", year="2025-26")
    assert done.prepared.scope.as_at == date(2026, 6, 12)  # the latest reported actual
    heads, rows, total, ws = table(done.path, "CSP allocations", "CSP Area")
    assert heads == ["CSP Area", "2025-26 Allocation", "Expenditure to date", "Remaining",
                     "% spent"]  # fmt: skip
    assert ws["A1"].value == (
        "OPCC allocations to CSPs 2025-26: expenditure to date as at 12/06/2026"
    )
    assert [r[0] for r in rows] == [
        "Leicester", "Charnwood", "SNWLP", "Blaby", "Hinckley and Bosworth", "Harborough",
        "Oadby and Wigston", "Melton Mowbray", "Rutland",
    ]  # fmt: skip
    nil = {r[0]: r[2] for r in rows if r[2] == "Nil"}
    assert nil == {"Harborough": "Nil", "Oadby and Wigston": "Nil"}
    assert [money(v) for v in total[1:4]] == [D("639675.00"), D("256061.83"), D("383613.17")]
    assert round(total[4], 4) == 0.4003
    assert ws.cell(8, 2).number_format == MONEY and ws.cell(8, 5).number_format == "0.00%"
    v = variance_report(demo, year=2025, stream="OPCC", as_at=date(2026, 6, 12)).totals.figures
    assert (v.revised, v.actual, v.available) == (
        done.totals["2025-26 Allocation"],
        done.totals["Expenditure to date"],
        done.totals["Remaining"],
    )
    # an as-at before the returns came in: nothing reported yet, every expenditure blank
    early = export(demo, tmp_path, "opcc-csp", year="2025-26", as_at="31/03/2026")
    assert early.totals["Expenditure to date"] == D("0.00")
    assert all(r[2] is None for r in early.prepared.rows)


def test_da_allocations_by_year_and_the_range(demo: Ledger, tmp_path: Path) -> None:
    done = export(demo, tmp_path, "da-allocations")
    heads, rows, total, ws = table(done.path, "Allocations", "Allocation")
    assert heads == ["Allocation", "Years", "Mechanism", "Funder", "Amount"]
    assert [(r[1], r[2], money(r[4])) for r in rows] == [
        ("2021-22", "Grant", D("1127205.00")),
        ("2022-23", "Grant", D("1130326.00")),
        ("2023-24", "Grant", D("1152936.00")),
        ("2024-25", "Grant", D("1174689.00")),
        ("2025-26 to 2026-27", "Settlement", D("1463965.00")),
    ]
    assert money(total[4]) == D("6049121.00") == done.totals["Amount"]
    assert ws.cell(7, 5).number_format == WHOLE
    for code, year in (("2021-22", 2021), ("2022-23", 2022), ("2023-24", 2023), ("2024-25", 2024)):
        v = variance_report(demo, year=year, stream="DA").totals.figures.revised
        assert v == done.prepared.figures[f"da.year.{code}"]
    assert done.prepared.figures["da.range.2025-26 to 2026-27"] == D("1463965.00")
    only = export(demo, tmp_path, "da-allocations", year="2026-27")
    assert [r[1] for r in only.prepared.rows] == ["2025-26 to 2026-27"]


def test_spend_plan_and_contracts_register_equal_the_register_query(
    demo: Ledger, tmp_path: Path
) -> None:
    with demo.read() as s:
        reg = kq.register(s, stream_id=None, today=date(2026, 6, 12))
    invoiced = sum((c.invoiced for c in reg), D("0.00"))
    remaining = sum((c.remaining for c in reg if c.remaining is not None), D("0.00"))
    plan = export(demo, tmp_path, "da-spend-plan")
    heads, rows, total, _ws = table(plan.path, "Spend plan", "Service provider")
    assert heads[:3] == ["Service provider", "Support service", "Time period"]
    assert len(rows) == len(reg) == 17
    providers = [r[0] for r in rows]
    assert providers == sorted(providers, key=providers.index)  # grouped by provider
    assert plan.totals["Spend to date"] == invoiced == money(total[7])
    assert plan.totals["Remaining"] == remaining == money(total[8])
    contracts = export(demo, tmp_path, "contracts-register")
    heads, rows, total, ws = table(contracts.path, "Contracts", "Support service")
    assert heads[:4] == ["Support service", "Service provider", "Cost", "Time period"]
    assert heads[9:14] == ["Committed", "Invoiced", "Remaining", "Expiry", "Days to expiry"]
    assert [r[0] for r in rows] == [c.service for c in reg]
    assert contracts.totals["Invoiced"] == invoiced == money(total[10])
    assert contracts.totals["Remaining"] == remaining == money(total[11])
    assert ws.cell(7, 6).number_format == "dd/mm/yyyy"
    # with a year: the lines running in it (the demo's start on 01/04/2025)
    assert export(demo, tmp_path, "contracts-register", year="2025-26").prepared.row_count == 17
    assert export(demo, tmp_path, "contracts-register", year="2024-25").prepared.row_count == 0


def test_pmt_income_financial_and_calendar_year(demo: Ledger, tmp_path: Path) -> None:
    done = export(demo, tmp_path, "pmt-income", year="2025-26")
    with demo.read() as s:
        cats = iq.by_category(s, None, fy=2025)
        pmt = s.execute(select(Stream.id).where(Stream.code == "PMT")).scalar_one()
        roi = iq.return_on_investment(s, pmt, fy=2025)
    assert done.totals["Total raised"] == sum((c.raised for c in cats), D("0.00"))
    assert done.totals["Received"] == sum((c.received for c in cats), D("0.00"))
    ws = openpyxl.load_workbook(done.path, data_only=True)["Income by quarter"]
    values = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    assert money(values["Private income (leverage)"]) == roi.leverage
    assert money(values["Council investment"]) == roi.investment
    assert roi.roi_pct is not None
    assert round(values["Return on investment (net)"], 6) == float(roi.roi_pct / 100)
    cal = export(demo, tmp_path, "pmt-income", year="2025")
    assert cal.prepared.title == "Place marketing income 2025 (calendar year)"
    with demo.read() as s:
        cal_cats = iq.by_category(s, None, calendar=2025)
    assert cal.totals["Total raised"] == sum((c.raised for c in cal_cats), D("0.00"))
    assert list(cal.totals)[:4] == ["Q1 Jan–Mar", "Q2 Apr–Jun", "Q3 Jul–Sep", "Q4 Oct–Dec"]


@pytest.mark.parametrize("by", ["line", "partner", "quarter"])
def test_variance_export_equals_variance(demo: Ledger, tmp_path: Path, by: str) -> None:
    done = export(demo, tmp_path, "variance", year="2025-26", by=by, as_at="31/12/2025")
    report = variance_report(demo, year=2025, by=by, as_at=date(2025, 12, 31))
    f = report.totals.figures
    for head, value in (("Original", f.original), ("Revised", f.revised),
                        ("Committed", f.committed), ("Actual", f.actual),
                        ("Available", f.available)):  # fmt: skip
        assert done.totals[head] == value, head
    heads, rows, _total, _ws = table(done.path, "Variance", "Stream")
    assert heads[2] == {"line": "Budget line", "partner": "Partner", "quarter": "Quarter"}[by]
    assert [(r[0], r[2]) for r in rows] == [(r.stream, r.key) for r in report.rows]
    assert heads[-2:] == ["RAG", "Commentary"]
    if by == "line":
        comments = [r[-1] for r in rows if r[-1]]
        assert comments == [r.comment for r in report.rows if r.comment]


def test_transactions_total_equals_the_register(demo: Ledger, tmp_path: Path) -> None:
    done = export(demo, tmp_path, "transactions", stream="OPCC", year="2025-26")
    assert done.totals == {"Amount": D("256061.83")}
    assert done.prepared.row_count == 9
    heads, rows, total, _ws = table(done.path, "Transactions", "Date")
    assert heads[:6] == ["Date", "Cost Centre", "Supplier", "Invoice No", "Description",
                         "Amount"]  # fmt: skip
    assert heads[11] == "Import batch"
    assert len(rows) == 9 and money(total[5]) == D("256061.83")
    assert {r[6] for r in rows} == {"OPCC"} and {r[7] for r in rows} == {"2025-26"}


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (Request("nope"), "unknown return 'nope'"),
        (Request("variance", stream="ZZ"), "Stream: ZZ: no such stream"),
        (Request("variance", year="2025-99"), "Financial year: 2025-99: not a financial year"),
        (Request("variance", by="week"), "Level must be one of"),
        (Request("opcc-csp", as_at="31/02/2026"), "As at: 31/02/2026"),
    ],
)
def test_bad_input_is_refused(demo: Ledger, request_: Request, message: str) -> None:
    with pytest.raises(ExportInputError, match=message.replace("(", r"\(")):
        prepare(demo, request_)


def test_preview_is_the_written_figures(demo: Ledger, tmp_path: Path) -> None:
    prepared = prepare(demo, Request("yj-pooled-budget", year="2025-26"))
    assert prepared.totals["Total"] == D("2112649.00")
    assert prepared.figures["yj.heading.Staffing Costs"] == D("236556.00")
    assert prepared.rows[3] == ("Police and Crime Commissioner", D("91847.00"), None,
                                D("77934.00"), D("169781.00"))  # fmt: skip
    assert prepared.produced.user == "jsmith"
    assert (
        prepared.produced.ledger_name == "Leicestershire County Council – grant and funding ledger"
    )


def test_transactions_are_streamed_with_flat_memory(
    demo: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The listing reaches the workbook as a generator fed from SQL chunks, and xlsxwriter
    keeps no per-row state for rows already written (wrapped descriptions set row heights)."""
    import types

    import ui.usecases.returns.transactions as ux
    from exports.returns import listing

    seen: dict[str, Any] = {}
    real = listing.transactions_listing

    def spy(path: Path, produced: Any, rows: Any, **kw: Any) -> Any:
        seen["generator"] = isinstance(rows, types.GeneratorType)

        def long_rows() -> Any:
            for r in rows:  # many rows, each with a description that wraps
                yield from [(*r[:5], "A long description " * 6, *r[6:])] * 40

        return real(path, produced, long_rows(), **kw)

    kept: list[int] = []
    from exports.workbook import FinanceWorkbook

    close = FinanceWorkbook.close

    def counting_close(self: FinanceWorkbook) -> None:
        kept.extend(len(s.ws.row_info) for s in self.sheets)
        close(self)

    heights: list[int] = []
    from xlsxwriter.worksheet import Worksheet

    set_row = Worksheet.set_row

    def counting_set_row(self: Worksheet, row: int, *a: Any, **kw: Any) -> Any:
        heights.append(row)
        return set_row(self, row, *a, **kw)

    monkeypatch.setattr(ux, "transactions_listing", spy)
    monkeypatch.setattr(FinanceWorkbook, "close", counting_close)
    monkeypatch.setattr(Worksheet, "set_row", counting_set_row)
    with pytest.raises(RuntimeError, match="differ from the ledger's"):
        export(demo, tmp_path, "transactions", stream="DA", year="2025-26")
    assert seen == {"generator": True}
    assert len(heights) > 1000  # every row was made tall enough for its wrapped description
    assert max(kept) <= 3  # not one entry per row
    assert not (tmp_path / "transactions.xlsx").exists()  # totals differ: nothing kept


@pytest.mark.postgres
def test_returns_on_postgresql_equal_sqlite(
    demo: Ledger, pg_ledger_url: str, tmp_path: Path
) -> None:
    led = init_ledger(pg_ledger_url, "jsmith")
    try:
        load_demo(led)
        for ret in return_names():
            pg = export_return(led, Request(ret, "2025-26"), tmp_path / f"pg-{ret}.xlsx")
            lite = export_return(demo, Request(ret, "2025-26"), tmp_path / f"lite-{ret}.xlsx")
            assert pg.totals == lite.totals, ret
            assert pg.prepared.row_count == lite.prepared.row_count, ret
    finally:
        led.dispose()


def test_every_return_is_a_serialisable_value(demo: Ledger) -> None:
    """What a return shows (table, figures, rows behind them) goes to JSON and back unchanged,
    so a submitted return can be frozen exactly as sent."""
    import json

    from ui.usecases.returns.base import frozen_from_json

    for ret in return_names():
        prepared = prepare(demo, Request(ret, "2025-26"))
        data = json.loads(json.dumps(prepared.to_json()))
        back = frozen_from_json(data)
        assert back.table == prepared.table, ret
        assert back.sources == prepared.sources, ret
        assert back.produced == prepared.produced, ret
        assert (back.ret, back.title, back.row_count) == (ret, prepared.title,
                                                           prepared.row_count)  # fmt: skip
        assert back.warnings == prepared.warnings
    opcc = prepare(demo, Request("opcc-csp", "2025-26")).to_json()
    assert opcc["table"]["rows"][1] == ["Charnwood", "89530.24", "89530.00", "0.24", "99.99"]
    assert opcc["figures"]["opcc.remaining_total"] == "383613.17"
    assert opcc["sources"][0]["figure"].endswith("|Expenditure")
