"""Organisations and their aliases: normalising printed names, matching them, dated renames.

Imports keep a name as printed and link it to an organisation through an alias.  Matching is on
:func:`normalise`\\ d text, so "Women's Aid Leicestershire(WALL)", "Womens Aid Leicestershire
(WALL)" and "women’s aid leicestershire wall" are the same alias.

Date ranges on aliases and names are half-open, like the rest of the ledger: an entry is valid
on ``d`` when ``valid_from <= d < valid_to`` (``None`` = open).  A rename (DLUHC → MHCLG) is two
dated official names: ``DLUHC`` with ``valid_to=2024-07-08`` and ``MHCLG`` with
``valid_from=2024-07-08``.  Old spellings stay undated aliases, so a late paper that still says
"DLUHC" still matches.  Dates decide between organisations only: an alias that is valid for
nobody on the date asked still matches whoever it ever named.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = [
    "AliasEntry",
    "AliasIndex",
    "DatedName",
    "OrgRef",
    "normalise",
]

_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_WORD = re.compile(r"[^\w]+|_")


def normalise(name: str) -> str:
    """The matching form of a name: casefolded, ``&`` → ``and``, apostrophes dropped, other
    punctuation (brackets, hyphens, dots, ``+``) → space, whitespace collapsed.

    ``"Women's Aid Leicestershire(WALL)"`` → ``"womens aid leicestershire wall"``;
    ``"Hinckley & Bosworth"`` → ``"hinckley and bosworth"``; ``"North-West"`` → ``"north west"``.
    """
    s = unicodedata.normalize("NFKC", name).casefold()
    s = s.replace("&", " and ")
    s = _APOSTROPHES.sub("", s)
    s = _NON_WORD.sub(" ", s)
    return " ".join(s.split())


@dataclass(frozen=True, slots=True)
class DatedName:
    """An official name valid on ``[valid_from, valid_to)`` (``None`` = open)."""

    name: str
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, on: date | None) -> bool:
        return _valid(self.valid_from, self.valid_to, on)


@dataclass(frozen=True, slots=True)
class OrgRef:
    """Reference data for one organisation (funder, partner, provider, area, supplier).

    ``key`` is a stable code used to refer to it from other reference data (``"MHCLG"``).
    ``kind`` is one of the ``organisations.kind`` values in ``db/schema/reference.py``.  ``aliases`` are
    the other spellings printed in the sources; ``names`` are official names over time
    (renames).  ``internal`` marks the council itself (its own posts).
    """

    key: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    short_name: str | None = None
    internal: bool = False
    names: tuple[DatedName, ...] = ()
    notes: str | None = None

    def alias_entries(self) -> Iterator[AliasEntry]:
        """Rows for an alias table: the canonical name, dated names, short name and aliases,
        one per normalised form (first wins), with the dates of a dated name."""
        seen: set[str] = set()
        rows: list[AliasEntry] = [AliasEntry(self.key, self.name, None, None, True)]
        rows += [AliasEntry(self.key, n.name, n.valid_from, n.valid_to, True) for n in self.names]
        if self.short_name:
            rows.append(AliasEntry(self.key, self.short_name, None, None, False))
        rows += [AliasEntry(self.key, a, None, None, False) for a in self.aliases]
        for row in rows:
            norm = normalise(row.alias)
            if norm and norm not in seen:
                seen.add(norm)
                yield row

    def name_on(self, on: date | None) -> str:
        """The official name on a date: the dated name covering it, else ``name``."""
        for n in self.names:
            if on is not None and n.valid_on(on):
                return n.name
        return self.name


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One spelling of one organisation, valid on ``[valid_from, valid_to)``."""

    key: str
    alias: str
    valid_from: date | None = None
    valid_to: date | None = None
    is_name: bool = False

    @property
    def normalised(self) -> str:
        return normalise(self.alias)


def _valid(valid_from: date | None, valid_to: date | None, on: date | None) -> bool:
    if on is None:
        return True
    if valid_from is not None and on < valid_from:
        return False
    return valid_to is None or on < valid_to


_Entry = AliasEntry | tuple[str, str, date | None, date | None]


class AliasIndex:
    """Look organisations up by any printed spelling.

    Built from :class:`AliasEntry` rows or plain ``(key, alias, valid_from, valid_to)`` tuples.
    Build one index per role (providers, CSP areas, agencies…) so that a short alias such as
    "Leicester" or "Other" means one thing.
    """

    def __init__(self, entries: Iterable[_Entry], names: dict[str, str] | None = None) -> None:
        self._by_norm: dict[str, list[AliasEntry]] = {}
        self._names: dict[str, list[AliasEntry]] = {}
        self._canonical: dict[str, str] = dict(names or {})
        for raw in entries:
            entry = raw if isinstance(raw, AliasEntry) else AliasEntry(*raw)
            norm = entry.normalised
            if not norm:
                continue
            self._by_norm.setdefault(norm, []).append(entry)
            if entry.is_name:
                self._names.setdefault(entry.key, []).append(entry)
                if entry.valid_from is None and entry.valid_to is None:
                    self._canonical.setdefault(entry.key, entry.alias)
        # Longest aliases first (by words, then characters) for match_many.
        self._patterns = sorted(
            ((tuple(n.split()), n) for n in self._by_norm),
            key=lambda p: (-len(p[0]), -len(p[1]), p[1]),
        )

    @classmethod
    def from_orgs(cls, orgs: Iterable[OrgRef]) -> AliasIndex:
        """An index over every alias and name of ``orgs``."""
        orgs = tuple(orgs)
        entries = [e for org in orgs for e in org.alias_entries()]
        return cls(entries, {org.key: org.name for org in orgs})

    def candidates(self, text: str, on: date | None = None) -> tuple[str, ...]:
        """Every key whose alias is exactly ``text`` (normalised) on ``on``, in entry order."""
        return self._keys(normalise(text), on)

    def match(self, text: str, on: date | None = None) -> str | None:
        """The one key ``text`` names on ``on``; None if none or if it is ambiguous."""
        keys = self.candidates(text, on)
        return keys[0] if len(keys) == 1 else None

    def match_many(self, text: str, on: date | None = None) -> list[str]:
        """Keys of every organisation named in ``text``, in order of appearance.

        Aliases are found as whole-word runs, longest first, without overlaps: "WALL Male,
        Generic and Accessible Units Panaghar BAME Units" → WALL's key, then Panaghar's.
        An ambiguous alias names nobody.
        """
        words = normalise(text).split()
        taken = [False] * len(words)
        found: list[tuple[int, str]] = []
        for pattern, norm in self._patterns:
            keys = self._keys(norm, on)
            if len(keys) != 1:
                continue
            for start in _occurrences(words, pattern):
                span = range(start, start + len(pattern))
                if any(taken[i] for i in span):
                    continue
                for i in span:
                    taken[i] = True
                found.append((start, keys[0]))
        result: list[str] = []
        for _, key in sorted(found):
            if key not in result:
                result.append(key)
        return result

    def name_on(self, key: str, on: date | None = None) -> str | None:
        """The official name of ``key`` on ``on`` (dated names first), or its canonical name."""
        if on is not None:
            for entry in self._names.get(key, ()):
                dated = entry.valid_from is not None or entry.valid_to is not None
                if dated and _valid(entry.valid_from, entry.valid_to, on):
                    return entry.alias
        return self._canonical.get(key)

    def _keys(self, norm: str, on: date | None) -> tuple[str, ...]:
        """Keys for an alias valid on ``on``; if it is valid for nobody on that date, every key
        it ever named (a late paper may still print an old name)."""
        entries = self._by_norm.get(norm, ())
        keys: list[str] = []
        for entry in entries:
            if _valid(entry.valid_from, entry.valid_to, on) and entry.key not in keys:
                keys.append(entry.key)
        if not keys:
            for entry in entries:
                if entry.key not in keys:
                    keys.append(entry.key)
        return tuple(keys)


def _occurrences(words: list[str], pattern: tuple[str, ...]) -> Iterator[int]:
    n = len(pattern)
    for i in range(len(words) - n + 1):
        if tuple(words[i : i + n]) == pattern:
            yield i
