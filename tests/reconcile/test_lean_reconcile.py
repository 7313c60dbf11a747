"""``reconcile --json`` imports only what it uses (issue 15, speed): matching, storing the
matches (one insert, one covering audit entry) and the report run on Core tables, so the ORM
classes (``db.schema.mapped``) are never imported — checked in a fresh process, as the test
session has them loaded — and the run's covering entry still satisfies ``check``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reconcile.recon_samples import build_template

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import contextlib, io, json, sys
from ui.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(sys.argv[1:])
print(json.dumps({
    "code": code,
    "matched": json.loads(out.getvalue())["matched"],
    "mapped": "db.schema.mapped" in sys.modules,
}))
"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    from tests.conftest import SAMPLES

    return build_template(tmp_path / "ledger.sqlite", SAMPLES)


def test_reconcile_json_defines_no_orm_mapper_and_check_passes(db: Path) -> None:
    args = ["--db", str(db), "--user", "fo", "reconcile", "--json"]
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    seen = json.loads(proc.stdout.splitlines()[-1])
    assert seen == {"code": 0, "matched": 92, "mapped": False}
    check = subprocess.run(
        [sys.executable, "-m", "ui.cli", "--db", str(db), "check"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
