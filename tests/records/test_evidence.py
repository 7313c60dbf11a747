"""Evidence (issue 22): files attached to transactions, contract lines, contributions and
submissions round-trip byte for byte, are kept once by sha256, survive backup and restore;
empty, oversized and non-evidence files are refused; detaching is audited and keeps the file;
the evidence pack holds the return as sent, the files behind its rows and an index."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from db.ops.evidence import MAX_BYTES
from tests.ledgers import audit_triggers_dropped, copy_sqlite
from ui.cli import main


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


def sql(db: Path, query: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def a_file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_attach_get_dedupe_detach_and_backup(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = b"%PDF-1.4\n" + bytes(range(256)) * 40  # every byte value, binary-safe
    invoice = a_file(tmp_path, "Invoice 4471.pdf", data)
    [(txn,)] = sql(demo, "select min(id) from transactions")
    [(line,)] = sql(demo, "select min(id) from contract_lines")
    [(contribution,)] = sql(demo, "select min(id) from contributions")
    first = run_json(demo, capsys, "attach", "add", "--txn", str(txn), str(invoice), "--note",
                     "invoice 4471")  # fmt: skip
    assert first["sha256"] == hashlib.sha256(data).hexdigest() and not first["reused"]
    again = run_json(demo, capsys, "attach", "add", "--contract", str(line), str(invoice))
    assert again["reused"] and again["sha256"] == first["sha256"]
    photo = a_file(tmp_path, "site.png", b"\x89PNG\r\n\x1a\n" + os.urandom(3000))
    run_json(demo, capsys, "attach", "add", "--contribution", str(contribution), str(photo))
    assert sql(demo, "select count(*) from evidence_files") == [(2,)]  # the invoice kept once

    listed = run_json(demo, capsys, "attach", "list", "--txn", str(txn))["attachments"]
    assert [(a["id"], a["file"], a["type"], a["size"], a["note"]) for a in listed] == [
        (first["id"], "Invoice 4471.pdf", "application/pdf", len(data), "invoice 4471")]  # fmt: skip
    assert len(run_json(demo, capsys, "attach", "list")["attachments"]) == 3

    back = tmp_path / "back.pdf"
    run_json(demo, capsys, "attach", "get", str(first["id"]), "--out", str(back))
    assert back.read_bytes() == data

    # detach: audited with the reason, kept in history, the file still there
    code, _o, err = run(demo, capsys, "attach", "detach", str(first["id"]))
    assert code == 2 and "a reason is required" in err
    code, _o, err = run(demo, capsys, "attach", "detach", str(first["id"]), "--reason", "wrong")
    assert code == 0, err
    assert run_json(demo, capsys, "attach", "list", "--txn", str(txn))["attachments"] == []
    [gone] = run_json(demo, capsys, "attach", "list", "--txn", str(txn),
                      "--detached")["attachments"]  # fmt: skip
    assert gone["detached"] and gone["detach_reason"] == "wrong"
    assert sql(demo, "select action, reason from audit_log where table_name = 'attachments' "
               f"and row_id = '{first['id']}' order by id") == [
        ("attach_evidence", "invoice 4471"), ("detach_evidence", "wrong")]  # fmt: skip
    old = tmp_path / "old.pdf"
    run_json(demo, capsys, "attach", "get", str(first["id"]), "--out", str(old))
    assert old.read_bytes() == data
    code, _o, err = run(demo, capsys, "attach", "detach", str(first["id"]), "--reason", "x")
    assert code == 2 and "already detached" in err

    # raw SQL cannot delete evidence or change a file's bytes (not even with the audit
    # triggers, which another SQLite client cannot run, out of the way)
    con = sqlite3.connect(demo)
    try:
        with audit_triggers_dropped(con):
            for stmt in ("delete from attachments", "delete from evidence_files",
                         "update evidence_files set content = x'00'"):  # fmt: skip
                with pytest.raises(sqlite3.DatabaseError, match="never"):
                    con.execute(stmt)
    finally:
        con.close()

    # backup and restore carry the files
    copy = tmp_path / "backup.sqlite"
    code, _o, err = run(demo, capsys, "backup", "--out", str(copy))
    assert code == 0, err
    restored = demo  # the ledger itself, put back from its backup
    code, _o, err = run(restored, capsys, "restore", str(copy))
    assert code == 0, err
    out = tmp_path / "from-backup.png"
    [png] = [a for a in run_json(restored, capsys, "attach", "list")["attachments"]
             if a["file"] == "site.png"]  # fmt: skip
    run_json(restored, capsys, "attach", "get", str(png["id"]), "--out", str(out))
    assert out.read_bytes() == photo.read_bytes()
    code, text, err = run(demo, capsys, "check")
    assert code == 0, text + err


def test_refused_files_attach_nothing(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [(txn,)] = sql(demo, "select min(id) from transactions")
    empty = a_file(tmp_path, "empty.pdf", b"")
    big = tmp_path / "scan.pdf"
    with big.open("wb") as f:  # a sparse file one byte over the limit (its size is checked first)
        f.truncate(MAX_BYTES + 1)
    program = a_file(tmp_path, "tool.exe", b"MZ")
    cases = [
        (empty, "empty.pdf: the file is empty (0 bytes); nothing was attached"),
        (big, "scan.pdf: 25.0 MB is more than the 25.0 MB an attachment may be"),
        (program, "tool.exe: a .exe file is not kept as evidence"),
        (tmp_path / "missing.pdf", "missing.pdf: no such file"),
    ]
    for path, words in cases:
        code, _o, err = run(demo, capsys, "attach", "add", "--txn", str(txn), str(path))
        assert code == 2 and words in err, err
    code, _o, err = run(demo, capsys, "attach", "add", "--txn", "999999",
                        str(a_file(tmp_path, "ok.pdf", b"%PDF")))  # fmt: skip
    assert code == 2 and "transaction #999999 does not exist" in err
    assert sql(demo, "select count(*) from attachments") == [(0,)]
    assert sql(demo, "select count(*) from evidence_files") == [(0,)]


def test_a_budget_holder_attaches_only_to_their_streams(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [(yj_txn,)] = sql(demo, "select min(t.id) from transactions t join streams s on "
                      "s.id = t.stream_id where s.code = 'YJ'")  # fmt: skip
    [(da_txn,)] = sql(demo, "select min(t.id) from transactions t join streams s on "
                      "s.id = t.stream_id where s.code = 'DA'")  # fmt: skip
    doc = a_file(tmp_path, "claim.pdf", b"%PDF claim")
    code, _o, err = run(demo, capsys, "--user", "b.okafor", "attach", "add", "--txn",
                        str(da_txn), str(doc))  # fmt: skip
    assert code == 2 and "DA is not one of their streams" in err
    code, _o, err = run(demo, capsys, "--user", "b.okafor", "attach", "add", "--txn",
                        str(yj_txn), str(doc))  # fmt: skip
    assert code == 0, err


def test_evidence_pack(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sent = tmp_path / "opcc.xlsx"
    sub = run_json(demo, capsys, "return", "submit", "opcc-csp", "--out", str(sent), "--to",
                   "OPCC Partnership Board")["id"]  # fmt: skip
    [(charnwood,)] = sql(demo, "select json_extract(value, '$.source') from return_submissions, "
                         "json_each(content, '$.sources') where json_extract(value, '$.figure')"
                         " = 'Charnwood|Expenditure'")  # fmt: skip
    txn = int(charnwood.split()[-1])
    claim = a_file(tmp_path, "Charnwood claim.pdf", b"%PDF Charnwood Q4")
    letter = a_file(tmp_path, "covering letter.docx", b"PK docx")
    att = run_json(demo, capsys, "attach", "add", "--txn", str(txn), str(claim))["id"]
    cover = run_json(demo, capsys, "attach", "add", "--return", str(sub), str(letter))["id"]
    pack = tmp_path / "pack.zip"
    got = run_json(demo, capsys, "evidence-pack", str(sub), "--out", str(pack))
    assert got["files"] == 2 and got["rows_without_evidence"] == got["rows"] - 1
    with zipfile.ZipFile(pack) as z:
        names = sorted(z.namelist())
        assert names == sorted(["return/opcc.xlsx", "index.xlsx",
                                f"evidence/{att}-Charnwood claim.pdf",
                                f"evidence/{cover}-covering letter.docx"])  # fmt: skip
        assert z.read("return/opcc.xlsx") == sent.read_bytes()
        assert z.read(f"evidence/{att}-Charnwood claim.pdf") == claim.read_bytes()
        z.extract("index.xlsx", tmp_path)
    ws = openpyxl.load_workbook(tmp_path / "index.xlsx")["Index"]
    rows = [r for r in ws.iter_rows(values_only=True)]
    header = rows.index(next(r for r in rows if r and r[0] == "Figure"))
    body = {(r[0], r[6]) for r in rows[header + 1 :] if r[0] and r[0] != "Total"}
    assert ("Charnwood|Expenditure", f"evidence/{att}-Charnwood claim.pdf") in body
    assert ("(the return)", f"evidence/{cover}-covering letter.docx") in body
    assert ("Leicester|Expenditure", None) in body
    code, _o, err = run(demo, capsys, "evidence-pack", str(sub), "--out", str(tmp_path / "p.tar"))
    assert code == 2 and "must end in .zip" in err
