"""An extension option taken on a per-year contract line adds its months to the line's profile
(its committed); declining it again, or putting it back to pending, takes that share back off —
so deciding taken, declined, taken leaves one year of extension, not two.  An option cannot be
un-taken while a later one is taken."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from db.ledger import Ledger
from db.ops import contracts
from db.queries import contracts as cq
from db.writes import LedgerError
from fundledger.money import Money

from .lifecycle_helpers import BACKENDS, COMMISSIONER, m, open_backend
from .test_lifecycle_money import TODAY, _contract


@pytest.fixture(params=BACKENDS)
def ledger(request, ledger_path):  # type: ignore[no-untyped-def]
    yield from open_backend(request, ledger_path)


def _decide(ledger: Ledger, cid: int, option: int, decision: str) -> None:
    with ledger.read() as s:
        ext = cq.contract(s, cid, today=TODAY).extensions[option - 1]  # type: ignore[union-attr]
    with ledger.write() as s:
        contracts.decide_extension(s, COMMISSIONER, ext.id, decision, decided_on=TODAY)


def _state(ledger: Ledger, cid: int) -> tuple[Any, Any, dict[int, Money]]:
    with ledger.read() as s:
        row = cq.contract(s, cid, today=TODAY)
    assert row is not None
    return row.end, row.total_value, {y: a for y, a in row.profile if a}


def _line(ledger: Ledger, *extensions: int) -> int:
    return _contract(ledger, cost_basis="per_year", value="48527.00",
                     contract_start=date(2025, 4, 1), term_text=None, base_term_months=24,
                     extensions=extensions)  # fmt: skip


BASE = {2025: m("48527.00"), 2026: m("48527.00")}
EXTENDED = {**BASE, 2027: m("48527.00")}


@pytest.mark.parametrize("undo", ["declined", "pending"])
def test_untaking_an_extension_takes_its_profile_back(ledger: Ledger, undo: str) -> None:
    cid = _line(ledger, 12)
    assert _state(ledger, cid) == (date(2027, 4, 1), m("97054.00"), BASE)
    _decide(ledger, cid, 1, "taken")
    assert _state(ledger, cid) == (date(2028, 4, 1), m("145581.00"), EXTENDED)
    _decide(ledger, cid, 1, undo)
    assert _state(ledger, cid) == (date(2027, 4, 1), m("97054.00"), BASE)
    _decide(ledger, cid, 1, "taken")  # taken again: one year of extension, not two
    assert _state(ledger, cid) == (date(2028, 4, 1), m("145581.00"), EXTENDED)


def test_an_earlier_option_stays_taken_while_a_later_one_is(ledger: Ledger) -> None:
    cid = _line(ledger, 12, 12)
    _decide(ledger, cid, 1, "taken")
    _decide(ledger, cid, 2, "taken")
    with pytest.raises(LedgerError, match="extension 1 cannot be declined while extension 2"):
        _decide(ledger, cid, 1, "declined")
    _decide(ledger, cid, 2, "declined")
    _decide(ledger, cid, 1, "declined")
    assert _state(ledger, cid) == (date(2027, 4, 1), m("97054.00"), BASE)
