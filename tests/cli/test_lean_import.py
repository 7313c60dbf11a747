"""``import transactions`` of a workbook defines no ORM mapper (issues 14 and 23, speed): the
planning reads (streams, cost centres, organisations, duplicates, coding, period locks), the
batch row, the bulk insert and its covering audit entry all run on the Core tables of
``db.schema``, so the mapped classes (``db.schema.mapped``) are never imported — checked in a
fresh process, as the test session has them loaded — and ``check`` passes afterwards."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from db.ledger import Ledger
from tests.probe import cli_in_fresh_process

ROOT = Path(__file__).resolve().parents[2]
INVOICES = "invoices-2025-26-p01-p06.xlsx"


def _check(db: Path) -> None:
    check = subprocess.run(
        [sys.executable, "-m", "ui.cli", "--db", str(db), "check"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr


def test_import_transactions_defines_no_orm_mapper_dry_run_or_commit(
    ledger: Ledger, ledger_path: Path, samples: Path
) -> None:
    ledger.dispose()
    args = ["--db", str(ledger_path), "import", "transactions", str(samples / INVOICES),
            "--year", "2025-26", "--json"]  # fmt: skip
    dry = cli_in_fresh_process(*args, "--dry-run")
    assert (dry["code"], dry["result"]["imported"], dry["result"]["batch"]) == (0, 96, None)
    assert (dry["mapped"], dry["configured"]) == (False, [])
    done = cli_in_fresh_process(*args)
    assert (done["code"], done["result"]["imported"], done["result"]["batch"]) == (0, 96, 1)
    assert (done["mapped"], done["configured"]) == (False, [])
    assert done["result"]["total"] == "400472.19"
    _check(ledger_path)
    again = cli_in_fresh_process(
        *args
    )  # every row held: the duplicate check reads the ledger's rows
    assert again["code"] == 2 and again["result"]["duplicates"] == 96
    assert (again["mapped"], again["configured"]) == (False, [])


def test_an_import_into_a_closed_period_is_refused_without_the_orm(
    ledger: Ledger, ledger_path: Path, samples: Path
) -> None:
    from db.ops.locks import close_period

    with ledger.write() as s:
        close_period(s, ledger.actor, year=2025, period=1, stream_id=None, reason="month end")
    ledger.dispose()
    seen = cli_in_fresh_process("--db", str(ledger_path), "import", "transactions", str(samples / INVOICES),
                  "--year", "2025-26", "--json")  # fmt: skip
    assert seen["code"] == 2 and seen["result"]["imported"] == 96
    [reason] = [e["reason"] for e in seen["result"]["errors"]]
    assert reason.startswith(
        "rows 2, 3, 4, 5, 6, 7, 8, 9, … (14 rows) are charged to a closed period: 2025-26 P01 "
        "is closed for all streams (by "
        f"{ledger.actor.username} on "
    )
    assert reason.endswith(": month end)")
    assert (seen["mapped"], seen["configured"]) == (False, [])
