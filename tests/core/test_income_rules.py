"""Income rules in the core: which categories count as council investment."""

from __future__ import annotations

import pytest

from fundledger.income import COUNCIL_INVESTMENT_CATEGORIES, counts_as_council_investment


@pytest.mark.parametrize(
    ("category", "counts"),
    [
        ("Council revenue contribution", True),
        ("  COUNCIL revenue-contribution ", True),
        ("Council revenue contributions", False),
        ("Sponsorship", False),
        ("District partnership work", False),
        ("", False),
    ],
)
def test_council_investment_is_decided_by_the_core(category: str, counts: bool) -> None:
    assert counts_as_council_investment(category) is counts


def test_the_rule_is_data() -> None:
    assert COUNCIL_INVESTMENT_CATEGORIES == ("Council revenue contribution",)
