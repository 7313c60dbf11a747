"""``fundledger reconcile --statement --periods``, ``reconcile signoff`` and ``reconcile
reopen`` on the demo ledger with the sample invoices and GL extract; ``check`` exits 0 after
each (every write audited in a form check understands)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.ledgers import copy_sqlite
from ui.cli import main


@pytest.fixture
def db(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    template = request.getfixturevalue("demo_with_samples")
    return copy_sqlite(template, tmp_path / "demo.sqlite")


def _run(
    capsys: pytest.CaptureFixture[str], db: Path, user: str, *args: str
) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--user", user, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _checked(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, err = _run(capsys, db, "m.price", "check")
    assert (code, err) == (0, ""), out


def test_reconcile_signoff_reopen_and_check(db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = _run(capsys, db, "m.price", "reconcile", "--statement", "999", "--json")
    assert code == 2 and "statement batch 999 is not an active GL import (GL imports: #" in err
    code, out, err = _run(capsys, db, "m.price", "reconcile", "--periods", "P07-P03")
    assert code == 2 and "--periods 'P07-P03' is not a range of periods (e.g. P01-P06)" in err
    code, out, err = _run(capsys, db, "m.price", "reconcile", "--periods", "P01-P06", "--json")
    assert (code, err) == (0, "")
    got = json.loads(out)
    assert (got["matched"], len(got["statement_only"])) == (92, 4)
    assert got["scope"]["periods"] == ["P01", "P06"] and got["scope"]["year"] == "2025-26"
    _checked(capsys, db)
    code, out, _ = _run(capsys, db, "m.price", "reconcile", "--stream", "OPCC", "--periods",
                        "P01-P06")  # fmt: skip
    assert "proof over OPCC, 2025-26 P01–P06 (April–September 2025), every GL import to " \
           "06/10/2025: balances" in out  # fmt: skip
    # sign-off of three streams over P01–P06 in one action: refused without a reason
    code, out, err = _run(capsys, db, "m.price", "reconcile", "signoff", "--stream",
                          "DA,YJ,OPCC", "--periods", "P01-P06", "--json")  # fmt: skip
    assert code == 2 and "is unexplained" in err and "nothing was changed" in err
    code, out, err = _run(capsys, db, "m.price", "reconcile", "signoff", "--stream",
                          "DA,YJ,OPCC", "--periods", "P01-P06", "--reason",
                          "journals cleared in P07", "--json")  # fmt: skip
    assert (code, err) == (0, "")
    signed = json.loads(out)
    assert len(signed["signed_off"]) == 18 and signed["reason"] == "journals cleared in P07"
    last = [x for x in signed["lines"] if x["period"] == "P06"]
    assert sum(Decimal(x["cumulative"]) for x in last) == Decimal(signed["difference"])
    _checked(capsys, db)
    code, out, err = _run(capsys, db, "board.viewer", "reconcile", "reopen", "--stream", "DA",
                          "--periods", "P04-P06", "--reason", "late")  # fmt: skip
    assert code == 2 and "cannot reopen a signed-off reconciliation" in err
    code, out, err = _run(capsys, db, "admin", "reconcile", "reopen", "--stream", "DA",
                          "--periods", "P04-P06", "--reason", "late invoice")  # fmt: skip
    assert (code, err) == (0, "")
    assert out == "Reopened the DA 2025-26 P04–P06 reconciliation (3 period(s)); matches can " \
                  "change.\n"  # fmt: skip
    _checked(capsys, db)


def test_the_text_says_ledger_only_is_taken_off_and_whose_items_are_brought_forward(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'ledger only -£505,610.48' over items listed at + amounts read as if they summed to a
    negative; brought-forward lines did not say ledger or statement, nor their period."""
    code, out, _ = _run(capsys, db, "m.price", "reconcile", "--stream", "DA", "--periods",
                        "P01-P03")  # fmt: skip
    assert code == 0
    code, out, _ = _run(capsys, db, "m.price", "reconcile", "--stream", "DA", "--periods",
                        "P04-P06")  # fmt: skip
    lines = out.splitlines()
    less = next(x for x in lines if x.lstrip().startswith("less ledger only"))
    got = json.loads(_run(capsys, db, "m.price", "reconcile", "--stream", "DA", "--periods",
                          "P04-P06", "--json")[1])  # fmt: skip
    total = sum(Decimal(i["amount"]) for i in got["ledger_only"])
    n = len(got["ledger_only"])
    assert less.split() == ["less", "ledger", "only", f"-£{total:,.2f}", f"({n}", "items,",
                            f"£{total:,.2f})"]  # fmt: skip
    brought = [x for x in lines if x.lstrip().startswith("brought forward")]
    assert brought and all(x.split()[-2] in {"ledger,", "statement,"} for x in brought)
    assert any(x.endswith("statement, P01") and "JNL-25-0412" in x for x in brought)
