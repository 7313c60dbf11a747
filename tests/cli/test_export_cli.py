"""``fundledger export``: JSON output, exit 2 with nothing written, atomic files, formula-like
names kept as text after an import, funder templates through a cell map."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from db.ledger import Ledger
from tests.ledgers import copy_sqlite
from ui.cli import main
from ui.usecases.imports import import_file

HOSTILE = ['=HYPERLINK("http://x","y")', "@SUM(A1)", "-Minus Ltd", "+44 Traders"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    return copy_sqlite(demo_template, tmp_path_factory.mktemp("demo") / "ledger.sqlite")


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def run_json(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    code, out, err = run(db, capsys, *args, "--json")
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def test_export_json_and_the_same_figures_as_variance(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "opcc.xlsx"
    got = run_json(demo, capsys, "export", "opcc-csp", "--out", str(out), "--year", "2025-26")
    table, figures = got.pop("table"), got.pop("figures")
    assert got.pop("seal").startswith("Ledger seal #")  # the audit chain's head (issue 16)
    assert got == {
        "return": "opcc-csp",
        "file": str(out),
        "year": "2025-26",
        "stream": "OPCC",
        "by": None,
        "as_at": "2026-06-12",
        "rows": 9,
        "totals": {
            "2025-26 Allocation": "639675.00",
            "Expenditure to date": "256061.83",
            "Remaining": "383613.17",
        },
        "sheets": ["CSP allocations", "Rows"],
        "warnings": [],
        "title": "OPCC allocations to CSPs 2025-26: expenditure to date as at 12/06/2026",
    }
    # the table exactly as previewed and written: Charnwood 24p short is 99.99%, not 100.00%
    assert [c["header"] for c in table["columns"]] == [
        "CSP Area", "2025-26 Allocation", "Expenditure to date", "Remaining", "% spent",
    ]  # fmt: skip
    assert table["rows"][1] == ["Charnwood", "89530.24", "89530.00", "0.24", "99.99"]
    assert table["rows"][5] == ["Harborough", "37479.75", "Nil", "37479.75", "0.00"]
    assert table["totals"] == got["totals"]
    assert table["total_extra"] == {"% spent": "40.03"}
    assert figures["opcc.pct_spent"] == "40.03"
    assert figures["opcc.area.Charnwood.expenditure"] == "89530.00"
    v = run_json(demo, capsys, "variance", "--year", "2025-26", "--stream", "OPCC",
                 "--as-at", "12/06/2026")  # fmt: skip
    t = v["totals"]
    assert [t["revised"], t["actual"], t["available"]] == list(got["totals"].values())

    yj = run_json(demo, capsys, "export", "yj-pooled-budget", "--out", str(tmp_path / "y.xlsx"))
    assert yj["year"] == "2025-26"  # the latest year with contributions
    assert yj["totals"]["Total"] == "2112649.00"
    v = run_json(demo, capsys, "variance", "--year", "2025-26", "--stream", "YJ", "--by",
                 "partner")  # fmt: skip
    assert v["totals"]["revised"] == yj["totals"]["Total"]

    var = run_json(demo, capsys, "export", "variance", "--out", str(tmp_path / "v.xlsx"),
                   "--year", "2025-26", "--stream", "DA", "--as-at", "31/12/2025")  # fmt: skip
    v = run_json(demo, capsys, "variance", "--year", "2025-26", "--stream", "DA", "--as-at",
                 "31/12/2025")  # fmt: skip
    for key in ("original", "virements", "revised", "committed", "actual", "available"):
        assert var["totals"][key.capitalize()] == v["totals"][key], key
    assert var["warnings"] == v["warnings"]


def test_human_output(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(demo, capsys, "export", "da-allocations", "--out",
                          str(tmp_path / "da.xlsx"))  # fmt: skip
    assert code == 0
    assert out.splitlines()[0] == (
        f"Domestic abuse safe accommodation duty: allocations by year: wrote {tmp_path / 'da.xlsx'}"
    )
    assert "  Amount       £6,049,121.00" in out
    # the ledger seal: printed, in the workbook's ledger line, and proved by check --seal
    seal = out.splitlines()[-1].strip().split(" (")[0]
    assert seal.startswith("Ledger seal #")
    sheet = openpyxl.load_workbook(tmp_path / "da.xlsx").worksheets[0]
    assert any(str(c.value).endswith(f" · {seal}") for c in sheet["A"][:5])
    code, _out, _err = run(demo, capsys, "check", "--seal", seal)
    assert code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "unknown return 'nope'"),
        (["variance", "--stream", "ZZ"], "--stream: ZZ: no such stream"),
        (["yj-pooled-budget", "--year", "2025-99"], "--year: 2025-99: not a financial year"),
        (["variance", "--by", "week"], "--by must be one of"),
        (["opcc-csp", "--as-at", "32/01/2026"], "--as-at: 32/01/2026"),
        (["template"], "template needs --template FILE and --map MAP.json"),
    ],
)
def test_bad_arguments_exit_2_with_nothing_written(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "out.xlsx"
    code, _out, err = run(demo, capsys, "export", *args, "--out", str(out))
    assert code == 2
    assert message in err
    assert list(tmp_path.iterdir()) == []


def test_bad_out_exits_2(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _o, err = run(demo, capsys, "export", "variance", "--out", str(tmp_path / "v.csv"))
    assert (code, err.strip()) == (
        2, f"fundledger export: --out: {tmp_path / 'v.csv'}: the file name must end in .xlsx"
    )  # fmt: skip
    code, _o, err = run(demo, capsys, "export", "variance", "--out",
                        str(tmp_path / "missing" / "v.xlsx"))  # fmt: skip
    assert code == 2 and "does not exist" in err
    assert list(tmp_path.iterdir()) == []


def test_interrupted_export_leaves_the_old_file(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.usecases.returns.yj as ux

    out = tmp_path / "yj.xlsx"
    out.write_bytes(b"the previous return")

    def half(path: Path, *_a: Any, **_k: Any) -> Any:
        Path(path).write_bytes(b"PK\x03\x04 half a zip")
        raise KeyboardInterrupt

    monkeypatch.setattr(ux, "write_pooled", half)
    code, _out, err = run(demo, capsys, "export", "yj-pooled-budget", "--out", str(out))
    assert code == 1 and "interrupted" in err
    assert out.read_bytes() == b"the previous return"
    assert [p.name for p in tmp_path.iterdir()] == ["yj.xlsx"]  # no temporary file left


def test_unwritable_folder_exits_1(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:

    def refuse(*_a: Any, **_k: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("exports.atomic.tempfile.mkstemp", refuse)  # no temporary file beside --out
    code, _o, err = run(demo, capsys, "export", "variance", "--out", str(tmp_path / "v.xlsx"))
    assert (code, err.strip()) == (
        1, "fundledger export: nothing written: [Errno 13] Permission denied"
    )  # fmt: skip
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- formula-like text


def _as_text(ws: Any) -> None:
    """openpyxl takes any text starting with ``=`` as a formula: store the names as text."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value in HOSTILE:
                cell.data_type = "s"


def _transactions_file(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "Cost Centre", "Supplier", "Invoice No", "Description", "Amount"])
    for i, name in enumerate(HOSTILE, 1):
        ws.append([date(2025, 10, i), "LC4410", name, f"INV-{i}", name, Decimal(f"{i}00.50")])
    _as_text(ws)
    wb.save(path)
    return path


def _contracts_file(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Support service", "Service provider", "Cost", "Time period"])
    for i, name in enumerate(HOSTILE, 1):
        ws.append([f"Service {i}", name, Decimal(f"{i}000"), "2 years"])
    _as_text(ws)
    wb.save(path)
    return path


def _cells(path: Path, sheet: int) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{sheet}.xml").decode("utf-8")


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def test_formula_like_names_stay_text_after_import(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = import_file(ledger, "transactions", _transactions_file(tmp_path / "t.xlsx"))
    assert r.ok and r.imported == 4, r.errors
    r = import_file(ledger, "contracts", _contracts_file(tmp_path / "c.xlsx"), stream="DA")
    assert r.ok and r.imported == 4, r.errors
    for ret, col in (("transactions", "C"), ("contracts-register", "B")):
        out = tmp_path / f"{ret}.xlsx"
        code, _o, err = run(ledger_path, capsys, "export", ret, "--out", str(out))
        assert code == 0, err
        xml = _cells(out, 1)
        formulas = re.findall(r"<f>(.*?)</f>", xml)
        assert formulas and all(f.startswith("SUM(") for f in formulas), formulas
        ws = openpyxl.load_workbook(out).worksheets[0]
        names = [c.value for c in ws[col] if c.value in HOSTILE]
        assert sorted(names) == sorted(HOSTILE)
        for name in HOSTILE:  # an inline string cell, never a formula
            assert re.search(r't="inlineStr"><is><t>' + re.escape(_escaped(name)) + "</t>", xml)
        for cell in ws[col]:
            if cell.value in HOSTILE:
                assert cell.data_type == "s"


# --------------------------------------------------------------------------- templates


def _template(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "YJB return"
    ws["A1"] = "Partner contributions"
    ws["A3"], ws["A4"], ws["A5"] = "Staffing", "Other delegated", "Total"
    ws["B6"] = "=B3+B4"
    ws["B3"].number_format = "#,##0"
    ws["A8"] = "OPCC allocations"
    wb.save(path)
    return path


def test_template_filled_from_the_same_figures(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cell_map = {
        "cells": {
            "'YJB return'!B3": "yj.heading.Staffing Costs",
            "'YJB return'!B4": "yj.heading.Other delegated funds",
            "'YJB return'!B5": "yj.total",
            "'YJB return'!B8": "opcc.allocation_total",
            "'YJB return'!C8": "opcc.expenditure_total",
            "'YJB return'!D8": "opcc.as_at",
        },
        "year": "2025-26",
    }
    (tmp_path / "map.json").write_text(json.dumps(cell_map), encoding="utf-8")
    out = tmp_path / "filled.xlsx"
    got = run_json(demo, capsys, "export", "template", "--template",
                   str(_template(tmp_path / "t.xlsx")), "--map", str(tmp_path / "map.json"),
                   "--out", str(out))  # fmt: skip
    assert got["problems"] == [] and got["file"] == str(out)
    assert got["cells"]["'YJB return'!B5"] == {"figure": "yj.total", "value": "2112649.00"}
    ws = openpyxl.load_workbook(out)["YJB return"]
    assert [ws["B3"].value, ws["B4"].value, ws["B5"].value] == [236556, 1876093, 2112649]
    assert ws["B3"].number_format == "#,##0" and ws["B6"].value == "=B3+B4"
    assert (ws["B8"].value, ws["C8"].value) == (639675, 256061.83)
    assert ws["D8"].value.date() == date(2026, 6, 12)


def test_template_problems_exit_2_with_nothing_written(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tpl = _template(tmp_path / "t.xlsx")
    (tmp_path / "map.json").write_text(
        json.dumps({"'YJB return'!B6": "yj.total", "'YJB return'!B7": "yj.nonsense"}),
        encoding="utf-8",
    )
    out = tmp_path / "filled.xlsx"
    code, _o, err = run(demo, capsys, "export", "template", "--template", str(tpl), "--map",
                        str(tmp_path / "map.json"), "--out", str(out))  # fmt: skip
    assert code == 2
    assert "'YJB return'!B6: yj.total: holds a formula of the template; not overwritten" in err
    assert "'YJB return'!B7: yj.nonsense: no such figure in this return" in err
    assert not out.exists()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook at all")
    code, _o, err = run(demo, capsys, "export", "template", "--template", str(bad), "--map",
                        str(tmp_path / "map.json"), "--out", str(out))  # fmt: skip
    assert code == 2 and err.startswith("fundledger export: bad.xlsx: ")
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx", "map.json", "t.xlsx"]
