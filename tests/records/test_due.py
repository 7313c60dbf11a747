"""Due dates (issue 22): a schedule's first unmet due date, met by a submission made after the
due date before it; ``return due`` shows overdue / due soon / next due with the last one sent."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fundledger.due import add_months, due_state
from tests.ledgers import copy_sqlite
from ui.cli import main


def test_add_months_keeps_the_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2025, 7, 31), 12) == date(2026, 7, 31)


def test_due_state() -> None:
    first = date(2025, 7, 31)  # quarterly board: 31/07, 31/10, 31/01, 30/04 ...
    s = due_state(first, 3, [], date(2025, 7, 20), 14)
    assert (s.state, s.due, s.days) == ("due soon", first, 11)
    assert due_state(first, 3, [], date(2025, 7, 1), 14).state == "next due"
    late = due_state(first, 3, [], date(2025, 8, 5), 14)
    assert (late.state, late.due, late.days) == ("overdue", first, -5)
    # sent late (05/08) still meets 31/07; the next is 31/10
    s = due_state(first, 3, [date(2025, 8, 5)], date(2025, 9, 1), 14)
    assert (s.state, s.due) == ("next due", date(2025, 10, 31))
    # two sent before 31/07 meet only 31/07
    s = due_state(first, 3, [date(2025, 7, 1), date(2025, 7, 2)], date(2025, 11, 2), 14)
    assert (s.state, s.due) == ("overdue", date(2025, 10, 31))
    # once: met, then done
    assert due_state(first, 0, [date(2025, 7, 30)], date(2026, 1, 1), 14).state == "done"


@pytest.fixture
def demo(tmp_path: Path, demo_template: Path) -> Path:
    return copy_sqlite(demo_template, tmp_path / "ledger.sqlite")


def run_json(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    code = main(["--db", str(db), *args, "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    result: dict[str, Any] = json.loads(out.out)
    return result


def test_return_due(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(demo, capsys, "return", "due")["due"] == []
    run_json(demo, capsys, "return", "schedule", "opcc-csp", "--first", "30/06/2026", "--every",
             "quarter", "--to", "OPCC Partnership Board", "--warn", "21")  # fmt: skip
    run_json(demo, capsys, "return", "schedule", "yj-pooled-budget", "--first", "31/03/2027",
             "--every", "year", "--to", "YOT Management Board")  # fmt: skip
    due = run_json(demo, capsys, "return", "due", "--on", "15/06/2026")["due"]
    assert [
        (d["return"], d["stream"], d["state"], d["due"], d["days"], d["last"]) for d in due
    ] == [
        ("opcc-csp", "OPCC", "due soon", "2026-06-30", 15, None),
        ("yj-pooled-budget", "YJ", "next due", "2027-03-31", 289, None),
    ]
    assert due[0]["every"] == "quarterly" and due[1]["every"] == "yearly"
    sent = run_json(demo, capsys, "return", "submit", "opcc-csp", "--out",
                    str(tmp_path / "o.xlsx"), "--to", "OPCC Partnership Board", "--on",
                    "28/06/2026")  # fmt: skip
    later = run_json(demo, capsys, "return", "due", "--on", "01/11/2026")["due"]
    opcc = next(d for d in later if d["return"] == "opcc-csp")
    assert (opcc["state"], opcc["due"]) == ("overdue", "2026-09-30")
    assert opcc["last"]["id"] == sent["id"] and opcc["last"]["on"] == "2026-06-28"
    code = main(["--db", str(demo), "return", "schedule", "opcc-csp", "--first", "1/1/2026",
                 "--every", "fortnight", "--to", "X"])  # fmt: skip
    assert code == 2 and "--every" in capsys.readouterr().err
