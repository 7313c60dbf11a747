"""The ledger's vocabulary as types: the words stored in its columns and offered on its
screens, each an :class:`~enum.StrEnum` (a member *is* its string, so it is stored, compared,
joined and written to JSON as the word itself), and ``NewType`` ids for the rows that are
passed around most.

The database's CHECK constraints, the import-kind and return registries and the command
line's choices are checked against these in ``tests/core/test_vocabulary.py``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NewType

__all__ = [
    "AllocationId",
    "ApprovalStatus",
    "BatchId",
    "BudgetLineId",
    "By",
    "ContractLineId",
    "ContributionKind",
    "ContributionStatus",
    "ImportKindName",
    "IncomeStatus",
    "Level",
    "OrganisationId",
    "RagStatus",
    "RechargeStatus",
    "ReturnName",
    "ReturnStatus",
    "Role",
    "RuleKind",
    "StreamId",
    "StreamKind",
    "TransactionId",
    "TransactionKind",
]

# --------------------------------------------------------------------------- ids
StreamId = NewType("StreamId", int)
BudgetLineId = NewType("BudgetLineId", int)
ContractLineId = NewType("ContractLineId", int)
TransactionId = NewType("TransactionId", int)
AllocationId = NewType("AllocationId", int)
OrganisationId = NewType("OrganisationId", int)
BatchId = NewType("BatchId", int)


# --------------------------------------------------------------------------- words
class TransactionKind(StrEnum):
    """``transactions.kind``."""

    SPEND = "spend"
    CREDIT = "credit"
    INCOME = "income"
    REFUND = "refund"
    REPORTED_ACTUAL = "reported_actual"
    REVERSAL = "reversal"


class ApprovalStatus(StrEnum):
    """A virement's or carry-forward's ``status``."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ContributionKind(StrEnum):
    """``contributions.kind``: money, or staff and services given in kind."""

    CASH = "cash"
    IN_KIND = "in_kind"


class ContributionStatus(StrEnum):
    """``contributions.status``, in the order a contribution moves through them."""

    PLEDGED = "pledged"
    INVOICED = "invoiced"
    RECEIVED = "received"


class RechargeStatus(StrEnum):
    """``recharges.status``."""

    RAISED = "raised"
    PAID = "paid"
    CANCELLED = "cancelled"


class IncomeStatus(StrEnum):
    """``income_items.status``."""

    RAISED = "raised"
    RECEIVED = "received"
    CANCELLED = "cancelled"


class ReturnStatus(StrEnum):
    """A kept return's ``status`` (``return_submissions.status``)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"


class StreamKind(StrEnum):
    """``streams.kind``: what a stream's money is."""

    EXPENDITURE = "expenditure"
    INCOME = "income"
    POOLED = "pooled"


class RuleKind(StrEnum):
    """A coding rule's target: a budget line or a contract line."""

    BUDGET = "budget"
    CONTRACT = "contract"


class RagStatus(StrEnum):
    """A variance row's red/amber/green."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class Role(StrEnum):
    """A user's role (``users.role``), which decides what they may do."""

    FINANCE = "finance"
    COMMISSIONING = "commissioning"
    BUDGET_HOLDER = "budget_holder"
    VIEWER = "viewer"
    ADMIN = "admin"


class Level(StrEnum):
    """What the variance query groups figures by."""

    LINE = "line"
    PARTNER = "partner"
    AREA = "area"
    STREAM = "stream"


class By(StrEnum):
    """What a variance report is by (``variance --by``, the Variance page's level)."""

    LINE = "line"
    PARTNER = "partner"
    AREA = "area"
    QUARTER = "quarter"
    PERIOD = "period"


class ImportKindName(StrEnum):
    """The built-in import kinds (``fundledger import KIND``), in the order they are offered."""

    TRANSACTIONS = "transactions"
    GL = "gl"
    ALLOCATIONS = "allocations"
    BUDGET_LINES = "budget-lines"
    CONTRACTS = "contracts"
    CONTRIBUTIONS = "contributions"
    INCOME = "income"


class ReturnName(StrEnum):
    """The built-in returns (``fundledger export RETURN``), in the order they are listed."""

    YJ_POOLED_BUDGET = "yj-pooled-budget"
    OPCC_CSP = "opcc-csp"
    DA_ALLOCATIONS = "da-allocations"
    DA_SPEND_PLAN = "da-spend-plan"
    PMT_INCOME = "pmt-income"
    CONTRACTS_REGISTER = "contracts-register"
    VARIANCE = "variance"
    TRANSACTIONS = "transactions"
