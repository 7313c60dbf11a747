"""The ORM classes mapped over the Core tables of ``db.schema`` (one module per subject).

Imported only by code that reads or writes through the ORM (``from db.schema import
Transaction`` imports it on first use); reading commands use the tables themselves.
"""

# ruff: noqa: I001 — imported in the order the tables are defined (metadata order)
from .base import Base, Tracked
from .reference import (
    LedgerInfo,
    User,
    UserStream,
    Setting,
    Organisation,
    OrgAlias,
    Stream,
    StreamMechanism,
    CostCentre,
    CodingRule,
    OrgMerge,
)
from .budgets import (
    Allocation,
    BudgetLine,
    Virement,
    BudgetRevision,
    CarryForward,
    ContractLine,
    ContractProvider,
    ContractExtension,
    ContractProfile,
)
from .actuals import Transaction, Contribution, Recharge, IncomeItem, Forecast, VarianceComment
from .books import (
    ImportBatch,
    ImportProfile,
    StatementLine,
    ReconMatch,
    ReconSignoff,
    ReconExplanation,
    PeriodLock,
    AuditEntry,
)
from .records import ReturnSubmission, ReturnSchedule, EvidenceFile, Attachment

__all__ = [
    "Allocation",
    "Attachment",
    "AuditEntry",
    "Base",
    "BudgetLine",
    "BudgetRevision",
    "CarryForward",
    "CodingRule",
    "ContractExtension",
    "ContractLine",
    "ContractProfile",
    "ContractProvider",
    "Contribution",
    "CostCentre",
    "EvidenceFile",
    "Forecast",
    "ImportBatch",
    "ImportProfile",
    "IncomeItem",
    "LedgerInfo",
    "OrgAlias",
    "OrgMerge",
    "Organisation",
    "PeriodLock",
    "Recharge",
    "ReconExplanation",
    "ReconMatch",
    "ReconSignoff",
    "ReturnSchedule",
    "ReturnSubmission",
    "Setting",
    "StatementLine",
    "Stream",
    "StreamMechanism",
    "Tracked",
    "Transaction",
    "User",
    "UserStream",
    "VarianceComment",
    "Virement",
]
