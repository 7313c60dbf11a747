"""Coding hooks for the import planners: each new transaction row gets its budget and contract
line (and what coded it) from :class:`db.queries.coding.Coder`; a new contract line gets the
budget line named as its service.  Kept apart from the planners so they call two functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter, methodcaller
from typing import Any

from sqlalchemy.orm import Session

from db.queries import imports as q
from db.queries.coding import DUPLICATE_DAYS, Coder, Coding, PossibleDuplicates, RowIn
from fundledger.coding import tokens
from fundledger.money import Money
from fundledger.orgs import normalise

__all__ = [
    "DuplicateNotes",
    "RowCoder",
    "coded_line",
    "coded_note",
    "pence_column",
    "service_lines",
]


class RowCoder:
    """:class:`Coder` for the rows of one import, cached per distinct row shape (a big import
    repeats its suppliers and descriptions)."""

    def __init__(self, session: Session, stream_ids: Iterable[int], years: Iterable[int]) -> None:
        self.coder = Coder(session, stream_ids, years)
        self.by_ref = any(r.reference_pattern for r in self.coder.contract)
        self.cache: dict[tuple[Any, ...], Coding] = {}
        self.words: dict[int, bool] = {}

    def chosen(self, sid: int, year: int, r: Any, org_id: int | None, line_id: int) -> Coding:
        """The row as the user coded it in the preview (its line chosen by hand)."""
        found = self.code(sid, year, r, org_id)
        name = self.coder.lines.names.get(line_id)
        return Coding(line_id, name, found.contract_id, found.contract_label, "by hand")

    def code(self, sid: int, year: int, r: Any, org_id: int | None) -> Coding:
        """``r`` has cost_centre, account, counterparty, reference and description.

        A description counts only through its words (:func:`fundledger.coding.tokens`), and
        only where the ledger's history of the stream suggests lines: rows told apart by
        their invoice numbers or dates alone are coded once."""
        words = self.words.get(sid)
        if words is None:
            words = self.words[sid] = self.coder.suggests(sid)
        about = tokens(r.counterparty, r.description) if words else None
        key = (sid, year, r.cost_centre, r.account, r.counterparty, org_id, about,
               r.reference if self.by_ref else None)  # fmt: skip
        found = self.cache.get(key)
        if found is None:
            found = self.coder.code(
                RowIn(sid, year, r.cost_centre, r.account, r.counterparty, org_id,
                      r.reference, r.description)
            )  # fmt: skip
            self.cache[key] = found
        return found


def pence_column(rows: Sequence[Any]) -> list[int]:
    """The rows' amounts in integer pence, a column at a time (``map`` in C)."""
    return list(map(int, map(methodcaller("scaleb", 2), map(attrgetter("amount"), rows))))


def coded_note(c: Coding) -> str:
    """The preview's note for a row: why it stays uncoded ("" when it is coded)."""
    if c.line_id is not None:
        return ""
    why = "; ".join(c.problems) or (f"suggested {c.hint}" if c.hint else "no rule codes it")
    return f"uncoded: {why}"


def coded_line(c: Coding) -> str | None:
    """The preview's line: the budget line, and the contract line when there is one."""
    if c.line_id is None and c.contract_id is None:
        return None
    contract = f" · contract {c.contract_label}" if c.contract_id else ""
    return f"{c.line_name or '(no budget line)'}{contract}"


def service_lines(
    s: Session, stream_id: int, profiles: Iterable[dict[int, Money]]
) -> Callable[[str, dict[int, Money]], int | None]:
    """A contract line's budget line: the stream's line named as its service, in the first
    year of its profile (the DA spend plan's lines are its services)."""
    lines: dict[tuple[int, str], int] = {}
    for ln in q.lines_for(s, [stream_id], {min(p) for p in profiles if p}):
        if ln.active:
            lines.setdefault((ln.year, normalise(ln.name)), ln.id)

    def line_of(service: str, profile: dict[int, Money]) -> int | None:
        return lines.get((min(profile), normalise(service))) if profile else None

    return line_of


class DuplicateNotes:
    """Marks rows that may repeat a ledger row under another reference; one warning lists
    them (rows are imported unless the user leaves them out in the preview)."""

    def __init__(
        self, session: Session, rows: Sequence[Any], pences: Iterable[int] | None = None
    ) -> None:
        """``pences``: the rows' amounts in pence, if the caller has them already."""
        if pences is None:
            pences = pence_column(rows)
        self.finder = PossibleDuplicates(session, map(attrgetter("txn_date"), rows), pences)
        self.found: list[tuple[int, int]] = []

    @property
    def possible(self) -> bool:
        """Whether any row can be a possible duplicate (the ledger holds rows near them)."""
        return bool(self.finder.pences)

    def check(self, r: Any, pence: int) -> int | None:
        """The ledger row this row may repeat, or None."""
        ident = self.finder.of(r.counterparty, pence, r.txn_date, r.reference)
        if ident is not None:
            self.found.append((r.row, ident))
        return ident

    def warning(self) -> str | None:
        if not self.found:
            return None
        shown = ", ".join(f"row {row} → #{ident}" for row, ident in self.found[:10])
        more = f" and {len(self.found) - 10} more" if len(self.found) > 10 else ""
        n = len(self.found)
        return (
            f"{n} row{'s' if n != 1 else ''} may repeat a ledger row under another reference "
            f"(same counterparty and amount within {DUPLICATE_DAYS} days): {shown}{more}"
        )
