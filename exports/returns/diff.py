"""What changed between two versions of a return (issue 22): a submission and the ledger now,
or two submissions — figure by figure, row by row (added, removed, changed) and the ledger rows
behind them, each with the audit entries that changed it.

:func:`compare` is pure: it takes two tables, their figures (JSON form: money as two-decimal
strings) and the rows behind them, and says what differs.  :func:`write_diff` writes the answer
as a workbook (Figures, Table rows and Ledger rows sheets).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from fundledger.money import format_gbp

from ..cells import Column
from ..data import Produced, SourceRow, Written
from ..table import ReturnTable, cell_to_json
from ..workbook import FinanceWorkbook

Status = Literal["added", "removed", "changed"]

__all__ = ["Change", "ReturnDiff", "RowChange", "SourceChange", "compare", "write_diff"]


def _number(value: Any) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        try:
            return Decimal(value.replace(",", "").replace("£", "").rstrip("%"))
        except InvalidOperation:
            return None
    return None


@dataclass(frozen=True, slots=True)
class Change:
    """One value that differs: ``name`` (a figure key or a column header), before and after as
    shown (JSON text), and the difference when both are numbers."""

    name: str
    before: Any
    after: Any
    #: the value's kind (a table column's: money, percent, int, text…; a figure's guessed)
    kind: str = "text"

    @property
    def status(self) -> Status:
        if self.before is None and self.after is not None:
            return "added"
        if self.after is None and self.before is not None:
            return "removed"
        return "changed"

    @property
    def difference(self) -> Decimal | None:
        a, b = _number(self.before), _number(self.after)
        if a is None and b is None:
            return None
        return (b or Decimal("0.00")) - (a or Decimal("0.00"))

    def to_json(self) -> dict[str, Any]:
        d = self.difference
        return {"name": self.name, "status": self.status, "before": self.before,
                "after": self.after, "kind": self.kind,
                "difference": None if d is None else f"{d:.2f}"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RowChange:
    """A row of the return's table (named by its first cell) added, removed or changed."""

    key: str
    status: Status
    cells: tuple[Change, ...]

    def to_json(self) -> dict[str, Any]:
        return {"row": self.key, "status": self.status, "cells": [c.to_json() for c in self.cells]}


@dataclass(frozen=True, slots=True)
class SourceChange:
    """A ledger row behind a figure (``transaction 1207``) that came, went or changed amount,
    with the audit entries that did it (filled in by the caller, who can read the log)."""

    figure: str
    source: str
    status: Status
    before: Decimal | None
    after: Decimal | None
    on: str | None = None
    reference: str | None = None
    description: str | None = None
    audit: tuple[str, ...] = ()

    @property
    def difference(self) -> Decimal:
        return (self.after or Decimal("0.00")) - (self.before or Decimal("0.00"))

    def to_json(self) -> dict[str, Any]:
        def m(v: Decimal | None) -> str | None:
            return None if v is None else f"{v:.2f}"

        return {"figure": self.figure, "source": self.source, "status": self.status,
                "before": m(self.before), "after": m(self.after),
                "difference": m(self.difference), "on": self.on, "reference": self.reference,
                "description": self.description, "audit": list(self.audit)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReturnDiff:
    """Everything that differs between ``before`` and ``after`` (labels say which is which)."""

    before_label: str
    after_label: str
    figures: tuple[Change, ...]
    rows: tuple[RowChange, ...]
    sources: tuple[SourceChange, ...] = field(default=())

    @property
    def same(self) -> bool:
        return not (self.figures or self.rows or self.sources)

    def to_json(self) -> dict[str, Any]:
        return {"before": self.before_label, "after": self.after_label, "same": self.same,
                "figures": [c.to_json() for c in self.figures],
                "rows": [r.to_json() for r in self.rows],
                "sources": [s.to_json() for s in self.sources]}  # fmt: skip


def figure_kind(key: str, value: Any) -> str:
    """A template figure's kind from its key and JSON value (``opcc.pct_spent`` → percent)."""
    if "pct" in key or "percent" in key:
        return "percent"
    if isinstance(value, str) and _number(value) is not None and value.count(".") == 1:
        return "money" if len(value.split(".")[1]) == 2 else "number"
    return "text"


def _keyed_rows(table: ReturnTable) -> dict[str, dict[str, Any]]:
    """Rows by their first cell (a repeated name gets `` (2)``), cells as JSON text."""
    out: dict[str, dict[str, Any]] = {}
    kinds = table.kinds
    for row in table.rows:
        base = "" if row[0] is None else str(row[0])
        key, n = base, 1
        while key in out:
            n += 1
            key = f"{base} ({n})"
        out[key] = {h: cell_to_json(v, kinds[i]) for i, (h, v) in enumerate(zip(table.headers, row, strict=True)) if i}  # fmt: skip
    return out


def _rows(before: ReturnTable, after: ReturnTable) -> list[RowChange]:
    old, new = _keyed_rows(before), _keyed_rows(after)
    kinds = {**dict(zip(before.headers, before.kinds, strict=True)),
             **dict(zip(after.headers, after.kinds, strict=True))}  # fmt: skip
    out: list[RowChange] = []
    for key in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(key), new.get(key)
        if a is None or b is None:
            cells = a or b or {}
            changes = tuple(Change(h, None if a is None else v, None if b is None else v,
                                   kinds.get(h, "text"))
                            for h, v in cells.items() if v is not None)  # fmt: skip
            out.append(RowChange(key, "added" if a is None else "removed", changes))
            continue
        changed = tuple(Change(h, a.get(h), b.get(h), kinds.get(h, "text"))
                        for h in [*a, *(h for h in b if h not in a)]
                        if a.get(h) != b.get(h))  # fmt: skip
        if changed:
            out.append(RowChange(key, "changed", changed))
    return out


def _sources(before: Sequence[SourceRow], after: Sequence[SourceRow]) -> list[SourceChange]:
    def keyed(rows: Sequence[SourceRow]) -> dict[tuple[str, str], SourceRow]:
        return {(s.figure, s.source): s for s in rows}

    old, new = keyed(before), keyed(after)
    out: list[SourceChange] = []
    for key in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(key), new.get(key)
        if a is not None and b is not None and a.amount == b.amount:
            continue
        s = b or a
        assert s is not None
        status: Status = "added" if a is None else "removed" if b is None else "changed"
        out.append(SourceChange(key[0], key[1], status, None if a is None else a.amount,
                                None if b is None else b.amount,
                                None if s.on is None else s.on.isoformat(), s.reference,
                                s.description))  # fmt: skip
    return out


def compare(
    before: tuple[str, ReturnTable, Mapping[str, Any], Sequence[SourceRow]],
    after: tuple[str, ReturnTable, Mapping[str, Any], Sequence[SourceRow]],
) -> ReturnDiff:
    """(label, table, figures as JSON, rows behind them) before and after → what differs."""
    b_label, b_table, b_figs, b_src = before
    a_label, a_table, a_figs, a_src = after
    keys = [*b_figs, *(k for k in a_figs if k not in b_figs)]
    skip = {"produced_by"}  # who ran it is not a figure that changed
    figures = tuple(Change(k, b_figs.get(k), a_figs.get(k),
                           figure_kind(k, b_figs.get(k) or a_figs.get(k))) for k in keys
                    if k not in skip and b_figs.get(k) != a_figs.get(k))  # fmt: skip
    return ReturnDiff(b_label, a_label, figures, tuple(_rows(b_table, a_table)),
                      tuple(_sources(b_src, a_src)))  # fmt: skip


# --------------------------------------------------------------------------- workbook

_CHANGE_COLUMNS = (
    Column("Figure", "text", max_width=50),
    Column("Status", "text"),
    Column("Before", "text", max_width=30),
    Column("After", "text", max_width=30),
    Column("Difference", "money"),
)
_ROW_COLUMNS = (
    Column("Row", "text", max_width=40),
    Column("Status", "text"),
    Column("Column", "text", max_width=30),
    Column("Before", "text", max_width=30),
    Column("After", "text", max_width=30),
    Column("Difference", "money"),
)
_SOURCE_COLUMNS = (
    Column("Figure", "text", max_width=40),
    Column("Ledger row", "text"),
    Column("Status", "text"),
    Column("Date", "text"),
    Column("Reference", "text", max_width=30),
    Column("Description", "text", max_width=40),
    Column("Before", "money"),
    Column("After", "money"),
    Column("Difference", "money", total=True),
    Column("Audit entries", "text", max_width=80, wrap=True),
)


def _text(v: Any, kind: str = "text") -> str | None:
    if v is None:
        return None
    if kind == "percent" and _number(v) is not None:
        return f"{v}%"
    if kind in ("money", "money_whole") and (d := _number(v)) is not None:
        return format_gbp(d)
    return str(v)


def write_diff(path: str | Path, produced: Produced, diff: ReturnDiff, *, title: str) -> Written:
    """The comparison as a workbook: Figures, Table rows and Ledger rows."""
    heading = f"{diff.before_label} → {diff.after_label}"
    with FinanceWorkbook(path, produced, title=title, subject="return diff") as book:
        figs = book.add_sheet("Figures", title=title, subtitle=heading,
                              notes=["Nothing changed." if diff.same else
                                     "Each figure that differs, before and after."])  # fmt: skip
        figs.table(_CHANGE_COLUMNS, [(c.name, c.status, _text(c.before, c.kind),
                                      _text(c.after, c.kind), c.difference)
                                     for c in diff.figures], total_label=None)  # fmt: skip
        rows = book.add_sheet("Table rows", title=title, subtitle=heading)
        rows.table(_ROW_COLUMNS, [(r.key, r.status, c.name, _text(c.before, c.kind),
                                   _text(c.after, c.kind), c.difference)
                                  for r in diff.rows for c in r.cells],
                   total_label=None)  # fmt: skip
        src = book.add_sheet("Ledger rows", title=title, subtitle=heading,
                             notes=["The ledger rows behind the figures that came, went or "
                                    "changed, with the audit entries that changed them."])  # fmt: skip
        written = src.table(_SOURCE_COLUMNS, [
            (s.figure, s.source, s.status, s.on, s.reference, s.description, s.before, s.after,
             s.difference, "\n".join(s.audit) or None) for s in diff.sources])  # fmt: skip
    return Written(str(path), dict(written.totals), ("Figures", "Table rows", "Ledger rows"))
