"""Coding rules (add, retire) and coding spend to lines — by rules and suggestions
(``fundledger code``) or by hand ("Code selected rows…") — each as one audited transaction.

Coding never overwrites a line a row already has; rows in a closed period are left and
reported; reversals follow the row they reverse (a reversed row is not coded at all).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from db.ledger import Actor
from db.queries.coding import (
    Coder,
    Coding,
    RowIn,
    budget_rules,
    contract_rules,
    line_names,
    uncoded_filter,
)
from db.queries.core import active_batch
from db.schema import (
    BudgetLine,
    CodingRule,
    ContractLine,
    CostCentre,
    Organisation,
    Stream,
    Transaction,
)
from db.writes import LedgerError, insert, update_row
from fundledger import coding as rules
from fundledger.orgs import normalise
from fundledger.vocabulary import BudgetLineId, ContractLineId, TransactionId

from ._common import need_reason, refuse
from .locks import find_lock
from .permissions import require
from .streams import find_cost_centre

__all__ = [
    "CodeResult",
    "CodedRow",
    "add_budget_rule",
    "add_contract_rule",
    "code_by_hand",
    "code_transactions",
    "missing_line",
    "retire_rule",
]


def add_budget_rule(
    session: Session,
    actor: Actor,
    cost_centre: str,
    line_name: str,
    account_from: str | None = None,
    account_to: str | None = None,
) -> CodingRule:
    """Cost centre [+ account or range] → the budget line of that name (any year).  A name
    the stream's lines have, however it is typed ("street lighting"), is kept as the lines
    spell it; one they do not have yet is kept as typed (:func:`missing_line` says so)."""
    require(actor, "reference.write")
    cc = find_cost_centre(session, cost_centre)
    typed = " ".join(line_name.split())
    line = line_names(session, cc.stream_id).get(normalise(typed), typed)
    refuse(
        [
            None if line else "a rule needs the budget line's name (--line)",
            f"cost centre {cc.code} is retired" if cc.status == "retired" else None,
            rules.account_problem(account_from, account_to),
        ]
    )
    new = rules.BudgetRule(0, cc.code.upper(), line, account_from, account_to or account_from)
    existing = budget_rules(session)
    for r in existing:
        same = (r.cost_centre, r.account_from, r.account_to) == (
            new.cost_centre,
            new.account_from,
            new.account_to,
        )
        if same and normalise(r.line_name) == normalise(line):
            raise LedgerError(f"rule #{r.id} already codes {r.describe()}")
    clash = rules.rules_conflict(new, existing)
    if clash is not None:
        raise LedgerError(f"the rule conflicts with rule #{clash.id} ({clash.describe()})")
    row = CodingRule(
        kind="budget",
        cost_centre_id=cc.id,
        account_from=account_from,
        account_to=new.account_to,
        line_name=line,
        active=True,
    )
    return insert(session, actor, row, action="add_rule")


def missing_line(session: Session, rule: CodingRule) -> str | None:
    """Why a budget rule codes nothing yet: no budget line of its stream, in any year, has the
    name it gives (a typo, or a line still to be added) — its rows stay uncoded and a less
    specific rule does not step in."""
    if rule.kind != "budget" or rule.cost_centre_id is None:
        return None
    cc = session.get(CostCentre, rule.cost_centre_id)
    if cc is None:
        return None
    names = line_names(session, cc.stream_id)
    if normalise(rule.line_name or "") in names:
        return None
    stream = session.get(Stream, cc.stream_id)
    code = stream.code if stream is not None else "its stream"
    have = ", ".join(names.values()) if names else "none yet"
    return (
        f"{code} has no budget line called {rule.line_name!r} in any year (its lines: {have}): "
        f"the rows rule #{rule.id} matches stay uncoded until a line of that name is added"
    )


def add_contract_rule(
    session: Session,
    actor: Actor,
    supplier: str,
    contract_line_id: int,
    pattern: str | None = None,
) -> CodingRule:
    """Supplier [+ reference pattern] → a contract line."""
    require(actor, "reference.write")
    line = session.get(ContractLine, contract_line_id)
    if line is None:
        raise LedgerError(f"contract line #{contract_line_id} does not exist")
    refuse([rules.pattern_problem(pattern)])
    org_id, text = _supplier(session, supplier)
    for r in contract_rules(session):
        same_supplier = (r.supplier_org_id, r.supplier_text) == (org_id, text)
        if not same_supplier or (r.reference_pattern or "") != (pattern or ""):
            continue
        if r.contract_line_id == contract_line_id:
            raise LedgerError(f"rule #{r.id} already codes {supplier!r} to that contract line")
        raise LedgerError(
            f"the rule conflicts with rule #{r.id}, which codes {supplier!r}"
            f"{' ' + pattern if pattern else ''} to contract line {r.label}"
        )
    row = CodingRule(
        kind="contract",
        supplier_org_id=org_id,
        supplier_text=text,
        reference_pattern=pattern,
        contract_line_id=contract_line_id,
        active=True,
    )
    return insert(session, actor, row, action="add_rule")


def _supplier(session: Session, supplier: str) -> tuple[int | None, str | None]:
    """An organisation the supplier's name or alias names, else the printed name normalised."""
    from .orgs import find_org

    try:
        org: Organisation = find_org(session, supplier)
    except LedgerError:
        norm = normalise(supplier)
        if not norm:
            raise LedgerError("a rule needs the supplier's name (--supplier)") from None
        return None, norm
    return org.id, None


def retire_rule(session: Session, actor: Actor, rule_id: int, reason: str | None) -> CodingRule:
    why = need_reason(reason, "retire a coding rule")
    require(actor, "reference.write")
    row = session.get(CodingRule, rule_id)
    if row is None:
        raise LedgerError(f"coding rule #{rule_id} does not exist")
    if not row.active:
        raise LedgerError(f"coding rule #{rule_id} is already retired")
    changes = {"active": False, "retired_reason": why}
    return update_row(session, actor, row, changes, action="retire_rule", reason=why)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- coding rows


@dataclass(frozen=True, slots=True)
class CodedRow:
    id: int
    stream: str
    reference: str | None
    counterparty: str | None
    amount: object
    coding: Coding


@dataclass(slots=True)
class CodeResult:
    coded: list[CodedRow] = field(default_factory=list)
    uncoded: list[CodedRow] = field(default_factory=list)
    #: rows left alone because their period is closed: (id, why)
    locked: list[tuple[int, str]] = field(default_factory=list)


def _candidates(
    session: Session, *, year: int | None, batch: int | None, ids: Sequence[int] | None
) -> list[Transaction]:
    """Uncoded rows (no budget line): the rules and suggestions give them a line, and a
    contract line where one applies (a coded row is never recoded)."""
    t = Transaction
    q = select(t).where(uncoded_filter())
    if year is not None:
        q = q.where(t.year == year)
    if batch is not None:
        q = q.where(t.batch_id == batch)
    if ids is not None:
        q = q.where(t.id.in_(list(ids)))
    return list(session.execute(q.order_by(t.id)).scalars())


def _codable() -> ColumnElement[bool]:
    t = Transaction
    reversed_ids = select(t.reverses_id).where(t.reverses_id.is_not(None))
    return (
        t.kind.in_(("spend", "credit", "refund"))
        & active_batch(t.batch_id)
        & t.id.not_in(reversed_ids)
    )


def code_transactions(
    session: Session,
    actor: Actor,
    *,
    year: int | None = None,
    batch: int | None = None,
    dry_run: bool = False,
) -> CodeResult:
    """Apply the rules and confident suggestions to uncoded rows (one transaction)."""
    rows = _candidates(session, year=year, batch=batch, ids=None)
    codes = dict(session.execute(select(Stream.id, Stream.code)).all())
    for sid in sorted({r.stream_id for r in rows}):
        require(actor, "transaction.write", codes[sid])
    if not rows:
        return CodeResult()
    coder = Coder(session, {r.stream_id for r in rows}, {r.year for r in rows})
    result = CodeResult()
    for r in rows:
        coding = coder.code(_row_in(r))
        item = CodedRow(r.id, codes[r.stream_id], r.reference, r.counterparty, r.amount, coding)
        new_line = coding.line_id if r.budget_line_id is None else None
        new_contract = coding.contract_id if r.contract_line_id is None else None
        if new_line is None and new_contract is None:
            if r.budget_line_id is None:
                result.uncoded.append(item)
            continue
        lock = find_lock(session, r.stream_id, r.year, r.period)
        if lock is not None:
            result.locked.append((r.id, f"P{r.period:02d} {r.year} is closed"))
            continue
        (result.coded if coding.line_id else result.uncoded).append(item)
        if not dry_run:
            _apply(session, actor, r, new_line, new_contract, coding.by or "rules")
    return result


def _row_in(r: Transaction) -> RowIn:
    return RowIn(
        r.stream_id,
        r.year,
        r.cost_centre,
        r.account,
        r.counterparty,
        r.counterparty_org_id,
        r.reference,
        r.description,
        r.budget_line_id,
        r.contract_line_id,
    )


def _apply(
    session: Session,
    actor: Actor,
    r: Transaction,
    line_id: int | None,
    contract_id: int | None,
    by: str,
) -> None:
    changes: dict[str, object] = {"coded_by": by[:64]}
    if line_id is not None:
        changes["budget_line_id"] = line_id
    if contract_id is not None:
        changes["contract_line_id"] = contract_id
    update_row(session, actor, r, changes, action="code_transaction")


def code_by_hand(
    session: Session,
    actor: Actor,
    ids: Sequence[TransactionId],
    line_id: BudgetLineId | None,
    contract_id: ContractLineId | None,
) -> int:
    """Code the chosen rows to a budget line (and contract line) — "Code selected rows…".

    Every row must be of the line's stream and year and not in a closed period; all or none.
    """
    if line_id is None and contract_id is None:
        raise LedgerError("choose a budget line or a contract line to code the rows to")
    line = session.get(BudgetLine, line_id) if line_id is not None else None
    contract = session.get(ContractLine, contract_id) if contract_id is not None else None
    if line_id is not None and line is None:
        raise LedgerError(f"budget line #{line_id} does not exist")
    if contract_id is not None and contract is None:
        raise LedgerError(f"contract line #{contract_id} does not exist")
    rows = list(session.execute(select(Transaction).where(Transaction.id.in_(list(ids)))).scalars())
    missing = sorted(set(ids) - {r.id for r in rows})
    refuse([f"transaction #{missing[0]} does not exist" if missing else None])
    codes = dict(session.execute(select(Stream.id, Stream.code)).all())
    problems: list[str | None] = []
    for r in rows:
        require(actor, "transaction.write", codes[r.stream_id])
        problems.append(_hand_problem(session, r, line, contract, codes))
    refuse(problems)
    for r in rows:
        _apply(session, actor, r, line_id, contract_id, "by hand")
    return len(rows)


def _hand_problem(
    session: Session,
    r: Transaction,
    line: BudgetLine | None,
    contract: ContractLine | None,
    codes: dict[int, str],
) -> str | None:
    if line is not None and (line.stream_id, line.year) != (r.stream_id, r.year):
        return (
            f"transaction #{r.id} is {codes[r.stream_id]} {r.year}; line {line.name!r} is "
            f"{codes[line.stream_id]} {line.year}"
        )
    if contract is not None and contract.stream_id != r.stream_id:
        return f"transaction #{r.id} is not of contract line #{contract.id}'s stream"
    if find_lock(session, r.stream_id, r.year, r.period) is not None:
        return f"transaction #{r.id} is in a closed period (P{r.period:02d})"
    counted = session.execute(select(_codable()).where(Transaction.id == r.id)).scalar()
    if not counted:
        return (
            f"transaction #{r.id} is a reversal, reversed, or of an undone import: it is not coded"
        )
    return None
