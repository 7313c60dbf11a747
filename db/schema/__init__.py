"""The ledger schema (SPEC §3): every table, in one place.

Conventions:
- money columns are :class:`db.types.Pence` (BIGINT pence);
- financial years are stored as their start year (``2025`` is 2025-26), periods as 1–12;
- editable rows carry ``version`` (optimistic locking) and created/updated by and at;
- money rows are never deleted: they are reversed (``reverses_id``) or their batch is undone;
- the audit log is append-only and hash-chained (``db.audit``).

The tables are Core ``Table`` objects in modules by subject (``base``, ``reference``,
``budgets``, ``actuals``, ``books``, ``records``), defined in that order, all on
:data:`metadata`.  The ORM classes over them (``Transaction`` over ``transactions``, …) live in
``db.schema.mapped`` and are imported from here on first use: ``from db.schema import
Transaction`` maps them all, while a reading command that imports only tables (or
``SCHEMA_VERSION``) never defines a mapper (issue 23: defining the ~40 mapped classes was a
quarter of a short command's time).  To change a table, change its ``Table`` and the
``Mapped[...]`` annotation of its class (``tests/db/test_schema_mapped.py`` checks they agree).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# ruff: noqa: I001 — imported in the order the tables are defined (metadata order)
from .base import NAMING, metadata
from . import reference, budgets, actuals, books, records
from .books import MONEY_TABLES

if TYPE_CHECKING:
    from .mapped import (
        Allocation,
        Attachment,
        AuditEntry,
        Base,
        BudgetLine,
        BudgetRevision,
        CarryForward,
        CodingRule,
        ContractExtension,
        ContractLine,
        ContractProfile,
        ContractProvider,
        Contribution,
        CostCentre,
        EvidenceFile,
        Forecast,
        ImportBatch,
        ImportProfile,
        IncomeItem,
        LedgerInfo,
        OrgAlias,
        OrgMerge,
        Organisation,
        PeriodLock,
        Recharge,
        ReconExplanation,
        ReconMatch,
        ReconSignoff,
        ReturnSchedule,
        ReturnSubmission,
        Setting,
        StatementLine,
        Stream,
        StreamMechanism,
        Tracked,
        Transaction,
        User,
        UserStream,
        VarianceComment,
        Virement,
    )

#: Bump with every migration; a ledger whose ``ledger_info.schema_version`` is higher is refused.
SCHEMA_VERSION = 17

#: the ORM names (``db.schema.mapped``), imported on first use
MAPPED = frozenset(
    {
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
    }
)


def __getattr__(name: str) -> Any:
    if name in MAPPED:
        from . import mapped

        return getattr(mapped, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    "actuals",
    "books",
    "budgets",
    "metadata",
    "records",
    "reference",
]
