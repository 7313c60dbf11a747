"""The names of the ORM classes in ``db.schema.mapped``: the one list of them.

It imports nothing, so ``db.schema`` can answer which names it hands over on first use (its
``MAPPED`` and ``__all__``), and ``db.schema.mapped`` can derive its ``__all__``, without
defining a mapper.  Add a class here when you add one to ``db.schema.mapped``
(``tests/db/test_schema_mapped.py`` checks the two agree).
"""

from __future__ import annotations

from typing import Final

ORM_NAMES: Final[tuple[str, ...]] = (
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
)
