"""The repository's sample workbooks (tests/data) are what their generator writes, and the same,
cell for cell, as the project's shared originals (../shared/samples: skipped when that folder is
absent, required when CI=true)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.data.make_samples import BOOKS, describe, write_book

NAMES = [b.name for b in BOOKS]


def test_every_workbook_and_the_golden_figures_are_committed() -> None:
    assert sorted(p.name for p in SAMPLES.glob("*.xlsx")) == sorted(NAMES)
    expected = json.loads((SAMPLES / "expected.json").read_text())
    assert sorted(k for k in expected if k.endswith(".xlsx")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_the_generator_writes_the_committed_workbook(name: str, tmp_path: Path) -> None:
    book = next(b for b in BOOKS if b.name == name)
    fresh = write_book(book, tmp_path)
    assert fresh.read_bytes() == (SAMPLES / name).read_bytes(), (
        f"tests/data/samples/{name} is stale: run .venv/bin/python tests/data/make_samples.py"
    )


@pytest.mark.parametrize("name", NAMES)
def test_same_cells_as_the_shared_original(name: str, shared_samples: Path) -> None:
    ours, theirs = describe(SAMPLES / name), describe(shared_samples / name)
    differ = sorted(k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k))
    assert differ == []
    assert len(ours) > 10


def test_same_golden_figures_and_workbooks_as_shared(shared_samples: Path) -> None:
    ours = json.loads((SAMPLES / "expected.json").read_text())
    assert json.loads((shared_samples / "expected.json").read_text()) == ours
    assert sorted(p.name for p in shared_samples.glob("*.xlsx")) == sorted(NAMES)
