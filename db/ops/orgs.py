"""Organisations and their aliases as reference data: add, alias (add and remove), merge.

Administrators and finance manage them (``reference.write``); every change is audited.
Merging two organisations that are one moves every link (each column that refers to an
organisation, found from the schema) from one to the other in the same transaction, moves its
aliases, keeps its name as an alias, marks it merged and records why (``org_merges``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Table, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db import audit
from db.ledger import Actor
from db.schema import Base, ContractProvider, OrgAlias, Organisation, OrgMerge
from db.writes import LedgerError, insert, update_row
from fundledger.orgs import normalise
from fundledger.streams import org_kind

from ._common import need_reason, refuse
from .permissions import require

__all__ = [
    "MergeResult",
    "add_alias",
    "add_org",
    "find_org",
    "merge_orgs",
    "remove_alias",
    "role_of",
]

#: organisation kinds matched apart from the others (an alias is unique within its role)
_ROLES = ("csp_area", "partner_agency")


def role_of(kind: str) -> str:
    """The matching role of an organisation kind: its own for areas and agencies, else "any"."""
    return kind if kind in _ROLES else "any"


def _label(org: Organisation) -> str:
    return f"{org.name} ({org.kind.replace('_', ' ')} #{org.id})"


def find_org(session: Session, text: str, kind: str | None = None) -> Organisation:
    """The organisation ``text`` names: ``#12``, its name or one of its aliases (a merged
    organisation is followed to the one it was merged into)."""
    text = text.strip()
    if text.startswith("#") and text[1:].isdigit():
        found = session.get(Organisation, int(text[1:]))
        if found is None:
            raise LedgerError(f"organisation {text} does not exist")
        return _followed(session, found)
    norm = normalise(text)
    q = (
        select(Organisation)
        .outerjoin(OrgAlias, OrgAlias.org_id == Organisation.id)
        .where(or_(OrgAlias.normalised == norm, func.lower(Organisation.name) == text.lower()))
        .distinct()
    )
    stored = org_kind(kind) if kind else None
    if kind is not None and stored is None:
        raise LedgerError(f"unknown organisation kind {kind!r}")
    if stored is not None:
        q = q.where(Organisation.kind == stored)
    found_all = {o.id: _followed(session, o) for o in session.execute(q).scalars()}
    unique = {o.id: o for o in found_all.values()}
    if not unique:
        raise LedgerError(f"no organisation is called {text!r} (add it with fundledger org add)")
    if len(unique) > 1:
        names = "; ".join(_label(o) for o in sorted(unique.values(), key=lambda o: o.id))
        raise LedgerError(f"{text!r} names more than one organisation: {names}; give #id")
    return next(iter(unique.values()))


def _followed(session: Session, org: Organisation) -> Organisation:
    seen = {org.id}
    while org.merged_into_id is not None:
        nxt = session.get(Organisation, org.merged_into_id)
        if nxt is None or nxt.id in seen:
            break
        seen.add(nxt.id)
        org = nxt
    return org


def add_org(
    session: Session, actor: Actor, name: str, kind: str, *, short_name: str | None = None
) -> Organisation:
    """Add an organisation of a kind (funder, partner, provider, CSP area, district, customer…)."""
    require(actor, "reference.write")
    name = " ".join(name.split())
    stored = org_kind(kind)
    refuse(
        [
            None if name else "an organisation needs a name",
            None if stored else f"unknown organisation kind {kind!r}",
        ]
    )
    assert stored is not None
    clash = _alias_owner(session, normalise(name), role_of(stored))
    if clash is not None:
        raise LedgerError(f"{name!r} already names {_label(clash)}")
    org = insert(
        session,
        actor,
        Organisation(name=name, kind=stored, short_name=short_name, internal=False),
        action="add_org",
    )
    _insert_alias(session, actor, org, name, is_name=True)
    if short_name:
        _insert_alias(session, actor, org, short_name)
    return org


def _alias_owner(session: Session, norm: str, role: str) -> Organisation | None:
    rows = session.execute(
        select(Organisation)
        .join(OrgAlias, OrgAlias.org_id == Organisation.id)
        .where(OrgAlias.normalised == norm, Organisation.merged_into_id.is_(None))
    ).scalars()
    for org in rows:
        if role_of(org.kind) == role:
            return org
    return None


def _insert_alias(
    session: Session,
    actor: Actor,
    org: Organisation,
    alias: str,
    *,
    is_name: bool = False,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> OrgAlias:
    row = OrgAlias(
        org_id=org.id,
        alias=alias,
        normalised=normalise(alias),
        is_name=is_name,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    return insert(session, actor, row, action="add_alias")


def add_alias(
    session: Session,
    actor: Actor,
    org: Organisation,
    alias: str,
    *,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> OrgAlias:
    """Add a spelling of ``org``; with dates it is a name in force over ``[from, to)``."""
    require(actor, "reference.write")
    alias = " ".join(alias.split())
    norm = normalise(alias)
    refuse(
        [
            None if norm else "an alias needs letters or digits",
            "the alias's --to date must be after its --from date"
            if valid_from and valid_to and valid_to <= valid_from
            else None,
        ]
    )
    have = session.execute(
        select(OrgAlias).where(OrgAlias.org_id == org.id, OrgAlias.normalised == norm)
    ).scalar_one_or_none()
    if have is not None:
        raise LedgerError(f"{_label(org)} is already called {have.alias!r}")
    clash = _alias_owner(session, norm, role_of(org.kind))
    if clash is not None and clash.id != org.id:
        raise LedgerError(f"alias {alias!r} already names {_label(clash)}")
    dated = valid_from is not None or valid_to is not None
    return _insert_alias(
        session, actor, org, alias, is_name=dated, valid_from=valid_from, valid_to=valid_to
    )


def remove_alias(session: Session, actor: Actor, org: Organisation, alias: str) -> None:
    """Remove a spelling of ``org`` (not its own name)."""
    require(actor, "reference.write")
    norm = normalise(alias)
    row = session.execute(
        select(OrgAlias).where(OrgAlias.org_id == org.id, OrgAlias.normalised == norm)
    ).scalar_one_or_none()
    if row is None:
        raise LedgerError(f"{_label(org)} has no alias {alias!r}")
    if norm == normalise(org.name):
        raise LedgerError(f"{alias!r} is {_label(org)}'s own name, not an alias")
    with audit.acting(session, actor.username, "remove_alias"):
        session.delete(row)


# --------------------------------------------------------------------------- merge


@dataclass(frozen=True, slots=True)
class MergeResult:
    from_name: str
    into_name: str
    moved: dict[str, int]

    @property
    def links(self) -> int:
        return sum(self.moved.values())


_SKIP = {("org_merges", "from_org_id"), ("org_merges", "into_org_id")}
_SPECIAL = {("organisations", "merged_into_id"), ("org_aliases", "org_id")}


def _org_links() -> Iterator[tuple[Table, str]]:
    """Every (table, column) that refers to an organisation, from the schema."""
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            key = (table.name, fk.parent.name)
            if fk.column.table.name == "organisations" and key not in _SKIP | _SPECIAL:
                yield table, fk.parent.name


def merge_orgs(
    session: Session, actor: Actor, source: Organisation, target: Organisation, reason: str | None
) -> MergeResult:
    """Merge ``source`` into ``target`` (one audited transaction; see the module docstring)."""
    why = need_reason(reason, "merge two organisations")
    require(actor, "reference.write")
    if source.id == target.id:
        raise LedgerError(f"cannot merge {_label(source)} into itself")
    if source.merged_into_id is not None:
        raise LedgerError(f"{_label(source)} was already merged")
    moved: dict[str, int] = {}
    try:
        with audit.acting(session, actor.username, "merge_org", reason=why):
            _merge_links(session, actor, source, target, moved)
    except IntegrityError as exc:
        raise LedgerError(
            f"{_label(source)} cannot be merged into {_label(target)}: "
            f"{str(exc.orig).splitlines()[0]}"
        ) from exc
    update_row(
        session, actor, source, {"merged_into_id": target.id}, action="merge_org", reason=why
    )
    record = OrgMerge(
        from_org_id=source.id, into_org_id=target.id, reason=why, moved=json.dumps(moved)
    )
    insert(session, actor, record, action="merge_org", reason=why)
    return MergeResult(source.name, target.name, moved)


def _merge_links(
    session: Session, actor: Actor, source: Organisation, target: Organisation,
    moved: dict[str, int],
) -> None:  # fmt: skip
    for table, col in _org_links():
        if table.name == ContractProvider.__tablename__:
            n = _move_providers(session, actor, source.id, target.id)
        else:
            n = _move(session, table, col, source.id, target.id)
        if n:
            moved[f"{table.name}.{col}"] = n
    moved["org_aliases.org_id"] = _move_aliases(session, actor, source, target)


def _move(session: Session, table: Table, col: str, old: int, new: int) -> int:
    column = table.c[col]
    result = session.execute(update(table).where(column == old).values({col: new}))
    return int(result.rowcount)  # type: ignore[attr-defined]


def _move_providers(session: Session, actor: Actor, old: int, new: int) -> int:
    """Move the providers named on contract lines; their key holds the organisation, so each
    moved (or, where the line already names ``new``, removed) row is audited under its key."""
    cp = ContractProvider
    have = set(session.execute(select(cp.contract_line_id).where(cp.org_id == new)).scalars())
    lines = list(session.execute(select(cp.contract_line_id).where(cp.org_id == old)).scalars())
    for line in lines:
        where = (cp.contract_line_id == line, cp.org_id == old)
        if line in have:
            session.execute(delete(cp).where(*where))
            continue
        session.execute(update(cp).where(*where).values(org_id=new))
    return len(lines)


def _move_aliases(
    session: Session, actor: Actor, source: Organisation, target: Organisation
) -> int:
    have = set(
        session.execute(select(OrgAlias.normalised).where(OrgAlias.org_id == target.id)).scalars()
    )
    n = 0
    for row in session.execute(select(OrgAlias).where(OrgAlias.org_id == source.id)).scalars():
        if row.normalised in have:
            session.delete(row)
            session.flush()
            continue
        update_row(session, actor, row, {"org_id": target.id, "is_name": False}, action="merge_org")
        have.add(row.normalised)
        n += 1
    if normalise(source.name) not in have:
        _insert_alias(session, actor, target, source.name)
        n += 1
    return n
