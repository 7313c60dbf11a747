"""Contracts register reads: lines with providers, terms, extension decisions, end dates,
profiles, invoiced and remaining, warnings; and committed by year.

Invoices are transactions with ``contract_line_id``; reversals net off.  Committed for a year is
the line's profiled value for the year − invoiced against it in that year, never negative
(a warning says so instead).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from db.schema import (
    BudgetLine,
    ContractExtension,
    ContractLine,
    ContractProfile,
    ContractProvider,
    Organisation,
    Stream,
    Transaction,
)
from fundledger import contracts as rules
from fundledger.contracts import ContractWarning, Extension
from fundledger.money import ZERO, Money

from .budget import int_setting
from .core import active_batch


@dataclass(frozen=True, slots=True)
class ExtensionRow:
    id: int
    version: int
    seq: int
    months: int
    decision: str
    decided_by: str | None
    decided_on: date | None
    note: str | None


@dataclass(frozen=True, slots=True)
class ContractRow:
    id: int
    version: int
    stream_id: int
    stream_code: str
    service: str
    provider_text: str
    providers: tuple[str, ...]
    commissioner: str | None
    budget_line_id: int | None
    budget_line: str | None
    value: Money | None
    value_text: str | None
    cost_basis: str
    term_text: str | None
    base_term_months: int | None
    contract_start: date | None
    service_start: date | None
    fixed_term: bool
    internal: bool
    reference: str | None
    notes: str | None
    extensions: tuple[ExtensionRow, ...]
    end: date | None
    last_day: date | None
    total_value: Money | None
    profile: tuple[tuple[int, Money], ...]
    invoiced: Money
    remaining: Money | None
    warnings: tuple[ContractWarning, ...]
    commissioner_org_id: int | None = None


def expiry_window(session: Session) -> int:
    """Days before the end at which a pending extension decision is warned about."""
    return int_setting(session, rules.EXPIRY_SETTING, rules.DEFAULT_EXPIRY_DAYS)


def _extensions(session: Session, ids: list[int]) -> dict[int, list[ExtensionRow]]:
    out: dict[int, list[ExtensionRow]] = defaultdict(list)
    q = (
        select(ContractExtension)
        .where(ContractExtension.contract_line_id.in_(ids))
        .order_by(ContractExtension.contract_line_id, ContractExtension.seq)
    )
    for e in session.execute(q).scalars():
        out[e.contract_line_id].append(
            ExtensionRow(e.id, e.version, e.seq, e.months, e.decision, e.decided_by,
                         e.decided_on, e.note)
        )  # fmt: skip
    return out


def _providers(session: Session, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    q = (
        select(ContractProvider.contract_line_id, Organisation.name)
        .join(Organisation, Organisation.id == ContractProvider.org_id)
        .where(ContractProvider.contract_line_id.in_(ids))
        .order_by(ContractProvider.contract_line_id, Organisation.name)
    )
    for line_id, name in session.execute(q):
        out[line_id].append(name)
    return out


def _profiles(session: Session, ids: list[int]) -> dict[int, dict[int, Money]]:
    out: dict[int, dict[int, Money]] = defaultdict(dict)
    q = (
        select(ContractProfile)
        .where(ContractProfile.contract_line_id.in_(ids))
        .order_by(ContractProfile.contract_line_id, ContractProfile.year)
    )
    for p in session.execute(q).scalars():
        out[p.contract_line_id][p.year] = p.amount
    return out


def _invoiced(session: Session, ids: list[int]) -> dict[int, Money]:
    q = (
        select(Transaction.contract_line_id, func.sum(Transaction.amount))
        .where(Transaction.contract_line_id.in_(ids))
        .group_by(Transaction.contract_line_id)
    )
    return {k: v for k, v in session.execute(q) if k is not None and v is not None}


def _after_end(session: Session, ends: dict[int, date]) -> dict[int, tuple[int, Money]]:
    """(count, total) of invoices dated on or after each line's exclusive end."""
    if not ends:
        return {}
    end_of = case(ends, value=Transaction.contract_line_id)
    q = (
        select(Transaction.contract_line_id, func.count(), func.sum(Transaction.amount))
        .where(Transaction.contract_line_id.in_(list(ends)), Transaction.txn_date >= end_of)
        .group_by(Transaction.contract_line_id)
    )
    return {k: (n, s) for k, n, s in session.execute(q) if k is not None}


def register(
    session: Session,
    *,
    stream_id: int | None = None,
    today: date,
    line_ids: list[int] | None = None,
) -> list[ContractRow]:
    """The contracts register with derived end, invoiced, remaining and warnings."""
    commissioner = Organisation.name.label("commissioner")
    q = (
        select(ContractLine, Stream.code, commissioner, BudgetLine.name)
        .join(Stream, Stream.id == ContractLine.stream_id)
        .outerjoin(Organisation, Organisation.id == ContractLine.commissioner_org_id)
        .outerjoin(BudgetLine, BudgetLine.id == ContractLine.budget_line_id)
        .where(active_batch(ContractLine.batch_id))
    )
    if stream_id is not None:
        q = q.where(ContractLine.stream_id == stream_id)
    if line_ids is not None:
        q = q.where(ContractLine.id.in_(line_ids))
    rows = session.execute(
        q.order_by(Stream.sort_order, ContractLine.sort_order, ContractLine.id)
    ).all()
    ids = [r[0].id for r in rows]
    if not ids:
        return []
    facts = _Facts(
        _extensions(session, ids),
        _providers(session, ids),
        _profiles(session, ids),
        _invoiced(session, ids),
        expiry_window(session),
        today,
    )
    ends = {r[0].id: e for r in rows if (e := _end(r[0], facts.ext.get(r[0].id, []))) is not None}
    after = _after_end(session, ends)
    return [
        facts.row(line, code, comm, bl, ends.get(line.id), after) for line, code, comm, bl in rows
    ]


def _end(line: ContractLine, ext: list[ExtensionRow]) -> date | None:
    start = line.contract_start or line.service_start
    return rules.contract_end(start, line.base_term_months, _ext(ext))


def _ext(ext: list[ExtensionRow]) -> list[Extension]:
    return [Extension(e.seq, e.months, e.decision) for e in ext]


@dataclass(frozen=True, slots=True)
class _Facts:
    ext: dict[int, list[ExtensionRow]]
    providers: dict[int, list[str]]
    profiles: dict[int, dict[int, Money]]
    invoiced: dict[int, Money]
    window: int
    today: date

    def row(
        self,
        line: ContractLine,
        code: str,
        commissioner: str | None,
        budget_line: str | None,
        end: date | None,
        after: dict[int, tuple[int, Money]],
    ) -> ContractRow:
        ext = self.ext.get(line.id, [])
        months = rules.term_months(line.base_term_months, _ext(ext))
        total = rules.term_value(line.value, line.cost_basis, months)
        invoiced = self.invoiced.get(line.id, ZERO)
        profile = self.profiles.get(line.id, {})
        n_after, sum_after = after.get(line.id, (0, ZERO))
        warnings = [
            rules.over_invoiced(total, invoiced),
            rules.expiry_warning(end, _ext(ext), self.today, self.window),
            rules.ended_unspent(end, self.today, total, invoiced),
            rules.after_end_warning(end, n_after, sum_after),
            rules.profile_warning(total, Money(sum(profile.values(), ZERO))),
            rules.basis_warning(line.cost_basis),
        ]
        return ContractRow(
            line.id, line.version, line.stream_id, code, line.service, line.provider_text,
            tuple(self.providers.get(line.id, [])), commissioner, line.budget_line_id,
            budget_line, line.value, line.value_text, line.cost_basis, line.term_text,
            line.base_term_months, line.contract_start, line.service_start, line.fixed_term,
            line.internal, line.reference, line.notes, tuple(ext), end, rules.last_day(end),
            total, tuple(sorted(profile.items())), invoiced,
            None if total is None else Money(total - invoiced),
            tuple(w for w in warnings if w is not None), line.commissioner_org_id,
        )  # fmt: skip


def contract(session: Session, line_id: int, *, today: date) -> ContractRow | None:
    found = register(session, line_ids=[line_id], today=today)
    return found[0] if found else None


@dataclass(frozen=True, slots=True)
class CommittedRow:
    contract_line_id: int
    budget_line_id: int | None
    stream_code: str
    service: str
    year: int
    profiled: Money
    invoiced: Money
    committed: Money
    warning: ContractWarning | None


def committed_for_year(
    session: Session, year: int, *, stream_id: int | None = None
) -> list[CommittedRow]:
    """Per contract line: profiled value for ``year`` − invoiced in ``year`` (floored at 0)."""
    prof = (
        select(ContractProfile.contract_line_id.label("cid"), ContractProfile.amount.label("p"))
        .where(ContractProfile.year == year)
        .subquery()
    )
    inv = (
        select(Transaction.contract_line_id.label("cid"), func.sum(Transaction.amount).label("i"))
        .where(Transaction.year == year, Transaction.contract_line_id.is_not(None))
        .group_by(Transaction.contract_line_id)
        .subquery()
    )
    q: Any = (
        select(ContractLine, Stream.code, prof.c.p, inv.c.i)
        .join(Stream, Stream.id == ContractLine.stream_id)
        .outerjoin(prof, prof.c.cid == ContractLine.id)
        .outerjoin(inv, inv.c.cid == ContractLine.id)
        .where((prof.c.p.is_not(None)) | (inv.c.i.is_not(None)))
    )
    if stream_id is not None:
        q = q.where(ContractLine.stream_id == stream_id)
    out = []
    for line, code, p, i in session.execute(q.order_by(ContractLine.id)):
        profiled = ZERO if p is None else Money(p)
        invoiced = ZERO if i is None else Money(i)
        value, warning = rules.committed(profiled, invoiced, year)
        out.append(CommittedRow(line.id, line.budget_line_id, code, line.service, year,
                                profiled, invoiced, value, warning))  # fmt: skip
    return out


def committed_by_budget_line(
    session: Session, year: int, *, stream_id: int | None = None
) -> dict[int | None, Money]:
    """Committed for ``year`` summed by budget line (None = contract lines without one)."""
    out: dict[int | None, Money] = {}
    for row in committed_for_year(session, year, stream_id=stream_id):
        out[row.budget_line_id] = Money(out.get(row.budget_line_id, ZERO) + row.committed)
    return out
