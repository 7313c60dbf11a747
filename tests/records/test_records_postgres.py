"""Returns as records and evidence on PostgreSQL (issue 22): attachments and submissions
round-trip byte for byte; a budget holder, over their own login (the app or raw SQL as from
psql), sees only their streams' attachments, files and submissions and cannot attach to
another stream; submissions and files cannot be changed or deleted even by finance."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError

from tests.db.pg_logins import Shared, module_pg_url, shared  # noqa: F401 — fixtures
from ui.usecases.evidence import attach_file, get_file, list_attachments
from ui.usecases.exports import Request
from ui.usecases.session import open_ledger
from ui.usecases.submissions import list_submissions, save_submission, submit_return


def test_records_round_trip_and_row_level_security(shared: Shared, tmp_path: Path) -> None:  # noqa: F811
    da_data = b"%PDF DA invoice " + os.urandom(5000)
    yj_data = b"%PDF YJ invoice " + os.urandom(5000)
    (tmp_path / "da.pdf").write_bytes(da_data)
    (tmp_path / "yj.pdf").write_bytes(yj_data)
    fiona = open_ledger(shared.url_as("fiona"))
    try:
        da = attach_file(fiona, "txn", shared.txns["DA"], tmp_path / "da.pdf", "DA invoice")
        yj = attach_file(fiona, "txn", shared.txns["YJ"], tmp_path / "yj.pdf")
        get_file(fiona, da.id, tmp_path / "da-back.pdf")
        assert (tmp_path / "da-back.pdf").read_bytes() == da_data
        sent = submit_return(fiona, Request("variance", "2025-26", "YJ"),
                             tmp_path / "yj.xlsx", to="YOT Management Board")  # fmt: skip
        save_submission(fiona, sent.id, tmp_path / "yj-back.xlsx")
        assert (tmp_path / "yj-back.xlsx").read_bytes() == (tmp_path / "yj.xlsx").read_bytes()
        assert sent.sha256 == hashlib.sha256((tmp_path / "yj.xlsx").read_bytes()).hexdigest()
    finally:
        fiona.dispose()

    bea = open_ledger(shared.url_as("bea"))  # budget holder of DA
    try:
        assert [a.id for a in list_attachments(bea)] == [da.id]
        assert list_submissions(bea) == []
        with pytest.raises(ValueError, match="does not exist"):
            get_file(bea, yj.id, tmp_path / "no.pdf")
        from db.writes import LedgerError

        with pytest.raises(LedgerError, match="does not exist"):  # the server hides YJ's rows
            attach_file(bea, "txn", shared.txns["YJ"], tmp_path / "da.pdf")
        mine = attach_file(bea, "txn", shared.txns["DA"], tmp_path / "yj.pdf")  # same bytes
        assert mine.sha256 == yj.sha256 and mine.reused, (mine, yj)
        # her submission is sealed with the chain's true head, though she cannot see that entry
        other = open_ledger(shared.url_as("fiona"))
        try:  # the latest entry: a YJ attachment, hidden from bea
            attach_file(other, "txn", shared.txns["YJ"], tmp_path / "da.pdf")
        finally:
            other.dispose()
        hers = submit_return(bea, Request("variance", "2025-26", "DA"), tmp_path / "da.xlsx",
                             to="DA Partnership Board")  # fmt: skip
    finally:
        bea.dispose()

    [(seal_entry, seal_hash)] = shared.raw(
        "fiona", "select seal_entry, seal_hash from return_submissions where id = :i", i=hers.id
    )
    [(prev,)] = shared.raw("fiona", "select prev_hash from audit_log where table_name = "
                           "'return_submissions' and row_id = :i", i=str(hers.id))  # fmt: skip
    assert seal_hash == prev and seal_entry is None  # the head: fiona's entry, hidden from bea
    # raw SQL over bea's own login: only DA's rows and files
    assert shared.raw("bea", "select id from attachments order by id") == [(da.id,), (mine.id,)]
    files = shared.raw("bea", "select sha256 from evidence_files order by sha256")
    assert sorted(f[0] for f in files) == sorted({da.sha256, yj.sha256})  # yj's bytes via her own
    assert shared.raw("bea", "select id from return_submissions") == [(hers.id,)]
    assert "row-level security" in shared.refused(
        "bea", "insert into attachments (sha256, file_name, content_type, size, stream_id, "
        "transaction_id, detached, version, created_at, created_by) select sha256, 'x.pdf', "
        "'application/pdf', size, stream_id, transaction_id, false, 1, now(), 'bea' "
        f"from attachments where id = {da.id} union all select :h, 'y.pdf', 'application/pdf', "
        f"1, {shared_stream(shared, 'YJ')}, {shared.txns['YJ']}, false, 1, now(), 'bea'",
        h=da.sha256)  # fmt: skip
    # nobody changes a file's bytes or deletes evidence or a submission: a login is refused
    # (no grant, or the guard trigger) or matches nothing (no UPDATE policy on files); the
    # owner, who bypasses row-level security, meets the guard triggers
    for sql in ("update evidence_files set content = '\\x00'", "delete from evidence_files",
                "delete from attachments", "update return_submissions set note = 'x'",
                "delete from return_submissions"):  # fmt: skip
        try:
            assert shared.raw("fiona", sql) == [0], sql
        except DBAPIError as exc:
            assert re.search(r"permission denied|never|cannot be changed", str(exc.orig)), exc
        assert re.search(r"never|cannot be changed", shared.refused_as_owner(sql))
    assert shared.raw("fiona", "select count(*) from evidence_files where size > 1") == [(2,)]
    assert shared.raw("fiona", "select count(*) from return_submissions") == [(2,)]


def shared_stream(ledger: Shared, code: str) -> int:
    [(sid,)] = ledger.raw("fiona", "select id from streams where code = :c", c=code)
    return int(sid)


def test_check_expects_the_guards_of_records_and_evidence(shared: Shared) -> None:  # noqa: F811
    from db.tamper import EXPECTED

    assert "evidence_files.fl_scope" in EXPECTED["postgresql"]["policy"]
    assert "return_submissions.guard_return_submissions_immutable" in (
        EXPECTED["postgresql"]["trigger"])  # fmt: skip
    from ui.cli import main

    assert main(["--db", shared.url, "check"]) == 0
    shared.owner("drop policy fl_scope on evidence_files")
    assert main(["--db", shared.url, "check"]) != 0
