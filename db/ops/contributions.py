"""Partner contributions to a (pooled) budget: cash or in kind, pledged → invoiced → received.

An in-kind contribution may have an unknown value (``amount`` None), which is not zero; it
carries a description and usually an FTE.  A cash contribution needs an amount.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.orm import Session

from db.ledger import Actor
from db.schema import Contribution, Organisation
from db.writes import LedgerError, insert, update_row
from fundledger.vocabulary import ContributionStatus

from ._common import load, money, refuse
from .locks import assert_open
from .permissions import require_stream

__all__ = [
    "EDITABLE",
    "STATUSES",
    "ContributionInput",
    "add_contribution",
    "edit_contribution",
    "set_contribution_status",
]

STATUSES: tuple[ContributionStatus, ...] = tuple(ContributionStatus)


@dataclass(frozen=True, slots=True)
class ContributionInput:
    stream_id: int
    year: int
    partner_org_id: int
    heading: str
    amount: Decimal | int | str | None
    kind: str = "cash"
    fte: Decimal | int | str | None = None
    description: str | None = None
    status: str = "pledged"
    partner_as_printed: str | None = None
    budget_line_id: int | None = None


EDITABLE = frozenset(
    {"heading", "kind", "amount", "fte", "description", "partner_as_printed", "budget_line_id"}
)


def _fte(value: Decimal | int | str | None) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise LedgerError(f"FTE {value!r}: pass a Decimal, int or str")
    try:
        fte = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise LedgerError(f"FTE {value!r} is not a number") from exc
    if fte < 0:
        raise LedgerError("FTE cannot be negative")
    return fte


def _check(f: Mapping[str, Any]) -> None:
    problems = []
    if f["kind"] not in ("cash", "in_kind"):
        problems.append("a contribution is cash or in_kind")
    if not str(f.get("heading") or "").strip():
        problems.append("a contribution needs a heading")
    if f["kind"] == "cash" and f.get("amount") is None:
        problems.append("a cash contribution needs an amount (only in-kind values may be unknown)")
    if f["kind"] == "in_kind" and not str(f.get("description") or "").strip():
        problems.append("an in-kind contribution needs a description (e.g. seconded officer)")
    refuse(problems)


def add_contribution(
    session: Session, actor: Actor, data: ContributionInput, *, batch_id: int | None = None
) -> int:
    """Record a partner's contribution; returns its id."""
    require_stream(session, actor, "contribution.write", data.stream_id)
    load(session, Organisation, data.partner_org_id, "partner")
    if data.status not in STATUSES:
        raise LedgerError(f"status must be one of {', '.join(STATUSES)}")
    amount = None if data.amount is None else money(data.amount)
    fields: dict[str, Any] = {
        "heading": data.heading.strip(),
        "kind": data.kind,
        "amount": amount,
        "fte": _fte(data.fte),
        "description": data.description,
    }
    _check(fields)
    assert_open(session, data.stream_id, data.year, None)
    c = Contribution(
        **fields,
        stream_id=data.stream_id,
        year=data.year,
        partner_org_id=data.partner_org_id,
        partner_as_printed=data.partner_as_printed,
        status=data.status,
        budget_line_id=data.budget_line_id,
        batch_id=batch_id,
    )
    insert(session, actor, c, action="add_contribution", batch_id=batch_id)
    return c.id


def edit_contribution(
    session: Session,
    actor: Actor,
    contribution_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int,
    reason: str | None = None,
) -> None:
    unknown = set(changes) - EDITABLE
    if unknown:
        raise LedgerError(f"cannot edit {', '.join(sorted(unknown))} on a contribution")
    c = load(session, Contribution, contribution_id, "contribution")
    require_stream(session, actor, "contribution.write", c.stream_id)
    values = dict(changes)
    if "amount" in values and values["amount"] is not None:
        values["amount"] = money(values["amount"])
    if "fte" in values:
        values["fte"] = _fte(values["fte"])
    _check({k: values.get(k, getattr(c, k)) for k in EDITABLE})
    assert_open(session, c.stream_id, c.year, None)
    update_row(session, actor, c, values, expected_version=expected_version,
               action="edit_contribution", reason=reason)  # fmt: skip


def set_contribution_status(
    session: Session,
    actor: Actor,
    contribution_id: int,
    status: str,
    *,
    on: date,
    expected_version: int | None = None,
    reason: str | None = None,
) -> None:
    """Move a contribution to invoiced or received (dated); moving back needs a reason."""
    if status not in STATUSES:
        raise LedgerError(f"status must be one of {', '.join(STATUSES)}")
    c = load(session, Contribution, contribution_id, "contribution")
    require_stream(session, actor, "contribution.write", c.stream_id)
    backwards = STATUSES.index(status) < STATUSES.index(c.status)
    if backwards and not (reason and reason.strip()):
        raise LedgerError(f"moving a contribution back from {c.status} to {status} needs a reason")
    changes: dict[str, Any] = {"status": status}
    if status == "invoiced":
        changes["invoiced_on"] = on
    elif status == "received":
        changes["received_on"] = on
        if c.invoiced_on is None:
            changes["invoiced_on"] = on
    assert_open(session, c.stream_id, c.year, None)
    update_row(session, actor, c, changes, expected_version=expected_version,
               action=f"contribution_{status}", reason=reason)  # fmt: skip
