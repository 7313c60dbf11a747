"""Reconciliation of the ledger to a general-ledger statement: the items, matches, the
difference statement − ledger and its proof, per stream and period as well as overall.

Pure functions over frozen items; the database and the screens call them.  Matching itself is
:mod:`fundledger.matching`.  :func:`summarise` turns items and matches into the
reconciliation: matched groups, ledger-only and statement-only items (with a suggested reason:
timing, journal, recharge, duplicate payment, miscoding), totals and the proof that the
difference equals the unmatched items (plus any part-matched amounts).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, TypeVar

from .money import ZERO, Money
from .years import period_of, year_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import date

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


@functools.lru_cache(maxsize=1 << 18)
def reference_key(ref: str | None) -> str | None:
    """The matching form of a reference: upper case, no spaces; None when blank."""
    if ref is None:
        return None
    key = "".join(ref.split()).upper()
    return key or None


_PARTY_DROP = re.compile(r"['’‘`]")
_PARTY_NON_WORD = re.compile(r"[^\w]+|_")


@functools.lru_cache(maxsize=1 << 16)
def party_key(name: str | None) -> str | None:
    """The matching form of a supplier name (casefolded, ``&`` → and, punctuation dropped)."""
    if name is None:
        return None
    s = _PARTY_DROP.sub("", name.casefold().replace("&", " and "))
    key = " ".join(_PARTY_NON_WORD.sub(" ", s).split())
    return key or None


#: an item's (date, id): the order items are listed and matched in
_order = attrgetter("date", "id")


def _days(a: _Item, b: _Item) -> int:
    return abs((a.date - b.date).days)


_amount = attrgetter("amount")
_reference = attrgetter("reference")
_stream = attrgetter("stream")
_ledger_ids = attrgetter("ledger_ids")
_statement_ids = attrgetter("statement_ids")
_second = itemgetter(1)


def _total(items: Iterable[_Item]) -> Money:
    return Money(sum(map(_amount, items), ZERO))


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
    ms = tuple(sorted(matches, key=_match_order))
    ml = set(chain.from_iterable(map(_ledger_ids, ms)))
    msi = set(chain.from_iterable(map(_statement_ids, ms)))
    l_only = tuple(sorted((i for i in ledger if i.id not in ml), key=_order))
    s_only = tuple(sorted((i for i in statement if i.id not in msi), key=_order))
    proof = _proof(ledger, statement, l_only, s_only)
    periods = _period_lines(ledger, statement, ml, msi)
    hints = _hints(ledger, statement, l_only, s_only)
    return Reconciliation(ms, l_only, s_only, proof, periods, hints)


def _match_order(m: Match) -> tuple[int, tuple[int, ...], tuple[int, ...]]:
    """(statement ids, ledger ids) order, led by the first statement id (ids are positive):
    the sort compares plain integers until two matches share a first line."""
    return (m.statement_ids[0] if m.statement_ids else -1), m.statement_ids, m.ledger_ids


def _period_lines(
    ledger: Sequence[LedgerItem],
    statement: Sequence[StatementItem],
    ml: set[int],
    msi: set[int],
) -> tuple[PeriodLine, ...]:
    l_by: dict[tuple[str, int, int], list[LedgerItem]] = defaultdict(list)
    s_by: dict[tuple[str, int, int], list[StatementItem]] = defaultdict(list)
    for lg in ledger:
        y, p = (lg.year, lg.period) if lg.year is not None and lg.period is not None else lg.charged
        l_by[(lg.stream, y, p)].append(lg)
    for s in statement:
        y, p = (s.year, s.period) if s.year is not None and s.period is not None else s.charged
        s_by[(s.stream, y, p)].append(s)
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
    # only the reference keys of unmatched items are ever looked up
    wanted = set(map(reference_key, map(_reference, l_only)))
    wanted.update(map(reference_key, map(_reference, s_only)))
    l_refs = _stream_refs(ledger, wanted)
    l_any = set(map(_second, l_refs))
    s_same = _stream_refs(statement, wanted)
    s_any = set(map(_second, s_same))
    hints: dict[tuple[str, int], str] = {}
    for s in s_only:
        hints[("statement", s.id)] = suggest_category(s, l_refs, l_any)
    for lg in l_only:
        key = reference_key(lg.reference)
        moved = key in s_any and (lg.stream, key) not in s_same
        hints[("ledger", lg.id)] = "miscoding" if moved else "timing"
    return hints


def _stream_refs(items: Sequence[_Item], wanted: set[str | None]) -> set[tuple[str, str | None]]:
    """(stream, reference key) of each item with a reference (a blank one's key is None) whose
    key is ``wanted``."""
    refs = list(map(_reference, items))
    keys = map(reference_key, refs)
    found = zip(map(_stream, items), keys, refs, strict=True)
    return {(st, k) for st, k, ref in found if ref and k in wanted}


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
