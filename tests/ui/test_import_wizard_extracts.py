"""The wizard on a council-wide CSV extract: the preview (off the GUI thread) offers to skip
the rows of cost centres the ledger does not hold, the problems save as a workbook, and the
import then writes the ledger's rows only.  The mapping page lists repeated headers as
separate columns and maps by position."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QSettings

from db.ledger import Actor, Ledger
from tests.cli.test_import_extracts import _extract
from ui.qt.context import AppContext


@pytest.fixture
def ctx(ledger: Ledger, tmp_path: Path, qtbot: Any) -> Any:
    ledger.actor = Actor("fiona", "finance")
    c = AppContext(ledger, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    yield c
    c.wait_idle()


def _to_preview(ctx: AppContext, qtbot: Any, path: Path) -> Any:
    from ui.qt.dialogs.import_wizard import ImportWizard

    wiz = ImportWizard(ctx, None, ["DA", "OPCC", "YJ"])
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.file_page.path.setText(str(path))
    for page in (wiz.sheet_page, wiz.mapping_page, wiz.preview_page):
        wiz.next()
        qtbot.waitUntil(lambda p=page: not p.busy.running and p.isVisible(), timeout=30_000)
    qtbot.waitUntil(lambda: wiz.preview_page.checked is not None, timeout=30_000)
    return wiz


def test_skip_the_rows_outside_the_ledger_and_save_the_problems(
    ctx: AppContext, qtbot: Any, tmp_path: Path
) -> None:
    wiz = _to_preview(ctx, qtbot, _extract(tmp_path))
    page = wiz.preview_page
    assert page.checked.errors and not page.isComplete()
    assert page.outside.isVisible()
    assert (
        page.outside.text() == "Skip the 1,812 rows of 897 cost centres this ledger does not hold"
    )
    assert (
        page.problems.text()
        .splitlines()[0]
        .endswith(
            "add them to the ledger's cost centres, leave their rows out (tick “Skip the rows…” "
            "above), or map the cost centre to another column (Back, to “Map the columns”)"
        )
    )
    saved = tmp_path / "problems.xlsx"
    wiz.save_errors(page.checked, str(saved))
    assert ctx.wait_idle()
    book = openpyxl.load_workbook(saved, read_only=True)
    try:
        rows = [
            r for r in book["Problems"].iter_rows(values_only=True) if r and r[0] == "extract.csv"
        ]
    finally:
        book.close()
    assert len(rows) == 1_812
    assert rows[0][1:5] == ("B2", 2, "Cost Centre", "X0001")
    page.outside.setChecked(True)
    qtbot.waitUntil(lambda: page.checked is not None and page.checked.outside is not None,
                    timeout=30_000)  # fmt: skip
    assert page.isComplete()
    assert page.outside.text() == (
        "Skip the 1,812 rows of 897 cost centres this ledger does not hold (£1,812.00)"
    )
    wiz.next()
    qtbot.waitUntil(lambda: wiz.currentPage() is wiz.result_page, timeout=30_000)
    assert wiz.outcome is not None and wiz.outcome.imported == 15
    assert wiz.outcome.total == Decimal("150.00")


def test_repeated_headers_are_separate_choices(ctx: AppContext, qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text(
        "Date,Cost Centre Code,Cost Centre Code,Amount\n01/05/2025,LC4410,Domestic abuse,5.00\n"
    )
    from ui.qt.dialogs.import_wizard import ImportWizard

    wiz = ImportWizard(ctx, None, [])
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.file_page.path.setText(str(path))
    wiz.next()
    qtbot.waitUntil(wiz.sheet_page.isComplete, timeout=30_000)
    wiz.next()
    qtbot.waitUntil(wiz.mapping_page.isComplete, timeout=30_000)
    model = wiz.mapping_page.model
    assert model.headers == [
        "A — Date", "B — Cost Centre Code", "C — Cost Centre Code", "D — Amount",
    ]  # fmt: skip
    row = model.fields.index("cost_centre")
    assert model.index(row, 1).data() == "(not mapped)"
    assert "2 columns with the same heading for cost centre" in wiz.mapping_page.info.text()
    assert model.setData(model.index(row, 1), "B — Cost Centre Code")
    wiz.next()
    qtbot.waitUntil(lambda: wiz.preview_page.checked is not None, timeout=30_000)
    r = wiz.preview_page.checked
    assert r is not None
    assert (r.errors, r.imported, dict(r.by_stream)) == ((), 1, {"DA": Decimal("5.00")})


def test_the_skip_offer_is_shown_whole(ctx: AppContext, qtbot: Any, tmp_path: Path) -> None:
    """The offer to skip the rows outside the ledger reads in full at the wizard's usual
    width (beside the three buttons it was cut off at "… cost centres this le")."""
    wiz = _to_preview(ctx, qtbot, _extract(tmp_path))
    wiz.resize(1100, 760)
    page = wiz.preview_page
    qtbot.waitUntil(lambda: page.outside.isVisible(), timeout=10_000)
    qtbot.wait(50)
    assert page.outside.width() >= page.outside.sizeHint().width()
