"""The returns: one module per return (its builder and its :class:`~.registry.ReturnDef`),
registered here once, in the order the app lists them.

To add a return: write ``ui/usecases/returns/NAME.py`` with a builder and a ``DEFINITION``
(its layout in ``exports/returns/NAME.py``), then add it to :data:`BUILT_IN` below.  The
``export`` command, the Returns page and the template filler find it in the registry.
"""

from __future__ import annotations

from . import contracts, da, income, opcc, transactions, variance, yj
from .base import ExportInputError, Prepared, Request, Scope
from .registry import (
    Applies,
    DuplicateReturn,
    FigureDoc,
    ReturnDef,
    by_prefix,
    definitions,
    find,
    for_stream,
    names,
    register,
    registered,
)

BUILT_IN: tuple[ReturnDef, ...] = (
    yj.DEFINITION,
    opcc.DEFINITION,
    da.ALLOCATIONS_DEF,
    da.SPEND_PLAN_DEF,
    income.DEFINITION,
    contracts.DEFINITION,
    variance.DEFINITION,
    transactions.DEFINITION,
)
for _definition in BUILT_IN:
    register(_definition)

__all__ = [
    "BUILT_IN",
    "Applies",
    "DuplicateReturn",
    "ExportInputError",
    "FigureDoc",
    "Prepared",
    "Request",
    "ReturnDef",
    "Scope",
    "by_prefix",
    "definitions",
    "find",
    "for_stream",
    "names",
    "register",
    "registered",
]
