"""The matcher's quick paths give what the general rules give: a reference held by one line
(scored by amount and window), and the hints of unmatched items, which look up only the
references of unmatched items (blank references included, as before)."""

from __future__ import annotations

from datetime import date

from fundledger.matching import auto_match
from fundledger.money import to_money
from fundledger.reconcile import LedgerItem, Match, StatementItem, summarise


def L(i: int, d: date, amt: str, ref: str | None, stream: str = "DA") -> LedgerItem:
    return LedgerItem(i, stream, d, to_money(amt), ref, "Acme Ltd")


def S(i: int, d: date, amt: str, ref: str | None, stream: str = "DA") -> StatementItem:
    return StatementItem(i, stream, d, to_money(amt), ref, "Acme Ltd")


def test_one_line_with_the_reference_is_scored_by_amount_and_window() -> None:
    led = [L(1, date(2025, 4, 1), "10.00", "INV-1"), L(2, date(2025, 4, 1), "20.00", "INV-2"),
           L(3, date(2025, 4, 1), "30.00", "inv 3"), L(4, date(2025, 4, 1), "40.00", "INV-4")]  # fmt: skip
    st = [S(9, date(2025, 4, 22), "10.00", "INV-1"), S(10, date(2025, 4, 23), "20.00", "INV-2"),
          S(11, date(2025, 4, 2), "31.00", "INV3"), S(12, date(2025, 4, 2), "40.00", "INV-4")]  # fmt: skip
    assert auto_match(led, st, rejected=[(4, 12)]) == (
        Match((1,), (9,), 100, "reference", "accepted"),  # 21 days: within the window
        Match((2,), (10,), 90, "reference", "accepted"),  # 22 days: outside it
        Match((3,), (11,), 50, "reference", "proposed"),  # another amount
    )
    assert auto_match(led, st, options=None, fixed=[Match((4,), (9,), 0, "manual")]) == (
        Match((2,), (10,), 90, "reference", "accepted"),
        Match((3,), (11,), 50, "reference", "proposed"),
    )


def test_hints_of_unmatched_items() -> None:
    led = [
        L(1, date(2025, 4, 1), "10.00", "INV-1"),  # matched
        L(2, date(2025, 4, 2), "5.00", "INV-2"),  # its reference is a YJ line's: miscoding
        L(3, date(2025, 4, 3), "7.00", None),  # no reference; a YJ line's is blank: miscoding
        L(4, date(2025, 4, 4), "8.00", "INV-4"),  # nothing of it on the statement: timing
        L(5, date(2025, 4, 5), "9.00", "INV-5", "YJ"),
    ]
    st = [
        S(9, date(2025, 4, 3), "10.00", "INV-1"),
        S(10, date(2025, 4, 4), "10.00", "INV-1"),  # the same invoice again: duplicate payment
        S(11, date(2025, 4, 4), "5.00", "INV-2", "YJ"),
        S(12, date(2025, 4, 4), "1.00", "  ", "YJ"),
        S(13, date(2025, 4, 4), "2.00", "INV-5"),  # a YJ ledger item's reference: miscoding
    ]
    rec = summarise(led, st, [Match((1,), (9,), 100, "reference", "accepted")])
    assert rec.hints == {
        ("statement", 10): "duplicate_payment",
        ("statement", 11): "miscoding",
        ("statement", 12): "other",
        ("statement", 13): "miscoding",
        ("ledger", 2): "miscoding",
        ("ledger", 3): "miscoding",
        ("ledger", 4): "timing",
        ("ledger", 5): "miscoding",
    }
