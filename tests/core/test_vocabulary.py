"""The vocabulary types agree with what the ledger stores and what the app offers: the
database's CHECK constraints, the roles, the variance levels, the import-kind and return
registries, and the constants the code already used."""

from __future__ import annotations

import re
from enum import StrEnum

import pytest

from fundledger import vocabulary as v


def _allowed(table: str, column: str) -> set[str]:
    """The words a CHECK ``column in (…)`` constraint of ``table`` allows."""
    from db.schema import Base

    for check in Base.metadata.tables[table].constraints:
        text = str(getattr(check, "sqltext", ""))
        if text.startswith(f"{column} in ("):
            return set(re.findall(r"'([^']*)'", text))
    raise AssertionError(f"{table}.{column} has no CHECK … in (…)")


@pytest.mark.parametrize(
    ("enum", "table", "column"),
    [
        (v.ApprovalStatus, "virements", "status"),
        (v.ApprovalStatus, "carry_forwards", "status"),
        (v.ContributionKind, "contributions", "kind"),
        (v.ContributionStatus, "contributions", "status"),
        (v.RechargeStatus, "recharges", "status"),
        (v.ReturnStatus, "return_submissions", "status"),
        (v.StreamKind, "streams", "kind"),
        (v.RuleKind, "coding_rules", "kind"),
        (v.Role, "users", "role"),
    ],
)
def test_an_enum_is_what_the_database_allows(enum: type[StrEnum], table: str, column: str) -> None:
    assert {m.value for m in enum} == _allowed(table, column)


def test_the_constants_the_code_used_are_the_enums() -> None:
    from db.ledger import ROLES
    from db.ops.contributions import STATUSES
    from db.queries.variance import LEVELS
    from fundledger.budget import TRANSACTION_KINDS
    from fundledger.income import INCOME_STATUSES, RECHARGE_STATUSES
    from ui.usecases.variance import BY_CHOICES

    assert tuple(v.Role) == ROLES
    assert tuple(v.TransactionKind) == TRANSACTION_KINDS
    assert tuple(v.Level) == LEVELS
    assert tuple(v.By) == BY_CHOICES
    assert tuple(v.ContributionStatus) == STATUSES
    assert tuple(v.IncomeStatus) == INCOME_STATUSES
    assert tuple(v.RechargeStatus) == RECHARGE_STATUSES


def test_the_registries_hold_the_built_in_names() -> None:
    from ui.usecases import returns
    from ui.usecases.import_kinds import REGISTRY

    assert REGISTRY.names() == tuple(v.ImportKindName)
    assert tuple(d.name for d in returns.BUILT_IN) == tuple(v.ReturnName)


def test_a_member_is_its_word() -> None:
    import json

    assert v.Role("budget_holder") is v.Role.BUDGET_HOLDER
    assert "budget_holder" in tuple(v.Role)
    assert f"{v.RagStatus.AMBER}" == "amber"
    assert json.dumps({"rag": v.RagStatus.RED}) == '{"rag": "red"}'
    assert ", ".join(v.By) == "line, partner, area, quarter, period"
