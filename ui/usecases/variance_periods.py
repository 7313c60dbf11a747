"""Variance by quarter or period: actual as charged per period, the budget figures spread straight-
line over the year by days, a phased forecast by its phasing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from db.queries import variance as q
from fundledger import variance as v
from fundledger.money import ZERO, Money
from fundledger.years import FinancialYear, period_label, quarter_label, quarter_of_period

from .variance_rows import (
    BY_CHOICES as BY_CHOICES,
)
from .variance_rows import (
    VarianceInputError as VarianceInputError,
)
from .variance_rows import (
    VarianceReport as VarianceReport,
)
from .variance_rows import (
    VarianceRow as VarianceRow,
)
from .variance_rows import (
    _rag,
)
from .variance_rows import (
    thresholds as thresholds,
)

if TYPE_CHECKING:
    from db.queries.core import Reads


def _span_rows(
    session: Reads,
    scope: q.Scope,
    by: str,
    infos: dict[str, q.StreamInfo],
    comments: Sequence[q.Comment],
) -> list[VarianceRow]:
    stream_rows = q.figure_rows(session, scope, "stream", actuals=False)
    budgets = {(r.stream, r.year): r for r in stream_rows}
    actual: dict[tuple[int, int, int], Any] = {}
    codes = {s.id: s.code for s in infos.values()}
    for pa in q.period_actuals(session, scope):
        actual[(pa.stream_id, pa.year, pa.period)] = pa.actual
    for sid, y, _p in actual:  # periods with spend but no budget row at all
        code = codes[sid]
        if (code, y) not in budgets:
            z = ZERO
            budgets[(code, y)] = q.FigureRow(sid, code, y, "", 0, None, None, z, z, z, z, z, None)
    phased: dict[tuple[int, int], list[q.Phasing]] = defaultdict(list)
    for ph in q.phasings(session, scope) if by in ("quarter", "period") else ():
        phased[(ph.stream_id, ph.year)].append(ph)
    rows: list[VarianceRow] = []
    for (code, y), fr in budgets.items():
        per = _periods(fr, phased.get((fr.stream_id, y), []), actual)
        rows.extend(_spans(code, y, by, per, scope.as_at, infos.get(code), comments))
    return rows


def _periods(
    fr: q.FigureRow, phased: Sequence[q.Phasing], actual: dict[tuple[int, int, int], Any]
) -> list[v.VarianceFigures]:
    """A stream-year's figures by period: budget figures straight-line, actual as charged, and
    the forecast as its lines' phasings where they have one (the rest straight-line)."""
    rest = None if fr.forecast is None else Money(fr.forecast - sum((p.amount for p in phased),
                                                                   ZERO))  # fmt: skip
    whole = v.VarianceFigures(fr.original, fr.virements, fr.carry_forward, fr.committed, ZERO, rest)
    parts = v.spread(whole, v.period_days(FinancialYear(fr.year)))
    out = []
    for p, part in enumerate(parts, 1):
        f = v.with_actual(part, actual.get((fr.stream_id, fr.year, p), ZERO))
        if phased and f.forecast is not None:
            f = v.with_forecast(f, Money(f.forecast + sum((ph.periods[p - 1] for ph in phased),
                                                          ZERO)))  # fmt: skip
        out.append(f)
    return out


def _spans(
    code: str,
    year: int,
    by: str,
    per: list[v.VarianceFigures],
    as_at: date,
    info: q.StreamInfo | None,
    comments: Sequence[q.Comment],
) -> Iterable[VarianceRow]:
    fy = FinancialYear(year)
    notes: dict[int, list[str]] = defaultdict(list)
    for c in comments:
        if c.stream == code and c.year == year:
            notes[c.period].append(f"{c.line}: {c.comment}")
    base = (info.sort_order if info else 0, code, year)
    if by == "period":
        for p in range(1, 13):
            rag = _rag(per[p - 1], thresholds(info), v.span(fy, by, p), as_at)
            text = "; ".join(notes[p]) or None
            yield VarianceRow(
                code,
                year,
                period_label(p),
                per[p - 1],
                rag,
                period=p,
                comment=text,
                sort=(*base, p),
            )
        return
    for qn in range(1, 5):
        f = v.total(per[3 * qn - 3 : 3 * qn])
        rag = _rag(f, thresholds(info), v.span(fy, by, qn), as_at)
        text = "; ".join(n for p in range(1, 13) if quarter_of_period(p) == qn for n in notes[p])
        yield VarianceRow(
            code,
            year,
            quarter_label(qn),
            f,
            rag,
            quarter=qn,
            comment=text or None,
            sort=(*base, qn),
        )
