"""Contract-line writes: add/edit a line, its providers, extension options and decisions, and
its profile of value by financial year (even by default, editable).

A term given as text ("2 years (+1 year extension)") is parsed by :mod:`fundledger.terms` when
the months are not given.  Taking an extension on a per-year line adds the extension's value
to the profile; other profiles are left as edited.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit
from db.ledger import Actor
from db.schema import (
    BudgetLine,
    ContractExtension,
    ContractLine,
    ContractProfile,
    ContractProvider,
    Organisation,
)
from db.writes import LedgerError, insert, update_row
from fundledger import contracts as rules
from fundledger.money import Money
from fundledger.terms import parse_term, profile_even
from fundledger.years import year_label

from ._common import load, money, refuse
from .permissions import require_stream

__all__ = [
    "EDITABLE",
    "ContractInput",
    "ProviderRef",
    "add_contract_line",
    "add_extension",
    "decide_extension",
    "edit_contract_line",
    "reprofile_even",
    "set_profile",
    "set_providers",
]


@dataclass(frozen=True, slots=True)
class ProviderRef:
    org_id: int
    name_as_printed: str | None = None


@dataclass(frozen=True, slots=True)
class ContractInput:
    """A new contract line.  ``profile=None`` means the even default profile."""

    stream_id: int
    service: str
    provider_text: str
    providers: tuple[ProviderRef, ...] = ()
    commissioner_org_id: int | None = None
    budget_line_id: int | None = None
    value: Decimal | int | str | None = None
    value_text: str | None = None
    cost_basis: str = "unknown"
    contract_start: date | None = None
    service_start: date | None = None
    base_term_months: int | None = None
    term_text: str | None = None
    extensions: tuple[int, ...] | None = None
    fixed_term: bool | None = None
    internal: bool = False
    reference: str | None = None
    notes: str | None = None
    profile: Mapping[int, Decimal | int | str] | None = None


EDITABLE = frozenset(
    {
        "service",
        "provider_text",
        "commissioner_org_id",
        "budget_line_id",
        "value",
        "value_text",
        "cost_basis",
        "contract_start",
        "service_start",
        "base_term_months",
        "term_text",
        "fixed_term",
        "internal",
        "reference",
        "notes",
        "sort_order",
    }
)


def _terms(data: ContractInput) -> tuple[int | None, tuple[int, ...], bool]:
    base, ext, fixed = data.base_term_months, data.extensions, data.fixed_term
    if data.term_text and (base is None or ext is None or fixed is None):
        term, _problem = parse_term(data.term_text)
        if term is not None:
            base = term.base_months if base is None else base
            ext = term.extensions if ext is None else ext
            fixed = term.fixed_term if fixed is None else fixed
    return base, ext or (), bool(fixed)


def _check(session: Session, stream_id: int, f: Mapping[str, Any]) -> None:
    problems: list[str | None] = []
    if not str(f.get("service") or "").strip():
        problems.append("a contract line needs a service")
    if f.get("cost_basis") not in rules.COST_BASES:
        problems.append(f"cost basis must be one of {', '.join(rules.COST_BASES)}")
    value = f.get("value")
    if value is not None and value < 0:
        problems.append("a contract value cannot be negative")
    base = f.get("base_term_months")
    if base is not None and base < 1:
        problems.append("the base term must be at least one month")
    line_id = f.get("budget_line_id")
    if line_id is not None:
        line = load(session, BudgetLine, line_id, "budget line")
        if line.stream_id != stream_id:
            problems.append(f"budget line {line.name!r} belongs to another stream")
    refuse(problems)


def add_contract_line(
    session: Session, actor: Actor, data: ContractInput, *, batch_id: int | None = None
) -> int:
    """Record a contract line with its providers, extension options and profile."""
    require_stream(session, actor, "contract.write", data.stream_id)
    base, extensions, fixed = _terms(data)
    value = None if data.value is None else money(data.value, "value")
    fields: dict[str, Any] = {
        "service": data.service.strip(),
        "cost_basis": data.cost_basis,
        "value": value,
        "base_term_months": base,
        "budget_line_id": data.budget_line_id,
    }
    _check(session, data.stream_id, fields)
    refuse(rules.check_extension_months(extensions))
    line = ContractLine(
        **fields,
        stream_id=data.stream_id,
        provider_text=data.provider_text,
        commissioner_org_id=data.commissioner_org_id,
        value_text=data.value_text,
        contract_start=data.contract_start,
        service_start=data.service_start,
        term_text=data.term_text,
        fixed_term=fixed,
        internal=data.internal,
        reference=data.reference,
        notes=data.notes,
        batch_id=batch_id,
    )
    insert(session, actor, line, action="add_contract_line", batch_id=batch_id)
    for ref in data.providers:
        _add_provider(session, actor, line.id, ref, batch_id)
    for seq, months in enumerate(extensions, 1):
        ext = ContractExtension(contract_line_id=line.id, seq=seq, months=months)
        insert(session, actor, ext, batch_id=batch_id)
    if data.profile is not None:
        profile = {y: money(a, f"profile {y}") for y, a in data.profile.items()}
    else:
        start = data.contract_start or data.service_start
        profile = rules.default_profile(value, data.cost_basis, start, base)
    for year, amount in profile.items():
        insert(session, actor, ContractProfile(contract_line_id=line.id, year=year, amount=amount))
    return line.id


def _add_provider(
    session: Session, actor: Actor, line_id: int, ref: ProviderRef, batch_id: int | None
) -> None:
    load(session, Organisation, ref.org_id, "organisation")
    row = ContractProvider(
        contract_line_id=line_id, org_id=ref.org_id, name_as_printed=ref.name_as_printed
    )
    insert(session, actor, row, batch_id=batch_id)


def edit_contract_line(
    session: Session,
    actor: Actor,
    line_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int,
    reason: str | None = None,
    seen: dict[str, Any] | None = None,
) -> None:
    """Change a contract line's fields (audited, version-checked).  The profile is kept."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise LedgerError(f"cannot edit {', '.join(sorted(unknown))} on a contract line")
    line = load(session, ContractLine, line_id, "contract line")
    require_stream(session, actor, "contract.write", line.stream_id)
    values = dict(changes)
    if values.get("value") is not None:
        values["value"] = money(values["value"], "value")
    after = {k: values.get(k, getattr(line, k)) for k in EDITABLE}
    _check(session, line.stream_id, after)
    update_row(
        session,
        actor,
        line,
        values,
        expected_version=expected_version,
        action="edit_contract_line",
        reason=reason,
        seen=seen,
    )


def set_providers(
    session: Session, actor: Actor, line_id: int, providers: Sequence[ProviderRef]
) -> None:
    """Make ``providers`` the line's providers (removed ones are audited as removed)."""
    line = load(session, ContractLine, line_id, "contract line")
    require_stream(session, actor, "contract.write", line.stream_id)
    current = {
        p.org_id: p
        for p in session.execute(
            select(ContractProvider).where(ContractProvider.contract_line_id == line_id)
        ).scalars()
    }
    wanted = {p.org_id: p for p in providers}
    for org_id, row in current.items():
        if org_id not in wanted:
            with audit.acting(session, actor.username, "remove_provider"):
                session.delete(row)
    for org_id, ref in wanted.items():
        if org_id not in current:
            _add_provider(session, actor, line_id, ref, None)


def add_extension(session: Session, actor: Actor, line_id: int, months: int) -> int:
    """Add an extension option (pending) after the line's existing ones."""
    line = load(session, ContractLine, line_id, "contract line")
    require_stream(session, actor, "contract.write", line.stream_id)
    refuse(rules.check_extension_months([months]))
    last = session.execute(
        select(func.max(ContractExtension.seq)).where(ContractExtension.contract_line_id == line_id)
    ).scalar()
    ext = ContractExtension(contract_line_id=line_id, seq=(last or 0) + 1, months=months)
    insert(session, actor, ext, action="add_extension")
    return ext.id


def decide_extension(
    session: Session,
    actor: Actor,
    extension_id: int,
    decision: str,
    *,
    decided_on: date,
    note: str | None = None,
    expected_version: int | None = None,
) -> None:
    """Record taken / declined / pending on an extension option (by whom and when).

    Options are taken in order: an extension cannot be taken while an earlier one is not.
    """
    if decision not in rules.DECISIONS:
        raise LedgerError(f"decision must be one of {', '.join(rules.DECISIONS)}")
    ext = load(session, ContractExtension, extension_id, "extension")
    line = load(session, ContractLine, ext.contract_line_id, "contract line")
    require_stream(session, actor, "contract.write", line.stream_id)
    others = list(
        session.execute(
            select(ContractExtension)
            .where(ContractExtension.contract_line_id == line.id)
            .order_by(ContractExtension.seq)
        ).scalars()
    )
    if decision == "taken" and any(o.seq < ext.seq and o.decision != "taken" for o in others):
        raise LedgerError(f"extension {ext.seq} cannot be taken before the earlier options")
    was = ext.decision
    if was == "taken" and decision != "taken":
        later = [o.seq for o in others if o.seq > ext.seq and o.decision == "taken"]
        if later:
            raise LedgerError(
                f"extension {ext.seq} cannot be {decision} while extension "
                f"{', '.join(map(str, later))} after it is taken: change that one first"
            )
    old_end = _end(line, others)
    update_row(
        session,
        actor,
        ext,
        {
            "decision": decision,
            "decided_by": actor.username,
            "decided_on": decided_on,
            "note": note,
        },
        expected_version=expected_version,
        action="decide_extension",
        reason=note,
    )
    if decision == "taken" and was != "taken" and line.cost_basis == "per_year":
        _profile_extension(session, actor, line, old_end, ext.months)
    elif was == "taken" and decision != "taken" and line.cost_basis == "per_year":
        # the extension no longer runs: take back the share its taking added to the profile
        _profile_extension(session, actor, line, _end(line, others), ext.months, undo=True)


def _end(line: ContractLine, exts: Sequence[ContractExtension]) -> date | None:
    start = line.contract_start or line.service_start
    taken = [rules.Extension(e.seq, e.months, e.decision) for e in exts]
    return rules.contract_end(start, line.base_term_months, taken)


def _profile_extension(
    session: Session,
    actor: Actor,
    line: ContractLine,
    start: date | None,
    months: int,
    *,
    undo: bool = False,
) -> None:
    """Add an extension's months from ``start`` to the line's profile (``undo``: take them
    back off, as they were added — the value and start the taking used)."""
    value = rules.term_value(line.value, "per_year", months)
    if value is None or start is None or value == 0:
        return
    current = _current_profile(session, line.id)
    sign = -1 if undo else 1
    for year, amount in profile_even(value, start, months).items():
        current[year] = Money(current.get(year, Money(Decimal(0))) + sign * amount)
    short = [y for y, a in sorted(current.items()) if a < 0]
    if short:
        raise LedgerError(
            f"the profile for {', '.join(year_label(y) for y in short)} is less than the "
            "extension's share: set the line's profile first (Profile…), then change the decision"
        )
    why = "extension no longer taken" if undo else "extension taken"
    _write_profile(session, actor, line.id, current, reason=why)


def _current_profile(session: Session, line_id: int) -> dict[int, Money]:
    rows = session.execute(
        select(ContractProfile).where(ContractProfile.contract_line_id == line_id)
    ).scalars()
    return {r.year: r.amount for r in rows}


def _write_profile(
    session: Session, actor: Actor, line_id: int, profile: Mapping[int, Money], reason: str | None
) -> None:
    rows = {
        r.year: r
        for r in session.execute(
            select(ContractProfile).where(ContractProfile.contract_line_id == line_id)
        ).scalars()
    }
    for year, amount in sorted(profile.items()):
        row = rows.get(year)
        if row is None:
            insert(session, actor, ContractProfile(contract_line_id=line_id, year=year,
                                                   amount=amount), reason=reason)  # fmt: skip
        elif row.amount != amount:
            update_row(session, actor, row, {"amount": amount}, action="profile", reason=reason)
    zero = Money(Decimal("0.00"))
    for year, row in rows.items():
        if year not in profile and row.amount != zero:
            update_row(session, actor, row, {"amount": zero}, action="profile", reason=reason)


def set_profile(
    session: Session,
    actor: Actor,
    line_id: int,
    profile: Mapping[int, Decimal | int | str],
    *,
    reason: str | None = None,
) -> None:
    """Replace a line's profile by year (years left out become £0.00); audited."""
    line = load(session, ContractLine, line_id, "contract line")
    require_stream(session, actor, "contract.write", line.stream_id)
    amounts = {int(y): money(a, f"profile {y}") for y, a in profile.items()}
    refuse(f"profile for {y} cannot be negative" for y, a in amounts.items() if a < 0)
    _write_profile(session, actor, line_id, amounts, reason)


def reprofile_even(session: Session, actor: Actor, line_id: int) -> dict[int, Money]:
    """Reset a line's profile to the even default over its current term; returns it."""
    line = load(session, ContractLine, line_id, "contract line")
    require_stream(session, actor, "contract.write", line.stream_id)
    exts = session.execute(
        select(ContractExtension).where(ContractExtension.contract_line_id == line_id)
    ).scalars()
    taken = [rules.Extension(e.seq, e.months, e.decision) for e in exts]
    months = rules.term_months(line.base_term_months, taken)
    start = line.contract_start or line.service_start
    profile = rules.default_profile(line.value, line.cost_basis, start, months)
    if not profile:
        raise LedgerError("cannot profile evenly: the line needs a value, a start and a term")
    _write_profile(session, actor, line_id, profile, reason="reprofiled evenly")
    return profile
