"""One figure everywhere (issue 19): on random ledgers, every figure family — variance, every
registered return, the contracts register and the overview cards — is the same on screen (the
pages' Qt model data), in ``--json`` and in the exported workbook (cached values), to the penny,
on SQLite and on PostgreSQL.

Each example writes a fresh financial year (2001-02, 2002-03, …) into the standard streams of
one ledger, so examples never see each other's rows; every view is scoped to that year.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from PySide6.QtCore import QModelIndex, QSettings, Qt
from sqlalchemy.orm import Session

from db.ledger import Actor, Ledger
from db.schema import (
    StreamMechanism,
)
from fundledger.years import FinancialYear
from tests.ui.one_figure_ledger import (
    CENT,
    FIRST_YEAR,
    D,
    Gen,
    ledger_ids,
    write_year,
    years,
)
from ui.cli import main
from ui.qt.context import AppContext
from ui.qt.models.variance import Col, OverviewCol
from ui.qt.pages.contracts import ContractsPage
from ui.qt.pages.overview import OverviewPage
from ui.qt.pages.returns import ReturnsPage
from ui.qt.pages.variance import VariancePage
from ui.usecases.init import init_ledger
from ui.usecases.returns import find, names
from ui.usecases.variance import today

# --------------------------------------------------------------------------- writing a year


# --------------------------------------------------------------------------- three readings


def shown(text: Any, kind: str = "") -> Any:
    """A cell as the screen shows it, as a value: £ and % to Decimal, dd/mm/yyyy to a date."""
    if text in (None, "", "–"):
        return None
    t = str(text)
    if kind in ("int", "count"):
        return int(t.replace(",", ""))
    if t == "Nil":
        return D("0.00")
    if t.startswith(("£", "-£")):
        return D(t.replace("£", "").replace(",", ""))
    if t.endswith("%") and t[:-1].replace(".", "").replace("-", "").isdigit():
        return D(t[:-1])
    if len(t) == 10 and t[2] == "/" and t[5] == "/":
        return date(int(t[6:]), int(t[3:5]), int(t[:2]))
    return t.lower() if t in ("Green", "Amber", "Red") else t


def from_json(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if value == "Nil":
        return D("0.00")
    if kind in ("money", "money_whole", "percent", "fte") and isinstance(value, str):
        try:
            return D(value)
        except ArithmeticError:
            return value
    if kind == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    return value.lower() if value in ("green", "amber", "red") else value


def from_book(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if value == "Nil":
        return D("0.00")
    if isinstance(value, datetime):
        return value.date()
    if kind == "percent" and isinstance(value, int | float):
        return (D(repr(value)) * 100).quantize(CENT)
    if kind in ("money", "money_whole", "fte") and isinstance(value, int | float):
        return D(repr(value)).quantize(CENT)
    return value.lower() if value in ("Green", "Amber", "Red") else value


def cli_json(url: str, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["--db", url, *args, "--json"]) == 0, capsys.readouterr().err
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    return out


def book_table(path: str, headers: list[str]) -> tuple[list[list[Any]], list[Any]]:
    """The first sheet's table under ``headers``: its data rows and its Total row."""
    ws = openpyxl.load_workbook(path, data_only=True).worksheets[0]
    rows = [list(r)[: len(headers)] for r in ws.iter_rows(values_only=True)]
    head = next(i for i, r in enumerate(rows) if r == headers)
    body = rows[head + 1 :]
    end = next((i for i, r in enumerate(body) if r[0] == "Total"), len(body))
    return body[:end], (body[end] if end < len(body) else [])


# --------------------------------------------------------------------------- the checks


def check_return(page: ReturnsPage, qtbot: Any, url: str, capsys: Any, tmp: Path, ret: str,
                 year: int) -> None:  # fmt: skip
    d = find(ret)
    assert d is not None
    stream = None if d.applies.stream else "DA"
    page.set_scope(stream, year)
    page.select_return(ret)
    qtbot.waitUntil(lambda: page.prepared is not None and page.prepared.scope.ret == ret
                    and page.prepared.scope.year == year, timeout=30_000)  # fmt: skip
    out = str(tmp / f"{ret}.xlsx")
    args = ["export", ret, "--out", out, "--year", FinancialYear(year).code]
    got = cli_json(url, capsys, *args, *(["--stream", stream] if stream else []))
    kinds = [c["kind"] for c in got["table"]["columns"]]
    headers = [c["header"] for c in got["table"]["columns"]]
    m = page.model
    assert list(m.headers) == headers, ret
    screen = [[shown(m.data(m.index(r, c)), kinds[c]) for c in range(len(headers))]
              for r in range(m.rowCount())]  # fmt: skip
    wire = [[from_json(v, kinds[i]) for i, v in enumerate(r)] for r in got["table"]["rows"]]
    body, total = book_table(out, headers)
    book = [[from_book(v, kinds[i]) for i, v in enumerate(r)] for r in body]
    n = len(wire)
    assert screen[:n] == wire, ret
    if ret != "transactions":  # the listing's Total row is in the workbook only
        assert book == wire, ret
    screen_total = screen[n] if len(screen) > n else []
    json_total: list[Decimal | None] = [None] * len(headers)
    for h, v in got["table"]["totals"].items():
        json_total[headers.index(h)] = D(v)
    for h, v in got["table"]["total_extra"].items():
        json_total[headers.index(h)] = from_json(v, kinds[headers.index(h)])
    for i, v in enumerate(json_total):
        if v is None:
            continue
        assert screen_total[i] == v, (ret, headers[i])
        if total:
            assert from_book(total[i], kinds[i]) == v, (ret, headers[i])


VAR_COLS = {
    Col.ORIGINAL: "original", Col.VIREMENTS: "virements", Col.REVISED: "revised",
    Col.COMMITTED: "committed", Col.ACTUAL: "actual", Col.AVAILABLE: "available",
    Col.FORECAST: "forecast", Col.FORECAST_VARIANCE: "forecast_variance",
    Col.PCT: "pct_spent", Col.RAG: "rag",
}  # fmt: skip
BOOK_COLS = {"original": 3, "virements": 4, "revised": 5, "committed": 6, "actual": 7,
             "available": 8, "forecast": 9, "forecast_variance": 10, "pct_spent": 11, "rag": 12}  # fmt: skip


def _children(model: Any, parent: QModelIndex) -> list[QModelIndex]:
    return [model.index(r, 0, parent) for r in range(model.rowCount(parent))]


def check_variance(page: VariancePage, qtbot: Any, url: str, capsys: Any, tmp: Path,
                   year: int) -> None:  # fmt: skip
    page.set_scope("DA", year)
    qtbot.waitUntil(lambda: page.data is not None and page.data.report.year == year
                    and page.data.report.stream == "DA", timeout=30_000)  # fmt: skip
    code = FinancialYear(year).code
    got = cli_json(url, capsys, "variance", "--year", code, "--stream", "DA")
    out = str(tmp / "variance.xlsx")
    cli_json(url, capsys, "export", "variance", "--year", code, "--stream", "DA", "--out", out)
    m = page.model
    (stream,) = _children(m, QModelIndex())
    (year_node,) = _children(m, stream)
    screen = {m.data(i): {k: shown(m.data(i.siblingAtColumn(c))) for c, k in VAR_COLS.items()}
              for i in _children(m, year_node)}  # fmt: skip
    wire = {r["key"]: {k: from_json(r[k], "percent" if k == "pct_spent" else "money")
                       for k in VAR_COLS.values()} for r in got["rows"]}  # fmt: skip
    assert screen == wire
    headers = ["Stream", "Year", "Budget line"]
    ws = openpyxl.load_workbook(out, data_only=True).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head = next(i for i, r in enumerate(rows) if r[:3] == headers)
    book = {r[2]: {k: from_book(r[c], "percent" if k == "pct_spent" else "money")
                   for k, c in BOOK_COLS.items()}
            for r in rows[head + 1 :] if r[0] not in (None, "Total")}  # fmt: skip
    assert book == wire
    totals = {k: shown(m.data(year_node.siblingAtColumn(c))) for c, k in VAR_COLS.items()}
    want = {k: from_json(got["totals"][k], "percent" if k == "pct_spent" else "money")
            for k in VAR_COLS.values()}  # fmt: skip
    assert totals == want
    total_row = next(r for r in rows if r[0] == "Total")
    for k in ("original", "revised", "committed", "actual", "available", "pct_spent"):
        assert from_book(total_row[BOOK_COLS[k]], "percent" if k == "pct_spent" else "money") \
            == want[k], k  # fmt: skip
    if want["forecast"] is not None:
        assert from_book(total_row[BOOK_COLS["forecast"]], "money") == want["forecast"]


def check_contracts(page: ContractsPage, qtbot: Any, url: str, capsys: Any, tmp: Path,
                    year: int, n: int) -> None:  # fmt: skip
    page.set_scope("DA", None)
    page.refresh()  # the rows were written behind the app's back: no ledger_changed
    mine = {f"Service {year}/{i}" for i in range(n)}
    qtbot.waitUntil(lambda: mine <= {r.service for r in page.model.rows}, timeout=30_000)
    m = page.model
    heads = [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())]
    cols = {h: heads.index(h) for h in ("Service", "Value", "Invoiced", "Remaining")}
    screen = {}
    for r in range(m.rowCount()):
        service = m.data(m.index(r, cols["Service"]))
        if service in mine:
            screen[service] = [shown(m.data(m.index(r, cols[h])))
                               for h in ("Value", "Invoiced", "Remaining")]  # fmt: skip
    out = str(tmp / "contracts.xlsx")
    got = cli_json(url, capsys, "export", "contracts-register", "--stream", "DA", "--year",
                   FinancialYear(year).code, "--out", out)  # fmt: skip
    headers = [c["header"] for c in got["table"]["columns"]]
    idx = [headers.index(h) for h in ("Cost", "Invoiced", "Remaining")]
    wire = {r[0]: [D(r[i]) for i in idx] for r in got["table"]["rows"] if r[0] in mine}
    body, _total = book_table(out, headers)
    book = {r[0]: [from_book(r[i], "money") for i in idx] for r in body if r[0] in mine}
    assert screen == wire == book


def check_overview(page: OverviewPage, qtbot: Any, url: str, capsys: Any, year: int) -> None:
    page.set_scope(None, year)
    qtbot.waitUntil(lambda: bool(page.model.cards)
                    and page.model.cards[0].row.year == year, timeout=30_000)  # fmt: skip
    m = page.model
    cols = {OverviewCol.REVISED: "revised", OverviewCol.COMMITTED: "committed",
            OverviewCol.ACTUAL: "actual", OverviewCol.AVAILABLE: "available",
            OverviewCol.PCT: "pct_spent", OverviewCol.RAG: "rag"}  # fmt: skip
    for r, card in enumerate(m.cards):
        if card.row.year != year:
            continue
        got = cli_json(url, capsys, "variance", "--year", FinancialYear(year).code, "--stream",
                       card.row.stream)["totals"]  # fmt: skip
        screen = {k: shown(m.data(m.index(r, c))) for c, k in cols.items()}
        wire = {k: from_json(got[k], "percent" if k == "pct_spent" else "money")
                for k in cols.values()}  # fmt: skip
        assert screen == wire, card.row.stream


# --------------------------------------------------------------------------- the property


@dataclass
class Views:
    url: str
    led: Ledger
    ctx: AppContext
    returns: ReturnsPage
    variance: VariancePage
    contracts: ContractsPage
    overview: OverviewPage
    years: Iterator[int]


def _views(url: str, tmp: Path, qtbot: Any) -> Views:
    led = init_ledger(url)
    with Session(led.engine) as s, s.begin():
        s.add(StreamMechanism(stream_id=ledger_ids(s)["DA"], from_year=2000, mechanism="grant",
                              created_by="t"))  # fmt: skip
    led.actor = Actor("fiona", "finance")
    ctx = AppContext(led, QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    pages = (ReturnsPage(ctx), VariancePage(ctx), ContractsPage(ctx), OverviewPage(ctx))
    for p in pages:
        qtbot.addWidget(p)
        p.show()
    return Views(url, led, ctx, *pages, itertools.count(FIRST_YEAR))


def check_year(v: Views, g: Gen, qtbot: Any, capsys: Any, tmp: Path) -> None:
    year = next(v.years)
    assert FinancialYear(year).end < today()
    write_year(v.led, year, g)
    for ret in names():
        check_return(v.returns, qtbot, v.url, capsys, tmp, ret, year)
    check_variance(v.variance, qtbot, v.url, capsys, tmp, year)
    check_contracts(v.contracts, qtbot, v.url, capsys, tmp, year, len(g.contracts))
    check_overview(v.overview, qtbot, v.url, capsys, year)


PROPERTY = settings(
    max_examples=6,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_one_figure_everywhere_on_sqlite(
    tmp_path: Path, qtbot: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    v = _views(f"sqlite:///{tmp_path / 'ledger.sqlite'}", tmp_path, qtbot)

    @PROPERTY
    @given(years())
    def each(g: Gen) -> None:
        check_year(v, g, qtbot, capsys, tmp_path)

    try:
        each()
    finally:
        v.ctx.wait_idle()
        v.led.dispose()


@pytest.mark.postgres
def test_one_figure_everywhere_on_postgresql(
    pg_url: str, tmp_path: Path, qtbot: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    v = _views(pg_url, tmp_path, qtbot)

    @settings(PROPERTY, max_examples=3)
    @given(years())
    def each(g: Gen) -> None:
        check_year(v, g, qtbot, capsys, tmp_path)

    try:
        each()
    finally:
        v.ctx.wait_idle()
        v.led.dispose()
