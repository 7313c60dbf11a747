"""Matching statement lines to ledger items (pure, deterministic, indexed).

Runs per stream, in date, id order, using indexes rather than comparing everything with
everything:

1. **reference** — a statement line whose reference is a ledger item's reference.  Several lines
   with the same reference: the one with the same amount nearest in date wins; the others stay
   unmatched (a second posting is a duplicate payment).  A statement reference naming several
   invoices ("INV-1; INV-2") that add up to the line is one many-to-one match; instalments with
   the invoice's reference that add up to it are one one-to-many match.
2. **amount + counterparty** within a date window, one to one, only where exactly one ledger
   item and one statement line share that supplier and amount: recurring invoices of the same
   amount in different months are ambiguous and are never matched on amount alone.  A line
   whose reference names a ledger item (matched or not) is never matched on amount to another.
3. **many** — one payment covering several invoices of the same supplier within the window (or
   one invoice paid in parts), where exactly one combination adds up.

Every match has a score (0–100); :data:`~fundledger.reconcile.AUTO_ACCEPT` and above is
accepted without review, lower ones are proposed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from operator import attrgetter
from typing import TYPE_CHECKING

from .reconcile import (
    _T,
    AMOUNT_COUNTERPARTY,
    AUTO_ACCEPT,
    MANY,
    REFERENCE,
    LedgerItem,
    Match,
    Options,
    StatementItem,
    _days,
    _Item,
    _order,
    _total,
    party_key,
    reference_key,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from decimal import Decimal

__all__ = ["auto_match", "candidates"]

_MAX_GROUP = 4
_MAX_CANDIDATES = 12
_reference = attrgetter("reference")
_REF_SPLIT = re.compile(r"\s*(?:[,;/&+]|\band\b)\s*", re.I)


@dataclass(slots=True)
class _State:
    """Mutable bookkeeping for one auto-match run."""

    options: Options
    rejected: frozenset[tuple[int, int]]
    used_l: set[int] = field(default_factory=set)
    used_s: set[int] = field(default_factory=set)
    out: list[Match] = field(default_factory=list)

    def free_l(self, items: Iterable[LedgerItem]) -> list[LedgerItem]:
        return [i for i in items if i.id not in self.used_l]

    def free_s(self, items: Iterable[StatementItem]) -> list[StatementItem]:
        return [i for i in items if i.id not in self.used_s]

    def allowed(self, ls: Sequence[LedgerItem], ss: Sequence[StatementItem]) -> bool:
        if not self.rejected:
            return True
        return not any((lg.id, st.id) in self.rejected for lg in ls for st in ss)

    def add_pair(self, lg: LedgerItem, s: StatementItem, score: int, m: str) -> None:
        """:meth:`add` for one ledger item and one statement line (most matches)."""
        self.used_l.add(lg.id)
        self.used_s.add(s.id)
        status = "accepted" if score >= AUTO_ACCEPT else "proposed"
        self.out.append(Match((lg.id,), (s.id,), score, m, status))

    def add(
        self, ls: Sequence[LedgerItem], ss: Sequence[StatementItem], score: int, m: str
    ) -> None:
        self.used_l.update(i.id for i in ls)
        self.used_s.update(i.id for i in ss)
        status = "accepted" if score >= AUTO_ACCEPT else "proposed"
        lids = (ls[0].id,) if len(ls) == 1 else tuple(sorted(i.id for i in ls))
        sids = (ss[0].id,) if len(ss) == 1 else tuple(sorted(i.id for i in ss))
        self.out.append(Match(lids, sids, score, m, status))


def auto_match(
    ledger: Sequence[LedgerItem],
    statement: Sequence[StatementItem],
    *,
    fixed: Iterable[Match] = (),
    rejected: Iterable[tuple[int, int]] = (),
    options: Options | None = None,
) -> tuple[Match, ...]:
    """New matches between items not already in ``fixed``; never a pair in ``rejected``.

    ``rejected`` holds (ledger id, statement id) pairs the user has turned down.
    """
    st = _State(options or Options(), frozenset(rejected))
    for m in fixed:
        st.used_l.update(m.ledger_ids)
        st.used_s.update(m.statement_ids)
    l_by: dict[str, list[LedgerItem]] = defaultdict(list)
    s_by: dict[str, list[StatementItem]] = defaultdict(list)
    for lg in ledger:
        l_by[lg.stream].append(lg)
    for s in statement:
        s_by[s.stream].append(s)
    for stream in sorted(set(l_by) | set(s_by)):
        ls = sorted(l_by.get(stream, ()), key=_order)
        ss = sorted(s_by.get(stream, ()), key=_order)
        _match_stream(st, ls, ss)
    return tuple(st.out)


def _ref_keys(items: Iterable[_Item]) -> set[str | None]:
    """The items' reference keys (None, a blank reference's, left out)."""
    keys = set(map(reference_key, map(_reference, items)))
    keys.discard(None)
    return keys


def _match_stream(st: _State, ls: list[LedgerItem], ss: list[StatementItem]) -> None:
    l_refs, s_refs = _ref_keys(ls), _ref_keys(ss)
    _by_reference(st, ls, ss)
    _by_reference_list(st, ls, ss)
    # a line whose reference names a ledger item is never matched on amount to another one
    used_l, used_s = st.used_l, st.used_s
    l_open = [i for i in ls if i.id not in used_l and reference_key(i.reference) not in s_refs]
    s_open = [i for i in ss if i.id not in used_s and reference_key(i.reference) not in l_refs]
    _by_amount_party(st, l_open, s_open)
    if st.options.many:
        _many_to_one(st, st.free_l(l_open), st.free_s(s_open))
        _one_to_many(st, st.free_l(l_open), st.free_s(s_open))


def _ref_score(lg: LedgerItem, s: StatementItem, window: int) -> int:
    if s.amount != lg.amount:
        return 50
    return 100 if _days(lg, s) <= window else 90


def _by_reference(st: _State, ls: list[LedgerItem], ss: list[StatementItem]) -> None:
    index: dict[str, list[StatementItem]] = defaultdict(list)
    used_l, used_s, rejected, out = st.used_l, st.used_s, st.rejected, st.out
    for s in ss:
        if s.id not in used_s and (key := reference_key(s.reference)):
            index[key].append(s)
    window = st.options.window_days
    get = index.get
    # a ledger item only ever marks itself used on the ledger side here, so checking each as
    # it comes is the same as taking the free ones first
    for lg in ls:
        lid = lg.id
        if lid in used_l or not (key := reference_key(lg.reference)):
            continue
        found = get(key)
        if not found:
            continue
        if len(found) == 1:  # most references: one line; the pair's score as _ref_score's
            s = found[0]
            sid = s.id
            if sid in used_s or (rejected and (lid, sid) in rejected):
                continue
            if s.amount != lg.amount:
                score = 50
            else:
                score = 100 if abs((lg.date - s.date).days) <= window else 90
            used_l.add(lid)
            used_s.add(sid)
            out.append(Match((lid,), (sid,), score, REFERENCE,
                             "accepted" if score >= AUTO_ACCEPT else "proposed"))  # fmt: skip
            continue
        _several(st, lg, found, window)


def _several(st: _State, lg: LedgerItem, found: list[StatementItem], window: int) -> None:
    """``lg`` against the lines sharing its reference: the free one of the same amount nearest
    in date, else the one combination adding up to it, else the nearest in date."""
    cands = [s for s in found if s.id not in st.used_s]
    if st.rejected:
        cands = [s for s in cands if (lg.id, s.id) not in st.rejected]
    if not cands:
        return
    exact = [s for s in cands if s.amount == lg.amount]
    if exact:
        best = exact[0] if len(exact) == 1 else min(
            exact, key=lambda s: (_days(lg, s), s.date, s.id))  # fmt: skip
        st.add_pair(lg, best, _ref_score(lg, best, window), REFERENCE)
        return
    parts = _unique_subset(lg.amount, cands)
    if parts is not None:
        st.add([lg], parts, AUTO_ACCEPT, MANY)
    else:
        best = min(cands, key=lambda s: (_days(lg, s), s.date, s.id))
        st.add([lg], [best], _ref_score(lg, best, window), REFERENCE)


def _by_reference_list(st: _State, ls: list[LedgerItem], ss: list[StatementItem]) -> None:
    """A statement reference naming several invoices that add up to the line."""
    index = {reference_key(i.reference): i for i in st.free_l(ls) if reference_key(i.reference)}
    for s in st.free_s(ss):
        tokens = [reference_key(t) for t in _REF_SPLIT.split(s.reference or "")]
        found = [index.get(t) for t in tokens if t]
        if len(found) < 2 or any(f is None for f in found):
            continue
        group = [f for f in found if f is not None and f.id not in st.used_l]
        if len(group) == len(found) and _total(group) == s.amount and st.allowed(group, [s]):
            st.add(group, [s], 95, MANY)


def _party_amount_key(i: _Item) -> tuple[str, Decimal] | None:
    party = party_key(i.counterparty)
    return (party, i.amount) if party else None


def _by_amount_party(st: _State, ls: list[LedgerItem], ss: list[StatementItem]) -> None:
    l_index: dict[tuple[str, Decimal], list[LedgerItem]] = defaultdict(list)
    s_index: dict[tuple[str, Decimal], list[StatementItem]] = defaultdict(list)
    for lg in ls:
        if (k := _party_amount_key(lg)) is not None:
            l_index[k].append(lg)
    for s in ss:
        if (k := _party_amount_key(s)) is not None:
            s_index[k].append(s)
    window = st.options.window_days
    for key, s_list in s_index.items():
        l_list = l_index.get(key, [])
        if len(s_list) != 1 or len(l_list) != 1:
            continue  # none, or ambiguous: never matched on amount alone
        lg, s = l_list[0], s_list[0]
        days = _days(lg, s)
        if days <= window and st.allowed([lg], [s]):
            st.add([lg], [s], max(65, 85 - 5 * (days // 7)), AMOUNT_COUNTERPARTY)


def _unique_subset(amount: Decimal, items: Sequence[_T]) -> list[_T] | None:
    """The one combination (2..4 items) of ``items`` adding up to ``amount``, else None."""
    pool = sorted(items, key=_order)[:_MAX_CANDIDATES]
    found: list[_T] | None = None
    for size in range(2, min(_MAX_GROUP, len(pool)) + 1):
        for combo in combinations(pool, size):
            if _total(combo) == amount:
                if found is not None:
                    return None
                found = list(combo)
    return found


def _by_party(items: Iterable[_T]) -> dict[str, list[_T]]:
    out: dict[str, list[_T]] = defaultdict(list)
    for i in items:
        party = party_key(i.counterparty)
        if party:
            out[party].append(i)
    return out


def _many_to_one(st: _State, ls: list[LedgerItem], ss: list[StatementItem]) -> None:
    """One payment covering several invoices of the same supplier within the window."""
    by_party = _by_party(ls)
    for s in ss:
        window = [
            lg
            for lg in by_party.get(party_key(s.counterparty) or "", [])
            if lg.id not in st.used_l and _days(lg, s) <= st.options.window_days
        ]
        group = _unique_subset(s.amount, window)
        if group is not None and st.allowed(group, [s]):
            st.add(group, [s], 70, MANY)


def _one_to_many(st: _State, ls: list[LedgerItem], ss: list[StatementItem]) -> None:
    """One invoice paid in several parts within the window."""
    by_party = _by_party(ss)
    for lg in ls:
        window = [
            s
            for s in by_party.get(party_key(lg.counterparty) or "", [])
            if s.id not in st.used_s and _days(lg, s) <= st.options.window_days
        ]
        group = _unique_subset(lg.amount, window)
        if group is not None and st.allowed([lg], group):
            st.add([lg], group, 70, MANY)


def candidates(
    item: _Item, others: Sequence[_T], *, options: Options | None = None
) -> list[tuple[_T, int]]:
    """Items on the other side a user might match ``item`` to by hand, best first, with a
    score (reference 50, amount 25, supplier 15, within the window 10; 35 or more shown)."""
    opts = options or Options()
    key, party = reference_key(item.reference), party_key(item.counterparty)
    out: list[tuple[_T, int]] = []
    for other in others:
        if other.stream != item.stream:
            continue
        score = 0
        if key and reference_key(other.reference) == key:
            score += 50
        if other.amount == item.amount:
            score += 25
        if party and party_key(other.counterparty) == party:
            score += 15
        if _days(other, item) <= opts.window_days:
            score += 10
        if score >= 35:
            out.append((other, score))
    out.sort(key=lambda p: (-p[1], _days(p[0], item), p[0].id))
    return out
