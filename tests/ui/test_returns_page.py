"""Returns page: the preview shows the figures the exported workbook caches; model tester;
export runs off the GUI thread and offers the folder."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt

from db.ledger import Actor, Ledger
from tests.ledgers import copy_sqlite
from ui.qt.context import AppContext
from ui.qt.pages.returns import PreviewModel, ReturnsPage, Role
from ui.usecases.exports import Request, prepare


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    return copy_sqlite(demo_template, tmp_path_factory.mktemp("demo") / "ledger.sqlite")


@pytest.fixture
def page(demo_path: Path, tmp_path: Path, qtbot: Any) -> Iterator[ReturnsPage]:
    led = Ledger(f"sqlite:///{demo_path}", Actor("fiona", "finance"))
    ctx = AppContext(led, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    p = ReturnsPage(ctx)
    qtbot.addWidget(p)
    p.show()
    yield p
    ctx.wait_idle()
    led.dispose()


def _show(page: ReturnsPage, qtbot: Any, ret: str, year: int | None = 2025) -> None:
    page.select_return(ret)
    page.set_scope(None, year)
    qtbot.waitUntil(
        lambda: (
            page.prepared is not None
            and page.prepared.scope.ret == ret
            and page.prepared.scope.year == year
        ),
        timeout=10_000,
    )


def _column(model: PreviewModel, header: str) -> list[str]:
    c = model.headers.index(header)
    return [model.data(model.index(r, c)) for r in range(model.rowCount())]


def test_preview_model_passes_qtmodeltester(demo_path: Path, qtmodeltester: Any) -> None:
    led = Ledger(f"sqlite:///{demo_path}", Actor("fiona", "finance"))
    try:
        model = PreviewModel()
        for ret in ("yj-pooled-budget", "opcc-csp", "variance", "transactions"):
            model.set_prepared(prepare(led, Request(ret, "2025-26")))
            qtmodeltester.check(model)
        model.set_prepared(None)
        qtmodeltester.check(model)
    finally:
        led.dispose()


def test_preview_totals_equal_the_exported_totals(
    page: ReturnsPage, qtbot: Any, tmp_path: Path
) -> None:
    _show(page, qtbot, "opcc-csp")
    model = page.model
    assert model.headers == ("CSP Area", "2025-26 Allocation", "Expenditure to date",
                             "Remaining", "% spent")  # fmt: skip
    last = model.rowCount() - 1
    assert model.data(model.index(last, 0), Role.IS_TOTAL) is True
    # the total row, % spent included (as the printed return shows it)
    assert [model.data(model.index(last, c)) for c in range(5)] == [
        "Total", "£639,675.00", "£256,061.83", "£383,613.17", "40.03%",
    ]  # fmt: skip
    assert _column(model, "Expenditure to date")[5] == "Nil"
    # Charnwood, £0.24 left: never a rounded 100.00%; Melton Mowbray spent it all
    assert _column(model, "% spent")[1] == "99.99%"
    assert _column(model, "Remaining")[1] == "£0.24"
    assert _column(model, "% spent")[7] == "100.00%"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    assert model.data(model.index(0, 1), Role.SORT) == 27181847
    assert "as at 12/06/2026" in page.caption.text()

    out = tmp_path / "opcc.xlsx"
    page.export_view(str(out))
    qtbot.waitUntil(lambda: page.last_path is not None, timeout=10_000)
    assert page.open_button.isEnabled() and not page.progress.isVisible()
    ws = openpyxl.load_workbook(out, data_only=True)["CSP allocations"]
    total = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Total")
    cached = [Decimal(repr(v)).quantize(Decimal("0.01")) for v in total[1:4]]
    assert page.prepared is not None
    assert cached == list(page.prepared.totals.values())
    assert str(out) in page.done_label.text()


def test_each_return_previews(page: ReturnsPage, qtbot: Any) -> None:
    _show(page, qtbot, "yj-pooled-budget")
    assert _column(page.model, "Total")[-1] == "£2,112,649.00"
    assert page.basis.isHidden() and page.by.isHidden()
    _show(page, qtbot, "da-allocations", None)
    assert _column(page.model, "Years")[-2] == "2025-26 to 2026-27"
    _show(page, qtbot, "pmt-income")
    assert not page.basis.isHidden()
    assert (
        "return on council investment 258.89% (£45,400.00 private income, £12,650.00 "
        "invested)" in page.caption.text()
    )
    _show(page, qtbot, "variance")
    assert not page.by.isHidden()
    assert page.model.headers[-2:] == ("RAG", "Commentary")
    _show(page, qtbot, "transactions")
    assert page.prepared is not None and page.prepared.row_count == 182
    assert page.model.rowCount() == 183  # 182 rows and the total
    assert page.default_name() == "transactions-2025-26.xlsx"


def test_returns_page_follows_the_stream_scope_and_titles_it(page: ReturnsPage, qtbot: Any) -> None:
    page.select_return("variance")
    for stream, ret in (("OPCC", "opcc-csp"), ("YJ", "yj-pooled-budget"),
                        ("DA", "da-allocations"), ("PMT", "pmt-income")):  # fmt: skip
        page.set_scope(stream, 2025)
        assert page.current_return() == ret
        assert page.heading.text() == f"Returns — {stream}, 2025-26"
        qtbot.waitUntil(
            lambda ret=ret: page.prepared is not None and page.prepared.scope.ret == ret,
            timeout=10_000,
        )
    page.set_scope("DHR", 2025)  # no return of its own: the chosen return stays
    assert page.current_return() == "pmt-income"
    assert page.heading.text() == "Returns — DHR, 2025-26"
    page.select_return("variance")
    page.set_scope("DHR", 2026)  # a new year, same stream: the user's choice stays
    assert page.current_return() == "variance"
    page.set_scope(None, None)
    assert page.heading.text() == "Returns — All streams, all years"
    item = page.list.item(1)
    assert item.text() == "OPCC allocations to CSPs vs expenditure to date\n(opcc-csp)"


def test_a_stream_with_no_return_of_its_own_gets_its_variance_report(
    page: ReturnsPage, qtbot: Any
) -> None:
    """GHL (a grant stream with no return of its own) chosen while YJ's pooled budget return
    is shown: the page showed YJ's return under "Returns — GHL"; it now shows GHL's variance
    report. A return that fits the stream stays (DHR keeps pmt-income, above)."""
    _show(page, qtbot, "yj-pooled-budget")
    page.set_scope("GHL", 2025)
    qtbot.waitUntil(lambda: page.prepared is not None and page.prepared.scope.stream == "GHL",
                    timeout=10_000)  # fmt: skip
    assert page.prepared is not None
    assert page.prepared.scope.ret == "variance"
    assert page.current_return() == "variance"
    assert page.heading.text() == "Returns — GHL, 2025-26"
    page.select_return("yj-pooled-budget")  # chosen by hand: it stays, on its own stream
    page.set_scope("GHL", 2026)
    qtbot.waitUntil(lambda: page.prepared is not None and page.prepared.scope.year == 2026,
                    timeout=10_000)  # fmt: skip
    assert page.current_return() == "yj-pooled-budget"
