"""``fundledger period close|reopen|list`` and ``fundledger reverse`` on the demo ledger."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from db.ledger import Ledger
from ui.cli import main


def _run(
    capsys: pytest.CaptureFixture[str], db: Path, user: str, *args: str
) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--user", user, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _actual(capsys: pytest.CaptureFixture[str], db: Path) -> str:
    code, out, _ = _run(capsys, db, "m.price", "variance", "--year", "2025-26", "--stream", "DA",
                        "--as-at", "2026-03-31", "--json")  # fmt: skip
    assert code == 0
    return str(json.loads(out)["totals"]["actual"])


def test_close_list_reverse_reopen(demo_ledger_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = demo_ledger_path
    code, out, err = _run(capsys, db, "m.price", "period", "close", "--year", "2025-26",
                          "--to", "P06", "--reason", "September month end", "--json")  # fmt: skip
    assert (code, err) == (0, "")
    got = json.loads(out)
    assert got["periods"] == ["P01", "P02", "P03", "P04", "P05", "P06"]
    assert (got["action"], got["stream"], len(got["locks"])) == ("closed", None, 6)
    code, out, _ = _run(capsys, db, "m.price", "period", "list", "--year", "2025-26", "--json")
    listed = json.loads(out)["periods"]
    assert [(p["period"], p["month"], p["closed"]) for p in listed[5:7]] == [
        ("P06", "September 2025", True), ("P07", "October 2025", False),
    ]  # fmt: skip
    assert listed[0]["locks"][0]["reason"] == "September month end"
    # reverse a P03 spend of DA: the reversal goes into P07, the open period
    con = sqlite3.connect(db)
    (tid, amount) = con.execute(
        "select t.id, t.amount from transactions t join streams s on s.id = t.stream_id "
        "where s.code = 'DA' and t.year = 2025 and t.period = 3 and t.kind = 'spend' "
        "order by t.id limit 1"
    ).fetchone()
    con.close()
    before = _actual(capsys, db)
    code, out, err = _run(capsys, db, "m.price", "reverse", str(tid), "--reason",
                          "posted to the wrong fund", "--json")  # fmt: skip
    assert (code, err) == (0, "")
    rev = json.loads(out)
    assert (rev["reverses"], rev["period"], rev["original_period"], rev["into_open_period"]) == (
        tid, "P07", "P03", True,
    )  # fmt: skip
    assert rev["amount"] == f"-{amount // 100}.{amount % 100:02d}"
    after = _actual(capsys, db)
    from decimal import Decimal

    assert Decimal(before) - Decimal(after) == Decimal(amount) / 100
    code, _, err = _run(capsys, db, "m.price", "reverse", str(tid), "--reason", "again")
    assert code == 2 and f"already reversed by #{rev['id']}; nothing was changed" in err
    code, _, err = _run(capsys, db, "m.price", "period", "reopen", "--year", "2025-26",
                        "--period", "P05", "--reason", "late invoice")  # fmt: skip
    assert code == 2 and "cannot reopen a closed period" in err
    code, out, err = _run(capsys, db, "admin", "period", "reopen", "--year", "2025-26",
                          "--period", "P05", "--reason", "late invoice")  # fmt: skip
    assert (code, out, err) == (0, "2025-26 P05–P06 (August–September 2025) reopened for all "
                                "streams\n", "")  # fmt: skip
    assert main(["--db", str(db), "check"]) == 0


def test_invalid_input_exits_2(demo_ledger_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = demo_ledger_path
    code, _, err = _run(capsys, db, "m.price", "period", "close", "--year", "2025-26", "--to",
                        "P13", "--reason", "x")  # fmt: skip
    assert code == 2 and "--to 'P13' is not a period (P01…P12)" in err
    code, _, err = _run(capsys, db, "m.price", "period", "close", "--year", "2025-26", "--to",
                        "P06")  # fmt: skip
    assert code == 2 and "a reason is required" in err
    code, _, err = _run(capsys, db, "m.price", "period", "close", "--year", "2025-26", "--to",
                        "P06", "--stream", "NOPE", "--reason", "x")  # fmt: skip
    assert code == 2 and "there is no stream 'NOPE'" in err
    code, out, _ = _run(capsys, db, "m.price", "period", "list", "--year", "2025-26")
    assert code == 0 and "P06 September 2025     open" in out


def test_undo_import_preview_and_reversals_in_the_open_period(
    ledger_path: Path,
    ledger: Ledger,
    samples: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = ledger_path
    code = main(["--db", str(db), "import", "transactions",
                 str(samples / "invoices-2025-26-p01-p06.xlsx"), "--year", "2025-26"])  # fmt: skip
    capsys.readouterr()
    assert code == 0
    user = ledger.actor.username
    code, out, err = _run(capsys, db, user, "period", "close", "--year", "2025-26", "--to",
                          "P01", "--stream", "DA", "--reason", "April month end")  # fmt: skip
    assert (code, err) == (0, "")
    code, out, err = _run(capsys, db, user, "undo-import", "1", "--preview", "--json")
    assert (code, err) == (0, "")
    (moved,) = json.loads(out)["reversed_in_open_period"]
    assert {k: moved[k] for k in ("stream", "year", "period", "reversed_in", "dated")} == {
        "stream": "DA", "year": "2025-26", "period": "P01", "reversed_in": "P02",
        "dated": "2025-05-01",
    }  # fmt: skip
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from transactions where kind = 'reversal'").fetchone() == (
        0,
    )
    con.close()
    code, out, err = _run(capsys, db, user, "undo-import", "1", "--reason", "wrong file",
                          "--json")  # fmt: skip
    assert (code, err) == (0, "")
    assert json.loads(out)["reversed_in_open_period"] == [moved]
    con = sqlite3.connect(db)
    (n,) = con.execute(
        "select count(*) from transactions r join transactions o on o.id = r.reverses_id "
        "where o.period = 1 and o.stream_id = (select id from streams where code = 'DA') "
        "and r.period = 2 and r.txn_date = '2025-05-01'"
    ).fetchone()
    con.close()
    assert n == moved["rows"] > 0
    assert main(["--db", str(db), "check"]) == 0


def test_undo_import_leaves_a_row_reversed_before_alone(
    ledger_path: Path,
    ledger: Ledger,
    samples: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A row of the batch already reversed (``reverse``, after its period closed) is not
    reversed a second time by undoing the import: the batch nets to nil, not to minus that
    row."""
    db = ledger_path
    user = ledger.actor.username
    assert main(["--db", str(db), "import", "transactions",
                 str(samples / "invoices-2025-26-p01-p06.xlsx"), "--year", "2025-26"]) == 0  # fmt: skip
    capsys.readouterr()
    code, _, err = _run(capsys, db, user, "period", "close", "--year", "2025-26", "--to", "P06",
                        "--reason", "September month end")  # fmt: skip
    assert (code, err) == (0, "")
    con = sqlite3.connect(db)
    (tid,) = con.execute(
        "select t.id from transactions t join streams s on s.id = t.stream_id where s.code = "
        "'DA' and t.period = 3 and t.batch_id = 1 order by t.id limit 1"
    ).fetchone()
    con.close()
    code, _, err = _run(capsys, db, user, "reverse", str(tid), "--reason", "wrong fund")
    assert (code, err) == (0, "")
    code, out, err = _run(capsys, db, user, "undo-import", "1", "--preview", "--json")
    assert (code, err) == (0, "")
    p03 = next(m for m in json.loads(out)["reversed_in_open_period"]
               if (m["stream"], m["period"]) == ("DA", "P03"))  # fmt: skip
    code, out, err = _run(capsys, db, user, "undo-import", "1", "--reason", "wrong file",
                          "--json")  # fmt: skip
    assert (code, err) == (0, "")
    done = json.loads(out)
    assert done["reversed_transactions"] == 95
    assert p03 in done["reversed_in_open_period"]
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from transactions where reverses_id = ?",
                       (tid,)).fetchone() == (1,)  # fmt: skip
    (p03_rows,) = con.execute(
        "select count(*) from transactions t join streams s on s.id = t.stream_id where "
        "s.code = 'DA' and t.period = 3 and t.batch_id = 1 and t.kind != 'reversal'"
    ).fetchone()
    con.close()
    assert p03["rows"] == p03_rows - 1
    code, out, _ = _run(capsys, db, user, "variance", "--year", "2025-26", "--stream", "DA",
                        "--json")  # fmt: skip
    assert (code, json.loads(out)["totals"]["actual"]) == (0, "0.00")
    assert main(["--db", str(db), "check"]) == 0


def test_a_gl_statement_imports_into_closed_periods(
    ledger_path: Path,
    ledger: Ledger,
    samples: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """P01–P06 closed, then the GL extract for them arrives: it is the council's statement to
    reconcile against, not the ledger's postings — imported, and P01–P06 reconcile."""
    db = ledger_path
    user = ledger.actor.username
    assert main(["--db", str(db), "import", "transactions",
                 str(samples / "invoices-2025-26-p01-p06.xlsx"), "--year", "2025-26"]) == 0  # fmt: skip
    code, _, err = _run(capsys, db, user, "period", "close", "--year", "2025-26", "--to", "P06",
                        "--reason", "September month end")  # fmt: skip
    assert (code, err) == (0, "")
    code, out, err = _run(capsys, db, user, "import", "gl",
                          str(samples / "gl-extract-2025-26-p01-p06.xlsx"), "--json")  # fmt: skip
    assert (code, err) == (0, "")
    assert json.loads(out)["imported"] == 96
    code, out, err = _run(capsys, db, user, "reconcile", "--periods", "P01-P06", "--json")
    assert (code, err) == (0, "")
    got = json.loads(out)
    assert (got["matched"], got["difference"]) == (92, "75673.28")
    # the ledger's own postings stay refused there
    code, _, err = _run(capsys, db, user, "txn", "add", "--stream", "DA", "--date", "2025-09-01",
                        "--amount", "10")  # fmt: skip
    assert code == 2 and "closed" in err
    assert main(["--db", str(db), "check"]) == 0


def test_a_gl_statement_of_closed_periods_can_be_undone_and_loaded_again(
    ledger_path: Path,
    ledger: Ledger,
    samples: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The GL extract imported after P01–P06 closed (the wrong one, say) is undone as it was
    imported — the statement is not the ledger's postings — and the right one loads again; a
    signed-off reconciliation against it still refuses the undo."""
    db = ledger_path
    user = ledger.actor.username
    gl = str(samples / "gl-extract-2025-26-p01-p06.xlsx")
    assert main(["--db", str(db), "import", "transactions",
                 str(samples / "invoices-2025-26-p01-p06.xlsx"), "--year", "2025-26"]) == 0  # fmt: skip
    code, _, err = _run(capsys, db, user, "period", "close", "--year", "2025-26", "--to", "P06",
                        "--reason", "September month end")  # fmt: skip
    assert (code, err) == (0, "")
    code, out, err = _run(capsys, db, user, "import", "gl", gl, "--json")
    assert (code, err) == (0, "")
    batch = str(json.loads(out)["batch"])
    code, out, err = _run(capsys, db, user, "undo-import", batch, "--preview", "--json")
    assert (code, err) == (0, "")
    code, out, err = _run(capsys, db, user, "undo-import", batch, "--reason", "wrong extract")
    assert (code, err) == (0, ""), out
    # says what undoing a statement does, not '0 transactions reversed, 0 allocations …'
    assert out.strip().endswith(
        "undone: its 96 statement lines left the reconciliation and the matches made with them "
        "ended."
    ), out
    code, out, err = _run(capsys, db, user, "reconcile", "--periods", "P01-P06", "--json")
    assert code == 0 or "statement" in err  # no statement left to reconcile against
    code, out, err = _run(capsys, db, user, "import", "gl", gl, "--json")
    assert (code, err) == (0, "")
    batch = str(json.loads(out)["batch"])
    code, out, err = _run(capsys, db, user, "reconcile", "--periods", "P01-P06", "--json")
    assert (code, err) == (0, "")
    assert (json.loads(out)["matched"], json.loads(out)["difference"]) == (92, "75673.28")
    code, _, err = _run(capsys, db, user, "reconcile", "signoff", "--stream", "DA",
                        "--periods", "P01-P03", "--reason", "timing items explained")  # fmt: skip
    assert (code, err) == (0, "")
    code, _, err = _run(capsys, db, user, "undo-import", batch, "--reason", "again")
    assert code != 0 and "is the statement of reconciliations signed off" in err
    assert main(["--db", str(db), "check"]) == 0


def test_an_import_into_closed_periods_names_the_rows_by_period(
    ledger_path: Path,
    ledger: Ledger,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Rows in closed periods: one line per closed period, in period order, naming its rows;
    nothing written."""
    from datetime import date

    import openpyxl

    db = ledger_path
    user = ledger.actor.username
    code, _, err = _run(capsys, db, user, "period", "close", "--year", "2025-26", "--to", "P05",
                        "--stream", "DA", "--reason", "August month end")  # fmt: skip
    assert (code, err) == (0, "")
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Date", "Cost Centre", "Supplier", "Invoice No", "Description", "Amount"])
    for day, cc, ref in [(date(2025, 8, 29), "LC4410", "A"), (date(2025, 10, 2), "LC4410", "B"),
                         (date(2025, 6, 2), "LC4410", "C"), (date(2025, 6, 9), "LC5120", "D"),
                         (date(2025, 6, 30), "LC4410", "E")]:  # fmt: skip
        ws.append([day, cc, "FreeVa", ref, "late", 100])
    wb.save(tmp_path / "late.xlsx")
    code, out, err = _run(capsys, db, user, "import", "transactions", str(tmp_path / "late.xlsx"),
                          "--year", "2025-26", "--json")  # fmt: skip
    assert code == 2
    reasons = [e["reason"].split(" (by ")[0] for e in json.loads(out)["errors"]]
    assert reasons == [
        "rows 4 and 6 are charged to a closed period: 2025-26 P03 is closed for DA",
        "row 2 is charged to a closed period: 2025-26 P05 is closed for DA",
    ]
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from transactions").fetchone() == (0,)
    con.close()


def test_one_council_file_is_the_ledger_side_and_the_statement(
    ledger_path: Path,
    ledger: Ledger,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A council's spending file imported as the ledger's transactions may also be imported as
    the GL statement (it was refused as 'already imported'); the same kind twice still is."""
    from datetime import date

    import openpyxl

    db = ledger_path
    user = ledger.actor.username
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Date", "Cost Centre", "Supplier", "Invoice No", "Description", "Amount"])
    ws.append([date(2025, 8, 29), "LC4410", "FreeVa", "INV-1", "advisor", 150])
    ws.append([date(2025, 9, 30), "LC5120", "Everyone Active", "INV-2", "groupwork", 200.5])
    path = tmp_path / "spend-over-500.xlsx"
    wb.save(path)
    code, _, err = _run(capsys, db, user, "import", "transactions", str(path), "--year", "2025-26")
    assert (code, err) == (0, "")
    code, out, err = _run(capsys, db, user, "import", "gl", str(path), "--json")
    assert (code, err, json.loads(out)["imported"]) == (0, "", 2)
    code, out, _ = _run(capsys, db, user, "reconcile", "--json")
    got = json.loads(out)
    assert (code, got["matched"], got["difference"]) == (0, 2, "0.00")
    code, out, _ = _run(capsys, db, user, "import", "gl", str(path), "--json")
    assert code == 2
    assert json.loads(out)["errors"][0]["reason"].startswith(
        "this file was already imported as batch 2 (gl, "
    )


def test_a_period_range_with_no_statement_says_so(
    ledger_path: Path, ledger: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    """No GL imported yet: it said 'the statement spans several' (years) of no statement."""
    user = ledger.actor.username
    for args in (("reconcile", "--periods", "P01-P06"),
                 ("reconcile", "signoff", "--stream", "DA", "--periods", "P01-P06")):  # fmt: skip
        code, _, err = _run(capsys, ledger_path, user, *args)
        assert code == 2
        assert "a period range needs a year (--year): there is no GL statement to take it from " \
               "(import one with: fundledger import gl FILE)" in err  # fmt: skip


def test_undoing_a_budget_lines_import_says_its_rows_no_longer_count(
    ledger_path: Path, ledger: Ledger, samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ledger_path
    user = ledger.actor.username
    code, out, err = _run(capsys, db, user, "import", "budget-lines",
                          str(samples / "opcc-csp-allocations-2025-26.xlsx"), "--stream", "OPCC",
                          "--year", "2025-26", "--json")  # fmt: skip
    assert (code, err) == (0, "")
    batch = str(json.loads(out)["batch"])
    code, out, err = _run(capsys, db, user, "undo-import", batch, "--reason", "wrong year")
    assert (code, err) == (0, "")
    # the nine lines stop counting and the spend to date they brought is reversed
    assert out.strip().endswith("undone: its 9 rows no longer count, 9 transactions reversed."), out
    code, out, err = _run(capsys, db, user, "undo-import", "--json", batch, "--reason", "again")
    assert code != 0
