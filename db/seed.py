"""Standard reference data written by ``init``: organisations and aliases, streams, cost centres.

Seed data only: once a row is in the ledger it is the ledger's own (``fundledger stream``,
``costcentre``, ``org``, Settings), so an organisation that exists keeps the aliases the ledger
gave it (one removed, or moved away by a merge, is not put back).

:func:`seed_reference` is idempotent: every row is looked up by its natural key (organisation
``name`` + ``kind``, alias ``normalised`` per organisation, stream ``code``, mechanism
``stream`` + ``from_year``, cost-centre ``code``, ``username``, ``ledger_info`` key) and only
missing rows are inserted, each through :func:`db.writes.insert` (audited).  It works inside
the caller's transaction and never commits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from fundledger.orgs import OrgRef
from fundledger.reference import COST_CENTRES, ORGANISATIONS, STREAMS, CostCentreRef, StreamRef

from .ledger import Actor
from .schema import (
    CostCentre,
    LedgerInfo,
    OrgAlias,
    Organisation,
    Stream,
    StreamMechanism,
    User,
)
from .types import utcnow
from .writes import insert

LEDGER_NAME = "Leicestershire County Council – grant and funding ledger"
DEFAULT_ROLE = "finance"


@dataclass(slots=True)
class SeedResult:
    """How many rows of each table the seed added (empty when the ledger was up to date)."""

    added: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        if not self.added:
            return "nothing added"
        return ", ".join(f"{n} {table}" for table, n in sorted(self.added.items()))


class OrgKeys:
    """Reference key (``"MHCLG"``) → organisation id, found by the reference name and kind."""

    def __init__(self, session: Session) -> None:
        rows = session.execute(select(Organisation.id, Organisation.name, Organisation.kind))
        self._ids = {(name, kind): ident for ident, name, kind in rows}

    def get(self, key: str | None) -> int | None:
        if key is None:
            return None
        ref = _ORG_BY_KEY[key]
        return self._ids.get((ref.name, ref.kind))

    def __getitem__(self, key: str) -> int:
        ident = self.get(key)
        if ident is None:
            raise KeyError(f"organisation {key} is not in the ledger (run init)")
        return ident


_ORG_BY_KEY: dict[str, OrgRef] = {org.key: org for org in ORGANISATIONS}


def seed_reference(session: Session, actor: Actor, *, username: str | None = None) -> SeedResult:
    """Add whatever standard reference data the ledger lacks (see module docstring)."""
    result = SeedResult()
    _seed_info(session, actor, result)
    orgs = _seed_organisations(session, actor, result)
    for ref in STREAMS:
        ensure_stream(session, actor, ref, orgs, result)
    _seed_cost_centres(session, actor, result)
    _seed_user(session, actor, username or actor.username, result)
    return result


def _seed_info(session: Session, actor: Actor, result: SeedResult) -> None:
    have = set(session.execute(select(LedgerInfo.key)).scalars())
    for key, value in (("name", LEDGER_NAME), ("created", utcnow().isoformat())):
        if key not in have:
            insert(session, actor, LedgerInfo(key=key, value=value))
            result.added["ledger_info"] += 1


def _seed_organisations(session: Session, actor: Actor, result: SeedResult) -> OrgKeys:
    existing = {(o.name, o.kind): o for o in session.execute(select(Organisation)).scalars().all()}
    aliases = {(a.org_id, a.normalised) for a in session.execute(select(OrgAlias)).scalars()}
    for ref in ORGANISATIONS:
        org = existing.get((ref.name, ref.kind))
        if org is not None:
            # the ledger's own now: an alias removed or moved by a merge is not put back
            continue
        org = Organisation(
            name=ref.name,
            kind=ref.kind,
            short_name=ref.short_name,
            internal=ref.internal,
            notes=ref.notes,
        )
        insert(session, actor, org)
        existing[(ref.name, ref.kind)] = org
        result.added["organisations"] += 1
        for entry in ref.alias_entries():
            if (org.id, entry.normalised) in aliases:
                continue
            alias = OrgAlias(
                org_id=org.id,
                alias=entry.alias,
                normalised=entry.normalised,
                is_name=entry.is_name,
                valid_from=entry.valid_from,
                valid_to=entry.valid_to,
            )
            insert(session, actor, alias)
            aliases.add((org.id, entry.normalised))
            result.added["org_aliases"] += 1
    return OrgKeys(session)


def ensure_stream(
    session: Session,
    actor: Actor,
    ref: StreamRef,
    orgs: OrgKeys | None = None,
    result: SeedResult | None = None,
) -> Stream:
    """The stream with ``ref.code``, created (with its mechanisms) if missing."""
    result = result if result is not None else SeedResult()
    orgs = orgs or OrgKeys(session)
    row = session.execute(select(Stream).where(Stream.code == ref.code)).scalar_one_or_none()
    if row is None:
        row = Stream(
            code=ref.code,
            name=ref.name,
            kind=ref.kind,
            fund_type=ref.fund_type,
            line_category=ref.line_category,
            eligibility_notes=ref.eligibility_notes,
            funder_org_id=orgs.get(ref.funder),
            recipient_org_id=orgs.get(ref.recipient),
            statutory_basis=ref.statutory_basis,
            conditions=ref.conditions,
            carry_forward_allowed=ref.carry_forward_allowed,
            carry_forward_condition=ref.carry_forward_condition,
            directorate=ref.directorate,
            sort_order=ref.sort_order,
        )
        insert(session, actor, row)
        result.added["streams"] += 1
    have = set(
        session.execute(
            select(StreamMechanism.from_year).where(StreamMechanism.stream_id == row.id)
        ).scalars()
    )
    for from_year, mechanism in ref.mechanisms:
        if from_year not in have:
            mech = StreamMechanism(stream_id=row.id, from_year=from_year, mechanism=mechanism)
            insert(session, actor, mech)
            result.added["stream_mechanisms"] += 1
    return row


def _seed_cost_centres(session: Session, actor: Actor, result: SeedResult) -> None:
    have = set(session.execute(select(CostCentre.code)).scalars())
    streams = {code: ident for code, ident in session.execute(select(Stream.code, Stream.id))}
    for ref in COST_CENTRES:
        if ref.code not in have:
            insert(session, actor, _cost_centre(ref, streams[ref.stream]))
            result.added["cost_centres"] += 1


def _cost_centre(ref: CostCentreRef, stream_id: int) -> CostCentre:
    return CostCentre(
        code=ref.code,
        name=ref.name,
        stream_id=stream_id,
        owner=ref.owner,
        valid_from=ref.valid_from,
    )


def _seed_user(session: Session, actor: Actor, username: str, result: SeedResult) -> None:
    found = session.execute(select(User.id).where(User.username == username)).first()
    if found is None:
        user = User(username=username, display_name=username, role=DEFAULT_ROLE, active=True)
        insert(session, actor, user)
        result.added["users"] += 1
