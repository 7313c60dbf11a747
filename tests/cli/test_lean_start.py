"""A reading command does only what it uses (issue 23): ``variance --json`` on a ledger that is
up to date neither imports Alembic nor defines (let alone configures) the ORM mappers: its
queries are Core, over the tables of ``db.schema`` (``db.queries.core``), run on a Core
connection, and neither the mapped classes (``db.schema.mapped``) nor ``sqlalchemy.orm`` is
ever imported.  Checked in a fresh process, as the test session has
both loaded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from db.ledger import Ledger
from tests.db.test_variance import opcc
from tests.probe import cli_in_fresh_process, loaded_modules

ROOT = Path(__file__).resolve().parents[2]


def test_variance_json_needs_no_alembic_and_defines_no_orm_mapper(
    ledger: Ledger, ledger_path: Path
) -> None:
    opcc(ledger)
    ledger.dispose()
    args = ["--db", str(ledger_path), "variance", "--year", "2025-26", "--as-at", "12/06/2026",
            "--json"]  # fmt: skip
    seen = cli_in_fresh_process(*args)
    assert seen["code"] == 0 and len(seen["result"]["rows"]) > 0
    assert seen["alembic"] is False
    assert seen["mapped"] is False
    assert seen["configured"] == []
    # its reads are Core statements on a Core connection (Ledger.read_core): not even the ORM
    # (sqlalchemy.orm, ≈35 ms of the command) is imported
    assert seen["orm"] is False


def test_what_the_overview_reads_defines_no_orm_mapper_and_no_workbook_library() -> None:
    """The app opened to the Overview: its report, the returns due, the side panel's summary,
    the permission checks and the daily backup import neither the mapped classes nor openpyxl,
    nor the date parser (its patterns; only scheduling a return parses a date)."""
    code = (
        "import ui.usecases.variance, ui.usecases.returns_due, ui.usecases.navigation\n"
        "import db.ops.permissions, db.backup, db.restore\n"
    )
    assert loaded_modules(code, ("db.schema.mapped", "openpyxl", "fundledger.dates")) == set()


def test_an_sqlite_ledger_opened_to_the_overview_never_loads_the_postgresql_dialect(
    ledger: Ledger, ledger_path: Path
) -> None:
    """The schema names its PostgreSQL-only index options only when a PostgreSQL engine is made
    (``db.schema.actuals.declare_postgresql_options``): naming them in the tables loaded
    SQLAlchemy's whole PostgreSQL dialect (≈60 ms) in every command and every app start."""
    opcc(ledger)
    ledger.dispose()
    code = (
        "from ui.usecases.session import open_ledger\n"
        "from ui.usecases.variance import variance_report\n"
        "from ui.usecases.returns_due import due_list\n"
        f"ledger = open_ledger({str(ledger_path)!r})\n"
        "assert variance_report(ledger, by='period').rows\n"
        "due_list(ledger)\n"
        "ledger.dispose()\n"
    )
    assert loaded_modules(code, ("sqlalchemy.dialects.postgresql", "psycopg")) == set()


def test_the_window_opened_to_the_overview_reads_without_the_orm(
    ledger: Ledger, ledger_path: Path
) -> None:
    """What the app reads before it paints the Overview — the user, the side panel's summary,
    the report by period and the returns due (``open_with_summary`` with the Overview's first
    read), and a refresh of both — runs on Core connections: ``sqlalchemy.orm`` (≈35 ms of
    the start) is not imported."""
    opcc(ledger)
    ledger.dispose()
    code = (
        "from ui.qt.window_state import first_read\n"
        "from ui.usecases.navigation import open_with_summary, summary\n"
        "from ui.usecases.overview import overview\n"
        "from ui.usecases.returns_due import due_list\n"
        "from ui.usecases.variance import today\n"
        f"led, found, first = open_with_summary({str(ledger_path)!r}, None, "
        "first_read('overview', None, None))\n"
        "assert found is not None and found.streams and first\n"
        "(shown,) = first.values()\n"
        "assert shown.report.rows\n"
        "assert summary(led) == found\n"
        "assert overview(led, None, shown.report.year, today()).report.rows\n"
        "due_list(led)\n"
        "led.dispose()\n"
    )
    assert loaded_modules(code, ("sqlalchemy.orm", "db.schema.mapped")) == set()


#: reading commands that read Core tables only (issue 23); each is run in turn in one fresh
#: process, and after each the process must not have imported the mapped classes, the ORM
#: itself (``sqlalchemy.orm``: they read on ``Ledger.read_core()``) or Alembic — a failure
#: names the first command that did
LEAN_READS: tuple[tuple[str, ...], ...] = (
    ("variance", "--json"),
    ("stream", "list", "--json"),
    ("costcentre", "list", "--json"),
    ("org", "list", "--merged", "--json"),
    ("rule", "list", "--retired", "--json"),
    ("audit", "verify"),
    ("audit", "list", "--limit", "5"),
    ("period", "list", "--year", "2025-26", "--json"),
    ("profile", "list", "--json"),
    ("user", "list"),
)

SEQUENCE = r"""
import contextlib, io, json, sys
from ui.cli import main
db, commands = sys.argv[1], json.loads(sys.argv[2])
seen = []
for words in commands:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--db", db, *words])
    seen.append({
        "command": " ".join(words),
        "code": code,
        "printed": bool(out.getvalue().strip()),
        "mapped": "db.schema.mapped" in sys.modules,
        "orm": "sqlalchemy.orm" in sys.modules,
        "alembic": any(m == "alembic" or m.startswith("alembic.") for m in sys.modules),
        "migrations": any(m.startswith("db.migrations") for m in sys.modules),
    })
print(json.dumps(seen))
"""


def test_reading_commands_define_no_orm_mapper_and_import_no_migrations(
    ledger: Ledger, ledger_path: Path
) -> None:
    opcc(ledger)
    ledger.dispose()
    proc = subprocess.run(
        [sys.executable, "-c", SEQUENCE, str(ledger_path), json.dumps(LEAN_READS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    seen = json.loads(proc.stdout.splitlines()[-1])
    assert [s["command"] for s in seen] == [" ".join(w) for w in LEAN_READS]
    for s in seen:
        assert s["code"] == 0 and s["printed"], s
        assert not s["mapped"], f"{s['command']} imported db.schema.mapped (the ORM classes)"
        assert not s["orm"], f"{s['command']} imported sqlalchemy.orm (an ORM Session read)"
        assert not s["alembic"] and not s["migrations"], f"{s['command']} imported migrations"
