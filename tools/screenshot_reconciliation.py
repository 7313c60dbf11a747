"""Render docs/img/reconciliation.png: the demo ledger with the sample invoices and GL extract
imported and auto-matched, at the reconciliation page.  The demo closes P01–P06, so the
administrator reopens them first (an audited action with a reason), as a real team would.

    .venv/bin/python tools/screenshot_reconciliation.py [OUT.png]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"


def _reopen(db: str) -> None:
    from sqlalchemy import select

    from db.ops.locks import reopen
    from db.schema import PeriodLock
    from ui.usecases.session import open_ledger

    led = open_ledger(db, "admin")
    try:
        with led.write() as s:
            for lock in s.execute(select(PeriodLock).where(PeriodLock.active.is_(True))).scalars():
                reason = "to import the P01-P06 invoices and GL extract for reconciliation"
                reopen(s, led.actor, lock.id, reason=reason)
    finally:
        led.dispose()


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from ui.cli import main as cli

    out = Path(argv[0]) if argv else ROOT / "docs" / "img" / "reconciliation.png"
    with tempfile.TemporaryDirectory() as d:
        db = str(Path(d) / "demo.sqlite")
        for step in (["init", "--quiet"], ["demo"]):
            if cli(["--db", db, *step]) != 0:
                return 1
        _reopen(db)
        steps = [
            ["import", "transactions", str(SAMPLES / "invoices-2025-26-p01-p06.xlsx"),
             "--year", "2025-26"],
            ["import", "gl", str(SAMPLES / "gl-extract-2025-26-p01-p06.xlsx")],
            ["reconcile"],
            ["gui", "--page", "reconciliation", "--screenshot", str(out)],
        ]  # fmt: skip
        for step in steps:
            code = cli(["--db", db, "--user", "m.price", *step])
            if code != 0:
                print(f"step {step[0]} failed with {code}", file=sys.stderr)
                return code
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
