"""The standard reference data a new ledger starts with (``fundledger init``), as pure data.

Streams (DA, YJ, OPCC, PMT, DHR) with their cost centres, and the organisations the source
papers name — funders, authorities, CSP areas, youth justice partner agencies, providers and the
suppliers of the sample workbooks — with every printed spelling as an alias (DOMAIN.md §1, §6).

The data lives in modules by subject (authorities, providers, streams, details); import it
from here.

How to seed: create every :data:`ORGANISATIONS` entry once (``kind`` + ``name`` is unique) with
its :meth:`~fundledger.orgs.OrgRef.alias_entries`; then :data:`STREAMS` (``funder`` /
``recipient`` are organisation keys) with their ``mechanisms`` and ``directorates``; then
:data:`COST_CENTRES`.  :data:`DISTRICTS`, :data:`CSP_AREAS`, :data:`YJ_AGENCIES`,
:data:`FUNDERS`, :data:`PROVIDERS` and the rest are *views* of ``ORGANISATIONS`` for building
one :class:`~fundledger.orgs.AliasIndex` per role — do not seed them a second time.

Dates the source papers do not give (a rename's exact day) are marked ``not in the sources``.
"""

from __future__ import annotations

from .authorities import (
    AUTHORITIES,
    DISTRICTS,
    FUNDERS,
    GOVERNMENT_AND_PARTNERS,
)
from .details import (
    COST_CENTRES,
    DHR_DEBTORS,
    DHR_RECHARGE_PER_YEAR,
    OPCC_CAF_MAX_GRANT,
    OPCC_CAF_THEMES,
    PMT_INCOME_CATEGORIES,
    PMT_PACKAGES,
    SUBJECTIVES,
    CostCentreRef,
    PackageRef,
    by_key,
)
from .providers import (
    CSP_AREA_AUTHORITIES,
    CSP_AREAS,
    ORGANISATIONS,
    PROVIDERS,
    SUPPLIERS,
    YJ_AGENCIES,
    YJ_AGENCY_ORG,
    YJ_HEADINGS,
)
from .streams import (
    MECHANISMS,
    OPTIONAL_STREAMS,
    STREAMS,
    StreamRef,
    stream,
)

__all__ = [
    "AUTHORITIES",
    "COST_CENTRES",
    "CSP_AREAS",
    "CSP_AREA_AUTHORITIES",
    "DHR_DEBTORS",
    "DHR_RECHARGE_PER_YEAR",
    "DISTRICTS",
    "FUNDERS",
    "GOVERNMENT_AND_PARTNERS",
    "MECHANISMS",
    "OPCC_CAF_MAX_GRANT",
    "OPCC_CAF_THEMES",
    "OPTIONAL_STREAMS",
    "ORGANISATIONS",
    "PMT_INCOME_CATEGORIES",
    "PMT_PACKAGES",
    "PROVIDERS",
    "STREAMS",
    "SUBJECTIVES",
    "SUPPLIERS",
    "YJ_AGENCIES",
    "YJ_AGENCY_ORG",
    "YJ_HEADINGS",
    "CostCentreRef",
    "PackageRef",
    "StreamRef",
    "by_key",
    "stream",
]
