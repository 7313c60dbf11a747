"""How to read a file: :class:`ImportOptions` (sheet, profile, year, as-at, known codes, limits)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from fundledger.years import FinancialYear

from .headers import Profile, TableChoice
from .safety import DEFAULT_LIMITS, Limits

__all__ = ["ImportOptions"]


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to read a file.

    ``sheet``: use this sheet (even a hidden one).  ``profile``: an explicit column mapping;
    ``profiles``: saved profiles, re-applied when a header row has their layout signature.
    ``year``: the import's year (allocation labels without a year, "P03" period labels,
    budget lines and contributions).  ``as_at``: overrides a date found in the titles.
    ``cost_centres``: known codes, to pick the cost-centre segment of an account string.
    ``ambiguous_dates``: a numeric date valid both ways (03/04/2025) is an error.
    ``choice``: the header row, last data row and columns the user chose (``--header-row``,
    ``--last-row``, ``--map``).
    """

    sheet: str | None = None
    profile: Profile | None = None
    profiles: tuple[Profile, ...] = ()
    year: FinancialYear | None = None
    as_at: date | None = None
    cost_centres: frozenset[str] = field(default_factory=frozenset)
    ambiguous_dates: bool = False
    limits: Limits = DEFAULT_LIMITS
    choice: TableChoice = field(default_factory=TableChoice)
