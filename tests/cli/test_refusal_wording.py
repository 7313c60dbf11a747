"""One wording for refusals across commands (ui.commands._refdata): ``attach`` and ``return``
say a permission refusal, a refused action, bad input and a fault of a file exactly as the
other commands do — the app's reason; "; nothing was changed" after anything but a permission
refusal (never twice); the command line's option names; exit 2 for a refusal, 1 for a fault."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.ledgers import copy_sqlite
from ui.cli import main

HOLDER = "b.okafor"  # budget holder of YJ on the demo ledger


@pytest.fixture
def demo(tmp_path: Path, demo_template: Path) -> Path:
    return copy_sqlite(demo_template, tmp_path / "ledger.sqlite")


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--db", str(db), *args])
    return code, capsys.readouterr().err


def first_txn(db: Path, stream: str) -> int:
    con = sqlite3.connect(db)
    try:
        [(found,)] = con.execute(
            "select min(t.id) from transactions t join streams s on s.id = t.stream_id "
            "where s.code = ?", (stream,)
        ).fetchall()  # fmt: skip
    finally:
        con.close()
    return int(found)


def test_permission_refusals_are_said_alike(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "claim.pdf"
    doc.write_bytes(b"%PDF claim")
    da = str(first_txn(demo, "DA"))
    said = [
        run(demo, capsys, "--user", HOLDER, "attach", "add", "--txn", da, str(doc)),
        run(demo, capsys, "--user", HOLDER, "return", "submit", "opcc-csp", "--out",
            str(tmp_path / "o.xlsx"), "--to", "Board"),
        run(demo, capsys, "--user", HOLDER, "txn", "edit", da, "--amount", "1", "--reason", "x"),
    ]  # fmt: skip
    for (code, err), command in zip(said, ("attach add", "return submit", "txn edit"),
                                    strict=True):  # fmt: skip
        assert code == 2 and "nothing was" not in err, err
        assert err.startswith(f"fundledger {command}: {HOLDER} (budget holder) "), err
    assert said[0][1].endswith(" holds YJ; DA is not one of their streams\n")
    assert said[1][1].endswith(" holds YJ; OPCC is not one of their streams\n")
    assert not (tmp_path / "o.xlsx").exists()


def test_refusals_and_bad_input_say_nothing_was_changed_once(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    yj = str(first_txn(demo, "YJ"))
    assert run(demo, capsys, "attach", "detach", "999", "--reason", "wrong file") == (
        2, "fundledger attach detach: attachment #999 does not exist; nothing was changed\n"
    )  # fmt: skip
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert run(demo, capsys, "attach", "add", "--txn", yj, str(empty)) == (
        2, f"fundledger attach add: {empty.name}: the file is empty (0 bytes); nothing was attached\n"
    )  # fmt: skip
    code, err = run(demo, capsys, "return", "submit", "opcc-csp", "--out",
                    str(tmp_path / "x.xlsx"), "--to", "Board", "--on", "32/13/2025")  # fmt: skip
    assert code == 2 and err.startswith("fundledger return submit: --on: 32/13/2025"), err
    assert err.endswith("; nothing was changed\n") and err.count("nothing was") == 1, err
    assert run(demo, capsys, "return", "show", "5") == (
        2, "fundledger return show: submission #5 does not exist (or is not one of your "
        "streams); nothing was changed\n"
    )  # fmt: skip
    assert run(demo, capsys, "return", "diff", "5", "--against", "last") == (
        2, "fundledger return diff: --against: 'last': a submission's ID or now; nothing was "
        "changed\n"
    )  # fmt: skip


def test_a_file_that_cannot_be_written_is_a_fault(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    doc = tmp_path / "claim.pdf"
    doc.write_bytes(b"%PDF claim")
    code, _err = run(demo, capsys, "attach", "add", "--txn", str(first_txn(demo, "YJ")),
                     str(doc))  # fmt: skip
    assert code == 0

    def full(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", full)
    back = tmp_path / "back.pdf"
    assert run(demo, capsys, "attach", "get", "1", "--out", str(back)) == (
        1, f"fundledger attach get: the disk is full ({back}): free some space and try again; "
        "nothing was changed\n"
    )  # fmt: skip
    assert not back.exists()
