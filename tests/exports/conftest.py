"""Fixtures for the export tests (figures in :mod:`export_figures`)."""

from __future__ import annotations

import pytest

from exports.data import CspRow, InKindStaff, PooledBudgetRow, Produced
from tests.exports.export_figures import demo_csp_rows, demo_produced, demo_yj_in_kind, demo_yj_rows


@pytest.fixture
def produced() -> Produced:
    return demo_produced()


@pytest.fixture
def yj_rows() -> list[PooledBudgetRow]:
    return demo_yj_rows()


@pytest.fixture
def yj_in_kind() -> list[InKindStaff]:
    return demo_yj_in_kind()


@pytest.fixture
def csp_rows() -> list[CspRow]:
    return demo_csp_rows()
