"""Import kinds: the registry every list of kinds reads (command line, wizard, imports page).

:data:`REGISTRY` holds the built-in kinds, registered below in the order the screens offer
them.  See :mod:`.registry` for the record and how to add a kind or a refiner.
"""

from __future__ import annotations

from . import allocations, budget_lines, contracts, contributions, gl, income, transactions
from .registry import DuplicateKind, ImportKind, KindEntry, Option, Registry, UnknownKind

__all__ = [
    "REGISTRY",
    "DuplicateKind",
    "ImportKind",
    "KindEntry",
    "Option",
    "Registry",
    "UnknownKind",
]

REGISTRY = Registry()
for _module in (transactions, gl, allocations, budget_lines, contracts, contributions, income):
    REGISTRY.register(_module.KIND)
