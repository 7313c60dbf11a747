"""Header vocabulary: normalising header texts, the fields a kind reads, how a field is
matched to a column, saved profiles, and what the user chose (header row, last row, columns).

Headers are normalised before matching: case, CamelCase (``DatePaid`` → ``date paid``),
snake_case (``trans_no`` → ``trans no``), punctuation and ``&``.  A field matches a header
with a confidence 0–100: exact name 100; the name once years and ``£`` are removed 95; the
name as a phrase inside a longer heading 85 down to 60.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from .problems import column_letter

__all__ = [
    "MIN_CONFIDENCE",
    "TOTAL_LABELS",
    "ColumnMatch",
    "Content",
    "FieldSpec",
    "Profile",
    "TableChoice",
    "TableSpec",
    "display",
    "is_total_label",
    "layout_signature",
    "normalise_header",
    "score",
]

TOTAL_LABELS = frozenset({"total", "totals", "grand total"})
_TOTAL = re.compile(
    r"^(?:(?:grand|report|sub|overall|page|net|column|final)\s*-?\s*)?totals?"
    r"(?:\s+(?:for|of|to)\b.*)?$"
)
MIN_CONFIDENCE = 60
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"\b\d+\b")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
Content = Literal["date", "money", "text"]


def normalise_header(text: str) -> str:
    """``"Amount (£)"`` → ``"amount"``; ``"DatePaid"`` → ``"date paid"``;
    ``"trans_no"`` → ``"trans no"``; ``"2025-26 Allocations"`` → ``"2025 26 allocations"``."""
    if any(c.isupper() for c in text) and any(c.islower() for c in text):
        text = _CAMEL.sub(" ", text)
    return " ".join(_NON_WORD.sub(" ", text.casefold().replace("&", " and ")).split())


def is_total_label(text: str) -> bool:
    """``Total``, ``Grand Total:``, ``Report Total``, ``Sub-total for April``…"""
    t = " ".join(text.casefold().split()).rstrip(":").strip()
    return bool(_TOTAL.match(t))


def display(value: Any) -> str:
    """A cell value as it would be printed in a message."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def score(header: str, synonym: str) -> int:
    """How well a normalised header names a normalised synonym (0 = not at all)."""
    if header == synonym:
        return 100
    stripped = " ".join(_DIGITS.sub(" ", header).split())
    if stripped == synonym:
        return 95
    hw, sw = stripped.split(), synonym.split()
    n = len(sw)
    for i in range(len(hw) - n + 1):
        if hw[i : i + n] == sw:
            return max(MIN_CONFIDENCE, 85 - 10 * (len(hw) - n - 1))
    return 0


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A field a kind reads, with the header names that mean it (normalised on use).

    ``money``: summed and checked against totals rows; its column must hold amounts.
    ``content``: what the column's values must be for the field to take it (a field named
    ``date`` holds dates, a money field amounts, anything else text)."""

    name: str
    synonyms: tuple[str, ...]
    money: bool = False

    @property
    def content(self) -> Content:
        if self.money:
            return "money"
        return "date" if self.name == "date" else "text"


@dataclass(frozen=True, slots=True)
class TableSpec:
    """What a kind's table looks like.

    ``needs``: each entry lists alternative fields, at least one of which must be mapped.
    ``markers``: header texts that are not fields but show this is the header row (the YJ
    headings).  ``min_matches``: how many cells must match for a row to be the header.
    ``one_amount``: the kind reads one amount, so several amount-like columns (Net, VAT,
    Gross, Total…) are never chosen between silently.
    """

    kind: str
    fields: tuple[FieldSpec, ...]
    needs: tuple[tuple[str, ...], ...]
    markers: tuple[str, ...] = ()
    min_matches: int = 2
    one_amount: bool = False

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)

    def has(self, name: str) -> bool:
        return any(f.name == name for f in self.fields)


@dataclass(frozen=True, slots=True)
class ColumnMatch:
    """A field mapped to a column (1-based), with the header as printed and a confidence."""

    field: str
    column: int
    header: str
    confidence: int

    @property
    def letter(self) -> str:
        return column_letter(self.column)


@dataclass(frozen=True, slots=True)
class Profile:
    """A saved mapping for a source: field → header text as printed, the layout signature
    (normalised header row) it was saved from, so it is re-applied to files of that shape,
    and field → column position (1-based), which decides between columns with one header."""

    name: str
    kind: str
    mapping: Mapping[str, str]
    signature: tuple[str, ...] = ()
    positions: Mapping[str, int] = field(default_factory=dict)
    header_row: int | None = None


@dataclass(frozen=True, slots=True)
class TableChoice:
    """What the user said about the table: its header row, its last data row, and columns
    for fields (``--map FIELD=COLUMN``: a letter such as ``H`` or a header text; ``""`` for
    a field the user left unmapped)."""

    header_row: int | None = None
    last_row: int | None = None
    columns: Mapping[str, str] = field(default_factory=dict)


def layout_signature(headers: Iterable[str]) -> tuple[str, ...]:
    """The normalised, non-blank header texts in column order."""
    return tuple(h for h in (normalise_header(x) for x in headers) if h)
