"""The ledger schema (SPEC §3): every table, in one place.

Conventions:
- money columns are :class:`db.types.Pence` (BIGINT pence);
- financial years are stored as their start year (``2025`` is 2025-26), periods as 1–12;
- editable rows carry ``version`` (optimistic locking) and created/updated by and at;
- money rows are never deleted: they are reversed (``reverses_id``) or their batch is undone;
- the audit log is append-only and hash-chained (``db.audit``).

The tables live in modules by subject (``base``, ``reference``, ``budgets``, ``actuals``,
``books``); import them from here, in the order they are defined below.
"""

# ruff: noqa: I001 — imported in the order the tables are defined (metadata order)
from .base import (
    NAMING,
    Base,
    Tracked,
)
from .reference import (
    CodingRule,
    CostCentre,
    LedgerInfo,
    OrgAlias,
    Organisation,
    OrgMerge,
    Setting,
    Stream,
    StreamMechanism,
    User,
    UserStream,
)
from .budgets import (
    Allocation,
    BudgetLine,
    BudgetRevision,
    CarryForward,
    ContractExtension,
    ContractLine,
    ContractProfile,
    ContractProvider,
    Virement,
)
from .actuals import (
    Contribution,
    Forecast,
    IncomeItem,
    Recharge,
    Transaction,
    VarianceComment,
)
from .books import (
    MONEY_TABLES,
    AuditEntry,
    ImportBatch,
    ImportProfile,
    PeriodLock,
    ReconExplanation,
    ReconMatch,
    ReconSignoff,
    StatementLine,
)
from .records import Attachment, EvidenceFile, ReturnSchedule, ReturnSubmission

#: Bump with every migration; a ledger whose ``ledger_info.schema_version`` is higher is refused.
SCHEMA_VERSION = 16

__all__ = [
    "MONEY_TABLES",
    "NAMING",
    "SCHEMA_VERSION",
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
