"""Reading reference data for lists and screens: streams with their cost centres and
mechanisms, cost centres with their default line, organisations with their aliases, coding
rules in words, and the name an organisation went by in a year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, or_, select

from db.schema.actuals import transactions as _transactions
from db.schema.budgets import contract_lines as _contract_lines
from db.schema.reference import coding_rules as _coding_rules
from db.schema.reference import cost_centres as _cost_centres
from db.schema.reference import org_aliases as _org_aliases
from db.schema.reference import organisations as _organisations
from db.schema.reference import stream_mechanisms as _stream_mechanisms
from db.schema.reference import streams as _streams

from .core import core

if TYPE_CHECKING:
    from .core import Reads

# the tables as Core (db.queries.core): the lists need no ORM mapper (issue 23)
CodingRule = core(_coding_rules)
ContractLine = core(_contract_lines)
CostCentre = core(_cost_centres)
OrgAlias = core(_org_aliases)
Organisation = core(_organisations)
Stream = core(_streams)
StreamMechanism = core(_stream_mechanisms)
Transaction = core(_transactions)

__all__ = [
    "CostCentreItem",
    "OrgItem",
    "RuleItem",
    "StreamItem",
    "cost_centres",
    "name_in_year",
    "names_in_year",
    "organisations",
    "rules",
    "streams",
]


@dataclass(frozen=True, slots=True)
class StreamItem:
    id: int
    code: str
    name: str
    fund_type: str
    kind: str
    funder: str | None
    carry_forward_allowed: bool
    eligibility_notes: str | None
    line_category: str | None
    status: str
    mechanisms: tuple[tuple[int, str], ...]
    cost_centres: tuple[str, ...]
    version: int


def streams(session: Reads, *, include_retired: bool = True) -> list[StreamItem]:
    funder = core(_organisations, "funder")
    q = (
        select(*_streams.c, funder.name.label("funder_name"))
        .outerjoin(funder, funder.id == Stream.funder_org_id)
        # the streams in use first, retired ones after them (as the side panel lists them)
        .order_by(Stream.status == "retired", Stream.sort_order, Stream.code)
    )
    if not include_retired:
        q = q.where(Stream.status != "retired")
    mechs: dict[int, list[tuple[int, str]]] = {}
    for sid, year, mech in session.execute(
        select(
            StreamMechanism.stream_id, StreamMechanism.from_year, StreamMechanism.mechanism
        ).order_by(StreamMechanism.from_year)
    ):
        mechs.setdefault(sid, []).append((year, mech))
    ccs: dict[int, list[str]] = {}
    for sid, code in session.execute(
        select(CostCentre.stream_id, CostCentre.code).order_by(CostCentre.code)
    ):
        ccs.setdefault(sid, []).append(code)
    return [
        StreamItem(s.id, s.code, s.name, s.fund_type, s.kind, s.funder_name,
                   s.carry_forward_allowed, s.eligibility_notes, s.line_category, s.status,
                   tuple(mechs.get(s.id, ())), tuple(ccs.get(s.id, ())), s.version)
        for s in session.execute(q)
    ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class CostCentreItem:
    id: int
    code: str
    name: str
    stream: str
    status: str
    line: str | None
    rows: int
    version: int


def cost_centres(session: Reads) -> list[CostCentreItem]:
    default_line = (
        select(CodingRule.line_name)
        .where(
            CodingRule.kind == "budget",
            CodingRule.active.is_(True),
            CodingRule.cost_centre_id == CostCentre.id,
            CodingRule.account_from.is_(None),
        )
        .limit(1)
        .scalar_subquery()
    )
    used: dict[str, int] = dict(
        session.execute(
            select(Transaction.cost_centre, func.count()).group_by(Transaction.cost_centre)
        ).all()
    )
    q = (
        select(*_cost_centres.c, Stream.code.label("stream_code"), default_line.label("line"))
        .join(Stream, Stream.id == CostCentre.stream_id)
        .order_by(CostCentre.code)
    )
    return [
        CostCentreItem(c.id, c.code, c.name, c.stream_code, c.status, c.line,
                       int(used.get(c.code, 0)), c.version)
        for c in session.execute(q)
    ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class OrgItem:
    id: int
    name: str
    kind: str
    short_name: str | None
    aliases: tuple[str, ...]
    #: dated names: (name, from, to)
    names: tuple[tuple[str, date | None, date | None], ...]
    merged_into: str | None
    version: int


def organisations(session: Reads, *, include_merged: bool = False) -> list[OrgItem]:
    into = core(_organisations, "into_org")
    q = (
        select(*_organisations.c, into.name.label("into_name"))
        .outerjoin(into, into.id == Organisation.merged_into_id)
        .order_by(Organisation.kind, Organisation.name)
    )
    if not include_merged:
        q = q.where(Organisation.merged_into_id.is_(None))
    spellings: dict[int, list[str]] = {}
    dated: dict[int, list[tuple[str, date | None, date | None]]] = {}
    for a in session.execute(select(_org_aliases).order_by(OrgAlias.id)):
        if a.valid_from is not None or a.valid_to is not None:
            dated.setdefault(a.org_id, []).append((a.alias, a.valid_from, a.valid_to))
        else:
            spellings.setdefault(a.org_id, []).append(a.alias)
    return [
        OrgItem(o.id, o.name, o.kind, o.short_name,
                tuple(x for x in spellings.get(o.id, ()) if x != o.name),
                tuple(dated.get(o.id, ())), o.into_name, o.version)
        for o in session.execute(q)
    ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class RuleItem:
    id: int
    kind: str
    #: what the rule matches, in words ("cost centre LC4410 account 5210")
    when: str
    #: where it codes to ("line Refuge", "contract DA-SP-16 Refuge …")
    to: str
    active: bool
    version: int


def rules(session: Reads, *, include_retired: bool = False) -> list[RuleItem]:
    supplier = core(_organisations, "supplier")
    q = (
        select(*_coding_rules.c, CostCentre.code.label("cc"), supplier.name.label("sup"),
               ContractLine.reference.label("ref"), ContractLine.service.label("service"))
        .outerjoin(CostCentre, CostCentre.id == CodingRule.cost_centre_id)
        .outerjoin(supplier, supplier.id == CodingRule.supplier_org_id)
        .outerjoin(ContractLine, ContractLine.id == CodingRule.contract_line_id)
        .order_by(CodingRule.id)
    )  # fmt: skip
    if not include_retired:
        q = q.where(CodingRule.active.is_(True))
    out: list[RuleItem] = []
    for r in session.execute(q):
        cc, sup, ref, service = r.cc, r.sup, r.ref, r.service
        if r.kind == "budget":
            acct = ""
            if r.account_from:
                acct = (
                    f" account {r.account_from}"
                    if r.account_from == r.account_to
                    else f" accounts {r.account_from}–{r.account_to}"
                )
            when, to = f"cost centre {cc}{acct}", f"line {r.line_name}"
        else:
            pattern = f" reference {r.reference_pattern}" if r.reference_pattern else ""
            when = f"supplier {sup or r.supplier_text}{pattern}"
            to = f"contract {ref + ' ' if ref else ''}{service} (#{r.contract_line_id})"
        out.append(RuleItem(r.id, r.kind, when, to, r.active, r.version))
    return out


def year_end(year: int) -> date:
    """The last day of financial year ``year`` (start year): the name in force then is used."""
    return date(year + 1, 3, 31)


def names_in_year(session: Reads, org_ids: list[int], year: int) -> dict[int, str]:
    """Each organisation's name in force at the end of financial year ``year``: a dated name
    covering that day (a rename: DLUHC for 2021-22 to 2023-24), else its own name."""
    if not org_ids:
        return {}
    on = year_end(year)
    out = dict(
        session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.id.in_(org_ids))
        ).all()
    )
    dated = select(OrgAlias.org_id, OrgAlias.alias).where(
        OrgAlias.org_id.in_(org_ids),
        OrgAlias.is_name.is_(True),
        or_(OrgAlias.valid_from.is_not(None), OrgAlias.valid_to.is_not(None)),
        or_(OrgAlias.valid_from.is_(None), OrgAlias.valid_from <= on),
        or_(OrgAlias.valid_to.is_(None), and_(OrgAlias.valid_to > on)),
    )
    for org_id, alias in session.execute(dated.order_by(OrgAlias.id)):
        out[org_id] = alias
    return out


def name_in_year(session: Reads, org_id: int, year: int) -> str:
    return names_in_year(session, [org_id], year)[org_id]


def _ym(col: Any) -> Any:
    return func.extract("year", col) * 100 + func.extract("month", col)


def name_in_force(org_id: Any, year: Any, name: Any) -> Any:
    """SQL: the organisation's name in force at the end of financial year ``year`` (a dated
    name covering 31 March of ``year + 1``), else ``name`` — for registers, sorted and searched
    in SQL like any column."""
    end = (year + 1) * 100 + 3  # the year-end month, March of year + 1
    dated = (
        select(OrgAlias.alias)
        .where(
            OrgAlias.org_id == org_id,
            OrgAlias.is_name.is_(True),
            or_(OrgAlias.valid_from.is_not(None), OrgAlias.valid_to.is_not(None)),
            or_(OrgAlias.valid_from.is_(None), _ym(OrgAlias.valid_from) <= end),
            or_(OrgAlias.valid_to.is_(None), _ym(OrgAlias.valid_to) > end),
        )
        .order_by(OrgAlias.id)
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(dated, name)


def mechanisms(session: Reads, stream_id: int) -> tuple[tuple[int, str], ...]:
    """A stream's funding mechanisms as ``(from start year, mechanism)``, oldest first."""
    q = (
        select(StreamMechanism.from_year, StreamMechanism.mechanism)
        .where(StreamMechanism.stream_id == stream_id)
        .order_by(StreamMechanism.from_year)
    )
    return tuple((y, m) for y, m in session.execute(q))


def mechanism_for(pairs: tuple[tuple[int, str], ...], year: int) -> str | None:
    """The mechanism in force for financial year ``year`` (start year)."""
    found = None
    for from_year, mechanism in pairs:
        if from_year <= year:
            found = mechanism
    return found
