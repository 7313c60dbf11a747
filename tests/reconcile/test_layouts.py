"""The same GL statement in another layout reconciles to the same result: debit and credit
columns (credits in brackets), the cost centre only as a segment of an account string
("LCC.LC4410.5210"), dates as text, a totals row (openpyxl writes no cached formula values, so
the totals are numbers), rows in another order."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from tests.reconcile.recon_samples import build_template, gl_rows
from ui.cli import main


def build_other_layout(samples: Path, out: Path) -> Path:
    rows = sorted(gl_rows(samples), key=lambda r: (r.cost_centre, r.date, r.reference))
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Ledger listing"
    ws.append(["Leicestershire County Council — ledger enquiry"])
    ws.append(["Run on 14/10/2025 by Finance Systems"])
    ws.append([])
    ws.append(["Posting Date", "Account", "Period", "Payee", "Document No", "Narrative",
               "Debit", "Credit"])  # fmt: skip
    for n, r in enumerate(rows):
        debit = credit = None
        if r.amount >= 0:
            debit = f"{r.amount:,.2f}" if n % 2 else float(r.amount)
        else:
            credit = f"({-r.amount:,.2f})" if n % 2 else float(-r.amount)
        ws.append([r.date.strftime("%d/%m/%Y"), f"LCC.{r.cost_centre}.{r.account}",
                   f"{r.year}/{(r.year + 1) % 100:02d} P{r.period:02d}", r.supplier,
                   r.reference, r.description, debit, credit])  # fmt: skip
    dr = sum(r.amount for r in rows if r.amount >= 0)
    cr = -sum(r.amount for r in rows if r.amount < 0)
    ws.append(["Total", None, None, None, None, None, float(dr), float(cr)])  # checked, not data
    wb.save(out)
    return out


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from tests.conftest import SAMPLES

    d = tmp_path_factory.mktemp("layout")
    gl = build_other_layout(SAMPLES, d / "gl-debit-credit.xlsx")
    return str(build_template(d / "ledger.sqlite", SAMPLES, gl))


def test_other_layout_reconciles_to_the_same_result(db: str, samples: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    expected = json.loads((samples / "expected.json").read_text())["reconciliation"]
    assert main(["--db", db, "--user", "fo", "reconcile", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["matched"] == expected["matched"] == 92
    assert sorted(i["ref"] for i in got["ledger_only"]) == expected["in_ledger_not_in_gl"]
    assert got["statement_only"] == [
        {"ref": "JNL-25-0412", "date": "2025-04-07", "amount": "-5208.33"},
        {"ref": "INV-TUR-202504-0012", "date": "2025-05-14", "amount": "1950.00"},
        {"ref": "JNL-25-0951", "date": "2025-06-30", "amount": "126018.50"},
        {"ref": "JNL-25-1102", "date": "2025-07-31", "amount": "-27892.50"},
    ]
    assert (got["statement_total"], got["ledger_total"], got["difference"]) == (
        "476145.47", "400472.19", expected["difference_gl_minus_ledger"],
    )  # fmt: skip


def test_other_layout_lines_are_stored_like_the_original(db: str) -> None:
    from sqlalchemy import func, select

    from db.schema import StatementLine
    from ui.usecases.session import open_ledger

    led = open_ledger(db)
    try:
        with led.read() as s:
            by_cc = dict(
                s.execute(
                    select(StatementLine.cost_centre, func.count()).group_by(
                        StatementLine.cost_centre
                    )
                ).all()
            )
            jnl = s.execute(
                select(StatementLine).where(StatementLine.reference == "JNL-25-1102")
            ).scalar_one()
            got = (str(jnl.amount), jnl.account, jnl.posted_on.isoformat(), jnl.period)
    finally:
        led.dispose()
    assert by_cc == {"LC4410": 63, "LC4470": 9, "LC5120": 24}
    assert got == (
        "-27892.50", "LCC.LC5120.9200", "2025-07-31", 4,
    )  # fmt: skip


def test_overlapping_extract_in_another_layout_adds_only_new_lines(
    tmp_path: Path, samples: Path
) -> None:
    from ui.usecases.imports import import_file

    db = build_template(tmp_path / "ledger.sqlite", samples)  # the original layout, imported
    rows = gl_rows(samples)
    new = rows[-1].__class__(**{**rows[-1].__dict__, "reference": "JNL-25-1300", "supplier": None,
                                "description": "Accrual reversal"})  # fmt: skip
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Posting Date", "Account", "Payee", "Document No", "Narrative", "Debit", "Credit"])
    for r in [*rows[40:], new]:  # P04–P07 again, plus one line not held yet
        dr, cr = (float(r.amount), None) if r.amount >= 0 else (None, float(-r.amount))
        ws.append([r.date.strftime("%d/%m/%Y"), f"LCC.{r.cost_centre}.{r.account}", r.supplier,
                   r.reference, r.description, dr, cr])  # fmt: skip
    wb.save(tmp_path / "gl-p04-p07.xlsx")
    from db.ledger import Actor
    from tests.reconcile.recon_samples import copy_ledger

    led = copy_ledger(db, tmp_path / "copy.sqlite", Actor("fo", "finance"))
    try:
        res = import_file(led, "gl", tmp_path / "gl-p04-p07.xlsx")
        assert res.ok, res.to_json()
        assert (res.rows_read, res.imported, res.duplicates, str(res.total)) == (
            57, 1, 56, str(new.amount),
        )  # fmt: skip
    finally:
        led.dispose()
