"""Choosing a column for each field of a located header row.

A field takes a column when the header names it (:func:`importers.headers.score`) **and** the
values under it fit (dates for a date field, amounts for a money field: at least
:data:`FIT_SHARE` of the first non-blank cells).  A tie between equally good columns is never
broken by column order: the field stays unmapped and the tie is reported, naming the columns,
for the user to choose (``--map FIELD=COLUMN`` or the wizard).  A kind that reads one amount
(:attr:`TableSpec.one_amount`) never chooses silently between several amount-like columns
(Net, VAT, Gross, Amount, Total…).  The user's choices (:class:`TableChoice` columns, or a
profile's positions) win over all of this.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from fundledger.amounts import parse_amount
from fundledger.dates import parse_date
from fundledger.messages import Wording

from .headers import (
    MIN_CONFIDENCE,
    ColumnMatch,
    Content,
    TableSpec,
    is_total_label,
    normalise_header,
    score,
)
from .problems import column_letter, parse_cell_ref
from .workbook import Sheet

__all__ = ["AMOUNT_WORDS", "FIT_SHARE", "HeaderMapping", "map_columns", "name_matches", "resolve"]

FIT_SHARE = 0.8
EXACT = 95
SAMPLE = 200
AMOUNT_WORDS = frozenset({"amount", "net", "gross", "vat", "total", "value"})
_LETTERS = re.compile(r"[A-Za-z]{1,3}")


@dataclass(slots=True)
class HeaderMapping:
    """A header row's columns (column → header as printed), the fields mapped, and the
    reasons a field could not be mapped (ambiguous columns, a choice that does not fit)."""

    row: int
    headers: dict[int, str]
    columns: dict[str, ColumnMatch]
    #: what stops the mapping, said for the app and the command line (``--map``) where they differ
    problems: list[str | Wording] = field(default_factory=list)
    ambiguous: dict[str, tuple[ColumnMatch, ...]] = field(default_factory=dict)
    chosen: set[str] = field(default_factory=set)  # fields the user chose a column for


@lru_cache(maxsize=64)
def _synonyms(spec: TableSpec) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((f.name, tuple(normalise_header(s) for s in f.synonyms)) for f in spec.fields)


def name_matches(
    cells: Sequence[Any], first_col: int, spec: TableSpec
) -> tuple[dict[str, list[ColumnMatch]], int]:
    """Every column whose header names each field, and how many cells look like headers of
    this kind (fields matched plus markers), to find the header row."""
    cands: dict[str, list[ColumnMatch]] = {}
    markers = 0
    marker_set = {normalise_header(m) for m in spec.markers}
    cols: set[int] = set()
    for j, raw in enumerate(cells):
        if not isinstance(raw, str) or not raw.strip():
            continue
        h = normalise_header(raw)
        markers += h in marker_set
        percent = "%" in raw or bool({"percent", "percentage", "pct"} & set(h.split()))
        for name, synonyms in _synonyms(spec):
            if percent and spec.field(name).money:
                continue  # "% spent" is never an amount
            best = max((score(h, s) for s in synonyms), default=0)
            if best >= MIN_CONFIDENCE:
                m = ColumnMatch(name, first_col + j, " ".join(raw.split()), best)
                cands.setdefault(name, []).append(m)
                cols.add(j)
    return cands, min(len(cands), len(cols)) + markers


class _Values:
    """The first non-blank values of each column under the header row, sampled lazily."""

    def __init__(self, sheet: Sheet, header_row: int, last_row: int | None) -> None:
        start = header_row - sheet.first_row + 1
        end = None if last_row is None else last_row - sheet.first_row + 1
        self.rows = sheet.rows[start:end]
        self.first_col = sheet.first_col
        self._fit: dict[tuple[int, Content], bool] = {}

    def sample(self, col: int) -> list[Any]:
        j = col - self.first_col
        out: list[Any] = []
        for cells in self.rows:
            v = cells[j] if j < len(cells) else ""
            if v is None or (isinstance(v, str) and (not v.strip() or is_total_label(v))):
                continue
            out.append(v)
            if len(out) >= SAMPLE:
                break
        return out

    def fits(self, col: int, content: Content) -> bool:
        key = (col, content)
        if key not in self._fit:
            self._fit[key] = content == "text" or _fits(self.sample(col), content)
        return self._fit[key]


def _fits(values: list[Any], content: Content) -> bool:
    """Whether enough of ``values`` are dates (or amounts): :data:`FIT_SHARE` of them, or all
    but one (a stray note at the foot); no values is no evidence against."""
    if not values:
        return True
    ok = sum(map(_is_date if content == "date" else _is_amount, values))
    return ok >= FIT_SHARE * len(values) or (ok >= 1 and len(values) - ok <= 1)


def _is_date(v: Any) -> bool:
    if isinstance(v, date | datetime):
        return True
    return isinstance(v, str) and parse_date(v)[0] is not None


def _is_amount(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int | float):
        return True
    if not isinstance(v, str):
        return False
    parsed, error = parse_amount(v)
    return error is None and parsed is not None and parsed.value is not None


def map_columns(
    sheet: Sheet,
    row: int,
    spec: TableSpec,
    cands: Mapping[str, list[ColumnMatch]],
    *,
    last_row: int | None = None,
    chosen: Mapping[str, str] | None = None,
) -> HeaderMapping:
    """The fields of ``spec`` mapped onto header row ``row`` (see the module docstring)."""
    cells = sheet.rows[row - sheet.first_row]
    headers = {
        sheet.first_col + j: " ".join(v.split())
        for j, v in enumerate(cells)
        if isinstance(v, str) and v.strip()
    }
    result = HeaderMapping(row, headers, {})
    values = _Values(sheet, row, last_row)
    order = {f.name: i for i, f in enumerate(spec.fields)}
    pinned = result.chosen = _pinned(result, chosen or {}, spec)
    used = {m.column for m in result.columns.values()}
    fields = sorted(
        (f for f in cands if f not in pinned),
        key=lambda f: (-max(m.confidence for m in cands[f]), order[f]),
    )
    for name in fields:
        content = spec.field(name).content
        free = [m for m in cands[name] if m.column not in used]
        fitting = [m for m in free if values.fits(m.column, content)]
        if not fitting:  # one column named exactly: its cells' problems will say what is wrong
            fitting = [m for m in free if m.confidence >= EXACT] if len(free) == 1 else []
        if not fitting:
            continue
        fitting.sort(key=lambda m: (-m.confidence, m.column))
        ties = tuple(m for m in fitting if m.confidence == fitting[0].confidence)
        if len(ties) > 1:
            result.ambiguous[name] = ties
            continue
        result.columns[name] = fitting[0]
        used.add(fitting[0].column)
    if spec.one_amount and "amount" not in pinned:
        _one_amount(result, values, used)
    result.problems += [_tie_reason(name, ties) for name, ties in result.ambiguous.items()]
    return result


def _one_amount(result: HeaderMapping, values: _Values, used: set[int]) -> None:
    """Several amount-like columns holding amounts: the amount is asked, not guessed."""
    taken = {m.column for f, m in result.columns.items() if f != "amount"}
    like = [
        ColumnMatch("amount", col, text, 0)
        for col, text in sorted(result.headers.items())
        if col not in taken
        and AMOUNT_WORDS & set(normalise_header(text).split())
        and values.fits(col, "money")
    ]
    if len(like) > 1 and ("amount" in result.columns or "amount" in result.ambiguous):
        result.columns.pop("amount", None)
        result.ambiguous["amount"] = tuple(like)


def _tie_reason(name: str, ties: tuple[ColumnMatch, ...]) -> Wording:
    what = name.replace("_", " ")
    cols = ", ".join(f"{m.letter} {m.header!r}" for m in ties)
    texts = {normalise_header(m.header) for m in ties}
    why = "with the same heading" if len(texts) == 1 else "that could be it"
    return f"{len(ties)} columns {why} for {what}: {cols}; choose one " + Wording(
        f"(its Column, e.g. {ties[0].letter})", f"(--map {name}={ties[0].letter})"
    )


def _pinned(result: HeaderMapping, chosen: Mapping[str, str], spec: TableSpec) -> set[str]:
    """Apply the user's columns; a column given for an unknown field or one not in the header
    row is a problem.  Returns the fields the user chose for (never guessed at)."""
    for name, ref in chosen.items():
        if not spec.has(name):
            known = ", ".join(f.name for f in spec.fields)
            said = f"{spec.kind} has no field {name!r} ({known})"
            result.problems.append(Wording(f"column for {name}: {said}", f"--map {name}=…: {said}"))
            continue
        if not ref.strip():  # "not mapped", said by the user
            result.columns.pop(name, None)
            continue
        col = resolve(ref, result.headers)
        if isinstance(col, str):
            what = name.replace("_", " ")
            result.problems.append(Wording(f"{what} → {ref}: {col}", f"--map {name}={ref}: {col}"))
            continue
        for other, m in list(result.columns.items()):
            if m.column == col:
                del result.columns[other]
        result.columns[name] = ColumnMatch(name, col, result.headers.get(col, ""), 100)
    return {n for n in chosen if spec.has(n)}


def resolve(ref: str, headers: Mapping[int, str]) -> int | str:
    """A column given as a header text or a letter (``H``), or why it names none."""
    wanted = normalise_header(ref)
    same = [c for c, h in sorted(headers.items()) if normalise_header(h) == wanted]
    if len(same) == 1:
        return same[0]
    if len(same) > 1:
        letters = " and ".join(column_letter(c) for c in same)
        return f"{len(same)} columns are headed {ref!r} ({letters}): give the column letter"
    if _LETTERS.fullmatch(ref.strip()):
        return parse_cell_ref(ref.strip().upper() + "1")[1]
    texts = ", ".join(repr(h) for _c, h in sorted(headers.items())[:12])
    return f"no column is headed {ref!r} (the header row has {texts}); or give a letter"
