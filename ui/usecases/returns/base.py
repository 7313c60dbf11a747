"""What every return shares: the request as typed, its scope resolved against the ledger, and
:class:`Prepared`, a return's figures, rows and totals as one value.

A :class:`Prepared` is what the Returns page previews, what ``export --json`` prints and what
the workbook is written from, so the three cannot disagree.  Everything in it but the writer
is plain data: :meth:`Prepared.to_json` gives it as JSON (money as two-decimal strings) and
:func:`frozen_from_json` reads that back, so a submitted return can be kept as sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from db.ledger import Ledger
from exports.data import Produced, SourceRow, Written
from exports.table import ReturnTable
from exports.template import FigureValue
from fundledger.messages import InputProblem
from fundledger.money import money_str
from fundledger.years import FinancialYear

Progress = Callable[[int, int], None]
Writer = Callable[[Ledger, Path, Progress | None], Written]
#: rows a listing (the transactions) previews; the workbook streams them all
PREVIEW_ROWS = 200


class ExportInputError(InputProblem):
    """Bad export input (unknown return, stream or year; bad date or file): exit 2.  Said for
    the app; the command line names its options (:meth:`~InputProblem.for_cli`)."""


@dataclass(frozen=True, slots=True)
class Request:
    """What was asked for, as typed (``year`` ``2025-26``; ``2025`` is a calendar year for a
    return that takes one; ``as_at`` ``dd/mm/yyyy`` or a date)."""

    ret: str
    year: str | None = None
    stream: str | None = None
    by: str = "line"
    as_at: str | date | None = None
    #: ``stream`` is the one in scope on a page, not asked for: a return for another fund type
    #: reports on its own stream instead of refusing
    from_scope: bool = False


@dataclass(frozen=True, slots=True)
class Scope:
    """The request resolved against the ledger."""

    ret: str
    stream: str | None
    stream_id: int | None
    year: int | None
    calendar: int | None
    by: str
    as_at: date

    @property
    def year_text(self) -> str | None:
        if self.calendar is not None:
            return str(self.calendar)
        return None if self.year is None else FinancialYear(self.year).code

    def to_json(self) -> dict[str, Any]:
        return {
            "return": self.ret,
            "stream": self.stream,
            "year": self.year_text,
            "by": self.by,
            "as_at": self.as_at.isoformat(),
        }


@dataclass(frozen=True)
class Prepared:
    """A return ready to preview and write: its main table (rows and the totals the workbook
    caches), the template figures, the rows behind each figure, and the writer."""

    scope: Scope
    title: str
    produced: Produced
    table: ReturnTable
    row_count: int
    figures: dict[str, FigureValue]
    writer: Writer = field(repr=False, compare=False)
    warnings: tuple[str, ...] = ()
    #: the ledger rows behind the figures (the workbook's "Rows" sheet)
    sources: tuple[SourceRow, ...] = ()

    @property
    def headers(self) -> tuple[str, ...]:
        return self.table.headers

    @property
    def kinds(self) -> tuple[str, ...]:
        return self.table.kinds

    @property
    def rows(self) -> tuple[tuple[Any, ...], ...]:
        return self.table.rows

    @property
    def totals(self) -> dict[str, Decimal]:
        return dict(self.table.totals)

    @property
    def total_extra(self) -> dict[str, Any]:
        return dict(self.table.total_extra)

    def write(self, ledger: Ledger, path: Path, progress: Progress | None = None) -> Written:
        return self.writer(ledger, path, progress)

    def to_json(self) -> dict[str, Any]:
        """Everything but the writer, as JSON: scope, who produced it, the table, figures,
        warnings and the rows behind the figures."""
        p = self.produced
        return {
            **self.scope.to_json(),
            "title": self.title,
            "produced": {
                "ledger": p.ledger_name,
                "as_at": p.as_at.isoformat(),
                "user": p.user,
                "at": p.produced_at.isoformat(),
                "version": p.version,
                "seal": p.seal,
            },
            "row_count": self.row_count,
            "table": self.table.to_json(),
            "figures": {k: figure_json(v) for k, v in self.figures.items()},
            "warnings": list(self.warnings),
            "sources": [source_json(s) for s in self.sources],
        }


@dataclass(frozen=True, slots=True)
class Frozen:
    """A return read back from :meth:`Prepared.to_json`: the same data, no writer."""

    ret: str
    title: str
    produced: Produced
    table: ReturnTable
    row_count: int
    figures: dict[str, Any]
    warnings: tuple[str, ...]
    sources: tuple[SourceRow, ...]


def frozen_from_json(data: Mapping[str, Any]) -> Frozen:
    """The return :meth:`Prepared.to_json` gave (figures stay in their JSON form)."""
    p = data["produced"]
    produced = Produced(p["ledger"], date.fromisoformat(p["as_at"]), p["user"],
                        datetime.fromisoformat(p["at"]), p["version"], p.get("seal"))  # fmt: skip
    sources = tuple(
        SourceRow(s["figure"], s["source"], None if s["amount"] is None else Decimal(s["amount"]),
                  None if s["on"] is None else date.fromisoformat(s["on"]), s["reference"],
                  s["description"])
        for s in data["sources"]
    )  # fmt: skip
    return Frozen(data["return"], data["title"], produced, ReturnTable.from_json(data["table"]),
                  int(data["row_count"]), dict(data["figures"]), tuple(data["warnings"]),
                  sources)  # fmt: skip


def figure_json(v: FigureValue) -> Any:
    if isinstance(v, Decimal):
        return money_str(v)
    return v.isoformat() if isinstance(v, date) else v


def source_json(s: SourceRow) -> dict[str, Any]:
    return {
        "figure": s.figure,
        "source": s.source,
        "amount": money_str(s.amount),
        "on": None if s.on is None else s.on.isoformat(),
        "reference": s.reference,
        "description": s.description,
    }


def common_figures(
    scope: Scope, produced: Produced, figures: Mapping[str, FigureValue]
) -> dict[str, FigureValue]:
    """The figures every return offers a template (as-at, ledger, who, year, stream) and its own."""
    out: dict[str, FigureValue] = {
        "as_at": produced.as_at,
        "ledger": produced.ledger_name,
        "produced_by": produced.user,
        "year": scope.year_text,
        "stream": scope.stream,
    }
    out.update(figures)
    return out


def check_sums(ret: str, table: ReturnTable, ledger_sums: Mapping[str, Decimal]) -> None:
    """The table's totals must be the ledger's own SQL sums (a mismatch is a bug: refuse)."""
    wrong = {
        h: (table.totals.get(h), v) for h, v in ledger_sums.items() if table.totals.get(h) != v
    }
    if wrong:
        raise RuntimeError(f"{ret}: the return's totals differ from the ledger's: {wrong}")


def money_sum(values: Sequence[Any]) -> Decimal:
    """The sum of the ``Decimal`` values (words such as ``£100k`` unparsed do not count)."""
    return sum((v for v in values if isinstance(v, Decimal)), Decimal("0.00"))
