"""Coding spend to lines: rules, and suggestions learned from the ledger's history.

A **budget rule** codes a row of a cost centre (optionally of an account code or range) to the
budget line of that name in the row's stream and year.  A **contract rule** codes a row from a
supplier (optionally with a reference matching a pattern such as ``INV-LWA-*``) to a contract
line.  The most specific rule wins (an exact account before a range before the cost centre
alone; a reference pattern before the supplier alone); two equally specific rules that disagree
code nothing and say so.

**Suggestions** work like GnuCash's Bayesian import matcher: every coded row in the ledger adds
its tokens (the supplier, and the words of its description less dates and month names) to the
counts of the line it was coded to; a new row's tokens give each line a probability
``Π p / (Π p + Π (1 − p))`` where ``p`` is the share of a token's rows that went to that line.
Only lines of the row's own stream are candidates.  A suggestion at or above
:data:`CONFIDENT` is applied by ``fundledger code``; below it is only shown.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from fnmatch import fnmatchcase
from typing import Generic, TypeVar

from fundledger.orgs import normalise

__all__ = [
    "CONFIDENT",
    "BudgetRule",
    "ContractRule",
    "History",
    "Learner",
    "Pick",
    "Suggestion",
    "account_problem",
    "budget_rule_for",
    "contract_rule_for",
    "pattern_problem",
    "rules_conflict",
    "tokens",
]

#: suggestions at least this sure are applied by ``fundledger code`` (GnuCash uses 90%)
CONFIDENT = Decimal("0.90")

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class BudgetRule:
    id: int
    cost_centre: str
    line_name: str
    account_from: str | None = None
    account_to: str | None = None

    @property
    def specificity(self) -> int:
        """3 an exact account, 2 a range, 1 the cost centre alone."""
        if self.account_from is None:
            return 1
        return 3 if self.account_from == self.account_to else 2

    def matches(self, cost_centre: str | None, account: str | None) -> bool:
        if (cost_centre or "").strip().upper() != self.cost_centre:
            return False
        if self.account_from is None:
            return True
        return account is not None and _in_range(
            account.strip(), self.account_from, self.account_to or self.account_from
        )

    def describe(self) -> str:
        acct = ""
        if self.account_from is not None:
            acct = (
                f" account {self.account_from}"
                if self.account_from == self.account_to
                else f" accounts {self.account_from}–{self.account_to}"
            )
        return f"cost centre {self.cost_centre}{acct} → {self.line_name}"


@dataclass(frozen=True, slots=True)
class ContractRule:
    id: int
    contract_line_id: int
    supplier_org_id: int | None = None
    supplier_text: str | None = None
    reference_pattern: str | None = None
    label: str = ""

    @property
    def specificity(self) -> int:
        return 2 if self.reference_pattern else 1

    def matches(self, org_id: int | None, supplier: str | None, reference: str | None) -> bool:
        if self.supplier_org_id is not None:
            if org_id != self.supplier_org_id:
                return False
        elif normalise(supplier or "") != self.supplier_text:
            return False
        if self.reference_pattern is None:
            return True
        return reference is not None and fnmatchcase(
            reference.strip().upper(), self.reference_pattern.upper()
        )


@dataclass(frozen=True, slots=True)
class Pick(Generic[K]):
    """What a set of rules says for one row: the target and rule, or why nothing."""

    target: K | None
    rule_id: int | None
    problem: str | None = None


def _in_range(account: str, low: str, high: str) -> bool:
    if account.isdigit() and low.isdigit() and high.isdigit():
        return int(low) <= int(account) <= int(high)
    return len(account) == len(low) == len(high) and low <= account <= high


def account_problem(account_from: str | None, account_to: str | None) -> str | None:
    """Why an account code or range cannot be used in a rule."""
    if account_from is None:
        return "an account range needs its first code" if account_to else None
    high = account_to or account_from
    if not re.fullmatch(r"[A-Za-z0-9]{1,64}", account_from) or not re.fullmatch(
        r"[A-Za-z0-9]{1,64}", high
    ):
        return f"account {account_from!r} must be letters and digits"
    if not _in_range(account_from, account_from, high):
        return f"account range {account_from}–{high} is empty (the first code is after the last)"
    return None


def pattern_problem(pattern: str | None) -> str | None:
    if pattern is None:
        return None
    if not pattern.strip() or len(pattern) > 100:
        return "a reference pattern must be 1 to 100 characters"
    if pattern.strip("*?") == "":
        return f"reference pattern {pattern!r} matches every reference: leave it out instead"
    return None


def _pick(hits: Sequence[tuple[int, K, int]], what: str) -> Pick[K]:
    """The most specific (specificity, target, rule id) hit, or why none."""
    if not hits:
        return Pick(None, None)
    best = max(h[0] for h in hits)
    top = [h for h in hits if h[0] == best]
    targets = {h[1] for h in top}
    if len(targets) > 1:
        ids = ", ".join(f"#{h[2]}" for h in sorted(top, key=lambda h: h[2]))
        return Pick(None, None, f"rules {ids} code this {what} to different lines")
    return Pick(top[0][1], min(h[2] for h in top))


def budget_rule_for(
    rules: Iterable[BudgetRule], cost_centre: str | None, account: str | None
) -> Pick[str]:
    """The budget line name the rules give a row (most specific rule wins)."""
    hits = [
        (r.specificity, normalise(r.line_name), r.id)
        for r in rules
        if r.matches(cost_centre, account)
    ]
    pick = _pick(hits, "row")
    if pick.target is None:
        return pick
    name = next(r.line_name for r in rules if r.id == pick.rule_id)
    return Pick(name, pick.rule_id)


def contract_rule_for(
    rules: Iterable[ContractRule], org_id: int | None, supplier: str | None, reference: str | None
) -> Pick[int]:
    """The contract line the rules give a row (a reference pattern beats the supplier alone)."""
    hits = [
        (r.specificity, r.contract_line_id, r.id)
        for r in rules
        if r.matches(org_id, supplier, reference)
    ]
    return _pick(hits, "supplier's row")


def rules_conflict(new: BudgetRule, others: Iterable[BudgetRule]) -> BudgetRule | None:
    """An existing budget rule that would make ``new`` ambiguous: same cost centre, same
    specificity, overlapping accounts, another line."""
    for r in others:
        if r.cost_centre != new.cost_centre or normalise(r.line_name) == normalise(new.line_name):
            continue
        if r.account_from is None and new.account_from is None:
            return r
        if r.account_from is None or new.account_from is None:
            continue
        lo, hi = new.account_from, new.account_to or new.account_from
        rlo, rhi = r.account_from, r.account_to or r.account_from
        if _in_range(lo, rlo, rhi) or _in_range(rlo, lo, hi):
            return r
    return None


# --------------------------------------------------------------------------- suggestions

_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}  # fmt: skip
_STOP = {
    "the", "and", "for", "of", "to", "in", "on", "with", "from", "per", "inv", "invoice",
    "invoices", "credit", "note", "refund", "payment", "claim", "recharge",
}  # fmt: skip


def tokens(supplier: str | None, description: str | None) -> frozenset[str]:
    """The tokens a row is known by: its supplier, and its description's words (no dates,
    numbers, month names or small words)."""
    out: set[str] = set()
    if supplier and normalise(supplier):
        out.add("supplier:" + normalise(supplier))
    for word in normalise(description or "").split():
        if len(word) < 3 or word in _MONTHS or word in _STOP or any(c.isdigit() for c in word):
            continue
        out.add(word)
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Suggestion(Generic[K]):
    target: K
    confidence: Decimal

    @property
    def percent(self) -> str:
        return f"{int(self.confidence * 100)}%"


def _clamp(p: float) -> Decimal:
    return Decimal(str(min(max(p, 0.01), 0.99)))


@dataclass(slots=True)
class Learner(Generic[K]):
    """Token counts per target, learned from coded rows, per group (the stream)."""

    counts: dict[Hashable, dict[str, Counter[K]]] = field(default_factory=dict)

    def learn(self, group: Hashable, toks: Iterable[str], target: K) -> None:
        by_token = self.counts.setdefault(group, defaultdict(Counter))
        for t in toks:
            by_token[t][target] += 1

    def suggest(self, group: Hashable, toks: Iterable[str]) -> Suggestion[K] | None:
        """The likeliest target for a row's tokens and how sure (None if nothing is known)."""
        by_token = self.counts.get(group)
        if not by_token:
            return None
        seen = [by_token[t] for t in toks if t in by_token]
        if not seen:
            return None
        candidates = set().union(*(c.keys() for c in seen))
        best: Suggestion[K] | None = None
        for target in sorted(candidates, key=repr):
            yes, no = Decimal(1), Decimal(1)
            for c in seen:
                p = _clamp(c[target] / sum(c.values()))
                yes *= p
                no *= 1 - p
            conf = (yes / (yes + no)).quantize(Decimal("0.0001"), ROUND_DOWN)
            if best is None or conf > best.confidence:
                best = Suggestion(target, conf)
        return best


@dataclass(slots=True)
class History(Generic[K]):
    """Suggestions conditioned on the supplier first: among the lines a supplier's rows went
    to, the supplier token is the prior and the description's words decide; a supplier the
    stream has never paid falls back to every row of the stream."""

    by_supplier: Learner[K] = field(default_factory=Learner)
    by_stream: Learner[K] = field(default_factory=Learner)

    def learn(self, stream: Hashable, supplier: str | None, description: str | None, target: K,
              times: int = 1) -> None:  # fmt: skip
        toks = tokens(supplier, description)
        for _ in range(times):
            self.by_stream.learn(stream, toks, target)
            if supplier and normalise(supplier):
                self.by_supplier.learn((stream, normalise(supplier)), toks, target)

    def knows(self, stream: Hashable) -> bool:
        """Whether any row of ``stream`` was learned (else :meth:`suggest` is always None)."""
        return bool(self.by_stream.counts.get(stream))

    def suggest(
        self, stream: Hashable, supplier: str | None, description: str | None
    ) -> Suggestion[K] | None:
        if not self.knows(stream):  # nothing learned for the stream: no tokens to work out
            return None
        toks = tokens(supplier, description)
        key = (stream, normalise(supplier or ""))
        if supplier and key in self.by_supplier.counts:
            return self.by_supplier.suggest(key, toks)
        return self.by_stream.suggest(stream, toks)
