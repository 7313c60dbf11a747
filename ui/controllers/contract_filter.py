"""The Contracts page's filters without a screen or a database (tests drive them directly).

:class:`ContractFilter` is what the filter bar sets; :func:`filter_rows` keeps the register rows
that pass: search text, provider, ending within N months, decision pending, flagged lines
(invoiced beyond value, ended with money not invoiced, ending with a decision pending, invoices
after the end) and the lines behind a budget line's *committed* (the Variance page's drill).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = ["FLAG_CODES", "ContractFilter", "filter_rows", "months_ahead", "runs_in"]

#: warnings that flag a line in the register (not notes such as an unknown cost basis)
FLAG_CODES = frozenset({"over_invoiced", "ended_unspent", "expiring", "invoice_after_end"})


class _Coded(Protocol):
    @property
    def code(self) -> str: ...


class _Decided(Protocol):
    @property
    def decision(self) -> str: ...


class ContractLike(Protocol):
    """The fields of a contracts-register row the filters read."""

    @property
    def service(self) -> str: ...
    @property
    def provider_text(self) -> str: ...
    @property
    def providers(self) -> Sequence[str]: ...
    @property
    def reference(self) -> str | None: ...
    @property
    def budget_line(self) -> str | None: ...
    @property
    def commissioner(self) -> str | None: ...
    @property
    def last_day(self) -> date | None: ...
    @property
    def extensions(self) -> Sequence[_Decided]: ...
    @property
    def warnings(self) -> Sequence[_Coded]: ...
    @property
    def profile(self) -> Sequence[tuple[int, object]]: ...


R = TypeVar("R", bound=ContractLike)


@dataclass(frozen=True, slots=True)
class ContractFilter:
    """What the Contracts page shows: every field optional (None / empty: no filter)."""

    text: str = ""
    provider: str | None = None
    ending_within_months: int | None = None
    decision_pending: bool = False
    flagged: bool = False
    #: the lines behind a budget line's committed: (line name, year)
    behind: tuple[str, int] | None = None


def months_ahead(today: date, months: int) -> date:
    """The same day ``months`` months on (the month's last day when it has fewer days)."""
    y, m = divmod(today.month - 1 + months, 12)
    year, month = today.year + y, m + 1
    for day in range(today.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(today.day, 28))


def _ends_within(r: ContractLike, months: int | None, today: date) -> bool:
    if months is None:
        return True
    return r.last_day is not None and today <= r.last_day <= months_ahead(today, months)


def _matches(r: ContractLike, f: ContractFilter, today: date) -> bool:
    text = f.text.strip().casefold()
    fields = (r.service, r.provider_text, r.reference, r.budget_line, r.commissioner)
    providers = (r.provider_text.casefold(), *(p.casefold() for p in r.providers))
    checks = (
        not text or any(text in (v or "").casefold() for v in fields),
        not f.provider or f.provider.casefold() in providers,
        _ends_within(r, f.ending_within_months, today),
        not f.decision_pending or any(e.decision == "pending" for e in r.extensions),
        not f.flagged or any(w.code in FLAG_CODES for w in r.warnings),
        f.behind is None
        or (r.budget_line == f.behind[0] and any(y == f.behind[1] for y, _a in r.profile)),
    )
    return all(checks)


def filter_rows(rows: Iterable[R], f: ContractFilter, today: date) -> list[R]:
    """The rows that pass every filter, in register order."""
    return [r for r in rows if _matches(r, f, today)]


class _Dated(Protocol):
    @property
    def contract_start(self) -> date | None: ...
    @property
    def service_start(self) -> date | None: ...
    @property
    def end(self) -> date | None: ...


def runs_in(r: _Dated, year: int | None) -> bool:
    """Whether a line runs in financial year ``year`` (lines without dates always show)."""
    start = r.contract_start or r.service_start
    if year is None or start is None:
        return True
    from fundledger.years import FinancialYear

    fy = FinancialYear(year)
    return start < fy.end and (r.end is None or r.end > fy.start)
