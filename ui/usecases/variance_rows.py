"""The variance report's records: a row (figures, RAG, commentary), the report, the levels a report
can be by, and the RAG of a span against the stream's thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from db.queries import variance as q
from fundledger import variance as v
from fundledger.messages import InputProblem
from fundledger.money import money_str
from fundledger.vocabulary import By
from fundledger.years import FinancialYear

BY_CHOICES: tuple[By, ...] = tuple(By)


class VarianceInputError(InputProblem):
    """Invalid report input (unknown stream or level): exit 2 on the command line."""


@dataclass(frozen=True, slots=True)
class VarianceRow:
    """One row: its figures, RAG (with the rule text) and drill-down handles."""

    stream: str
    year: int
    key: str
    figures: v.VarianceFigures
    rag: v.Rag
    line_id: int | None = None
    period: int | None = None
    quarter: int | None = None
    comment: str | None = None
    sort: tuple[Any, ...] = ()
    #: the line's commentary history, newest first (forecasts' commentary and comments)
    notes: tuple[str, ...] = ()

    @property
    def year_code(self) -> str:
        return FinancialYear(self.year).code

    def to_json(self, *, with_key: bool = True) -> dict[str, Any]:
        f = self.figures
        pct = f.pct_spent
        out: dict[str, Any] = {"stream": self.stream, "year": self.year_code}
        if with_key:
            out["key"] = self.key
        out.update(
            original=money_str(f.original),
            virements=money_str(f.virements),
            revised=money_str(f.revised),
            committed=money_str(f.committed),
            actual=money_str(f.actual),
            available=money_str(f.available),
            forecast=money_str(f.forecast),
            forecast_variance=money_str(f.forecast_variance),
            pct_spent=None if pct is None else f"{pct:.2f}",
            rag=self.rag.status,
        )
        return out


@dataclass(frozen=True, slots=True)
class VarianceReport:
    year: int | None
    stream: str | None
    by: str
    as_at: date
    rows: tuple[VarianceRow, ...]
    totals: VarianceRow
    warnings: tuple[str, ...] = ()
    comments: tuple[q.Comment, ...] = field(default_factory=tuple)
    #: (code, name, kind, thresholds) of every stream, in display order
    streams: tuple[tuple[str, str, str, v.Thresholds], ...] = ()
    #: the codes of the retired streams among them
    retired: frozenset[str] = frozenset()

    def to_json(self) -> dict[str, Any]:
        """Exactly the SPEC §5 ``variance --json`` object."""
        totals = self.totals.to_json(with_key=False)
        totals["stream"] = self.stream
        totals["year"] = None if self.year is None else FinancialYear(self.year).code
        return {
            "year": totals["year"],
            "stream": self.stream,
            "by": self.by,
            "as_at": self.as_at.isoformat(),
            "rows": [r.to_json() for r in self.rows],
            "totals": totals,
            "warnings": list(self.warnings),
        }


def thresholds(info: q.StreamInfo | None) -> v.Thresholds:
    if info is None:
        return v.Thresholds()
    return v.Thresholds(info.red_forecast_pct, info.amber_profile_pct, info.kind == "income")


def _rag(f: v.VarianceFigures, t: v.Thresholds, span: tuple[date, date], as_at: date) -> v.Rag:
    return v.rag(f, t, v.profile_pct(span[0], span[1], as_at), as_at)
