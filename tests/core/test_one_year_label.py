"""One year label: ``fundledger.years.year_label`` makes "2025-26"; no module writes the
formula out again (it was copied 21 times)."""

from __future__ import annotations

import re
from pathlib import Path

from fundledger.years import FinancialYear, year_label

ROOT = Path(__file__).resolve().parents[2]
#: ``(y + 1) % 100`` in any spelling: the next year's last two digits, made by hand
COPY = re.compile(r"\+\s*1\)\s*%\s*100")
PACKAGES = ("fundledger", "db", "importers", "exports", "ui", "tools", "bench")


def test_year_label() -> None:
    assert year_label(2025) == "2025-26"
    assert year_label(1999) == "1999-00"
    assert year_label(2009) == "2009-10"
    assert FinancialYear(2099).code == year_label(2099) == "2099-00"


def test_no_module_makes_the_label_by_hand() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if COPY.search(line)
    ]
    assert [f.split(":")[0] for f in found] == ["fundledger/years.py"]
