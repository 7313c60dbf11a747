"""The import wizard's first guess at what a file holds, from its name (the user can always
choose another kind): ``gl-extract-2025-26-p01-p06.xlsx`` is a general-ledger extract."""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["guess_kind"]

#: (kind, pattern on the file name), first match wins: the GL before "transactions"
_GUESSES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("gl", r"(?<![a-z])gl(?![a-z])|general[\s_-]*ledger|ledger[\s_-]*extract"),
        ("contracts", r"contract"),
        ("allocations", r"allocation"),
        ("budget-lines", r"budget[\s_-]*line|spend[\s_-]*plan"),
        ("contributions", r"contribution|pooled"),
        ("income", r"income"),
        ("transactions", r"invoice|transaction|payment|spend"),
    )
)


def guess_kind(path: str | Path, known: set[str] | None = None) -> str | None:
    """The import kind a file's name points to, or None when it says nothing clear."""
    name = Path(path).stem
    for kind, pattern in _GUESSES:
        if pattern.search(name) and (known is None or kind in known):
            return kind
    return None
