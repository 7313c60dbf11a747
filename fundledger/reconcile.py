"""Reconciling the ledger to a general-ledger statement: matching, differences and their proof.

Pure functions over frozen items; the database and the screens call them.

Matching (:func:`auto_match`) runs per stream, deterministically (items in date, id order), using
indexes rather than comparing everything with everything:

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

Every match has a score (0–100); :data:`AUTO_ACCEPT` and above is accepted without review.
:func:`summarise` turns items and matches into the reconciliation: matched groups, ledger-only
and statement-only items, totals, the difference statement − ledger and its proof, per stream
and period as well as overall.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import combinations
from typing import TypeVar

from .money import ZERO, Money
from .years import period_of, year_of

__all__ = [
    "AUTO_ACCEPT",
    "CATEGORIES",
    "LedgerItem",
    "Match",
    "Options",
    "PeriodLine",
    "Proof",
    "Reconciliation",
    "StatementItem",
    "auto_match",
    "candidates",
    "party_key",
    "reference_key",
    "statement_fingerprints",
    "suggest_category",
    "summarise",
]

#: Matches scoring this or more are accepted without review; lower ones are proposed.
AUTO_ACCEPT = 90
#: Why an item is unmatched (recon_explanations.category).
CATEGORIES = ("timing", "journal", "recharge", "duplicate_payment", "miscoding", "other")

REFERENCE = "reference"
AMOUNT_COUNTERPARTY = "amount_counterparty"
MANY = "many"
MANUAL = "manual"

_T = TypeVar("_T", bound="_Item")

_MAX_GROUP = 4
_MAX_CANDIDATES = 12
_REF_SPLIT = re.compile(r"\s*(?:[,;/&+]|\band\b)\s*", re.I)


@dataclass(frozen=True, slots=True)
class _Item:
    id: int
    stream: str
    date: date
    amount: Money
    reference: str | None = None
    counterparty: str | None = None
    description: str | None = None
    #: the financial year (start year) and period the item is charged/posted to; from the date
    #: when not given
    year: int | None = None
    period: int | None = None

    @property
    def charged(self) -> tuple[int, int]:
        """(year, period) the item counts in."""
        y = self.year if self.year is not None else year_of(self.date).start_year
        p = self.period if self.period is not None else period_of(self.date)
        return y, p


@dataclass(frozen=True, slots=True)
class LedgerItem(_Item):
    """A ledger transaction as the matcher sees it."""


@dataclass(frozen=True, slots=True)
class StatementItem(_Item):
    """A general-ledger statement line (``counterparty`` is the supplier)."""


@dataclass(frozen=True, slots=True)
class Match:
    """One matched group: usually one ledger item and one statement line."""

    ledger_ids: tuple[int, ...]
    statement_ids: tuple[int, ...]
    score: int
    method: str
    #: proposed | accepted
    status: str = "proposed"
    #: the stored group, once persisted
    group_id: int | None = None

    @property
    def pairs(self) -> list[tuple[int, int]]:
        return [(lid, sid) for lid in self.ledger_ids for sid in self.statement_ids]


@dataclass(frozen=True, slots=True)
class Options:
    """Matching settings: the date window (days either side) and many-to-one matching."""

    window_days: int = 21
    many: bool = True


@dataclass(frozen=True, slots=True)
class Proof:
    """difference = statement-only − ledger-only + matched differences (and it must hold)."""

    statement_total: Money
    ledger_total: Money
    difference: Money
    statement_only_total: Money
    ledger_only_total: Money
    #: statement − ledger over matched groups (non-zero for part-matches and, within one
    #: period, for matches whose two sides fall in different periods)
    matched_difference: Money

    @property
    def balances(self) -> bool:
        explained = self.statement_only_total - self.ledger_only_total + self.matched_difference
        return explained == self.difference


@dataclass(frozen=True, slots=True)
class PeriodLine:
    """The reconciliation of one stream for one period."""

    stream: str
    year: int
    period: int
    proof: Proof
    statement_only: int
    ledger_only: int


@dataclass(frozen=True, slots=True)
class Reconciliation:
    matches: tuple[Match, ...]
    ledger_only: tuple[LedgerItem, ...]
    statement_only: tuple[StatementItem, ...]
    proof: Proof
    periods: tuple[PeriodLine, ...]
    #: suggested category for each unmatched item, keyed ("ledger"|"statement", id)
    hints: dict[tuple[str, int], str] = field(default_factory=dict)

    @property
    def ledger_total(self) -> Money:
        return self.proof.ledger_total

    @property
    def statement_total(self) -> Money:
        return self.proof.statement_total

    @property
    def difference(self) -> Money:
        return self.proof.difference


# --------------------------------------------------------------------------- keys


def reference_key(ref: str | None) -> str | None:
    """The matching form of a reference: upper case, no spaces; None when blank."""
    if ref is None:
        return None
    key = "".join(ref.split()).upper()
    return key or None


_PARTY_DROP = re.compile(r"['’‘`]")
_PARTY_NON_WORD = re.compile(r"[^\w]+|_")


def party_key(name: str | None) -> str | None:
    """The matching form of a supplier name (casefolded, ``&`` → and, punctuation dropped)."""
    if name is None:
        return None
    s = _PARTY_DROP.sub("", name.casefold().replace("&", " and "))
    key = " ".join(_PARTY_NON_WORD.sub(" ", s).split())
    return key or None


def _order(item: _Item) -> tuple[date, int]:
    return item.date, item.id


def _days(a: _Item, b: _Item) -> int:
    return abs((a.date - b.date).days)


def _total(items: Iterable[_Item]) -> Money:
    return Money(sum((i.amount for i in items), ZERO))


# --------------------------------------------------------------------------- matching


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
        return not any((lg.id, st.id) in self.rejected for lg in ls for st in ss)

    def add(
        self, ls: Sequence[LedgerItem], ss: Sequence[StatementItem], score: int, m: str
    ) -> None:
        self.used_l.update(i.id for i in ls)
        self.used_s.update(i.id for i in ss)
        status = "accepted" if score >= AUTO_ACCEPT else "proposed"
        lids = tuple(sorted(i.id for i in ls))
        sids = tuple(sorted(i.id for i in ss))
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
    streams = sorted({i.stream for i in ledger} | {i.stream for i in statement})
    for stream in streams:
        ls = sorted((i for i in ledger if i.stream == stream), key=_order)
        ss = sorted((i for i in statement if i.stream == stream), key=_order)
        _match_stream(st, ls, ss)
    return tuple(st.out)


def _match_stream(st: _State, ls: list[LedgerItem], ss: list[StatementItem]) -> None:
    l_refs = {k for k in (reference_key(i.reference) for i in ls) if k}
    s_refs = {k for k in (reference_key(i.reference) for i in ss) if k}
    _by_reference(st, ls, ss)
    _by_reference_list(st, ls, ss)
    # a line whose reference names a ledger item is never matched on amount to another one
    l_open = [i for i in st.free_l(ls) if reference_key(i.reference) not in s_refs]
    s_open = [i for i in st.free_s(ss) if reference_key(i.reference) not in l_refs]
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
    for s in st.free_s(ss):
        key = reference_key(s.reference)
        if key:
            index[key].append(s)
    for lg in st.free_l(ls):
        key = reference_key(lg.reference)
        cands = [s for s in st.free_s(index.get(key or "", ())) if st.allowed([lg], [s])]
        if not cands:
            continue
        exact = [s for s in cands if s.amount == lg.amount]
        if exact:
            best = min(exact, key=lambda s: (_days(lg, s), s.date, s.id))
            st.add([lg], [best], _ref_score(lg, best, st.options.window_days), REFERENCE)
            continue
        parts = _unique_subset(lg.amount, cands)
        if parts is not None:
            st.add([lg], parts, AUTO_ACCEPT, MANY)
        else:
            best = min(cands, key=lambda s: (_days(lg, s), s.date, s.id))
            st.add([lg], [best], _ref_score(lg, best, st.options.window_days), REFERENCE)


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


# --------------------------------------------------------------------------- results


def _proof(
    ledger: Sequence[LedgerItem],
    statement: Sequence[StatementItem],
    l_only: Sequence[LedgerItem],
    s_only: Sequence[StatementItem],
) -> Proof:
    lt, stt = _total(ledger), _total(statement)
    lo, so = _total(l_only), _total(s_only)
    matched = Money((stt - so) - (lt - lo))
    return Proof(stt, lt, Money(stt - lt), so, lo, matched)


def summarise(
    ledger: Sequence[LedgerItem], statement: Sequence[StatementItem], matches: Iterable[Match]
) -> Reconciliation:
    """The reconciliation of ``ledger`` to ``statement`` given ``matches``."""
    ms = tuple(sorted(matches, key=lambda m: (m.statement_ids, m.ledger_ids)))
    ml = {i for m in ms for i in m.ledger_ids}
    msi = {i for m in ms for i in m.statement_ids}
    l_only = tuple(sorted((i for i in ledger if i.id not in ml), key=_order))
    s_only = tuple(sorted((i for i in statement if i.id not in msi), key=_order))
    proof = _proof(ledger, statement, l_only, s_only)
    periods = _period_lines(ledger, statement, ml, msi)
    hints = _hints(ledger, statement, l_only, s_only)
    return Reconciliation(ms, l_only, s_only, proof, periods, hints)


def _period_lines(
    ledger: Sequence[LedgerItem],
    statement: Sequence[StatementItem],
    ml: set[int],
    msi: set[int],
) -> tuple[PeriodLine, ...]:
    l_by: dict[tuple[str, int, int], list[LedgerItem]] = defaultdict(list)
    s_by: dict[tuple[str, int, int], list[StatementItem]] = defaultdict(list)
    for lg in ledger:
        l_by[(lg.stream, *lg.charged)].append(lg)
    for s in statement:
        s_by[(s.stream, *s.charged)].append(s)
    lines = []
    for key in sorted(set(l_by) | set(s_by)):
        ls, ss = l_by.get(key, []), s_by.get(key, [])
        lo = [i for i in ls if i.id not in ml]
        so = [i for i in ss if i.id not in msi]
        lines.append(PeriodLine(*key, _proof(ls, ss, lo, so), len(so), len(lo)))
    return tuple(lines)


def _hints(
    ledger: Sequence[LedgerItem],
    statement: Sequence[StatementItem],
    l_only: Sequence[LedgerItem],
    s_only: Sequence[StatementItem],
) -> dict[tuple[str, int], str]:
    l_refs = {(i.stream, reference_key(i.reference)) for i in ledger if i.reference}
    l_any = {k for _, k in l_refs}
    s_any = {reference_key(i.reference) for i in statement if i.reference}
    s_same = {(i.stream, reference_key(i.reference)) for i in statement if i.reference}
    hints: dict[tuple[str, int], str] = {}
    for s in s_only:
        hints[("statement", s.id)] = suggest_category(s, l_refs, l_any)
    for lg in l_only:
        key = reference_key(lg.reference)
        moved = key in s_any and (lg.stream, key) not in s_same
        hints[("ledger", lg.id)] = "miscoding" if moved else "timing"
    return hints


def suggest_category(
    item: StatementItem, ledger_refs: set[tuple[str, str | None]], any_refs: set[str | None]
) -> str:
    """Why a statement line is probably unmatched: a duplicate payment (its reference is a
    ledger item's, already matched), a miscoding (a ledger item's reference in another
    stream), a recharge, a journal (no supplier), else other."""
    key = reference_key(item.reference)
    if key and (item.stream, key) in ledger_refs:
        return "duplicate_payment"
    if key and key in any_refs:
        return "miscoding"
    if "recharge" in (item.description or "").casefold():
        return "recharge"
    if not item.counterparty:
        return "journal"
    return "other"


# --------------------------------------------------------------------------- re-imports


def statement_fingerprints(
    lines: Sequence[tuple[str, date, Money, str | None, str | None, str | None]],
) -> list[str]:
    """The identity of each line of one extract, for adding only new lines on a re-import.

    A line is (cost centre, posting date, amount, reference, supplier, description) — not the
    account, whose form differs between ledger layouts (``5210`` or ``LCC.LC4410.5210``);
    identical lines within one extract are told apart by their occurrence (the 1st, 2nd …), so
    a genuine second posting is kept while the same extract imported twice adds nothing.
    """
    seen: dict[str, int] = defaultdict(int)
    out = []
    for cc, posted, amount, ref, supplier, desc in lines:
        base = "|".join(
            [
                cc.strip().upper(),
                posted.isoformat(),
                f"{amount:.2f}",
                reference_key(ref) or "",
                party_key(supplier) or "",
                " ".join((desc or "").split()).casefold(),
            ]
        )
        seen[base] += 1
        out.append(hashlib.sha256(f"{base}|{seen[base]}".encode()).hexdigest())
    return out
