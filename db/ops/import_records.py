"""Writing the small import kinds (allocations, budget lines, contract lines, contributions,
income): typed records from the planner, inserted one ORM row at a time and each audited with
its batch.  See :mod:`db.ops.import_writes` for the batch context and the bulk kinds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from db import schema as orm  # the ORM classes load on first use, not on import
from db.ledger import Actor
from db.writes import insert, update_row
from fundledger.money import Money

from .import_writes import WriteBatch

__all__ = [
    "AllocationWrite",
    "BudgetLineWrite",
    "ContractWrite",
    "ContributionWrite",
    "IncomeWrite",
    "ReportedActual",
    "write_allocations",
    "write_budget_lines",
    "write_contracts",
    "write_contributions",
    "write_income",
]


def _put(session: Session, actor: Actor, batch: WriteBatch, obj: object) -> None:
    insert(session, actor, obj, action="import", batch_id=batch.batch_id)


def _done(session: Session, batch: WriteBatch, n: int) -> int:
    session.flush()
    batch.tick(n, n)
    return n


@dataclass(frozen=True, slots=True)
class AllocationWrite:
    stream_id: int
    funder_org_id: int | None  # may be a placeholder (negative)
    recipient_org_id: int | None
    year_from: int
    year_to: int
    amount: Money
    amount_text: str
    approximate: bool
    mechanism: str | None
    label: str
    source_ref: str


def write_allocations(
    session: Session, actor: Actor, batch: WriteBatch, rows: Sequence[AllocationWrite]
) -> int:
    """Insert confirmed allocations; returns the count."""
    for r in rows:
        obj = orm.Allocation(
            stream_id=r.stream_id,
            funder_org_id=batch.org(r.funder_org_id),
            recipient_org_id=r.recipient_org_id,
            year_from=r.year_from,
            year_to=r.year_to,
            amount=r.amount,
            amount_text=r.amount_text,
            approximate=r.approximate,
            mechanism=r.mechanism,
            status="confirmed",
            label=r.label,
            source_ref=r.source_ref,
            batch_id=batch.batch_id,
        )
        _put(session, actor, batch, obj)
    return _done(session, batch, len(rows))


@dataclass(frozen=True, slots=True)
class ReportedActual:
    """Spend to date reported beside a budget line: a ``reported_actual`` transaction."""

    amount: Money
    on: date
    description: str
    reported_nil: bool


@dataclass(frozen=True, slots=True)
class BudgetLineWrite:
    """A budget line to create, revive (``revive_id``: an undone batch's line) or keep
    (``existing_id``: already active, only its reported actual is added)."""

    stream_id: int
    year: int
    name: str
    name_as_printed: str
    category: str
    org_id: int | None  # may be a placeholder (negative)
    original: Money
    sort_order: int
    existing_id: int | None = None
    revive_id: int | None = None
    actual: ReportedActual | None = None


def write_budget_lines(
    session: Session, actor: Actor, batch: WriteBatch, rows: Sequence[BudgetLineWrite]
) -> int:
    """Create or revive the lines and add reported actuals; returns lines written."""
    n = 0
    for r in rows:
        org = batch.org(r.org_id)
        line_id = r.existing_id
        if line_id is None:
            line_id = _line(session, actor, batch, r, org)
            n += 1
        if r.actual is not None:
            _put(session, actor, batch, _actual(r, r.actual, line_id, org, actor, batch))
    session.flush()
    batch.tick(n, n)
    return n


def _line(
    session: Session, actor: Actor, batch: WriteBatch, r: BudgetLineWrite, org: int | None
) -> int:
    if r.revive_id is not None:
        obj = session.get(orm.BudgetLine, r.revive_id)
        assert obj is not None
        if obj.original != r.original:  # an agreed original changes only by a revision (0012)
            why = f"re-imported in batch #{batch.batch_id}: {batch.reason}"
            rev = orm.BudgetRevision(budget_line_id=obj.id, stream_id=obj.stream_id, year=obj.year,
                                 old_original=obj.original, new_original=r.original, reason=why)  # fmt: skip
            insert(session, actor, rev, action="record_budget_revision", reason=why)
        changes = {
            "original": r.original,
            "batch_id": batch.batch_id,
            "org_id": org,
            "name_as_printed": r.name_as_printed,
        }
        update_row(session, actor, obj, changes, action="import_revive_line", reason=batch.reason)
        return obj.id
    line = orm.BudgetLine(
        stream_id=r.stream_id,
        year=r.year,
        name=r.name,
        category=r.category,
        org_id=org,
        original=r.original,
        name_as_printed=r.name_as_printed,
        sort_order=r.sort_order,
        batch_id=batch.batch_id,
        created_by=actor.username,
    )
    _put(session, actor, batch, line)
    session.flush()
    return line.id


def _actual(
    r: BudgetLineWrite,
    a: ReportedActual,
    line_id: int,
    org: int | None,
    actor: Actor,
    batch: WriteBatch,
) -> orm.Transaction:
    return orm.Transaction(
        stream_id=r.stream_id,
        budget_line_id=line_id,
        txn_date=a.on,
        year=r.year,
        period=12,
        amount=a.amount,
        kind="reported_actual",
        counterparty=r.name,
        counterparty_org_id=org,
        description=a.description,
        reported_nil=a.reported_nil,
        batch_id=batch.batch_id,
        created_by=actor.username,
    )


@dataclass(frozen=True, slots=True)
class ContractWrite:
    stream_id: int
    service: str
    provider_text: str
    value: Money | None
    value_text: str
    contract_start: date | None
    base_term_months: int | None
    term_text: str | None
    fixed_term: bool
    reference: str | None
    sort_order: int
    notes: str | None
    provider_ids: tuple[int, ...] = ()
    extensions: tuple[int, ...] = ()  # months of each optional extension, in order
    profile: tuple[tuple[int, Money], ...] = ()  # (year, amount)
    #: the stream's budget line named as its service (ui.usecases.import_coding.service_lines)
    budget_line_id: int | None = None


def write_contracts(
    session: Session, actor: Actor, batch: WriteBatch, rows: Sequence[ContractWrite]
) -> int:
    """Insert contract lines with their providers, pending extensions and yearly profile."""
    me = actor.username
    for r in rows:
        line = orm.ContractLine(
            stream_id=r.stream_id,
            service=r.service,
            provider_text=r.provider_text,
            value=r.value,
            value_text=r.value_text,
            cost_basis="unknown",
            contract_start=r.contract_start,
            base_term_months=r.base_term_months,
            term_text=r.term_text,
            fixed_term=r.fixed_term,
            reference=r.reference,
            budget_line_id=r.budget_line_id,
            sort_order=r.sort_order,
            batch_id=batch.batch_id,
            notes=r.notes,
            created_by=me,
        )
        _put(session, actor, batch, line)
        session.flush()
        lid = line.id
        children: list[object] = [
            orm.ContractProvider(contract_line_id=lid, org_id=o, name_as_printed=r.provider_text)
            for o in r.provider_ids
        ]
        children += [
            orm.ContractExtension(
                contract_line_id=lid, seq=seq, months=m, decision="pending", created_by=me
            )
            for seq, m in enumerate(r.extensions, 1)
        ]
        children += [
            orm.ContractProfile(contract_line_id=lid, year=y, amount=a, created_by=me)
            for y, a in r.profile
        ]
        for child in children:
            _put(session, actor, batch, child)
    return _done(session, batch, len(rows))


@dataclass(frozen=True, slots=True)
class ContributionWrite:
    stream_id: int
    year: int
    partner_org_id: int  # may be a placeholder (negative)
    partner_as_printed: str
    heading: str
    kind: str  # cash | in_kind
    amount: Money


def write_contributions(
    session: Session, actor: Actor, batch: WriteBatch, rows: Sequence[ContributionWrite]
) -> int:
    """Insert pledged contributions; returns the count."""
    for r in rows:
        obj = orm.Contribution(
            stream_id=r.stream_id,
            year=r.year,
            partner_org_id=batch.org(r.partner_org_id),
            partner_as_printed=r.partner_as_printed,
            heading=r.heading,
            kind=r.kind,
            amount=r.amount,
            status="pledged",
            batch_id=batch.batch_id,
            created_by=actor.username,
        )
        _put(session, actor, batch, obj)
    return _done(session, batch, len(rows))


@dataclass(frozen=True, slots=True)
class IncomeWrite:
    stream_id: int
    category: str
    customer: str
    customer_org_id: int | None
    description: str | None
    reference: str | None
    amount: Money
    raised_on: date
    year: int
    period: int
    status: str
    received_on: date | None
    is_council_investment: bool


def write_income(
    session: Session, actor: Actor, batch: WriteBatch, rows: Sequence[IncomeWrite]
) -> int:
    """Insert income items; returns the count."""
    for r in rows:
        obj = orm.IncomeItem(
            stream_id=r.stream_id,
            category=r.category,
            customer=r.customer,
            customer_org_id=r.customer_org_id,
            description=r.description,
            reference=r.reference,
            amount=r.amount,
            raised_on=r.raised_on,
            year=r.year,
            period=r.period,
            status=r.status,
            received_on=r.received_on,
            is_council_investment=r.is_council_investment,
            batch_id=batch.batch_id,
            created_by=actor.username,
        )
        _put(session, actor, batch, obj)
    return _done(session, batch, len(rows))
