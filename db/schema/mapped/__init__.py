"""The ORM classes mapped over the Core tables of ``db.schema`` (one module per subject).

Imported only by code that reads or writes through the ORM (``from db.schema import
Transaction`` imports it on first use); reading commands use the tables themselves.  Each class is re-exported as ``X as X`` (what
mypy reads, also through ``db.schema``); the names are listed once, in ``db.schema.names``.
"""

from typing import TYPE_CHECKING

from ..names import ORM_NAMES

# ruff: noqa: I001 — imported in the order the tables are defined (metadata order)
from .base import Base as Base, Tracked as Tracked
from .reference import (
    LedgerInfo as LedgerInfo,
    User as User,
    UserStream as UserStream,
    Setting as Setting,
    Organisation as Organisation,
    OrgAlias as OrgAlias,
    Stream as Stream,
    StreamMechanism as StreamMechanism,
    CostCentre as CostCentre,
    CodingRule as CodingRule,
    OrgMerge as OrgMerge,
)
from .budgets import (
    Allocation as Allocation,
    BudgetLine as BudgetLine,
    Virement as Virement,
    BudgetRevision as BudgetRevision,
    CarryForward as CarryForward,
    ContractLine as ContractLine,
    ContractProvider as ContractProvider,
    ContractExtension as ContractExtension,
    ContractProfile as ContractProfile,
)
from .actuals import (
    Transaction as Transaction,
    Contribution as Contribution,
    Recharge as Recharge,
    IncomeItem as IncomeItem,
    Forecast as Forecast,
    VarianceComment as VarianceComment,
)
from .books import (
    ImportBatch as ImportBatch,
    ImportProfile as ImportProfile,
    StatementLine as StatementLine,
    ReconMatch as ReconMatch,
    ReconSignoff as ReconSignoff,
    ReconExplanation as ReconExplanation,
    PeriodLock as PeriodLock,
    AuditEntry as AuditEntry,
)
from .records import (
    ReturnSubmission as ReturnSubmission,
    ReturnSchedule as ReturnSchedule,
    EvidenceFile as EvidenceFile,
    Attachment as Attachment,
)

if not TYPE_CHECKING:
    # Run time only (mypy takes the names from the explicit re-exports above)
    __all__ = list(ORM_NAMES)
