"""The returns: one function per return, each writing an xlsx from :mod:`exports.data` figures."""

from __future__ import annotations

from .opcc import opcc_csp
from .yj import yj_pooled_budget

__all__ = ["opcc_csp", "yj_pooled_budget"]
