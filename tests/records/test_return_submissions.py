"""Returns as records (issue 22): submit the OPCC return from the demo ledger, post a
transaction for Charnwood, and ``return diff`` names exactly that change and its amount;
``return show`` gives the original bytes; a correction supersedes and both stay."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from db.ops.transactions import TransactionInput, add_transaction
from db.schema import BudgetLine, Stream
from tests.ledgers import audit_triggers_dropped, copy_sqlite
from ui.cli import main
from ui.usecases.session import open_ledger


@pytest.fixture
def demo(tmp_path: Path, demo_template: Path) -> Path:
    return copy_sqlite(demo_template, tmp_path / "ledger.sqlite")


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def run_json(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    code, out, err = run(db, capsys, *args, "--json")
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def post_charnwood(db: Path, amount: str) -> int:
    led = open_ledger(str(db))
    try:
        with led.write() as s:
            sid = s.execute(select(Stream.id).where(Stream.code == "OPCC")).scalar_one()
            line = s.execute(
                select(BudgetLine.id).where(
                    BudgetLine.stream_id == sid,
                    BudgetLine.year == 2025,
                    BudgetLine.name == "Charnwood",
                )
            ).scalar_one()
            return add_transaction(s, led.actor, TransactionInput(
                stream_id=sid, txn_date=date(2026, 3, 20), amount=amount, budget_line_id=line,
                counterparty="Charnwood Borough Council", reference="CH-0099",
                description="Late Q4 claim"))  # fmt: skip
    finally:
        led.dispose()


def submissions(db: Path) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("select id, status, supersedes_id from return_submissions").fetchall()
    finally:
        con.close()


def test_submit_post_diff_show_supersede(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sent = tmp_path / "opcc-june.xlsx"
    got = run_json(demo, capsys, "return", "submit", "opcc-csp", "--out", str(sent),
                   "--to", "OPCC Partnership Board", "--period", "Q1 2026-27",
                   "--note", "June board paper")  # fmt: skip
    original = sent.read_bytes()
    assert got["sha256"] == hashlib.sha256(original).hexdigest()
    assert got["size"] == len(original) and got["status"] == "submitted"
    assert got["stream"] == "OPCC" and got["period"] == "Q1 2026-27"
    first = got["id"]
    before = Decimal(got["totals"]["Expenditure to date"])

    txn = post_charnwood(demo, "1234.56")

    diff = run_json(demo, capsys, "return", "diff", str(first))
    assert not diff["same"]
    assert [(r["row"], r["status"]) for r in diff["rows"]] == [("Charnwood", "changed")]
    cells = {c["name"]: c for c in diff["rows"][0]["cells"]}
    assert cells["Expenditure to date"]["difference"] == "1234.56"
    assert cells["Expenditure to date"]["before"] == "89530.00"
    assert cells["Expenditure to date"]["after"] == "90764.56"
    assert cells["Remaining"]["difference"] == "-1234.56"
    [src] = diff["sources"]
    assert (src["source"], src["status"], src["after"], src["reference"]) == (
        f"transaction {txn}",
        "added",
        "1234.56",
        "CH-0099",
    )
    assert len(src["audit"]) == 1 and "post_transaction" in src["audit"][0]
    figures = {f["name"]: f["difference"] for f in diff["figures"]}
    assert figures["opcc.expenditure_total"] == "1234.56"
    assert figures["opcc.area.Charnwood.expenditure"] == "1234.56"
    assert figures["opcc.remaining_total"] == "-1234.56"
    assert all("Charnwood" in k or "total" in k or k == "opcc.pct_spent" for k in figures), figures

    code, text, _ = run(demo, capsys, "return", "diff", str(first))
    assert code == 0 and "row Charnwood changed" in text and "+£1,234.56" in text

    # as a workbook: the Ledger rows sheet names the transaction and the amount
    book = tmp_path / "diff.xlsx"
    run_json(demo, capsys, "return", "diff", str(first), "--out", str(book))
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["Figures", "Table rows", "Ledger rows"]
    cells_text = [[c for c in r] for r in wb["Ledger rows"].iter_rows(values_only=True)]
    assert any(r[1] == f"transaction {txn}" and r[8] == pytest.approx(1234.56) for r in cells_text)

    # show gives the original bytes
    back = tmp_path / "back.xlsx"
    shown = run_json(demo, capsys, "return", "show", str(first), "--out", str(back))
    assert back.read_bytes() == original
    assert shown["sha256"] == hashlib.sha256(back.read_bytes()).hexdigest()
    assert shown["table"]["totals"]["Expenditure to date"] == f"{before:.2f}"

    # a correction supersedes; both stay in the register
    fixed = tmp_path / "opcc-june-v2.xlsx"
    second = run_json(demo, capsys, "return", "submit", "opcc-csp", "--out", str(fixed),
                      "--to", "OPCC Partnership Board", "--supersedes", str(first))["id"]  # fmt: skip
    reg = run_json(demo, capsys, "return", "list", "--stream", "OPCC")["submissions"]
    assert [(r["id"], r["status"], r["superseded_by"], r["supersedes"]) for r in reg] == [
        (second, "submitted", None, first), (first, "superseded", second, None)]  # fmt: skip
    assert run_json(demo, capsys, "return", "diff", str(second))["same"]
    between = run_json(demo, capsys, "return", "diff", str(first), "--against", str(second))
    assert [r["row"] for r in between["rows"]] == ["Charnwood"]

    # superseding the old one again is refused: no file, no row
    again = tmp_path / "again.xlsx"
    code, _out, err = run(demo, capsys, "return", "submit", "opcc-csp", "--out", str(again),
                          "--to", "Board", "--supersedes", str(first))  # fmt: skip
    assert code == 2 and f"already superseded by #{second}" in err and "nothing was changed" in err
    assert not again.exists() and len(submissions(demo)) == 2
    assert not list(tmp_path.glob(".*submitting*"))

    code, out, err = run(demo, capsys, "check")
    assert code == 0, out + err


def test_submissions_cannot_be_changed_or_deleted(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_json(demo, capsys, "return", "submit", "yj-pooled-budget", "--out",
             str(tmp_path / "yj.xlsx"), "--to", "YOT Management Board")  # fmt: skip
    con = sqlite3.connect(demo)
    try:  # the guards refuse even with the audit triggers out of the way
        with audit_triggers_dropped(con):
            for sql in ("update return_submissions set submitted_to = 'x'",
                        "update return_submissions set workbook = x'00'",
                        "delete from return_submissions"):  # fmt: skip
                with pytest.raises(sqlite3.DatabaseError, match=r"cannot be (changed|deleted)"):
                    con.execute(sql)
    finally:
        con.close()


def test_bad_input_writes_nothing(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.xlsx"
    cases = [
        (["--to", "  "], "say to whom"),
        (["--to", "Board", "--on", "31/12/2099"], "in the future"),
        (["--to", "Board", "--on", "32/13/2025"], "--on: 32/13/2025"),
        (["--to", "Board", "--supersedes", "99"], "submission #99 does not exist"),
    ]
    for extra, words in cases:
        code, _o, err = run(demo, capsys, "return", "submit", "opcc-csp", "--out", str(out),
                            *extra)  # fmt: skip
        assert code == 2 and words in err, err
        assert not out.exists()
    assert submissions(demo) == []
    code, _o, err = run(demo, capsys, "return", "show", "5")
    assert code == 2 and "submission #5 does not exist" in err


def test_a_draft_and_a_budget_holder_of_another_stream(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    got = run_json(demo, capsys, "return", "submit", "opcc-csp", "--out",
                   str(tmp_path / "d.xlsx"), "--to", "Board", "--draft")  # fmt: skip
    assert got["status"] == "draft"
    out = tmp_path / "o.xlsx"
    code, _o, err = run(demo, capsys, "--user", "b.okafor", "return", "submit", "opcc-csp",
                        "--out", str(out), "--to", "Board")  # fmt: skip
    assert code == 2 and "OPCC is not one of their streams" in err and not out.exists()


def test_check_names_a_workbook_changed_behind_the_ledger(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sub = run_json(demo, capsys, "return", "submit", "opcc-csp", "--out",
                   str(tmp_path / "o.xlsx"), "--to", "Board")["id"]  # fmt: skip
    data = b"%PDF evidence"
    (tmp_path / "e.pdf").write_bytes(data)
    run_json(demo, capsys, "attach", "add", "--return", str(sub), str(tmp_path / "e.pdf"))
    assert run(demo, capsys, "check")[0] == 0
    con = sqlite3.connect(demo)
    try:  # someone with the file and a SQLite shell: triggers dropped, bytes swapped
        con.execute("drop trigger guard_return_submissions_no_update")
        con.execute("drop trigger guard_evidence_files_no_update")
        with audit_triggers_dropped(con):
            con.execute("update return_submissions set workbook = x'00'")
            con.execute("update evidence_files set content = x'01'")
        con.commit()
    finally:
        con.close()
    code, out, err = run(demo, capsys, "check")
    text = out + err
    assert code != 0
    assert f"return submission {sub}: the workbook no longer matches its sha256" in text
    assert "evidence file" in text and "no longer match the sha256" in text
    assert "guard_return_submissions_no_update" in text
