"""A return is its module plus one registration: a dummy return registered in a test is offered
by ``export`` (help, run, ``--json``) and on the Returns page; registering one twice fails."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt

from db.ledger import Actor, Ledger
from tests.registry.dummy_return import DUMMY, build
from ui.cli import main
from ui.qt.context import AppContext
from ui.qt.pages.returns import ReturnsPage
from ui.usecases import returns
from ui.usecases.init import init_ledger
from ui.usecases.returns import (
    Applies,
    DuplicateReturn,
    ReturnDef,
    register,
    registered,
)


@pytest.fixture(scope="module")
def ledger_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reg") / "ledger.sqlite"
    init_ledger(str(path)).dispose()
    return path


def test_a_registered_return_is_offered_by_export(
    ledger_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with registered(DUMMY):
        with pytest.raises(SystemExit):
            main(["export", "--help"])
        assert "stream-weights" in capsys.readouterr().out
        out = tmp_path / "w.xlsx"
        code = main(["--db", str(ledger_path), "export", "stream-weights", "--out", str(out),
                     "--json"])  # fmt: skip
        got = capsys.readouterr().out
        assert code == 0
        data = json.loads(got)
        assert data["totals"] == {"Weight": "6.25"}  # DA, DHR, OPCC, PMT, YJ
        assert data["table"]["rows"][0] == ["DA", "1.25"]
        assert data["figures"]["weights.total"] == "6.25"
        ws = openpyxl.load_workbook(out, data_only=True)["Weights"]
        assert [c.value for c in ws[5]] == ["Stream", "Weight"]
        assert [c.value for c in ws[11]] == ["Total", 6.25]
    code = main(["--db", str(ledger_path), "export", "stream-weights", "--out", str(out)])
    assert code == 2
    assert "unknown return 'stream-weights'" in capsys.readouterr().err


@pytest.fixture
def ctx(ledger_path: Path, tmp_path: Path) -> Iterator[AppContext]:
    led = Ledger(f"sqlite:///{ledger_path}", Actor("fiona", "finance"))
    c = AppContext(led, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    yield c
    c.wait_idle()
    led.dispose()


def test_a_registered_return_is_on_the_returns_page(ctx: AppContext, qtbot: Any) -> None:
    with registered(DUMMY):
        page = ReturnsPage(ctx)
        qtbot.addWidget(page)
        items = [page.list.item(i) for i in range(page.list.count())]
        assert [i.data(Qt.ItemDataRole.UserRole) for i in items][-1] == "stream-weights"
        assert items[-1].text() == "Each stream weighed (a test return)\n(stream-weights)"
        page.show()
        page.select_return("stream-weights")
        page.set_scope(None, None)
        qtbot.waitUntil(lambda: page.prepared is not None
                        and page.prepared.scope.ret == "stream-weights", timeout=10_000)  # fmt: skip
        m = page.model
        assert [m.data(m.index(r, 0)) for r in range(m.rowCount())][-2:] == ["YJ", "Total"]
        assert m.data(m.index(m.rowCount() - 1, 1)) == "£6.25"
    assert "stream-weights" not in returns.names()


def test_a_return_registered_twice_is_refused() -> None:
    with pytest.raises(DuplicateReturn, match="return 'opcc-csp' is registered twice"):
        register(returns.opcc.DEFINITION)
    clash = ReturnDef("opcc-again", "Another OPCC return", build, figure_prefix="opcc")
    with pytest.raises(DuplicateReturn, match="'opcc-csp' and 'opcc-again' both use the "
                       "figure prefix 'opcc'"):  # fmt: skip
        register(clash)
    assert returns.names() == (
        "yj-pooled-budget", "opcc-csp", "da-allocations", "da-spend-plan", "pmt-income",
        "contracts-register", "variance", "transactions",
    )  # fmt: skip


def test_a_return_for_a_kind_of_stream_refuses_another_kind(
    ledger_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pooled_only = ReturnDef("pooled-weights", "Pooled streams weighed", build,
                            applies=Applies(frozenset({"pooled"})))  # fmt: skip
    with registered(pooled_only):
        out = str(tmp_path / "p.xlsx")
        assert main(["--db", str(ledger_path), "export", "pooled-weights", "--out", out,
                     "--stream", "PMT"]) == 2  # fmt: skip
        assert capsys.readouterr().err.strip() == (
            "fundledger export: --stream: PMT is an income stream; pooled-weights reports on "
            "pooled streams"
        )
        assert main(["--db", str(ledger_path), "export", "pooled-weights", "--out", out]) == 2
        assert capsys.readouterr().err.strip() == (
            "fundledger export: pooled-weights: choose a stream (pooled)"
        )
        assert main(["--db", str(ledger_path), "export", "pooled-weights", "--out", out,
                     "--stream", "YJ"]) == 0  # fmt: skip


def test_the_stream_in_scope_is_used_where_its_fund_type_fits(ledger_path: Path) -> None:
    from ui.usecases.exports import ExportInputError, Request, resolve

    led = Ledger(f"sqlite:///{ledger_path}", Actor("fiona", "finance"))
    try:
        with led.read() as s:
            # DA (a grant) in scope: the pooled budget reports on YJ, the spend plan on DA
            pooled = resolve(s, Request("yj-pooled-budget", "2025-26", "DA", from_scope=True))
            plan = resolve(s, Request("da-spend-plan", "2025-26", "DA", from_scope=True))
            assert (pooled.stream, plan.stream) == ("YJ", "DA")
            with pytest.raises(ExportInputError, match="DA is a grant stream; yj-pooled-budget "
                               "reports on pooled streams"):  # fmt: skip
                resolve(s, Request("yj-pooled-budget", "2025-26", "DA"))
    finally:
        led.dispose()
