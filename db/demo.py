"""Writing the demo ledger (:mod:`fundledger.demo_data`) into a seeded ledger, audited row by row.

:func:`load_demo` works inside the caller's transaction and is idempotent: the ledger_info key
``demo_loaded`` (the demo version) marks a loaded demo, and a second call adds nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fundledger import demo_data as demo
from fundledger.reference import YJ_AGENCIES, stream
from fundledger.terms import profile_even
from fundledger.years import period_of, year_of

from .ledger import Actor
from .schema import (
    Allocation,
    BudgetLine,
    ContractExtension,
    ContractLine,
    ContractProfile,
    ContractProvider,
    Contribution,
    CostCentre,
    Forecast,
    IncomeItem,
    LedgerInfo,
    PeriodLock,
    Recharge,
    Stream,
    Transaction,
    User,
    UserStream,
    Virement,
)
from .seed import OrgKeys, SeedResult, ensure_stream
from .writes import insert

DEMO_KEY = "demo_loaded"


@dataclass(slots=True)
class DemoLoad:
    """What :func:`load_demo` wrote (``already`` when the demo was loaded before)."""

    already: bool = False
    version: str = demo.DEMO_VERSION
    added: Counter[str] = field(default_factory=Counter)


class _Writer:
    """Audited inserts plus the lookups the demo needs (streams, orgs, lines by name)."""

    def __init__(self, session: Session, actor: Actor, result: DemoLoad) -> None:
        self.s = session
        self.actor = actor
        self.result = result
        self.orgs = OrgKeys(session)
        self.streams: dict[str, int] = {}
        self.centres = {c: i for c, i in session.execute(select(CostCentre.code, CostCentre.id))}
        self.lines: dict[tuple[str, str], BudgetLine] = {}
        self.contracts: dict[int, ContractLine] = {}

    def add(self, obj: Any, reason: str | None = None) -> Any:
        insert(self.s, self.actor, obj, action="demo", reason=reason)
        self.result.added[obj.__tablename__] += 1
        return obj

    def stream_id(self, code: str) -> int:
        if code not in self.streams:
            seeded = SeedResult()
            self.streams[code] = ensure_stream(self.s, self.actor, stream(code), self.orgs,
                                               seeded).id  # fmt: skip
            self.result.added.update(seeded.added)
        return self.streams[code]

    def line(self, code: str, year: int, name: str, original: Decimal, **kw: Any) -> BudgetLine:
        row = BudgetLine(stream_id=self.stream_id(code), year=year, name=name, original=original,
                         **kw)  # fmt: skip
        self.lines[(code, name)] = self.add(row)
        return row


def is_loaded(session: Session) -> str | None:
    """The demo version loaded into this ledger, or None."""
    return session.execute(
        select(LedgerInfo.value).where(LedgerInfo.key == DEMO_KEY)
    ).scalar_one_or_none()


def load_demo(session: Session, actor: Actor) -> DemoLoad:
    """Write the whole demo ledger unless it is already there (see module docstring)."""
    loaded = is_loaded(session)
    if loaded is not None:
        return DemoLoad(already=True, version=loaded)
    result = DemoLoad()
    w = _Writer(session, actor, result)
    _users(w)
    allocations = _allocations(w)
    _da(w, allocations)
    _yj(w)
    _opcc(w, allocations["OPCC"])
    _pmt(w)
    _dhr(w)
    _locks(w)
    w.add(LedgerInfo(key=DEMO_KEY, value=demo.DEMO_VERSION))
    return result


# --------------------------------------------------------------------------- users, allocations


def _users(w: _Writer) -> None:
    have = set(w.s.execute(select(User.username)).scalars())
    for spec in demo.USERS:
        if spec.username in have:
            continue
        user = w.add(User(username=spec.username, display_name=spec.display_name, role=spec.role))
        for code in spec.streams:
            w.add(UserStream(user_id=user.id, stream_id=w.stream_id(code)))


def _allocations(w: _Writer) -> dict[str, int]:
    """Insert every allocation; returns the ids of the DA range and the OPCC pot by stream."""
    ids: dict[str, int] = {}
    for a in demo.ALLOCATIONS:
        row = Allocation(
            stream_id=w.stream_id(a.stream),
            funder_org_id=w.orgs.get(a.funder),
            recipient_org_id=w.orgs.get(a.recipient),
            year_from=a.year_from,
            year_to=a.year_to,
            amount=a.amount,
            amount_text=a.amount_text,
            approximate=a.approximate,
            mechanism=a.mechanism,
            status=a.status,
            label=a.label,
            source_ref=a.source_ref,
        )
        w.add(row)
        if a.year_to >= demo.DEMO_YEAR >= a.year_from:
            ids[a.stream] = row.id
    return ids


# --------------------------------------------------------------------------- domestic abuse


def _da(w: _Writer, allocations: dict[str, int]) -> None:
    centre = w.centres["LC4410"]
    for spec in demo.SPEND_PLAN:
        keys = demo.provider_keys(spec)
        line = w.line("DA", demo.DEMO_YEAR, spec.service, spec.annual,
                      category="post" if spec.internal else "service",
                      org_id=w.orgs.get(keys[0]) if keys else None,
                      allocation_id=allocations["DA"], cost_centre_id=centre,
                      eligible=demo.eligible(spec), sort_order=spec.seq)  # fmt: skip
        _contract(w, spec, keys, line)
    w.line("DA", demo.DEMO_YEAR, demo.DISTRICT_LINE, demo.DISTRICT_LINE_ORIGINAL,
           category="service", allocation_id=allocations["DA"], cost_centre_id=centre,
           eligible=True, sort_order=18)  # fmt: skip
    _da_invoices(w)
    _virements(w)
    _forecasts(w)


def _contract(w: _Writer, spec: demo.ContractSpec, keys: list[str], line: BudgetLine) -> None:
    term = spec.term
    row = ContractLine(
        stream_id=w.stream_id("DA"),
        budget_line_id=line.id,
        service=spec.service,
        provider_text=spec.provider_text,
        commissioner_org_id=w.orgs.get("LCC"),
        value=spec.value,
        value_text=spec.value_text,
        cost_basis="unknown",
        contract_start=demo.DEMO_START,
        service_start=demo.DEMO_START,
        base_term_months=term.base_months,
        term_text=spec.term_text,
        fixed_term=term.fixed_term,
        internal=spec.internal,
        reference=f"DA-SP-{spec.seq:02d}",
        notes="Years 1-3 spend plan [001:151-168]. Demo: start assumed 1 April 2025 "
        "(the spend plan gives no dates).",
        sort_order=spec.seq,
    )
    w.contracts[spec.seq] = w.add(row)
    for key in keys:
        w.add(ContractProvider(contract_line_id=row.id, org_id=w.orgs[key],
                               name_as_printed=spec.provider_text))  # fmt: skip
    for seq, months in enumerate(term.extensions, 1):
        decision = demo.EXTENSION_DECISIONS.get(spec.seq) if seq == 1 else None
        ext = ContractExtension(contract_line_id=row.id, seq=seq, months=months)
        if decision is not None:
            ext.decision, ext.decided_by, ext.decided_on, ext.note = decision
        w.add(ext)
    months = term.base_months or 12
    for year, amount in profile_even(spec.value, demo.DEMO_START, months).items():
        w.add(ContractProfile(contract_line_id=row.id, year=year, amount=amount))


def _da_invoices(w: _Writer) -> None:
    for inv in demo.da_invoices():
        contract = w.contracts[inv.contract_seq]
        w.add(
            Transaction(
                stream_id=w.stream_id("DA"),
                budget_line_id=contract.budget_line_id,
                contract_line_id=contract.id,
                txn_date=inv.txn_date,
                year=demo.DEMO_YEAR,
                period=inv.period,
                amount=inv.amount,
                kind=inv.kind,
                counterparty=inv.supplier,
                counterparty_org_id=w.orgs.get(inv.supplier_key),
                reference=inv.reference,
                description=inv.description,
                cost_centre="LC4410",
                account=inv.account,
            )
        )


def _at(d: date) -> datetime:
    return datetime.combine(d, time(10, 0), tzinfo=UTC)


def _virements(w: _Writer) -> None:
    for v in demo.VIREMENTS:
        w.add(
            Virement(
                stream_id=w.stream_id("DA"),
                year=demo.DEMO_YEAR,
                period=v.period,
                from_line_id=w.lines[("DA", v.from_line)].id,
                to_line_id=w.lines[("DA", v.to_line)].id,
                amount=v.amount,
                reason=v.reason,
                requested_by=v.requested_by,
                requested_at=_at(v.requested_at),
                status=v.status,
                decided_by=v.decided_by,
                decided_at=_at(v.decided_at) if v.decided_at else None,
                override_reason=v.override,
                override_by=v.decided_by if v.override else None,
            )
        )


def _forecasts(w: _Writer) -> None:
    for f in demo.FORECASTS:
        w.add(Forecast(budget_line_id=w.lines[("DA", f.line)].id, year=demo.DEMO_YEAR,
                       period=demo.FORECAST_PERIOD, amount=f.amount,
                       commentary=f.commentary))  # fmt: skip


# --------------------------------------------------------------------------- youth justice


def _yj(w: _Writer) -> None:
    centre = w.centres["LC5120"]
    for n, (heading, original) in enumerate(demo.YJ_LINES, 1):
        w.line("YJ", demo.DEMO_YEAR, heading, original, category="cost_heading",
               cost_centre_id=centre, sort_order=n)  # fmt: skip
    agency_names = {a.key: a.name for a in YJ_AGENCIES}
    for c in demo.YJ_CONTRIBUTIONS:
        w.add(
            Contribution(
                stream_id=w.stream_id("YJ"),
                year=demo.DEMO_YEAR,
                partner_org_id=w.orgs[c.agency],
                partner_as_printed=agency_names[c.agency],
                heading=c.heading,
                kind=c.kind,
                amount=c.amount,
                fte=c.fte,
                description=c.description,
                status=c.status,
                invoiced_on=c.invoiced_on,
                received_on=c.received_on,
                budget_line_id=w.lines[("YJ", c.heading)].id,
            )
        )
    for spend, period, when, ref in demo.yj_payments():
        w.add(
            Transaction(
                stream_id=w.stream_id("YJ"),
                budget_line_id=w.lines[("YJ", spend.line)].id,
                txn_date=when,
                year=demo.DEMO_YEAR,
                period=period,
                amount=spend.amount,
                kind="spend",
                counterparty=spend.supplier,
                counterparty_org_id=w.orgs.get(spend.supplier_key),
                reference=ref,
                description=f"{spend.description} – {when:%B %Y}",
                cost_centre=spend.cost_centre,
                account=spend.account,
            )
        )


# --------------------------------------------------------------------------- OPCC


def _opcc(w: _Writer, allocation_id: int) -> None:
    centre = w.centres["LC4470"]
    for n, area in enumerate(demo.OPCC_AREAS, 1):
        line = w.line("OPCC", demo.DEMO_YEAR, area.name, area.allocation, category="csp_area",
                      org_id=w.orgs[area.area], allocation_id=allocation_id,
                      cost_centre_id=centre, name_as_printed=area.name,
                      sort_order=n)  # fmt: skip
        w.add(
            Transaction(
                stream_id=w.stream_id("OPCC"),
                budget_line_id=line.id,
                txn_date=demo.OPCC_AS_AT,
                year=demo.DEMO_YEAR,
                period=12,
                amount=area.expenditure,
                kind="reported_actual",
                counterparty=area.name,
                counterparty_org_id=w.orgs[area.area],
                reference="OPCC-CSP-2025-26",
                description="2025-26 expenditure to date as of 12/06/2026"
                + (" (Nil)" if area.nil else ""),
                cost_centre="LC4470",
                reported_nil=area.nil,
            )
        )


# --------------------------------------------------------------------------- PMT, DHR, locks


def _pmt(w: _Writer) -> None:
    centre = w.centres["LC6030"]
    for n, (category, target) in enumerate(demo.PMT_TARGETS, 1):
        w.line("PMT", demo.DEMO_YEAR, category, target, category="income_category",
               cost_centre_id=centre, sort_order=n)  # fmt: skip
    for item in demo.PMT_INCOME:
        year = year_of(item.raised_on).start_year
        line = w.lines.get(("PMT", item.category)) if year == demo.DEMO_YEAR else None
        w.add(
            IncomeItem(
                stream_id=w.stream_id("PMT"),
                budget_line_id=line.id if line is not None else None,
                category=item.category,
                customer=item.customer,
                customer_org_id=w.orgs.get(item.customer_key),
                description=item.description,
                reference=item.reference,
                list_price=item.list_price,
                discount=item.discount,
                amount=item.amount,
                raised_on=item.raised_on,
                year=year,
                period=period_of(item.raised_on),
                status=item.status,
                received_on=item.received_on,
                is_council_investment=item.is_council_investment,
            )
        )


def _dhr(w: _Writer) -> None:
    for n, r in enumerate(demo.DHR_RECHARGES, 1):
        w.add(
            Recharge(
                stream_id=w.stream_id("DHR"),
                year=demo.DHR_YEAR,
                org_id=w.orgs[r.debtor],
                amount=demo.DHR_AMOUNT,
                description=demo.DHR_DESCRIPTION,
                reference=f"DHR-2026-{n:02d}",
                raised_on=r.raised_on,
                due_on=r.due_on,
                status="paid" if r.paid_on else "raised",
                paid_on=r.paid_on,
                paid_amount=demo.DHR_AMOUNT if r.paid_on else None,
            )
        )


def _locks(w: _Writer) -> None:
    w.add(
        PeriodLock(stream_id=None, year=demo.LOCKED_YEAR, period=None,
                   reason="Year-end closed: 2024-25 accounts signed off (demo)", active=True),
        reason="demo: close 2024-25 at year end",
    )  # fmt: skip


def stream_ids(session: Session) -> dict[str, int]:
    """Stream code → id."""
    return {c: i for c, i in session.execute(select(Stream.code, Stream.id))}
