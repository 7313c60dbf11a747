"""The variance workbook carries the page's forecast, forecast variance and commentary, and its
Rows sheet lists the transactions, contract commitments and forecasts behind each row: per row,
the rows listed add up to the figure in the row's cell, to the penny."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from db.ledger import Ledger
from ui.usecases.demo import load_demo
from ui.usecases.exports import Request, export_return
from ui.usecases.init import init_ledger
from ui.usecases.variance import VarianceGroup, grouped, variance_report

D = Decimal
AS_AT = "12/06/2026"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    led = init_ledger(str(tmp_path_factory.mktemp("vw") / "ledger.sqlite"), "jsmith")
    load_demo(led)
    yield led
    led.dispose()


def _money(v: Any) -> Decimal | None:
    return None if v is None else Decimal(repr(v)).quantize(D("0.01"))


def _sheets(path: Path) -> tuple[dict[str, list[Any]], dict[str, dict[str, Decimal]]]:
    """(variance rows by 'stream|year|key', Rows-sheet sums by key then figure)."""
    wb = openpyxl.load_workbook(path, data_only=True)
    rows = [list(r) for r in wb["Variance"].iter_rows(values_only=True)]
    head = next(i for i, r in enumerate(rows) if r[0] == "Stream")
    body = {f"{r[0]}|{r[1]}|{r[2]}": r for r in rows[head + 1 :] if r[0] not in (None, "Total")}
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: D("0.00")))
    listed = [list(r) for r in wb["Rows"].iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(listed) if r[0] == "Figure")
    for figure, _cell, _src, _on, _ref, _text, amount in listed[start + 1 :]:
        key, _, family = figure.rpartition("|")
        sums[key][family] += _money(amount) or D("0.00")
    return body, sums


def test_da_forecast_total_is_the_pages(demo: Ledger, tmp_path: Path) -> None:
    done = export_return(demo, Request("variance", "2025-26", "DA", as_at=AS_AT),
                         tmp_path / "v.xlsx")  # fmt: skip
    page = grouped(variance_report(demo, year=2025, stream="DA", as_at=done.prepared.scope.as_at))
    year = page[0].children[0]
    assert isinstance(year, VarianceGroup)
    year_row = year.row
    assert year_row.figures.forecast == D("1242720.00")  # lines without one at revised
    assert done.totals["Forecast"] == year_row.figures.forecast
    assert done.totals["Forecast variance"] == year_row.figures.forecast_variance == D("0.00")
    ws = openpyxl.load_workbook(done.path, data_only=True)["Variance"]
    total = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Total")
    assert _money(total[9]) == D("1242720.00")
    # a line with a forecast shows it; one without shows none (as on the page)
    body, _ = _sheets(done.path)
    outreach = body["DA|2025-26|Outreach worker x2"]
    # revised, committed, actual, available, forecast, forecast variance
    assert [_money(v) for v in outreach[5:11]] == [D("74000.00"), D("24666.64"), D("49333.36"),
                                                   D("0.00"), D("86000.00"), D("-12000.00")]  # fmt: skip
    assert body["DA|2025-26|BAME advisor"][9:11] == [None, None]


@pytest.mark.parametrize(
    ("stream", "by"), [("DA", "line"), ("OPCC", "area"), ("DA", "period"), ("DA", "partner")]
)
def test_rows_sheet_adds_up_to_each_figure(
    demo: Ledger, tmp_path: Path, stream: str, by: str
) -> None:
    done = export_return(demo, Request("variance", "2025-26", stream, by, AS_AT),
                         tmp_path / "v.xlsx")  # fmt: skip
    body, sums = _sheets(done.path)
    assert body
    pooled = {r.key for r in variance_report(demo, year=2025, stream=stream, by="partner",
                                             as_at=done.prepared.scope.as_at).rows}  # fmt: skip
    checked = 0
    for key, row in body.items():
        listed = sums.get(key, {})
        if by == "partner" and key.split("|")[2] in pooled and not listed:
            continue  # a pooled line's share: no one ledger row is behind it
        assert listed.get("actual", D("0.00")) == _money(row[7]), key
        if by not in ("quarter", "period"):
            assert listed.get("committed", D("0.00")) == _money(row[6]), key
            if row[9] is not None and by == "line":
                assert listed["forecast"] == _money(row[9]), key
        checked += 1
    assert checked


def test_rows_sheet_names_each_kind_of_source(demo: Ledger, tmp_path: Path) -> None:
    done = export_return(demo, Request("variance", "2025-26", "DA", as_at=AS_AT),
                         tmp_path / "v.xlsx")  # fmt: skip
    wb = openpyxl.load_workbook(done.path, data_only=True)
    listed = [r for r in wb["Rows"].iter_rows(values_only=True)]
    kinds = {str(r[2]).split(" ")[0] for r in listed[6:] if r[2]}
    assert kinds >= {"transaction", "contract", "forecast"}
    outreach = [r for r in listed if r[0] == "DA|2025-26|Outreach worker x2|forecast"]
    assert len(outreach) == 1
    ws = wb["Variance"]
    row = next(c.row for c in ws["C"] if c.value == "Outreach worker x2")
    assert outreach[0][1] == f"'Variance'!J{row}"
    assert ws[f"J{row}"].value == 86000
    assert _money(outreach[0][6]) == D("86000.00")
    assert listed[0][0] == "Rows behind each figure"


@pytest.mark.parametrize(("stream", "by"), [("DA", "line"), ("OPCC", "area"), (None, "line")])
def test_total_row_carries_the_scopes_rag(
    demo: Ledger, tmp_path: Path, stream: str | None, by: str
) -> None:
    """The Total row's RAG is the scope's, as the Variance page and ``variance --json`` show
    it (it was left blank while every line's RAG was written)."""
    done = export_return(demo, Request("variance", "2025-26", stream, by=by, as_at=AS_AT),
                         tmp_path / "v.xlsx")  # fmt: skip
    report = variance_report(demo, year=2025, stream=stream, by=by,
                             as_at=done.prepared.scope.as_at)  # fmt: skip
    want = report.totals.rag.status
    assert want in ("green", "amber", "red")
    table = done.prepared.table
    assert table.total_row()[table.index("RAG")] == want  # the preview's total row
    ws = openpyxl.load_workbook(done.path)["Variance"]
    total = next(r for r in ws.iter_rows() if r[0].value == "Total")
    cell = total[table.index("RAG")]
    assert cell.value == want.capitalize()
    assert cell.font.b
    assert cell.fill.fgColor.rgb == {"green": "FFC6EFCE", "amber": "FFFFEB9C",
                                     "red": "FFFFC7CE"}[want]  # fmt: skip
