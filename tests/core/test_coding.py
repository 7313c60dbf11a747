"""Coding rules and suggestions (fundledger.coding): pure, exact."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from fundledger.coding import (
    BudgetRule,
    ContractRule,
    History,
    account_problem,
    budget_rule_for,
    contract_rule_for,
    pattern_problem,
    rules_conflict,
    tokens,
)
from fundledger.streams import code_problem, nature, org_kind

RULES = [
    BudgetRule(1, "LC4410", "DA Team"),
    BudgetRule(2, "LC4410", "Refuge", "5200", "5299"),
    BudgetRule(3, "LC4410", "Legal support", "5210", "5210"),
]


def test_the_most_specific_budget_rule_wins() -> None:
    assert budget_rule_for(RULES, "lc4410", "5210").target == "Legal support"
    assert budget_rule_for(RULES, "LC4410", "5250").target == "Refuge"
    assert budget_rule_for(RULES, "LC4410", "1100").target == "DA Team"
    assert budget_rule_for(RULES, "LC4410", None).rule_id == 1
    assert budget_rule_for(RULES, "LC5120", "5210").target is None


def test_equally_specific_rules_that_disagree_code_nothing() -> None:
    pick = budget_rule_for([*RULES, BudgetRule(4, "LC4410", "Other", "5250", "5260")], "LC4410",
                           "5255")  # fmt: skip
    assert (pick.target, pick.problem) == (None, "rules #2, #4 code this row to different lines")


def test_conflicts_and_bad_ranges_are_named() -> None:
    assert rules_conflict(BudgetRule(0, "LC4410", "X"), RULES) == RULES[0]
    assert rules_conflict(BudgetRule(0, "LC4410", "X", "5100", "5200"), RULES) == RULES[1]
    assert rules_conflict(BudgetRule(0, "LC4410", "X", "6000", "6999"), RULES) is None
    assert rules_conflict(BudgetRule(0, "LC4410", "da team"), RULES) is None  # same line
    assert account_problem("5299", "5200") == (
        "account range 5299–5200 is empty (the first code is after the last)"
    )
    assert (
        pattern_problem("**")
        == "reference pattern '**' matches every reference: leave it out instead"
    )


def test_contract_rules_match_supplier_then_reference_pattern() -> None:
    rules = [
        ContractRule(1, 11, supplier_org_id=7),
        ContractRule(2, 12, supplier_org_id=7, reference_pattern="INV-LWA-FAM-*"),
        ContractRule(3, 13, supplier_text="beacon training"),
    ]
    assert contract_rule_for(rules, 7, "LWA", "inv-lwa-fam-0001").target == 12
    assert contract_rule_for(rules, 7, "LWA", "INV-LWA-0001").target == 11
    assert contract_rule_for(rules, None, "Beacon  Training", None).target == 13
    assert contract_rule_for(rules, 8, "Someone", "X").target is None


def test_tokens_drop_dates_months_and_small_words() -> None:
    assert tokens("FreeVa", "Credit note – duplicated June helpline invoice 2025") == frozenset(
        {"supplier:freeva", "duplicated", "helpline"}
    )


def test_suggestions_are_conditioned_on_the_supplier() -> None:
    h: History[str] = History()
    for line, n in (("Helpline", 8), ("BAME advisor", 9), ("Counselling adults", 8)):
        h.learn("DA", "FreeVa", f"{line} – April 2025", line, n)
    h.learn("DA", "Women's Aid", "Outreach support for male victims", "Outreach", 8)
    found = h.suggest("DA", "FreeVa", "Helpline support for male victims – May 2025")
    assert found is not None and found.target == "Helpline" and found.percent == "97%"
    assert h.suggest("YJ", "FreeVa", "Helpline") is None  # another stream knows nothing
    unsure = h.suggest("DA", "FreeVa", "Something new")
    assert unsure is not None and unsure.confidence < Decimal("0.9")


@given(st.lists(st.sampled_from(["a line", "b line", "c line"]), min_size=1, max_size=30))
def test_confidence_is_a_probability(targets: list[str]) -> None:
    h: History[str] = History()
    for t in targets:
        h.learn(1, "Supplier", t, t)
    found = h.suggest(1, "Supplier", targets[0])
    assert found is not None and Decimal(0) < found.confidence < Decimal(1)


def test_stream_and_org_words() -> None:
    assert [nature(k) for k in ("grant", "pooled", "allocations", "income")] == [
        "expenditure", "pooled", "expenditure", "income",
    ]  # fmt: skip
    assert code_problem("da") is not None and code_problem("GHL") is None
    assert [org_kind(w) for w in ("partner", "CSP area", "csp-area", "funder", "vcse", "x")] == [
        "partner_agency", "csp_area", "csp_area", "funder", "vcse", None,
    ]  # fmt: skip
