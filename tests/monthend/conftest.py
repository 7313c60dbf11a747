"""Fixtures of the month-end tests: the demo ledger with the sample invoices and GL extract."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.ledger import Actor
from tests.ledgers import copy_sqlite
from tests.reconcile.recon_samples import import_samples
from ui.usecases.session import open_ledger

FO = Actor("m.price", "finance")


@pytest.fixture(scope="session")
def demo_with_samples(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    from tests.conftest import SAMPLES

    path = copy_sqlite(demo_template, tmp_path_factory.mktemp("scope") / "demo.sqlite")
    led = open_ledger(str(path))
    try:
        led.actor = FO
        import_samples(led, SAMPLES)
    finally:
        led.dispose()
    return path
