"""Re-take the user guide's page screenshots (docs/img/<page>.png) from a fresh demo ledger.

Builds two ledgers in a temporary folder exactly as a user would: the demo (``init``, ``demo``:
the papers' figures, for most pages) and a new ledger with every sample workbook imported and
the GL extract reconciled against the invoices (for the imports, reconciliation and audit
pages, which show that work).  Every
page of the main window is rendered with ``gui --page NAME --screenshot FILE`` at one window
size, each with the stream, year and user a reader of that section of the guide would have.

    .venv/bin/python tools/screenshots.py [PAGE ...] [--out DIR]

Look at every image it writes before committing it.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "data" / "samples"


def shots() -> dict[str, tuple[str, str, str, str]]:
    """page -> (stream code or "", start year or "all", acting user, ledger: "demo" | "worked"),
    from each page's registry record (ui.qt.pages: ``shot``)."""
    from ui.qt.pages import PAGES

    return {p.name: (p.shot.stream, p.shot.year, p.shot.user, p.shot.ledger)
            for p in PAGES if p.shot is not None}  # fmt: skip


#: the samples, imported into a new ledger as SPEC's users would (samples/README.md)
IMPORTS = [
    ["allocations", "da-duty-allocations.xlsx", "--stream", "DA"],
    ["contracts", "da-spend-plan-years-1-3.xlsx", "--stream", "DA"],
    ["budget-lines", "opcc-csp-allocations-2025-26.xlsx", "--stream", "OPCC",
     "--year", "2025-26"],
    ["contributions", "yj-pooled-budget-2025-26.xlsx", "--stream", "YJ", "--year", "2025-26"],
    ["income", "pmt-income-2025.xlsx", "--stream", "PMT"],
    ["transactions", "invoices-2025-26-p01-p06.xlsx", "--year", "2025-26"],
    ["gl", "gl-extract-2025-26-p01-p06.xlsx"],
]  # fmt: skip


def build_ledger(db: str, worked: bool) -> None:
    """``demo``: init + demo.  ``worked``: init, every sample imported, then reconciled."""
    from ui.cli import main as cli

    steps = [["init", "--quiet"]]
    if worked:  # init as m.price makes them a user of the ledger (the finance officer)
        steps = [["--user", "m.price", "init", "--quiet"]]
        for kind, name, *rest in IMPORTS:
            steps.append(["--user", "m.price", "import", kind, str(SAMPLES / name), *rest,
                          "--create-missing"])  # fmt: skip
        steps.append(["--user", "m.price", "reconcile"])
    else:
        steps.append(["demo"])
    for step in steps:
        with contextlib.redirect_stdout(io.StringIO()) as said:
            code = cli(["--db", db, *step])
        if code not in (0, None):
            raise SystemExit(f"screenshots: step {step} failed ({code}):\n{said.getvalue()}")


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    pages = shots()
    parser.add_argument("pages", nargs="*", choices=[[], *EXTRAS, *pages], default=[])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--size", default="1500x880")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    # whoever creates a ledger is its first user, by their login name: a council-style name in
    # the pictures rather than this machine's account
    for var in ("LOGNAME", "USER"):
        os.environ[var] = "s.taylor"
    with tempfile.TemporaryDirectory() as d:
        dbs = {}
        for name in ("demo", "worked"):
            dbs[name] = str(Path(d) / f"{name}.sqlite")
            build_ledger(dbs[name], name == "worked")
        if not args.pages or "welcome" in args.pages:
            if welcome(args.out / "welcome.png", args.size) != 0:
                return 1
            print(args.out / "welcome.png")
        for name, take in EXTRAS.items():
            if name != "welcome" and (not args.pages or name in args.pages):
                out = args.out / f"{name}.png"
                if take(dbs["demo"], out, args.size) != 0:
                    return 1
                print(out)
        for page in [p for p in args.pages or pages if p not in EXTRAS]:
            stream, year, user, which = pages[page]
            db = dbs[which]
            out = args.out / f"{page}.png"
            env = {
                "FUNDLEDGER_SCREENSHOT_SIZE": args.size,
                "FUNDLEDGER_SCREENSHOT_STREAM": stream,
                "FUNDLEDGER_SCREENSHOT_YEAR": year,
            }
            # one process per page: a fresh window and settings, as a user opening that page
            code = _spawn(db, user, page, out, env)
            if code != 0:
                print(f"screenshots: {page} failed ({code})", file=sys.stderr)
                return code
            print(out)
    return 0


RECHARGES = r"""
import sys
from pathlib import Path
from ui.qt.app import screenshot
def recharges_tab(win):
    win.pages["contributions"].tabs.setCurrentIndex(1)
sys.exit(screenshot(sys.argv[1], "m.price", "contributions", Path(sys.argv[2]),
                    prepare=recharges_tab))
"""

FORECAST = r"""
import sys
from pathlib import Path
from ui.qt.app import screenshot, settle
def forecast_in_place(win):
    page = win.pages["variance"]
    m = page.model
    stream = m.index(0, 0)
    year = m.index(0, 0, stream)
    for r in range(m.rowCount(year)):
        if m.data(m.index(r, 0, year)) == "Outreach worker x2":
            page.tree.setCurrentIndex(m.index(r, 0, year))
    page.forecast.amount.setText("£86,000.00")
    page.forecast.commentary.setText(
        "Second post filled from October; agency cover until then (£12,000 virement pending)")
    page.forecast.save()
    settle(win)
    page.tree.scrollTo(page.tree.currentIndex().siblingAtColumn(11))  # the Commentary column
sys.exit(screenshot(sys.argv[1], "m.price", "variance", Path(sys.argv[2]),
                    prepare=forecast_in_place))
"""

SPLIT = r"""
import sys
from pathlib import Path
from ui.qt.app import screenshot, settle
from ui.qt.dialogs.allocation_split import SplitAllocationDialog
def split_dialog(win):
    dialog = SplitAllocationDialog(win.ctx, win, int(sys.argv[3]))
    dialog.show()
    settle(win)
    dialog.reason.setText("MHCLG letter of 3 April 2025: the settlement funds each year equally")
    dialog.adjustSize()
    dialog.grab().save(sys.argv[2], "PNG")
    dialog.close()
sys.exit(screenshot(sys.argv[1], "m.price", "allocations", Path(sys.argv[2] + ".window.png"),
                    prepare=split_dialog))
"""

INCOME_ELSEWHERE = r"""
import sys
from datetime import date
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ui.qt.app import screenshot, settle
from ui.qt.dialogs.form import date_edit
def raise_income(win):
    def fill():
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.stream.count() == 0:
            QTimer.singleShot(50, fill)
            return
        dialog.customer.setText("Winter Market Ltd")
        dialog.amount.setText("640")
        dialog.raised_on.setDate(date_edit(date(2026, 12, 2)).date())
        dialog.save()
    QTimer.singleShot(0, fill)
    win.pages["income"].new_record()
    settle(win)
sys.exit(screenshot(sys.argv[1], "m.price", "income", Path(sys.argv[2]), prepare=raise_income))
"""

CONTRACTS_ENDING = r"""
import sys
from pathlib import Path
from ui.qt.app import screenshot, settle
def ending_within_a_year(win):
    page = win.pages["contracts"]
    page.filters.ending.setChecked(True)
    page.filters.months.setValue(12)
    settle(win)
    if page.rows:
        page.table.selectRow(0)
    settle(win)
sys.exit(screenshot(sys.argv[1], "r.shah", "contracts", Path(sys.argv[2]),
                    prepare=ending_within_a_year))
"""

RETURNS_RECORDS = r"""
import shutil, sys, tempfile
from datetime import date, timedelta
from pathlib import Path
from sqlalchemy import select
from db.ops.transactions import TransactionInput, add_transaction
from db.schema import BudgetLine, Stream
from ui.qt.app import screenshot, settle
from ui.usecases.exports import Request
from ui.usecases.returns_due import add_schedule
from ui.usecases.session import open_ledger
from ui.usecases.submissions import submit_return
from ui.usecases.variance import today
src, out, what = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
work = Path(tempfile.mkdtemp())
db = str(work / "ledger.sqlite")
shutil.copyfile(src, db)
led = open_ledger(db, "m.price")
june = submit_return(led, Request("opcc-csp", "2025-26", "OPCC"), work / "opcc-june.xlsx",
                     to="OPCC Partnership Board", period="Q1 2026-27", on=today() - timedelta(days=20),
                     note="June board paper, item 6")
with led.write() as s:
    sid = s.execute(select(Stream.id).where(Stream.code == "OPCC")).scalar_one()
    line = s.execute(select(BudgetLine.id).where(BudgetLine.stream_id == sid,
                     BudgetLine.year == 2025, BudgetLine.name == "Charnwood")).scalar_one()
    add_transaction(s, led.actor, TransactionInput(stream_id=sid, txn_date=date(2026, 3, 20),
                    amount="1234.56", budget_line_id=line, reference="CH-0099",
                    counterparty="Charnwood Borough Council", description="Late Q4 claim"))
submit_return(led, Request("opcc-csp", "2025-26", "OPCC"), work / "opcc-june-v2.xlsx",
              to="OPCC Partnership Board", period="Q1 2026-27 (corrected)", supersedes=june.id,
              note="Charnwood's late Q4 claim added")
add_schedule(led, "opcc-csp", "OPCC", today() - timedelta(days=81), "quarter",
             "OPCC Partnership Board")
led.dispose()
def register(win):
    page = win.pages["returns"]
    page.tabs.setCurrentWidget(page.register)
    settle(win)
    page.register.select_id(june.id)
    settle(win)
    if what == "diff":
        page.register.diff_selected()
        settle(win)
        dialog = page.register.dialog
        dialog.grab().save(str(out), "PNG")
        dialog.close()
target = out if what == "register" else Path(str(out) + ".window.png")
code = screenshot(db, "m.price", "returns", target, prepare=register)
Path(str(out) + ".window.png").unlink(missing_ok=True)
shutil.rmtree(work, ignore_errors=True)
sys.exit(code)
"""


def returns_records(what: str):  # type: ignore[no-untyped-def]
    """The Returns page's Submitted tab (OPCC: the June submission superseded by a correction,
    a return due soon) or, for ``diff``, What changed… for the June submission."""

    def take(db: str, out: Path, size: str) -> int:
        extra = {"FUNDLEDGER_SCREENSHOT_SIZE": size, "FUNDLEDGER_SCREENSHOT_STREAM": "OPCC",
                 "FUNDLEDGER_SCREENSHOT_YEAR": "2025"}  # fmt: skip
        return _script(RETURNS_RECORDS, [db, str(out), what], extra)

    return take


TEMPLATE_MAP = r"""
import sys, tempfile
from pathlib import Path
import openpyxl
from ui.qt.app import screenshot, settle
from ui.qt.dialogs.template_map import TemplateMapDialog
claim = Path(tempfile.mkdtemp()) / "OPCC quarterly claim form.xlsx"
wb = openpyxl.Workbook()
wb.active.title = "Claim"
wb.save(claim)
def editor(win):
    page = win.pages["returns"]
    dialog = TemplateMapDialog(win.ctx, page.request(), win)
    dialog.show()
    settle(win)
    dialog.name.setCurrentText("OPCC quarterly claim")
    dialog.template.setText(str(claim))
    for cell, key in (("Claim!C3", "as_at"), ("Claim!C5", "opcc.allocation_total"),
                      ("Claim!C6", "opcc.expenditure_total"), ("Claim!C7", "opcc.pct_spent")):
        dialog.add_cell(cell, key)
    dialog.search.setText("charnwood")
    dialog.figures.selectRow(1)
    dialog.target.setText("Claim!C12")
    dialog.add_cell()
    dialog.target.setText("Claim!C13")
    dialog.grab().save(sys.argv[2], "PNG")
    dialog.close()
sys.exit(screenshot(sys.argv[1], "m.price", "returns", Path(sys.argv[2] + ".window.png"),
                    prepare=editor))
"""


def template_map(db: str, out: Path, size: str) -> int:
    """Template map… on the Returns page (OPCC 2025-26): the figures with their meaning and
    value, searched for Charnwood, and a cell map of an OPCC claim form."""
    extra = {"FUNDLEDGER_SCREENSHOT_SIZE": size, "FUNDLEDGER_SCREENSHOT_STREAM": "OPCC",
             "FUNDLEDGER_SCREENSHOT_YEAR": "2025"}  # fmt: skip
    code = _script(TEMPLATE_MAP, [db, str(out)], extra)
    Path(f"{out}.window.png").unlink(missing_ok=True)
    return code


WELCOME = r"""
import sys
from pathlib import Path
from ui.qt.app import screenshot
from ui.qt.context import RECENT_KEY
recent = ["/home/s.taylor/Documents/ledgers/community-safety.sqlite",
          "postgresql+psycopg://s.taylor@ledger.council.local:5432/fundledger"]
sys.exit(screenshot(None, None, "overview", Path(sys.argv[1]),
                    settings_values={RECENT_KEY: recent}))
"""


def recharges(db: str, out: Path, size: str) -> int:
    """The contributions page's Recharges tab: DHR 2026-27 recharges raised to partners."""
    extra = {"FUNDLEDGER_SCREENSHOT_SIZE": size, "FUNDLEDGER_SCREENSHOT_STREAM": "DHR",
             "FUNDLEDGER_SCREENSHOT_YEAR": "2026"}  # fmt: skip
    return _script(RECHARGES, [db, str(out)], extra)


def forecast(db: str, out: Path, size: str) -> int:
    """The Variance page, DA 2025-26: a forecast and its commentary entered in place for a
    line (the Commentary column shows it; the bar below the table is ready for the next)."""
    extra = {"FUNDLEDGER_SCREENSHOT_SIZE": size, "FUNDLEDGER_SCREENSHOT_STREAM": "DA",
             "FUNDLEDGER_SCREENSHOT_YEAR": "2025"}  # fmt: skip
    return _script(FORECAST, [db, str(out)], extra)


def split(db: str, out: Path, size: str) -> int:
    """*Split into years…* for the DA range allocation (2025-26 to 2026-27), an even split
    offered and a reason given (the dialog alone)."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(db)) as con:
        (aid,) = con.execute("select id from allocations where year_to > year_from").fetchone()
    extra = {"FUNDLEDGER_SCREENSHOT_SIZE": size, "FUNDLEDGER_SCREENSHOT_STREAM": "DA",
             "FUNDLEDGER_SCREENSHOT_YEAR": "2025"}  # fmt: skip
    code = _script(SPLIT, [db, str(out), str(aid)], extra)
    Path(f"{out}.window.png").unlink(missing_ok=True)
    return code


def income_elsewhere(db: str, out: Path, size: str) -> int:
    """The Income page, PMT 2025-26, just after income raised on 02/12/2026 was saved: the
    status message says it went to 2026-27, not the year shown, with Show it."""
    extra = {"FUNDLEDGER_SCREENSHOT_SIZE": size, "FUNDLEDGER_SCREENSHOT_STREAM": "PMT",
             "FUNDLEDGER_SCREENSHOT_YEAR": "2025"}  # fmt: skip
    return _script(INCOME_ELSEWHERE, [db, str(out)], extra)


def contracts_ending(db: str, out: Path, size: str) -> int:
    """The Contracts page, DA, every year: lines ending within 12 months (the filter bar), the
    first selected with its invoices beside its detail."""
    extra = {"FUNDLEDGER_SCREENSHOT_SIZE": size, "FUNDLEDGER_SCREENSHOT_STREAM": "DA",
             "FUNDLEDGER_SCREENSHOT_YEAR": "all"}  # fmt: skip
    return _script(CONTRACTS_ENDING, [db, str(out)], extra)


def welcome(out: Path, size: str) -> int:
    """The first-run window: no ledger open, two recent ledgers remembered."""
    return _script(WELCOME, [str(out)], {"FUNDLEDGER_SCREENSHOT_SIZE": size})


CLOSE_PERIODS = r"""
import sys
from pathlib import Path
from ui.qt.app import screenshot, settle
from ui.qt.dialogs.lifecycle.close_period import ClosePeriodDialog
def close_dialog(win):
    dialog = ClosePeriodDialog(win.ctx, win, None, 2025)
    dialog.show()
    settle(win)
    dialog.period.setCurrentIndex(dialog.period.findData(6))
    dialog.reason.setPlainText("September month end: GL extract reconciled and signed off")
    dialog.adjustSize()
    settle(win)
    dialog.grab().save(sys.argv[2], "PNG")
    dialog.close()
sys.exit(screenshot(sys.argv[1], "m.price", "overview", Path(sys.argv[2] + ".window.png"),
                    prepare=close_dialog))
"""

SIGNOFF = r"""
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from ui.qt.app import screenshot, settle
from ui.qt.dialogs.recon_signoff import SignOffDialog
def signoff(win):
    dialog = SignOffDialog(win.ctx, win, ["DA", "OPCC", "YJ"], ["DA", "OPCC", "YJ"], 2025, (1, 6))
    dialog.resize(820, 640)
    dialog.show()
    for _ in range(50):
        settle(win)
        if dialog.plan is not None:
            break
    dialog.reason.setText("Three journals and the Turning Point duplicate payment clear in P07")
    settle(win)
    dialog.grab().save(sys.argv[2], "PNG")
    dialog.close()
sys.exit(screenshot(sys.argv[1], "m.price", "reconciliation", Path(sys.argv[2] + ".window.png"),
                    prepare=signoff))
"""


def close_periods(db: str, out: Path, size: str) -> int:
    """Close periods…: 2025-26 for all streams up to P06 September 2025, the months named and
    what will close said (the dialog alone)."""
    extra = {"FUNDLEDGER_SCREENSHOT_SIZE": size}
    code = _script(CLOSE_PERIODS, [db, str(out)], extra)
    Path(f"{out}.window.png").unlink(missing_ok=True)
    return code


def reconciliation_signoff(db: str, out: Path, size: str) -> int:
    """Sign off… on the worked ledger: DA, OPCC and YJ over P01–P06 with each period's
    movement, cumulative and unexplained difference, and the reason given."""
    worked = str(Path(db).with_name("worked.sqlite"))
    extra = {"FUNDLEDGER_SCREENSHOT_SIZE": size, "FUNDLEDGER_SCREENSHOT_STREAM": "",
             "FUNDLEDGER_SCREENSHOT_YEAR": "2025"}  # fmt: skip
    code = _script(SIGNOFF, [worked, str(out)], extra)
    Path(f"{out}.window.png").unlink(missing_ok=True)
    return code


def _script(code: str, args: list[str], extra: dict[str, str]) -> int:
    return _run(["-c", code, *args], extra)


def _spawn(db: str, user: str, page: str, out: Path, extra: dict[str, str]) -> int:
    args = ["-m", "ui.cli", "--db", db, "--user", user]
    return _run([*args, "gui", "--page", page, "--screenshot", str(out)], extra)


def _run(args: list[str], extra: dict[str, str]) -> int:
    """``python ARGS`` in a fresh process (a new window and settings), from the project root."""
    import subprocess

    env = {**os.environ, **extra, "PYTHONPATH": str(ROOT)}
    return subprocess.call([sys.executable, *args], cwd=ROOT, env=env)


#: shots that need more than opening a page (a tab chosen, a form filled in)
EXTRAS = {
    "welcome": lambda _db, out, size: welcome(out, size),
    "contributions-recharges": recharges,
    "variance-forecast": forecast,
    "allocations-split": split,
    "contracts-ending": contracts_ending,
    "income-elsewhere": income_elsewhere,
    "returns-register": returns_records("register"),
    "returns-diff": returns_records("diff"),
    "returns-template-map": template_map,
    "close-periods": close_periods,
    "reconciliation-signoff": reconciliation_signoff,
}


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
