"""A council other than the demo's sets up a new ledger from the command line: names it, adds
its own streams, cost centres and rules, and imports its published spending file (the
shapes of Leeds City Council's June 2013 file, built here in code)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from db.ledger import Ledger
from ui.cli import main

LEEDS = "Leeds City Council – Children's, Highways & Parks grant ledger"


def _ok(capsys: Any, *args: str) -> Any:
    code = main(list(args))
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out) if "--json" in args else out.out


def test_a_named_ledger_puts_its_own_name_on_exports(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, capsys: Any
) -> None:
    db = ("--db", str(ledger_path))
    shown = _ok(capsys, *db, "settings", "show", "--json")
    assert shown["name"].startswith("Leicestershire County Council")  # what init wrote
    got = _ok(capsys, *db, "settings", "name", f"  {LEEDS}  ", "--reason", "ours", "--json")
    assert got["name"] == LEEDS
    assert [(a["action"], a["reason"]) for a in got["audit"]] == [("set_ledger_name", "ours")]
    assert _ok(capsys, *db, "settings", "show", "--json")["name"] == LEEDS
    out = tmp_path / "variance.xlsx"
    _ok(capsys, *db, "export", "variance", "--out", str(out), "--year", "2025-26")
    ws = load_workbook(out).worksheets[0]
    header = " ".join(str(c.value) for c in ws["A"][:4] if c.value)
    assert f"Ledger: {LEEDS} ·" in header
    assert "Leicestershire" not in header
    assert main([*db, "settings", "name", "   "]) == 2
    assert "the ledger's name must be 1 to 200 characters" in capsys.readouterr().err


def _leeds_file(tmp_path: Path) -> Path:
    """Rows as Leeds City Council publishes them (June 2013): CamelCase headers, a service
    division with trailing spaces for the cost centre, an expenditure code that is not one."""
    url = "http://statistics.data.gov.uk/doc/local-authority/00DA"
    head = (
        "Body,BodyName,ServiceLabel,ServiceDivisionLabel,ExpenditureCategory,"
        "DetailedExpenditureType,DetailedExpenditureCode,DatePaid,TransactionNumber,NetAmount,"
        "CapitalOrRevenue,SupplierName"
    )
    rows = [
        f"{url},Leeds City Council,City Development,Highways  ,Supplies and Services,"
        "Operational Materials,205,20-Jun-13,1306-00001,1240.10,R,A J H  Pump Supply & Repair Ltd",
        f"{url},Leeds City Council,City Development,Parks & Countryside,Premises,"
        "Grounds Maintenance,8,03-Jun-13,1306-00002,99.99,R,O'Brien & Sons",
        f"{url},Leeds City Council,Adult Social Care,Home Care Services,Third Party Payments,"
        "Private Contractors,568,28-Jun-13,1306-00003,5000,R,Care Ltd",
    ]
    path = tmp_path / "leeds-2013-06.csv"
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_profile_naming_some_columns_finds_the_others(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, capsys: Any
) -> None:
    """A profile saved with only the columns the file names oddly (docs/cli.md's example
    saves one column) still finds the date, amount, reference and supplier by their headers;
    before, every field it left out was missing and the import was refused."""
    db = ("--db", str(ledger_path))
    _ok(capsys, *db, "stream", "add", "HWY", "--name", "Highways & Transportation", "--kind",
        "grant")  # fmt: skip
    _ok(capsys, *db, "costcentre", "add", "Highways", "--stream", "HWY")
    _ok(capsys, *db, "costcentre", "add", "Parks & Countryside", "--stream", "HWY")
    _ok(capsys, *db, "profile", "save", "Leeds's payments", "--kind", "transactions", "--map",
        "cost_centre=ServiceDivisionLabel", "--map", "account=DetailedExpenditureCode")  # fmt: skip
    path = _leeds_file(tmp_path)
    got = _ok(capsys, *db, "import", "transactions", str(path), "--profile", "Leeds's payments",
              "--outside", "skip", "--json")  # fmt: skip
    assert {f: m["header"] for f, m in got["mapping"].items()} == {
        "cost_centre": "ServiceDivisionLabel",
        "account": "DetailedExpenditureCode",
        "date": "DatePaid",
        "reference": "TransactionNumber",
        "amount": "NetAmount",
        "supplier": "SupplierName",
        "description": "ExpenditureCategory",
    }
    assert (got["imported"], got["skipped"], got["total"]) == (2, 1, "1340.09")
    assert got["outside"]["cost_centres"] == {"HOME CARE SERVICES": 1}


def test_a_closed_pipe_stops_the_command_quietly(ledger: Ledger, ledger_path: Path) -> None:
    """``fundledger audit list | head``: once the reader has gone the command stops without a
    traceback (it printed one for every listing piped into head)."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "--db", str(ledger_path), "org", "list"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes before the command writes a line
    with proc.stderr:
        err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


def test_a_rule_names_its_line_as_the_ledger_spells_it_or_says_it_has_none(
    ledger: Ledger, ledger_path: Path, capsys: Any
) -> None:
    """A rule typed "street lighting" is kept as the line is spelt ("Street Lighting"); a
    rule naming a line the stream has in no year ("Street Lightning") is added — the line may
    come later — with a note that it codes nothing (it did so silently, and being the most
    specific rule it also kept the cost centre's own rule from coding those rows)."""
    db = ("--db", str(ledger_path))
    _ok(capsys, *db, "stream", "add", "HWY", "--name", "Highways", "--kind", "grant")
    _ok(capsys, *db, "costcentre", "add", "Highways", "--stream", "HWY")
    _ok(capsys, *db, "budget", "line", "add", "--stream", "HWY", "--year", "2013-14", "--name",
        "Street Lighting", "--original", "700000.01")  # fmt: skip
    _ok(capsys, *db, "rule", "add", "--cost-centre", "highways", "--line", " street  lighting")
    assert main([*db, "rule", "add", "--cost-centre", "HIGHWAYS", "--account", "200-299",
                 "--line", "Street Lightning"]) == 0  # fmt: skip
    out = capsys.readouterr()
    assert out.out == "Added rule #2.\n"
    assert out.err == (
        "fundledger rule add: note: HWY has no budget line called 'Street Lightning' in any "
        "year (its lines: Street Lighting): the rows rule #2 matches stay uncoded until a line "
        "of that name is added\n"
    )
    listed = _ok(capsys, *db, "rule", "list", "--json")["rules"]
    assert [r["to"] for r in listed] == ["line Street Lighting", "line Street Lightning"]


def test_a_code_that_cannot_be_a_cost_centre_says_what_is_wrong_with_it() -> None:
    """A council's cost-centre list is refused row by row naming the fault, not only the
    rule (a long service name with an en dash got the whole rule and no hint which part)."""
    from fundledger.streams import cost_centre_code, cost_centre_problem

    def fault(text: str) -> str:
        said = cost_centre_problem(cost_centre_code(text))
        assert said is not None and said.endswith("(at most 64 characters)")
        return said.split(": a cost centre must")[0]

    long = "Street Cleansing & Environmental Action Services (North East) – Leeds's Wards"
    assert fault(long) == (
        "cost centre \"STREET CLEANSING & ENVIRONMENTAL ACTION SERVICES (NORTH EAST) – LEEDS'S "
        "WARDS\" has '–' and is 77 characters long"
    )
    assert fault("bad*code!") == "cost centre 'BAD*CODE!' has '*', '!'"
    assert fault("Parks &") == "cost centre 'PARKS &' ends with '&'"
    assert fault("-X1") == "cost centre '-X1' starts with '-'"
    assert cost_centre_problem(cost_centre_code("Safeguarding Targeted & Specialist")) is None


def test_two_budget_lines_whose_names_read_the_same_are_refused(
    ledger: Ledger, ledger_path: Path, capsys: Any
) -> None:
    """A year's lines are matched by name whatever the case, apostrophes or & (coding rules,
    --line, suggestions), so "children's homes & residential" beside "Children's Homes &
    Residential" was a second line no rule could reach; it is refused, naming the line it
    would be taken for.  Another year, and renaming a line's own case, are fine."""
    db = ("--db", str(ledger_path))
    _ok(capsys, *db, "stream", "add", "SAF", "--name", "Safeguarding", "--kind", "grant")
    add = ("budget", "line", "add", "--stream", "SAF", "--original", "1", "--year")
    _ok(capsys, *db, *add, "2013-14", "--name", "Children's Homes & Residential")
    assert main([*db, *add, "2013-14", "--name", "childrens homes and residential"]) == 2
    assert capsys.readouterr().err == (
        "fundledger budget line add: there is already a budget line called \"Children's Homes "
        "& Residential\" for this stream and year, which 'childrens homes and residential' "
        "would be taken for (names are matched whatever their case, spaces, apostrophes and & "
        "or and); nothing was changed\n"
    )
    _ok(capsys, *db, *add, "2014-15", "--name", "children's homes & residential")
    _ok(capsys, *db, "budget", "line", "edit", "--line", "#1", "--name",
        "CHILDREN'S HOMES & RESIDENTIAL", "--reason", "house style")  # fmt: skip


def test_a_profile_keeps_its_choice_between_alternatives(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, capsys: Any
) -> None:
    """A profile that reads the account as the row's key, or the debit and credit columns,
    keeps that choice: the other alternative (a Cost Centre, an Amount column) is not found
    by its header, while the fields it does not name at all are."""
    db = ("--db", str(ledger_path))
    path = tmp_path / "gl.csv"
    path.write_text(
        "Posting Date,Cost Centre,Account,Debit,Credit,Amount,Reference\n"
        "01/05/2025,ZZ-JUNK,LC4410,10.50,,99.99,J1\n"
        "02/05/2025,ZZ-JUNK,LC5120,,4.25,99.99,J2\n",
        encoding="utf-8",
    )
    _ok(capsys, *db, "profile", "save", "by account", "--kind", "transactions", "--map",
        "account=Account", "--map", "debit=Debit", "--map", "credit=Credit")  # fmt: skip
    got = _ok(capsys, *db, "import", "transactions", str(path), "--profile", "by account",
              "--dry-run", "--json")  # fmt: skip
    assert {f: m["header"] for f, m in got["mapping"].items()} == {
        "account": "Account",
        "debit": "Debit",
        "credit": "Credit",
        "date": "Posting Date",
        "reference": "Reference",
    }
    assert (got["imported"], got["total"], got["by_stream"]) == (
        2, "6.25", {"DA": "10.50", "YJ": "-4.25"},
    )  # fmt: skip


def test_a_file_imported_before_brings_in_the_rows_of_a_cost_centre_added_since(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, capsys: Any
) -> None:
    """Leeds imports its June file for Highways, then adds Parks & Countryside: the same
    file imported again brings in only the Parks row (the Highways row is a duplicate) with a
    warning; it was refused outright ("undo that batch first"), so the council had to undo
    the month's coded rows to get one cost centre's. With nothing new it is refused as before."""
    db = ("--db", str(ledger_path))
    _ok(capsys, *db, "stream", "add", "HWY", "--name", "Highways", "--kind", "grant")
    _ok(capsys, *db, "costcentre", "add", "Highways", "--stream", "HWY")
    path = _leeds_file(tmp_path)
    args = ("import", "transactions", str(path), "--map", "cost_centre=ServiceDivisionLabel",
            "--outside", "skip", "--json")  # fmt: skip
    first = _ok(capsys, *db, *args)
    assert (first["imported"], first["total"]) == (1, "1240.10")
    _ok(capsys, *db, "costcentre", "add", "Parks & Countryside", "--stream", "HWY")
    again = _ok(capsys, *db, *args)
    assert (again["imported"], again["duplicates"], again["total"]) == (1, 1, "99.99")
    [warning] = again["warnings"]
    assert warning.startswith(
        f"this file was imported before as batch {first['batch']} (leeds-2013-06.csv, 1 row, by "
    )
    assert warning.endswith(
        "): only the 1 row the ledger does not hold yet is imported; the batch's rows are "
        "duplicates, left out"
    )
    assert main([*db, *args]) == 2
    refused = json.loads(capsys.readouterr().out)
    assert refused["imported"] == 0
    assert refused["errors"][0]["reason"].startswith("this file was already imported as batch")


def test_a_budget_workbook_naming_one_line_twice_is_refused(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, capsys: Any
) -> None:
    """Two rows of a council's budget workbook whose names read the same made two lines no
    rule could tell apart; the second is refused naming the first."""
    from openpyxl import Workbook

    db = ("--db", str(ledger_path))
    _ok(capsys, *db, "stream", "add", "SAF", "--name", "Safeguarding", "--kind", "grant")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Budget"
    for row in (["Budget line", "Budget"], ["Children's Homes & Residential", 2100000.55],
                ["childrens homes and  residential", 5], ["Early Help", 1400000]):  # fmt: skip
        ws.append(row)
    path = tmp_path / "budget.xlsx"
    wb.save(path)
    args = ("import", "budget-lines", str(path), "--stream", "SAF", "--year", "2014-15")
    assert main([*db, *args]) == 2
    err = capsys.readouterr().err
    assert err == (
        "budget.xlsx: Budget!A3 (Budget line): 'childrens homes and residential': reads the "
        "same as row 2's \"Children's Homes & Residential\": one budget line (names are matched "
        "whatever their case, spaces, apostrophes and & or and); add the two rows up, or name "
        "one another way\n"
    )


def test_a_cost_centre_added_with_a_line_it_has_not_says_so(
    ledger: Ledger, ledger_path: Path, capsys: Any
) -> None:
    """costcentre add --line makes the same rule as rule add, and says the same when its
    stream has no line of that name (the rule codes nothing until one is added)."""
    db = ("--db", str(ledger_path))
    _ok(capsys, *db, "stream", "add", "SAF", "--name", "Safeguarding", "--kind", "grant")
    _ok(capsys, *db, "budget", "line", "add", "--stream", "SAF", "--year", "2013-14", "--name",
        "Youth Service", "--original", "10")  # fmt: skip
    assert main([*db, "costcentre", "add", "Youth Offending", "--stream", "SAF", "--line",
                 "Youth Servces"]) == 0  # fmt: skip
    out = capsys.readouterr()
    assert out.out == "Added cost centre YOUTH OFFENDING.\n"
    assert out.err.startswith(
        "fundledger costcentre add: note: SAF has no budget line called 'Youth Servces' in any "
        "year (its lines: Youth Service): "
    )
    assert main([*db, "costcentre", "add", "Youth Service", "--stream", "SAF", "--line",
                 "youth service"]) == 0  # fmt: skip
    assert capsys.readouterr().err == ""


def test_rows_of_a_retired_cost_centre_are_imported_with_a_warning(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, capsys: Any
) -> None:
    """Oxford retires its leisure cost centre mid-year: a later file's rows for it still map
    (a retired cost centre reads old extracts) but no longer silently — the import says how
    many, their total and why it was retired."""
    db = ("--db", str(ledger_path))
    _ok(capsys, *db, "stream", "add", "LEI", "--name", "Leisure & Parks", "--kind", "grant")
    _ok(capsys, *db, "costcentre", "add", "D3701", "--stream", "LEI")
    _ok(capsys, *db, "costcentre", "add", "D3702", "--stream", "LEI")
    _ok(capsys, *db, "costcentre", "retire", "d3701", "--reason", "outsourced from 01/02/2016")
    path = tmp_path / "oxford.csv"
    path.write_text(
        "body_name,expenditure_code,paid_date,trans_no,amount,supplier_name\n"
        "Oxford City Council,D3701,12/01/2016,46288359_1,7128.57,Fusion Lifestyle\n"
        "Oxford City Council,D3701,26/02/2016,46288360_1,818.00,Fusion Lifestyle\n"
        "Oxford City Council,D3702,26/02/2016,46288361_1,750.00,Abingdon Badminton Club\n",
        encoding="utf-8",
    )
    got = _ok(capsys, *db, "import", "transactions", str(path), "--dry-run", "--json")
    assert (got["imported"], got["total"]) == (3, "8696.57")
    assert got["warnings"] == [
        "cost centre D3701 is retired (outsourced from 01/02/2016): its 2 rows (£7,946.57) are "
        "imported as before; if they are dated after it was retired, leave them out"
    ]


def test_reconcile_with_no_statement_says_to_import_one(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, capsys: Any
) -> None:
    """A new council's ledger with spend and no GL extract yet: reconcile said nothing of the
    missing statement and listed every ledger row as 'ledger only … timing' (1,676 lines on
    the Leeds ledger); it now says what to do, and lists none."""
    db = ("--db", str(ledger_path))
    _ok(capsys, *db, "stream", "add", "HWY", "--name", "Highways", "--kind", "grant")
    _ok(capsys, *db, "costcentre", "add", "Highways", "--stream", "HWY")
    path = _leeds_file(tmp_path)
    _ok(capsys, *db, "import", "transactions", str(path), "--map",
        "cost_centre=ServiceDivisionLabel", "--outside", "skip")  # fmt: skip
    out = _ok(capsys, *db, "reconcile", "--year", "2013-14")
    lines = out.splitlines()
    assert lines[-1] == (
        "  no general-ledger statement lines in this scope: import the general ledger "
        "(fundledger import gl FILE) to reconcile against it"
    )
    assert not any(ln.startswith("  ledger only") for ln in lines)


def test_a_retired_stream_takes_no_spend_by_hand_and_an_import_says_so(
    ledger: Ledger, ledger_path: Path, tmp_path: Path, capsys: Any
) -> None:
    """Leeds retires the standard streams it does not run.  txn add --stream DA posted to the
    retired stream anyway (the app's form does not offer it: "a retired one takes no new
    rows"), and an extract's rows of its cost centre went to it without a word."""
    db = ("--db", str(ledger_path))
    _ok(capsys, *db, "stream", "retire", "DA", "--reason", "not a Leeds fund")
    assert main([*db, "txn", "add", "--stream", "DA", "--date", "01/05/2013", "--amount",
                 "10"]) == 2  # fmt: skip
    assert capsys.readouterr().err == (
        "fundledger txn add: stream DA is retired (not a Leeds fund): it takes no new rows; "
        "nothing was changed\n"
    )
    path = tmp_path / "extract.csv"
    path.write_text(
        "Date,Cost Centre,Amount,Reference\n01/05/2013,LC4410,10.00,R1\n"
        "02/05/2013,LC4410,2.50,R2\n01/05/2013,LC5120,5.00,R3\n",
        encoding="utf-8",
    )
    got = _ok(capsys, *db, "import", "transactions", str(path), "--dry-run", "--json")
    assert got["by_stream"] == {"DA": "12.50", "YJ": "5.00"}
    assert got["warnings"] == [
        "stream DA is retired (not a Leeds fund): £12.50 of this file's rows go to it; if they "
        "are dated after it was retired, leave them out"
    ]


def test_stream_list_puts_the_streams_in_use_before_the_retired_ones(
    ledger: Ledger, ledger_path: Path, capsys: Any
) -> None:
    """A council that retires the standard streams it does not run saw them listed first,
    before its own (the side panel and the Settings tab list them last)."""
    db = ("--db", str(ledger_path))
    _ok(capsys, *db, "stream", "retire", "DA", "--reason", "not a Leeds fund")
    _ok(capsys, *db, "stream", "add", "HWY", "--name", "Highways", "--kind", "grant")
    got = _ok(capsys, *db, "stream", "list", "--json")
    listed = [(s["code"], s["status"]) for s in got["streams"]]
    retired_from = next(i for i, (_c, st) in enumerate(listed) if st == "retired")
    assert all(st == "retired" for _c, st in listed[retired_from:])
    assert ("DA", "retired") in listed and ("HWY", "active") in listed[:retired_from]
