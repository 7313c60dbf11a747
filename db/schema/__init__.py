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
from .base import NAMING as NAMING, metadata as metadata
from . import reference, budgets, actuals, books, records
from .books import MONEY_TABLES as MONEY_TABLES
from .names import ORM_NAMES

if TYPE_CHECKING:
    # mypy sees each class as ``db.schema.mapped`` re-exports it (``X as X``); at run time
    # they come through ``__getattr__`` below, on first use.
    from .mapped import *  # noqa: F403

#: Bump with every migration; a ledger whose ``ledger_info.schema_version`` is higher is refused.
SCHEMA_VERSION = 30

#: the ORM names (``db.schema.mapped``, listed in ``db.schema.names``), imported on first use
MAPPED = frozenset(ORM_NAMES)


def __getattr__(name: str) -> Any:
    if name in MAPPED:
        from . import mapped

        return getattr(mapped, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if not TYPE_CHECKING:
    # Run time only: mypy reads a derived ``__all__`` as "export nothing else", which would hide
    # the classes above; it takes the names from the explicit re-exports instead.
    __all__ = [
        "MONEY_TABLES",
        "NAMING",
        "SCHEMA_VERSION",
        "MAPPED",
        "actuals",
        "books",
        "budgets",
        "metadata",
        "records",
        "reference",
        *ORM_NAMES,
    ]
