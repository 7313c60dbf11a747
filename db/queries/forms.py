"""What the entry forms need: choices (streams, lines, organisations) and a row to edit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.schema import (
    Allocation,
    BudgetLine,
    OrgAlias,
    Organisation,
    Stream,
    StreamMechanism,
    Transaction,
)
from fundledger.money import Money
from fundledger.orgs import normalise


@dataclass(frozen=True, slots=True)
class Choice:
    id: int
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class FormChoices:
    streams: tuple[Choice, ...]
    organisations: tuple[Choice, ...]
    #: stream code → (fund type, latest funding mechanism): how a form picks its default stream
    kinds: tuple[tuple[str, str, str | None], ...] = ()

    def first_stream(self, fund_type: str, mechanism: str | None = None) -> str | None:
        """The first active stream of a fund type (and mechanism), in display order."""
        for code, ft, mech in self.kinds:
            if ft == fund_type and (mechanism is None or mech == mechanism):
                return code
        return None

    def mechanism(self, code: str) -> str | None:
        return next((m for c, _ft, m in self.kinds if c == code), None)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One row as the user saw it: its values by field, and its version."""

    id: int
    version: int
    values: tuple[tuple[str, Any], ...]

    def get(self, key: str) -> Any:
        return dict(self.values).get(key)


def form_choices(session: Session) -> FormChoices:
    """Active streams (a retired one takes no new rows) and organisations not merged away."""
    streams = session.execute(
        select(Stream.id, Stream.code, Stream.name, Stream.fund_type)
        .where(Stream.status != "retired")
        .order_by(Stream.sort_order, Stream.code)
    ).all()
    mechs: dict[int, str] = {}
    for sid, mech in session.execute(
        select(StreamMechanism.stream_id, StreamMechanism.mechanism).order_by(
            StreamMechanism.from_year
        )
    ):
        mechs[sid] = mech
    orgs = session.execute(
        select(Organisation.id, Organisation.kind, Organisation.name)
        .where(Organisation.merged_into_id.is_(None))
        .order_by(Organisation.name)
    )
    return FormChoices(
        tuple(Choice(i, c, n) for i, c, n, _ft in streams),
        tuple(Choice(*r) for r in orgs),
        tuple((c, ft, mechs.get(i)) for i, c, _n, ft in streams),
    )


def budget_lines(session: Session, stream_id: int, year: int) -> tuple[Choice, ...]:
    rows = session.execute(
        select(BudgetLine.id, BudgetLine.code, BudgetLine.name)
        .where(BudgetLine.stream_id == stream_id, BudgetLine.year == year)
        .order_by(BudgetLine.sort_order, BudgetLine.name)
    )
    return tuple(Choice(i, c or "", n) for i, c, n in rows)


def find_organisation(session: Session, name: str, on: date | None = None) -> int | None:
    """The organisation whose name or alias is ``name`` (normalised), or None."""
    key = normalise(name)
    if not key:
        return None
    rows = session.execute(
        select(OrgAlias.org_id, OrgAlias.valid_from, OrgAlias.valid_to).where(
            OrgAlias.normalised == key
        )
    ).all()
    for org_id, start, end in rows:
        if on is None or ((start is None or start <= on) and (end is None or on < end)):
            return int(org_id)
    if rows:
        return int(rows[0][0])
    exact = (
        session.execute(select(Organisation.id).where(Organisation.name == name.strip()))
        .scalars()
        .first()
    )
    return None if exact is None else int(exact)


_SNAPSHOT_FIELDS: dict[type[Any], tuple[str, ...]] = {
    Transaction: (
        "stream_id",
        "txn_date",
        "year",
        "period",
        "amount",
        "kind",
        "budget_line_id",
        "contract_line_id",
        "counterparty",
        "counterparty_org_id",
        "reference",
        "description",
        "cost_centre",
        "account",
        "gl_ref",
        "reported_nil",
        "reverses_id",
        "batch_id",
    ),
    Allocation: (
        "stream_id",
        "funder_org_id",
        "recipient_org_id",
        "year_from",
        "year_to",
        "amount",
        "amount_text",
        "approximate",
        "mechanism",
        "status",
        "label",
        "source_ref",
        "split_into",
        "superseded",
        "batch_id",
    ),
    BudgetLine: (
        "stream_id",
        "year",
        "name",
        "code",
        "category",
        "org_id",
        "allocation_id",
        "cost_centre_id",
        "original",
        "eligible",
        "sort_order",
        "batch_id",
    ),
}


def snapshot(session: Session, cls: type[Any], row_id: int) -> Snapshot | None:
    """The editable fields of one row (Transaction, Allocation or BudgetLine) and its version."""
    obj = session.get(cls, row_id)
    if obj is None:
        return None
    fields = _SNAPSHOT_FIELDS[cls]
    return Snapshot(obj.id, obj.version, tuple((f, getattr(obj, f)) for f in fields))


def lock_problem(
    session: Session, stream_id: int | None, year: int, period: int | None
) -> str | None:
    """Why a write into (stream, year, period) would be refused by a period lock, or None."""
    from db.ops.locks import describe, find_lock

    lock = find_lock(session, stream_id, year, period)
    if lock is None:
        return None
    return describe(session, lock) + "; an administrator must reopen it first"


def reversal_of(session: Session, txn_id: int) -> int | None:
    q = select(Transaction.id).where(Transaction.reverses_id == txn_id).limit(1)
    found = session.execute(q).scalar_one_or_none()
    return None if found is None else int(found)


def money_or_none(value: Any) -> Money | None:
    return None if value is None else Money(value)
