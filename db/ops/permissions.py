"""Who may do what: every write operation calls :func:`require` before it writes anything.

Rules (SPEC §1, §8; DOMAIN §5):
- viewers write nothing;
- administrators manage users and reference data and post no money (segregation of duties);
- budget holders act only on their own streams (``Actor.streams``);
- each action names the roles that may take it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from db.ledger import Actor
from db.writes import LedgerError, PermissionDenied

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from db.schema import Stream

__all__ = ["ACTIONS", "ROLE_LABELS", "PermissionDenied", "check", "require", "require_stream"]


@dataclass(frozen=True, slots=True)
class Rule:
    label: str
    roles: frozenset[str]
    money: bool = True


def _rule(label: str, *roles: str, money: bool = True) -> Rule:
    return Rule(label, frozenset(roles), money)


#: action → (what it is, in words; roles allowed; whether it moves money)
ACTIONS: dict[str, Rule] = {
    "transaction.write": _rule("post or change transactions", "finance"),
    "import.write": _rule("import money into the ledger", "finance"),
    "import.undo": _rule("undo an import", "finance"),
    "allocation.write": _rule("record allocations", "finance"),
    "budget.write": _rule("change budget lines", "finance", "budget_holder"),
    "budget.revise": _rule("revise an agreed original budget", "finance"),
    "contract.write": _rule("change contract lines", "finance", "commissioning"),
    "virement.request": _rule("request a virement", "finance", "budget_holder"),
    "virement.approve": _rule("approve a virement", "finance", "budget_holder"),
    "carry_forward.request": _rule("request a carry-forward", "finance", "budget_holder"),
    "carry_forward.approve": _rule("approve a carry-forward", "finance", "budget_holder"),
    "forecast.write": _rule("enter forecasts", "finance", "budget_holder"),
    "contribution.write": _rule("record partner contributions", "finance"),
    "recharge.write": _rule("raise recharges or record receipts", "finance"),
    "income.write": _rule("record income", "finance", "budget_holder"),
    "evidence.attach": _rule(
        "attach or detach evidence", "finance", "budget_holder", "commissioning"
    ),
    "return.submit": _rule("submit returns", "finance", "budget_holder"),
    "return.schedule": _rule(
        "set when returns are due", "finance", "budget_holder", "admin", money=False
    ),
    "period.close": _rule("close a period", "finance"),
    "period.reopen": _rule("reopen a closed period", "admin", money=False),
    "reconcile.signoff": _rule("sign off a reconciliation", "finance"),
    "reconcile.reopen": _rule(
        "reopen a signed-off reconciliation", "finance", "admin", money=False
    ),
    "reference.write": _rule("change reference data", "admin", "finance", money=False),
    "user.manage": _rule("manage users", "admin", money=False),
}

ROLE_LABELS = {
    "finance": "finance officer",
    "commissioning": "commissioning officer",
    "budget_holder": "budget holder",
    "viewer": "viewer",
    "admin": "administrator",
}


def check(actor: Actor, action: str, stream_code: str | None = None) -> str | None:
    """Why ``actor`` may not take ``action`` (on ``stream_code``), or None if they may."""
    rule = ACTIONS.get(action)
    if rule is None:
        raise ValueError(f"unknown action {action!r}")
    who = f"{actor.username} ({ROLE_LABELS.get(actor.role, actor.role)})"
    if actor.role == "viewer":
        return f"viewers cannot change the ledger: {who} cannot {rule.label}"
    if actor.role == "admin" and rule.money:
        return f"administrators post no money (segregation of duties): {who} cannot {rule.label}"
    if actor.role not in rule.roles:
        return f"{who} cannot {rule.label}"
    if actor.role == "budget_holder" and action not in {"period.reopen", "user.manage"}:
        return _scope(actor, who, rule, stream_code)
    return None


def _scope(actor: Actor, who: str, rule: Rule, stream_code: str | None) -> str | None:
    if stream_code is None:
        return f"{who} can only {rule.label} on a stream they hold"
    if stream_code in actor.streams:
        return None
    held = ", ".join(sorted(actor.streams)) or "no streams"
    return f"{who} holds {held}; {stream_code} is not one of their streams"


def require(actor: Actor, action: str, stream_code: str | None = None) -> None:
    """Raise :class:`PermissionDenied` (a :class:`LedgerError`) unless ``actor`` may act."""
    problem = check(actor, action, stream_code)
    if problem is not None:
        raise PermissionDenied(problem)


def require_stream(session: Session, actor: Actor, action: str, stream_id: int) -> Stream:
    """Load a stream and check ``actor`` may take ``action`` on it; returns the stream."""
    from db.schema import Stream  # the ORM: a write is being checked

    stream = session.get(Stream, stream_id)
    if stream is None:
        raise LedgerError(f"stream #{stream_id} does not exist")
    require(actor, action, stream.code)
    return stream
