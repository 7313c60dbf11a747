"""Reference data for the command line and Settings: streams, cost centres, organisations and
aliases, coding rules, and coding spend (``fundledger stream|costcentre|org|rule|code``).

Each write is one transaction through :meth:`db.ledger.Ledger.write` (audited by the ops);
refusals are :class:`db.writes.LedgerError` with a message for the user.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.ops import coding as coding_ops
from db.ops import orgs as org_ops
from db.ops import streams as stream_ops
from db.ops.coding import CodeResult
from db.ops.orgs import MergeResult
from db.ops.streams import CostCentreIn, StreamIn
from db.queries import coding as coding_q
from db.queries import contracts as contract_q
from db.queries import forms as form_q
from db.queries import reference as ref_q
from db.queries.coding import Targets
from db.schema import ContractLine, Stream
from db.writes import LedgerError
from fundledger.vocabulary import BudgetLineId, ContractLineId, TransactionId

from .reference_lists import (
    CostCentreItem,
    OrgItem,
    RuleItem,
    StreamItem,
    cost_centres,
    organisations,
    rules,
    streams,
)

__all__ = [
    "CodeResult",
    "CostCentreIn",
    "CostCentreItem",
    "MergeResult",
    "OrgItem",
    "RuleItem",
    "StreamIn",
    "StreamItem",
    "Targets",
    "add_alias",
    "add_cost_centre",
    "add_org",
    "add_rule",
    "add_stream",
    "code",
    "code_by_hand",
    "coding_targets",
    "contract_choices",
    "cost_centres",
    "edit_stream",
    "line_choices",
    "merge_orgs",
    "organisations",
    "remove_alias",
    "retire_cost_centre",
    "retire_rule",
    "retire_stream",
    "rules",
    "streams",
]


def coding_targets(ledger: Ledger, txn_ids: Sequence[int]) -> Targets:
    """Where the chosen transactions can be coded by hand (Code selected rows…)."""
    with ledger.read() as s:
        return coding_q.targets(s, txn_ids)


def line_choices(ledger: Ledger, stream: str, year: int) -> list[tuple[str, int]]:
    """(name, id) of a stream's budget lines in a year (the import preview's Code rows…)."""
    with ledger.read() as s:
        sid = s.execute(select(Stream.id).where(Stream.code == stream)).scalar()
        return [] if sid is None else [(c.name, c.id) for c in form_q.budget_lines(s, sid, year)]


def contract_choices(ledger: Ledger, today: date) -> list[tuple[str, int]]:
    """(label, id) of every contract line, for a coding rule's target."""
    with ledger.read() as s:
        rows = contract_q.register(s, today=today)
    return [(f"{c.stream_code} {c.reference or ''} {c.service}".replace("  ", " "), c.id)
            for c in rows]  # fmt: skip


def _funder(s: Session, funder: str | None) -> int | None:
    return None if funder is None else org_ops.find_org(s, funder).id


def add_stream(ledger: Ledger, code: str, data: StreamIn, funder: str | None = None) -> str:
    with ledger.write() as s:
        if funder is not None:
            data = _with_funder(data, _funder(s, funder))
        return stream_ops.add_stream(s, ledger.actor, code, data).code


def edit_stream(
    ledger: Ledger,
    code: str,
    data: StreamIn,
    funder: str | None = None,
    *,
    expected_version: int | None = None,
) -> str:
    with ledger.write() as s:
        if funder is not None:
            data = _with_funder(data, _funder(s, funder))
        row = stream_ops.edit_stream(s, ledger.actor, code, data, expected_version=expected_version)
        return row.code


def _with_funder(data: StreamIn, org_id: int | None) -> StreamIn:
    return replace(data, funder_org_id=org_id)


def retire_stream(ledger: Ledger, code: str, reason: str | None) -> str:
    with ledger.write() as s:
        return stream_ops.retire_stream(s, ledger.actor, code, reason).code


def add_cost_centre(ledger: Ledger, data: CostCentreIn, line: str | None = None) -> str:
    """Add a cost centre; with ``line``, a rule coding its rows to that budget line."""
    with ledger.write() as s:
        row = stream_ops.add_cost_centre(s, ledger.actor, data)
        if line:
            coding_ops.add_budget_rule(s, ledger.actor, row.code, line)
        return row.code


def rename_cost_centre(ledger: Ledger, code: str, name: str) -> str:
    with ledger.write() as s:
        return stream_ops.edit_cost_centre(s, ledger.actor, code, name).code


def retire_cost_centre(ledger: Ledger, code: str, reason: str | None) -> str:
    with ledger.write() as s:
        return stream_ops.retire_cost_centre(s, ledger.actor, code, reason).code


def add_org(ledger: Ledger, name: str, kind: str, short_name: str | None = None) -> OrgItem:
    with ledger.write() as s:
        org = org_ops.add_org(s, ledger.actor, name, kind, short_name=short_name)
        return _org_item(s, org.id)


def _org_item(s: Session, org_id: int) -> OrgItem:
    return next(o for o in ref_q.organisations(s, include_merged=True) if o.id == org_id)


def add_alias(
    ledger: Ledger,
    org: str,
    alias: str,
    *,
    kind: str | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> OrgItem:
    with ledger.write() as s:
        found = org_ops.find_org(s, org, kind)
        org_ops.add_alias(s, ledger.actor, found, alias, valid_from=valid_from, valid_to=valid_to)
        return _org_item(s, found.id)


def remove_alias(ledger: Ledger, org: str, alias: str, *, kind: str | None = None) -> OrgItem:
    with ledger.write() as s:
        found = org_ops.find_org(s, org, kind)
        org_ops.remove_alias(s, ledger.actor, found, alias)
        return _org_item(s, found.id)


def merge_orgs(ledger: Ledger, source: str, target: str, reason: str | None) -> MergeResult:
    with ledger.write() as s:
        a = org_ops.find_org(s, source)
        b = org_ops.find_org(s, target)
        return org_ops.merge_orgs(s, ledger.actor, a, b, reason)


def add_rule(
    ledger: Ledger,
    *,
    cost_centre: str | None = None,
    account: str | None = None,
    line: str | None = None,
    supplier: str | None = None,
    contract: str | None = None,
    pattern: str | None = None,
) -> int:
    """Add a budget rule (cost centre [+ account or ``A-B`` range] → line) or a contract rule
    (supplier [+ reference pattern] → contract line, by its reference or ``#id``)."""
    with ledger.write() as s:
        if cost_centre is not None:
            if not line:
                raise LedgerError("a cost-centre rule needs --line")
            low, high = _range(account)
            row = coding_ops.add_budget_rule(s, ledger.actor, cost_centre, line, low, high)
        else:
            if not supplier or not contract:
                raise LedgerError("a supplier rule needs --supplier and --contract")
            cid = _contract_id(s, contract)
            row = coding_ops.add_contract_rule(s, ledger.actor, supplier, cid, pattern)
        return row.id


def cost_centre_note(ledger: Ledger, code: str) -> str | None:
    """:func:`rule_note` for the rule ``costcentre add --line`` made for the cost centre."""
    from db.schema import CodingRule, CostCentre

    with ledger.read() as s:
        rule = s.execute(
            select(CodingRule)
            .join(CostCentre, CostCentre.id == CodingRule.cost_centre_id)
            .where(
                CostCentre.code == code,
                CodingRule.kind == "budget",
                CodingRule.active.is_(True),
                CodingRule.account_from.is_(None),
            )
        ).scalar_one_or_none()
        return None if rule is None else coding_ops.missing_line(s, rule)


def rule_note(ledger: Ledger, rule_id: int) -> str | None:
    """What the user should know about a rule just added: the budget line it names does not
    exist in its stream (yet), so it codes nothing."""
    from db.schema import CodingRule

    with ledger.read() as s:
        rule = s.get(CodingRule, rule_id)
        return None if rule is None else coding_ops.missing_line(s, rule)


def _range(account: str | None) -> tuple[str | None, str | None]:
    if account is None:
        return None, None
    low, sep, high = account.partition("-")
    return low.strip(), (high.strip() if sep else low.strip())


def _contract_id(s: Session, text: str) -> int:
    t = text.strip()
    if t.startswith("#") and t[1:].isdigit():
        return int(t[1:])
    ids = list(
        s.execute(
            select(ContractLine.id).where(func.upper(ContractLine.reference) == t.upper())
        ).scalars()
    )
    if len(ids) != 1:
        raise LedgerError(
            f"no contract line has reference {t!r}"
            if not ids
            else f"{len(ids)} contract lines have reference {t!r}: give #id"
        )
    return ids[0]


def retire_rule(ledger: Ledger, rule_id: int, reason: str | None) -> int:
    with ledger.write() as s:
        return coding_ops.retire_rule(s, ledger.actor, rule_id, reason).id


def code(
    ledger: Ledger, *, year: int | None = None, batch: int | None = None, dry_run: bool = False
) -> CodeResult:
    """Code uncoded rows by rules and confident suggestions (one transaction; or a dry run)."""
    with ledger.write() as s:
        result = coding_ops.code_transactions(
            s, ledger.actor, year=year, batch=batch, dry_run=dry_run
        )
        if dry_run:
            s.rollback()
        return result


def code_by_hand(
    ledger: Ledger,
    ids: Sequence[TransactionId],
    line_id: BudgetLineId | None,
    contract_id: ContractLineId | None,
) -> int:
    """Put the rows on a budget line and/or contract line by hand (one audited write).  The ids
    are typed apart, so a budget line's id passed as the contract line's is a type error."""
    with ledger.write() as s:
        return coding_ops.code_by_hand(s, ledger.actor, ids, line_id, contract_id)
