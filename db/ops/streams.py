"""Streams (funds) and cost centres as reference data: add, edit, retire (administrators and
finance; every change audited through :mod:`db.writes`).

A stream's code is never reused, even once retired; a cost centre belongs to one stream, and a
retired one still reads old rows (imports of old extracts still map it; new rules may not name
it).  Giving a cost centre a line adds a budget coding rule (:mod:`db.ops.coding`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.ledger import Actor
from db.schema import CostCentre, Organisation, Stream, StreamMechanism
from db.writes import LedgerError, insert, update_row
from fundledger import streams as rules
from fundledger.reference import MECHANISMS

from ._common import need_reason, refuse
from .permissions import require

__all__ = [
    "CostCentreIn",
    "StreamIn",
    "add_cost_centre",
    "add_stream",
    "edit_cost_centre",
    "edit_stream",
    "find_cost_centre",
    "find_stream",
    "retire_cost_centre",
    "retire_stream",
]


@dataclass(frozen=True, slots=True)
class StreamIn:
    """A stream's editable facts; ``None`` leaves a field as it is (on edit)."""

    name: str | None = None
    fund_type: str | None = None
    funder_org_id: int | None = None
    carry_forward_allowed: bool | None = None
    eligibility_notes: str | None = None
    line_category: str | None = None
    #: (from start year, mechanism) pairs to set
    mechanisms: tuple[tuple[int, str], ...] = ()


def find_stream(session: Session, code: str) -> Stream:
    row = session.execute(
        select(Stream).where(func.upper(Stream.code) == code.strip().upper())
    ).scalar_one_or_none()
    if row is None:
        raise LedgerError(f"unknown stream {code!r}")
    return row


def _problems(data: StreamIn) -> list[str | None]:
    out: list[str | None] = []
    if data.name is not None and not data.name.strip():
        out.append("a stream needs a name")
    if data.fund_type is not None:
        out.append(rules.fund_type_problem(data.fund_type))
    if data.line_category is not None and data.line_category not in rules.LINE_CATEGORIES:
        out.append(
            f"line category {data.line_category!r} is not one of {', '.join(rules.LINE_CATEGORIES)}"
        )
    for year, mech in data.mechanisms:
        if mech not in MECHANISMS:
            out.append(f"mechanism {mech!r} is not one of {', '.join(MECHANISMS)}")
        if not 2000 <= year <= 2100:
            out.append(f"mechanism year {year} is not a financial year")
    return out


def _funder_problem(session: Session, org_id: int | None) -> str | None:
    if org_id is not None and session.get(Organisation, org_id) is None:
        return f"organisation #{org_id} does not exist"
    return None


def add_stream(session: Session, actor: Actor, code: str, data: StreamIn) -> Stream:
    """Add a stream (code unused by any stream, retired ones included)."""
    require(actor, "reference.write")
    code = code.strip().upper()
    taken = session.execute(select(Stream.code).where(func.upper(Stream.code) == code)).first()
    refuse(
        [
            rules.code_problem(code),
            f"stream code {code} is already used by another stream" if taken else None,
            None if data.name else "a stream needs a name (--name)",
            None if data.fund_type else "a stream needs a kind (--kind)",
            *_problems(data),
            _funder_problem(session, data.funder_org_id),
        ]
    )
    assert data.name is not None and data.fund_type is not None
    last = session.execute(select(func.max(Stream.sort_order))).scalar() or 0
    row = Stream(
        code=code,
        name=data.name.strip(),
        fund_type=data.fund_type,
        kind=rules.nature(data.fund_type),
        funder_org_id=data.funder_org_id,
        carry_forward_allowed=(
            True if data.carry_forward_allowed is None else data.carry_forward_allowed
        ),
        eligibility_notes=data.eligibility_notes,
        conditions=data.eligibility_notes,
        line_category=data.line_category or rules.DEFAULT_LINE_CATEGORY[data.fund_type],
        sort_order=last + 1,
        status="active",
    )
    insert(session, actor, row, action="add_stream")
    _set_mechanisms(session, actor, row, data.mechanisms)
    return row


def edit_stream(
    session: Session,
    actor: Actor,
    code: str,
    data: StreamIn,
    *,
    expected_version: int | None = None,
    reason: str | None = None,
) -> Stream:
    """Change a stream's name, kind, funder, conditions or mechanisms (audited)."""
    row = find_stream(session, code)
    require(actor, "reference.write", row.code)
    refuse([*_problems(data), _funder_problem(session, data.funder_org_id)])
    changes: dict[str, object] = {}
    if data.name is not None:
        changes["name"] = data.name.strip()
    if data.fund_type is not None:
        changes.update(fund_type=data.fund_type, kind=rules.nature(data.fund_type))
    if data.funder_org_id is not None:
        changes["funder_org_id"] = data.funder_org_id
    if data.carry_forward_allowed is not None:
        changes["carry_forward_allowed"] = data.carry_forward_allowed
    if data.eligibility_notes is not None:
        changes["eligibility_notes"] = data.eligibility_notes.strip() or None
    if data.line_category is not None:
        changes["line_category"] = data.line_category
    changes = {k: v for k, v in changes.items() if getattr(row, k) != v}
    if not changes and not data.mechanisms:
        raise LedgerError(f"nothing to change on stream {row.code}")
    if changes:
        update_row(
            session,
            actor,
            row,
            changes,
            expected_version=expected_version,
            action="edit_stream",
            reason=reason,
        )
    _set_mechanisms(session, actor, row, data.mechanisms)
    return row


def _set_mechanisms(
    session: Session, actor: Actor, row: Stream, pairs: Sequence[tuple[int, str]]
) -> None:
    have = {
        m.from_year: m
        for m in session.execute(
            select(StreamMechanism).where(StreamMechanism.stream_id == row.id)
        ).scalars()
    }
    for year, mech in pairs:
        found = have.get(year)
        if found is None:
            new = StreamMechanism(stream_id=row.id, from_year=year, mechanism=mech)
            insert(session, actor, new, action="set_mechanism")
        elif found.mechanism != mech:
            update_row(session, actor, found, {"mechanism": mech}, action="set_mechanism")


def retire_stream(session: Session, actor: Actor, code: str, reason: str | None) -> Stream:
    """Retire a stream: it stays readable (its rows, returns, history), takes no new rows."""
    why = need_reason(reason, "retire a stream")
    row = find_stream(session, code)
    require(actor, "reference.write", row.code)
    if row.status == "retired":
        raise LedgerError(f"stream {row.code} is already retired")
    update_row(
        session,
        actor,
        row,
        {"status": "retired", "retired_reason": why},
        action="retire_stream",
        reason=why,
    )
    return row


# --------------------------------------------------------------------------- cost centres


@dataclass(frozen=True, slots=True)
class CostCentreIn:
    code: str
    stream: str
    name: str | None = None


def find_cost_centre(session: Session, code: str) -> CostCentre:
    row = session.execute(
        select(CostCentre).where(func.upper(CostCentre.code) == rules.cost_centre_code(code))
    ).scalar_one_or_none()
    if row is None:
        raise LedgerError(f"unknown cost centre {code!r}")
    return row


def add_cost_centre(session: Session, actor: Actor, data: CostCentreIn) -> CostCentre:
    """Add a cost centre mapping rows to one stream."""
    require(actor, "reference.write")
    code = rules.cost_centre_code(data.code)
    stream = find_stream(session, data.stream)
    existing = session.execute(
        select(CostCentre.code, Stream.code)
        .join(Stream, Stream.id == CostCentre.stream_id)
        .where(func.upper(CostCentre.code) == code)
    ).first()
    refuse(
        [
            rules.cost_centre_problem(code),
            f"cost centre {code} is already {existing[1]}'s" if existing else None,
            f"stream {stream.code} is retired" if stream.status == "retired" else None,
        ]
    )
    row = CostCentre(
        code=code,
        name=(data.name or "").strip() or f"{stream.name}",
        stream_id=stream.id,
        status="active",
    )
    return insert(session, actor, row, action="add_cost_centre")


def edit_cost_centre(
    session: Session, actor: Actor, code: str, name: str, *, expected_version: int | None = None
) -> CostCentre:
    """Rename a cost centre (its code stays: rows carry the code)."""
    row = find_cost_centre(session, code)
    require(actor, "reference.write")
    refuse([None if name.strip() else "a cost centre needs a name"])
    update_row(
        session,
        actor,
        row,
        {"name": name.strip()},
        expected_version=expected_version,
        action="rename_cost_centre",
    )
    return row


def retire_cost_centre(session: Session, actor: Actor, code: str, reason: str | None) -> CostCentre:
    why = need_reason(reason, "retire a cost centre")
    row = find_cost_centre(session, code)
    require(actor, "reference.write")
    if row.status == "retired":
        raise LedgerError(f"cost centre {row.code} is already retired")
    update_row(
        session,
        actor,
        row,
        {"status": "retired", "retired_reason": why},
        action="retire_cost_centre",
        reason=why,
    )
    return row
