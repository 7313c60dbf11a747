"""The import-kind registry: one record per kind that the command line, the use case, the
wizard and the imports page all read.  A dummy kind registered here (its own module plus one
registration) is offered everywhere; a kind registered twice, or a list naming a kind that is
not registered, fails."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from db.ledger import Actor, Ledger
from importers.kinds import PARSERS
from tests.registry import dummy_kind
from ui.cli import main
from ui.usecases.import_kinds import REGISTRY, DuplicateKind, Option, Registry
from ui.usecases.imports import import_file

ROOT = Path(__file__).resolve().parents[2]
BUILT_IN = ("transactions", "gl", "allocations", "budget-lines", "contracts", "contributions",
            "income")  # fmt: skip


@pytest.fixture
def dummy() -> Iterator[None]:
    yield from dummy_kind.registered()


@pytest.fixture
def readings(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Meter readings, Q1"])
    ws.append(["Reading date", "Meter ID", "Charge"])
    ws.append([date(2025, 4, 3), "M-001", 120.5])
    ws.append([date(2025, 5, 3), "M-002", 99.99])
    path = tmp_path / "readings.xlsx"
    wb.save(path)
    return path


def test_the_built_in_kinds_in_the_order_offered() -> None:
    assert REGISTRY.names() == BUILT_IN


def test_a_kind_registered_twice_is_refused() -> None:
    reg = Registry()
    reg.register(dummy_kind.KIND)
    with pytest.raises(DuplicateKind, match="import kind 'meter-readings' is registered twice"):
        reg.register(dummy_kind.KIND)
    with pytest.raises(DuplicateKind):
        REGISTRY.register(REGISTRY.get("transactions"))


def test_every_listed_kind_is_registered() -> None:
    # each built-in parser has exactly one kind, of its own name
    assert sorted(PARSERS) == sorted(REGISTRY.names())
    for kind in REGISTRY:
        assert kind.fields, kind.name
        assert kind.label and kind.short and kind.help and kind.description
    # the command-line reference lists exactly the registered kinds (regenerate docs/cli.md)
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = text.split("## `fundledger import`", 1)[1].split("\n## ", 1)[0]
    kinds = section.split("kinds:\n", 1)[1].split("```", 1)[0]
    assert re.findall(r"^  ([a-z-]+)  ", kinds, flags=re.M) == list(BUILT_IN)


def test_the_imports_page_names_every_registered_kind(dummy: None) -> None:
    from ui.qt.pages.imports import kind_name

    assert [kind_name(k) for k in REGISTRY.names()] == [
        "Transactions", "GL extract", "Allocations", "Budget lines", "Contracts",
        "Contributions", "Income", "Meter readings",
    ]  # fmt: skip
    assert kind_name("synthetic") == "Synthetic"


def test_the_cli_offers_a_registered_kind(
    dummy: None, readings: Path, ledger: Ledger, ledger_path: Path, capsys: Any
) -> None:
    with pytest.raises(SystemExit):
        main(["--db", str(ledger_path), "import", "--help"])
    help_text = capsys.readouterr().out
    assert "  meter-readings  meter readings (a kind registered by a test)\n" in help_text
    code = main(["--db", str(ledger_path), "import", "meter-readings", str(readings), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (out["kind"], out["rows_read"], out["imported"], out["total"]) == (
        "meter-readings", 2, 2, "220.49",
    )  # fmt: skip
    assert out["mapping"] == {
        "date": {"column": "A", "header": "Reading date"},
        "meter": {"column": "B", "header": "Meter ID"},
        "amount": {"column": "C", "header": "Charge"},
    }
    assert [(r.row, r.meter, r.amount) for r in dummy_kind.WRITTEN] == [
        (3, "M-001", Decimal("120.50")),
        (4, "M-002", Decimal("99.99")),
    ]


def test_an_unregistered_kind_is_refused_by_name(ledger: Ledger, readings: Path) -> None:
    ledger.actor = Actor("fiona", "finance")
    result = import_file(ledger, "meter-readings", readings, dry_run=True)
    assert [e.reason for e in result.errors] == [
        "unknown import kind 'meter-readings': one of " + ", ".join(BUILT_IN)
    ]


def test_the_wizard_offers_a_registered_kind(
    dummy: None, readings: Path, ledger: Ledger, tmp_path: Path, qtbot: Any
) -> None:
    from PySide6.QtCore import QSettings

    from ui.qt.context import AppContext
    from ui.qt.dialogs.import_wizard import ImportWizard

    ledger.actor = Actor("fiona", "finance")
    ctx = AppContext(ledger, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    wiz = ImportWizard(ctx, None, ["DA"])
    qtbot.addWidget(wiz)
    fp = wiz.file_page
    labels = [fp.kind.itemText(i) for i in range(fp.kind.count())]
    assert labels[-1] == dummy_kind.LABEL
    assert labels[0] == "Transactions (spend, credit notes)"
    fp.kind.setCurrentIndex(fp.kind.findData("meter-readings"))
    fp.path.setText(str(readings))
    wiz.show()
    wiz.next()  # sheet
    qtbot.waitUntil(lambda: wiz.sheet_page.isComplete(), timeout=10_000)
    wiz.next()  # mapping
    qtbot.waitUntil(lambda: bool(wiz.mapping_page.model.fields), timeout=10_000)
    assert wiz.mapping_page.model.fields == ["date", "meter", "amount"]
    wiz.next()  # preview
    qtbot.waitUntil(lambda: wiz.preview_page.checked is not None, timeout=10_000)
    assert wiz.preview_page.model.rowCount() == 2
    assert Option.YEAR in REGISTRY.get("meter-readings").options
    ctx.wait_idle()
