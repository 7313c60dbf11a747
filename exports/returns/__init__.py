"""The returns: one function per return, each writing an xlsx from :mod:`exports.data` figures.

Every function takes ``(path, produced, rows, *, ...)`` and returns :class:`exports.data.Written`
(the path and the totals it wrote).  ``sources`` fills the "Rows" sheet.
"""

from __future__ import annotations

from .da import da_allocations, da_spend_plan
from .income import pmt_income
from .opcc import opcc_csp
from .registers import contracts_register, transactions
from .variance import variance
from .yj import yj_pooled_budget

__all__ = [
    "contracts_register",
    "da_allocations",
    "da_spend_plan",
    "opcc_csp",
    "pmt_income",
    "transactions",
    "variance",
    "yj_pooled_budget",
]
