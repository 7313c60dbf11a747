"""``fundledger reconcile``: SPEC §5 JSON for the samples, scope options, invalid input."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from tests.reconcile.recon_samples import build_template
from ui.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from tests.conftest import SAMPLES

    return str(build_template(tmp_path_factory.mktemp("cli") / "ledger.sqlite", SAMPLES))


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_reconcile_json_gives_expected(db: str, samples: Path, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    expected = json.loads((samples / "expected.json").read_text())["reconciliation"]
    code, out, err = _run(capsys, "--db", db, "--user", "fo", "reconcile", "--json",
                          "--out", str(tmp_path / "r.xlsx"))  # fmt: skip
    assert (code, err) == (0, "")
    got = json.loads(out)
    assert set(got) == {"matched", "ledger_only", "statement_only", "ledger_total",
                        "statement_total", "difference", "scope", "brought_forward"}  # fmt: skip
    assert got["scope"] == {
        "statement": [],
        "periods": ["P01", "P07"],
        "year": "2025-26",
        "stream": None,
        "last_date": "2025-10-06",
        "after_last_date": 0,
        "after_range": 0,
    }
    assert got["brought_forward"] == []
    assert got["matched"] == expected["matched"] == 92
    assert sorted(i["ref"] for i in got["ledger_only"]) == expected["in_ledger_not_in_gl"]
    assert [i["ref"] for i in got["statement_only"]] == [
        "JNL-25-0412", "INV-TUR-202504-0012", "JNL-25-0951", "JNL-25-1102",
    ]  # fmt: skip
    dup = got["statement_only"][1]
    assert dup == {"ref": "INV-TUR-202504-0012", "date": "2025-05-14", "amount": "1950.00"}
    assert got["difference"] == expected["difference_gl_minus_ledger"] == "75673.28"
    assert (got["statement_total"], got["ledger_total"]) == ("476145.47", "400472.19")
    cached = openpyxl.load_workbook(tmp_path / "r.xlsx", data_only=True)["Reconciliation"]
    assert cached["B9"].value == 75673.28


def test_reconcile_scope_and_text(db: str, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = _run(
        capsys, "--db", db, "reconcile", "--stream", "opcc", "--year", "2025/26", "--json"
    )
    got = json.loads(out)
    assert code == 0 and got["matched"] == 9
    assert got["ledger_only"] == [
        {"ref": "CLM-HIN-2025Q1-0045", "date": "2025-06-29", "amount": "12804.39"}
    ]
    assert (got["statement_only"], got["difference"]) == ([], "-12804.39")
    code, out, _ = _run(capsys, "--db", db, "reconcile")
    assert code == 0
    scope = "all streams, 2025-26 P01–P07 (April–October 2025), every GL import to 06/10/2025"
    assert f"Reconciliation: {scope}: 92 matched" in out
    assert "  difference              £75,673.28  (statement − ledger)" in out
    assert f"proof over {scope}: balances" in out


def test_reconcile_invalid_input_exits_2(db: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert _run(capsys, "--db", db, "reconcile", "--year", "2025-27")[:3] == (
        2, "", "fundledger reconcile: --year '2025-27' is not a financial year (e.g. 2025-26)\n",
    )  # fmt: skip
    code, _, err = _run(capsys, "--db", db, "reconcile", "--stream", "XX")
    assert code == 2 and err.startswith(
        "fundledger reconcile: --stream 'XX' is not a stream (streams: DA, DHR"
    )
