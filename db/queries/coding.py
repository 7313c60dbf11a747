"""Reading what codes spend: the ledger's coding rules and its coded history, as a
:class:`Coder` that says, for a row, which budget line and contract line it goes to and why.

Order for the budget line: a budget rule (most specific first); the contract line's own budget
line; the one active line of the row's cost centre that year; a confident suggestion.  For the
contract line: a contract rule; a confident suggestion.  A row's existing coding is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from db.queries.core import active_batch, core
from db.schema import budgets, reference
from db.schema.actuals import transactions
from fundledger import coding as rules
from fundledger.coding import CONFIDENT, BudgetRule, ContractRule, History, Suggestion
from fundledger.orgs import normalise
from fundledger.years import year_label

__all__ = [
    "Coder",
    "Coding",
    "PossibleDuplicates",
    "RowIn",
    "Targets",
    "budget_rules",
    "contract_rules",
    "line_names",
    "targets",
    "uncoded_filter",
]

# The Core tables under the ORM classes' names: coding an import's rows defines no ORM mapper
BudgetLine = core(budgets.budget_lines)
CodingRule = core(reference.coding_rules)
ContractLine = core(budgets.contract_lines)
CostCentre = core(reference.cost_centres)
Stream = core(reference.streams)
Transaction = core(transactions)

NO_CONTRACT = 0
#: transaction kinds that are coded to lines (reversals follow the row they reverse)
UNCODED_KINDS = ("spend", "credit", "refund")


@dataclass(frozen=True, slots=True)
class RowIn:
    stream_id: int
    year: int
    cost_centre: str | None
    account: str | None
    counterparty: str | None
    counterparty_org_id: int | None
    reference: str | None
    description: str | None
    budget_line_id: int | None = None
    contract_line_id: int | None = None


@dataclass(frozen=True, slots=True)
class Coding:
    """Where a row goes and why; ``by`` is what coded it (None: nothing did)."""

    line_id: int | None
    line_name: str | None
    contract_id: int | None
    contract_label: str | None
    by: str | None
    problems: tuple[str, ...] = ()
    #: a suggestion not sure enough to apply: (line or contract text, confidence percent)
    hint: str | None = None

    @property
    def coded(self) -> bool:
        return self.line_id is not None


def budget_rules(session: Session) -> list[BudgetRule]:
    r = CodingRule
    q = (
        select(r.id, r.line_name, r.account_from, r.account_to, CostCentre.code)
        .join(CostCentre, CostCentre.id == CodingRule.cost_centre_id)
        .where(CodingRule.kind == "budget", CodingRule.active.is_(True))
        .order_by(CodingRule.id)
    )
    return [
        BudgetRule(rid, code.upper(), line or "", lo, hi)
        for rid, line, lo, hi, code in session.execute(q)
    ]


def line_names(session: Session, stream_id: int) -> dict[str, str]:
    """The stream's budget line names, any year (normalised → as the ledger spells it): what
    a budget rule may name."""
    q = (
        select(BudgetLine.name)
        .where(BudgetLine.stream_id == stream_id, active_batch(BudgetLine.batch_id))
        .distinct()
        .order_by(BudgetLine.name)
    )
    return {normalise(n): n for n in session.execute(q).scalars()}


def contract_rules(session: Session) -> list[ContractRule]:
    r = CodingRule
    q = (
        select(
            r.id,
            r.contract_line_id,
            r.supplier_org_id,
            r.supplier_text,
            r.reference_pattern,
            ContractLine.service,
            ContractLine.reference,
        )
        .join(ContractLine, ContractLine.id == CodingRule.contract_line_id)
        .where(CodingRule.kind == "contract", CodingRule.active.is_(True))
        .order_by(CodingRule.id)
    )
    return [
        ContractRule(rid, line or 0, org, text, pattern, ref or service)
        for rid, line, org, text, pattern, service, ref in session.execute(q)
    ]


@dataclass(slots=True)
class _Lines:
    """Active budget lines by (stream, year, normalised name), and by cost centre."""

    by_name: dict[tuple[int, int, str], tuple[int, str]] = field(default_factory=dict)
    by_cc: dict[tuple[int, int, str], list[int]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)


def _lines(session: Session, stream_ids: Iterable[int], years: Iterable[int]) -> _Lines:
    out = _Lines()
    q = (
        select(
            BudgetLine.id, BudgetLine.stream_id, BudgetLine.year, BudgetLine.name, CostCentre.code
        )
        .outerjoin(CostCentre, CostCentre.id == BudgetLine.cost_centre_id)
        .where(
            BudgetLine.stream_id.in_(list(stream_ids)),
            BudgetLine.year.in_(list(years)),
            active_batch(BudgetLine.batch_id),
        )
        .order_by(BudgetLine.id)
    )
    for lid, sid, year, name, cc in session.execute(q):
        out.by_name.setdefault((sid, year, normalise(name)), (lid, name))
        out.names[lid] = name
        if cc:
            out.by_cc.setdefault((sid, year, cc.upper()), []).append(lid)
    return out


def _contracts(session: Session) -> dict[int, tuple[int, str, str | None]]:
    """Contract line id → (stream id, label, its budget line's name)."""
    q = (
        select(ContractLine.id, ContractLine.stream_id, ContractLine.service,
               ContractLine.reference, BudgetLine.name)
        .outerjoin(BudgetLine, BudgetLine.id == ContractLine.budget_line_id)
        .where(active_batch(ContractLine.batch_id))
    )  # fmt: skip
    return {
        cid: (sid, f"{ref} {service}" if ref else service, line)
        for cid, sid, service, ref, line in session.execute(q)
    }


#: suggestions learn from the coded rows of this many years before the rows being coded (and
#: after): recent habits, and a bounded read on a ledger of many years
HISTORY_YEARS = 3


def _history(
    session: Session, stream_ids: Iterable[int], years: Sequence[int]
) -> tuple[History[str], History[int]]:
    """Learners from the ledger's coded rows: supplier + description → line name, contract."""
    t = Transaction
    q = (
        select(
            t.stream_id, t.counterparty, t.description, BudgetLine.name,
            t.contract_line_id, func.count(),
        )
        .join(BudgetLine, BudgetLine.id == t.budget_line_id)
        .where(
            t.stream_id.in_(list(stream_ids)),
            t.year >= min(years, default=0) - HISTORY_YEARS,
            t.kind.in_(("spend", "credit", "refund")),
            active_batch(t.batch_id),
        )
        .group_by(t.stream_id, t.counterparty, t.description, BudgetLine.name, t.contract_line_id)
    )  # fmt: skip
    lines: History[str] = History()
    contracts: History[int] = History()
    for sid, party, desc, line, contract, n in session.execute(q):
        times = min(int(n), 50)
        lines.learn(sid, party, desc, line, times)
        contracts.learn(sid, party, desc, contract or NO_CONTRACT, times)
    return lines, contracts


class Coder:
    """Codes rows of some streams and years (see the module docstring)."""

    def __init__(self, session: Session, stream_ids: Iterable[int], years: Iterable[int]) -> None:
        sids = sorted(set(stream_ids))
        self.budget = budget_rules(session)
        self.contract = contract_rules(session)
        yrs = sorted(set(years))
        self.lines = _lines(session, sids, yrs)
        self.contracts = _contracts(session)
        self.learn_lines, self.learn_contracts = _history(session, sids, yrs)

    def suggests(self, stream_id: int) -> bool:
        """Whether the ledger's coded history can suggest anything for the stream's rows
        (else a row's description plays no part in its coding)."""
        return self.learn_lines.knows(stream_id) or self.learn_contracts.knows(stream_id)

    def code(self, row: RowIn) -> Coding:
        problems: list[str] = []
        contract_id, contract_by = self._contract(row, problems)
        line_id, line_by = self._line(row, contract_id, problems)
        hint = None
        if line_id is None:
            hint = self._hint(row)
        by = " + ".join(b for b in (line_by, contract_by) if b) or None
        return Coding(
            line_id,
            self.lines.names.get(line_id) if line_id else None,
            contract_id,
            self.contracts[contract_id][1] if contract_id in self.contracts else None,
            by,
            tuple(problems),
            hint,
        )

    def _contract(self, row: RowIn, problems: list[str]) -> tuple[int | None, str | None]:
        if row.contract_line_id is not None:
            return row.contract_line_id, None
        pick = rules.contract_rule_for(
            self.contract, row.counterparty_org_id, row.counterparty, row.reference
        )
        if pick.problem:
            problems.append(pick.problem)
        if pick.target is not None and self._same_stream(pick.target, row):
            return pick.target, f"rule #{pick.rule_id}"
        if pick.target is not None:
            problems.append(f"rule #{pick.rule_id} names a contract line of another stream")
        found = self.learn_contracts.suggest(row.stream_id, row.counterparty, row.description)
        sure = found is not None and found.confidence >= CONFIDENT
        if found and sure and found.target != NO_CONTRACT and self._same_stream(found.target, row):
            return found.target, f"suggestion {found.percent}"
        return None, None

    def _same_stream(self, contract_id: int, row: RowIn) -> bool:
        c = self.contracts.get(contract_id)
        return c is not None and c[0] == row.stream_id

    def _named(self, row: RowIn, name: str) -> int | None:
        hit = self.lines.by_name.get((row.stream_id, row.year, normalise(name)))
        return hit[0] if hit else None

    def _line(
        self, row: RowIn, contract_id: int | None, problems: list[str]
    ) -> tuple[int | None, str | None]:
        if row.budget_line_id is not None:
            return row.budget_line_id, None
        pick = rules.budget_rule_for(self.budget, row.cost_centre, row.account)
        if pick.problem:
            problems.append(pick.problem)
        if pick.target is not None:
            found = self._named(row, pick.target)
            if found is not None:
                return found, f"rule #{pick.rule_id}"
            problems.append(
                f"rule #{pick.rule_id} names line {pick.target!r}, which "
                f"{year_label(row.year)} does not have"
            )
        own = self.contracts.get(contract_id) if contract_id else None
        if own and own[2] and (found := self._named(row, own[2])) is not None:
            return found, f"contract #{contract_id}"
        cands = self.lines.by_cc.get((row.stream_id, row.year, (row.cost_centre or "").upper()))
        if cands and len(cands) == 1:
            return cands[0], f"cost centre {row.cost_centre}"
        return self._suggested(row)

    def _suggested(self, row: RowIn) -> tuple[int | None, str | None]:
        found = self.learn_lines.suggest(row.stream_id, row.counterparty, row.description)
        if found and found.confidence >= CONFIDENT:
            line = self._named(row, found.target)
            if line is not None:
                return line, f"suggestion {found.percent}"
        return None, None

    def _hint(self, row: RowIn) -> str | None:
        found: Suggestion[str] | None = self.learn_lines.suggest(
            row.stream_id, row.counterparty, row.description
        )
        if found is None or self._named(row, found.target) is None:
            return None
        return f"{found.target} ({found.percent})"


def uncoded_filter() -> ColumnElement[bool]:
    """WHERE for the rows the Uncoded view lists: spend without a budget line, in a counted
    batch, neither a reversal nor reversed."""
    t = Transaction
    reversed_ids = select(t.reverses_id).where(t.reverses_id.is_not(None))
    return and_(
        t.budget_line_id.is_(None),
        t.kind.in_(UNCODED_KINDS),
        active_batch(t.batch_id),
        t.id.not_in(reversed_ids),
    )


@dataclass(frozen=True, slots=True)
class Targets:
    """Where chosen rows can be coded by hand: their one stream and year, that year's budget
    lines and the stream's contract lines (``problem`` when the rows span several)."""

    stream: str | None
    year: int | None
    rows: int
    lines: tuple[tuple[int, str], ...]
    contracts: tuple[tuple[int, str], ...]
    problem: str | None = None


def targets(session: Session, txn_ids: Iterable[int]) -> Targets:
    ids = list(txn_ids)
    found = session.execute(
        select(Transaction.stream_id, Transaction.year, Stream.code)
        .join(Stream, Stream.id == Transaction.stream_id)
        .where(Transaction.id.in_(ids))
        .distinct()
    ).all()
    if len(found) != 1:
        why = "choose rows to code" if not found else "choose rows of one stream and one year"
        return Targets(None, None, len(ids), (), (), why)
    sid, year, code = found[0]
    lines = session.execute(
        select(BudgetLine.id, BudgetLine.name)
        .where(BudgetLine.stream_id == sid, BudgetLine.year == year,
               active_batch(BudgetLine.batch_id))
        .order_by(BudgetLine.sort_order, BudgetLine.name)
    ).all()  # fmt: skip
    contracts = [
        (cid, label)
        for cid, (csid, label, _line) in sorted(_contracts(session).items())
        if csid == sid
    ]
    return Targets(code, year, len(ids), tuple((i, n) for i, n in lines), tuple(contracts))


#: a row is a *possible* duplicate of a ledger row of the same counterparty and amount dated
#: within this many days but with another reference (the exact duplicates are found apart)
DUPLICATE_DAYS = 10


class PossibleDuplicates:
    """Ledger transactions a file's rows may repeat under another reference (a re-issued
    invoice, a payment keyed twice): same counterparty and amount within ±10 days."""

    def __init__(self, session: Session, dates: Iterable[date], pences: Iterable[int]) -> None:
        """Only the file's first and last dates bound the query; the file's amounts are read
        (``pences``, consumed lazily) only when the ledger holds rows in that window, so an
        import of a fresh stretch of dates never builds a set of its 100k amounts."""
        ds = set(dates)
        self.held: dict[tuple[str, int], list[tuple[date, str, int]]] = {}
        self.pences: set[int] = set()
        if not ds:
            return
        t = Transaction
        lo = min(ds) - timedelta(days=DUPLICATE_DAYS)
        hi = max(ds) + timedelta(days=DUPLICATE_DAYS)
        q = (
            select(t.id, t.txn_date, t.amount, t.counterparty, t.reference)
            .where(t.txn_date >= lo, t.txn_date <= hi, t.kind.in_(UNCODED_KINDS),
                   active_batch(t.batch_id))
            .order_by(t.id)
        )  # fmt: skip
        found = session.execute(q).all()
        if not found:
            return
        wanted = set(pences)
        for ident, d, amount, party, ref in found:
            pence = int(amount.scaleb(2))
            if pence in wanted and party:
                key = (normalise(party), pence)
                self.held.setdefault(key, []).append((d, normalise(ref or ""), ident))
        self.pences = {pence for _party, pence in self.held}

    def of(self, party: str | None, pence: int, d: date, reference: str | None) -> int | None:
        """The ledger row this one may repeat (the nearest in date; each ledger row is matched
        once), or None."""
        if pence not in self.pences:  # no ledger row of that amount: no names to normalise
            return None
        ref = normalise(reference or "")
        held = self.held.get((normalise(party or ""), pence), [])
        near = [
            (abs((hd - d).days), i, ident)
            for i, (hd, href, ident) in enumerate(held)
            if abs((hd - d).days) <= DUPLICATE_DAYS and href != ref
        ]
        if not near:
            return None
        _days, i, ident = min(near)
        del held[i]
        return ident
