"""The variance report (SPEC §3, §5): figures per stream, year and level with RAG and warnings.

Joins the SQL aggregates of :mod:`db.queries.variance` with the arithmetic of
:mod:`fundledger.variance`.  Levels: ``line``, ``partner``, ``area`` (grouped in SQL) and
``quarter`` / ``period``: actual is summed per period in SQL; budget figures (original,
virements, carry-forward, committed, forecast) have no period of their own and are spread
straight-line over the year by days (largest remainder, so the periods add up exactly to the
year).  Allocation-only years (no budget lines, no contributions) show the allocation as one
line named by its label; range allocations are never counted in one year and, with a year,
are named in ``warnings``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from db.ledger import Ledger
from db.queries import variance as q
from fundledger import variance as v
from fundledger.messages import Field
from fundledger.money import ZERO, format_gbp
from fundledger.years import FinancialYear, period_label

from .variance_periods import _span_rows
from .variance_rows import (
    BY_CHOICES,
    VarianceInputError,
    VarianceReport,
    VarianceRow,
    _rag,
    thresholds,
)

if TYPE_CHECKING:
    from db.queries.core import Reads


def variance_report(
    ledger: Ledger,
    *,
    year: int | None = None,
    stream: str | None = None,
    by: str = "line",
    as_at: date | None = None,
) -> VarianceReport:
    """The report for ``ledger`` (one read transaction)."""
    with ledger.read_core() as conn:  # Core statements only: no ORM loaded
        report = build_report(conn, year=year, stream=stream, by=by, as_at=as_at)
    return warn_if_hidden(report, ledger)


def warn_if_hidden(report: VarianceReport, ledger: Ledger) -> VarianceReport:
    """The report, first warning that its figures are not the stream's when the server hides
    that stream's money from this budget holder (a shared ledger's row-level security)."""
    from dataclasses import replace

    from .permissions import hidden_stream

    why = hidden_stream(ledger.actor, ledger.is_shared, report.stream)
    if why is None:
        return report
    said = f"{why}, as here: these are not {report.stream}'s figures"
    return replace(report, warnings=(said, *report.warnings))


def build_report(
    session: Reads,
    *,
    year: int | None = None,
    stream: str | None = None,
    by: str = "line",
    as_at: date | None = None,
) -> VarianceReport:
    """The report from an open session (for callers already in a unit of work)."""
    if by not in BY_CHOICES:
        raise VarianceInputError(f"must be one of {', '.join(BY_CHOICES)}, not {by!r}", Field.BY)
    infos = {s.code: s for s in q.streams(session)}
    stream_code = _stream_code(infos, stream)
    scope = q.Scope(
        as_at or today(),
        infos[stream_code].id if stream_code else None,
        year,
    )
    comments = q.comments(session, scope)
    if by in ("quarter", "period"):
        rows = _span_rows(session, scope, by, infos, comments)
    else:
        figure_rows = q.figure_rows(session, scope, by)
        if by == "partner":
            figure_rows = _share_pooled(figure_rows, q.partner_shares(session, scope))
        rows = [_row(fr, by, scope.as_at, infos, comments) for fr in figure_rows]
    rows.sort(key=lambda r: r.sort)
    totals = _totals(rows, scope, infos, stream_code)
    return VarianceReport(
        year=year,
        stream=stream_code,
        by=by,
        as_at=scope.as_at,
        rows=tuple(rows),
        totals=totals,
        warnings=tuple(_warnings(session, scope)),
        comments=tuple(comments),
        streams=tuple((i.code, i.name, i.kind, thresholds(i)) for i in infos.values()),
        retired=frozenset(i.code for i in infos.values() if i.retired),
    )


def _stream_code(infos: dict[str, q.StreamInfo], stream: str | None) -> str | None:
    if stream is None:
        return None
    for code in infos:
        if code.upper() == stream.strip().upper():
            return code
    known = ", ".join(infos) or "none"
    raise VarianceInputError(f"unknown stream {stream!r} (streams: {known})")


def _row(
    fr: q.FigureRow,
    by: str,
    as_at: date,
    infos: dict[str, q.StreamInfo],
    comments: Sequence[q.Comment],
) -> VarianceRow:
    f = v.VarianceFigures(
        fr.original, fr.virements, fr.carry_forward, fr.committed, fr.actual, fr.forecast
    )
    info = infos.get(fr.stream)
    fy = FinancialYear(fr.year)
    rag = _rag(f, thresholds(info), v.span(fy, by, None), as_at)
    mine = _line_notes(comments, fr) if by == "line" else []
    note = _note_text(mine[-1]) if mine else None
    placeholder = fr.key.startswith("(")
    first = fr.first_line if fr.first_line is not None else 1 << 62
    order = (
        info.sort_order if info else 0,
        fr.stream,
        fr.year,
        placeholder,
        fr.sort,
        first,
        fr.key,
    )
    history = tuple(note_history(c) for c in reversed(mine))
    return VarianceRow(fr.stream, fr.year, fr.key, f, rag, fr.line_id, comment=note, sort=order,
                       notes=history)  # fmt: skip


def _share_pooled(
    rows: Sequence[q.FigureRow], shares: Sequence[q.PartnerShare]
) -> list[q.FigureRow]:
    """Share each pooled line's figures across its partners by their valued contributions."""
    by_line: dict[int, list[q.PartnerShare]] = defaultdict(list)
    for sh in shares:
        by_line[sh.line_id].append(sh)
    merged: dict[tuple[int, int, str], q.FigureRow] = {}
    for fr in rows:
        parts = by_line.get(fr.line_id or -1, []) if fr.key.startswith(q.POOLED) else []
        if not parts or sum(p.amount for p in parts) <= 0:
            pieces = [(fr.key if not parts else q.NO_PARTNER, _figs(fr))]
        else:
            split_figs = v.share(_figs(fr), [max(p.amount, ZERO) for p in parts])
            pieces = [(p.partner, f) for p, f in zip(parts, split_figs, strict=True)]
        for key, f in pieces:
            k = (fr.stream_id, fr.year, key)
            old = merged.get(k)
            f = v.total([_figs(old), f]) if old else f
            merged[k] = _with_figs(fr, key, f, old)
    return [fr for fr in merged.values() if not (fr.key.startswith("(") and _empty(fr))]


def _empty(fr: q.FigureRow) -> bool:
    return fr.forecast is None and not any(
        (fr.original, fr.virements, fr.carry_forward, fr.committed, fr.actual)
    )


def _figs(fr: q.FigureRow) -> v.VarianceFigures:
    return v.VarianceFigures(
        fr.original, fr.virements, fr.carry_forward, fr.committed, fr.actual, fr.forecast
    )


def _with_figs(
    fr: q.FigureRow, key: str, f: v.VarianceFigures, old: q.FigureRow | None
) -> q.FigureRow:
    return q.FigureRow(
        fr.stream_id,
        fr.stream,
        fr.year,
        key,
        min(fr.sort, old.sort) if old else fr.sort,
        None,
        min(x for x in (fr.first_line, old.first_line if old else None) if x is not None)
        if (fr.first_line or (old and old.first_line))
        else None,
        f.original,
        f.virements,
        f.carry_forward,
        f.committed,
        f.actual,
        f.forecast,
    )


def _line_notes(comments: Sequence[q.Comment], fr: q.FigureRow) -> list[q.Comment]:
    """The line's commentary for the year, oldest first."""
    if fr.line_id is None:
        return []
    return [c for c in comments if c.line_id == fr.line_id and c.year == fr.year]


def _note_text(c: q.Comment) -> str:
    """``P09: claim for the last 24p expected in July`` (the Commentary column)."""
    return f"{period_label(c.period)}: {c.comment}"


def note_history(c: q.Comment) -> str:
    """``P09 forecast £86,000.00 — bea.holder, 02/12/2026: two posts from October``."""
    what = "comment" if c.forecast is None else f"forecast {format_gbp(c.forecast)}"
    when = f", {c.at.astimezone(_LONDON):%d/%m/%Y}" if c.at is not None else ""
    return f"{period_label(c.period)} {what} — {c.by}{when}: {c.comment}"


def _totals(
    rows: Sequence[VarianceRow],
    scope: q.Scope,
    infos: dict[str, q.StreamInfo],
    stream_code: str | None,
) -> VarianceRow:
    f = v.total(r.figures for r in rows)
    years = sorted({r.year for r in rows}) or [
        scope.year if scope.year is not None else _year_of(scope.as_at)
    ]
    start, end = FinancialYear(years[0]).start, FinancialYear(years[-1]).end
    codes = {r.stream for r in rows} | ({stream_code} if stream_code else set())
    info = infos[next(iter(codes))] if len(codes) == 1 else None
    rag = _rag(f, thresholds(info), (start, end), scope.as_at)
    return VarianceRow(stream_code or "", years[0], "", f, rag)


_LONDON = ZoneInfo("Europe/London")


def today() -> date:
    """Today in the council's time zone (the default as-at date)."""
    return datetime.now(_LONDON).date()


def _year_of(d: date) -> int:
    return d.year if d.month >= 4 else d.year - 1


def _warnings(session: Reads, scope: q.Scope) -> list[str]:
    out: list[str] = []
    if scope.year is not None:
        for ra in q.range_allocations(session, scope):
            out.append(
                f"{ra.label} ({ra.stream}): {format_gbp(ra.amount)} covers "
                f"{FinancialYear(ra.year_from).code} to {FinancialYear(ra.year_to).code} and has "
                f"not been split into years; it is not counted in {FinancialYear(scope.year).code}"
            )
    for pm in q.pending_moves(session, scope):
        out.append(
            f"{pm.stream} {FinancialYear(pm.year).code}: pending {pm.kind} #{pm.id} of "
            f"{format_gbp(pm.amount)} from {pm.from_line} to {pm.to_line} is not counted "
            "until approved"
        )
    out += eligibility_warnings(q.eligibility_spend(session, scope))
    for oi in q.overinvoiced_contracts(session, scope):
        out.append(
            f"{oi.stream} {FinancialYear(oi.year).code}: {oi.service} ({oi.provider}) invoiced "
            f"{format_gbp(oi.invoiced)} exceeds its profile {format_gbp(oi.profile)}; "
            "committed shown as £0.00"
        )
    return out


def eligibility_warnings(found: Iterable[q.EligibilitySpend]) -> list[str]:
    """``DA 2025-26: £83,333.44 spent on Refuge …, whose eligibility is not known under the
    grant conditions: “…”``."""
    out = []
    for e in found:
        what = "which is not eligible" if e.eligible is False else "whose eligibility is not known"
        cond = f": “{e.conditions.strip()}”" if e.conditions else ""
        out.append(f"{e.stream} {FinancialYear(e.year).code}: {format_gbp(e.actual)} spent on "
                   f"{e.line}, {what} under the grant conditions{cond}")  # fmt: skip
    return out


def add_variance_comment(ledger: Ledger, budget_line_id: int, period: int, comment: str) -> int:
    """Attach a budget holder's comment to a line and period (one audited write); its id."""
    from db.ops.comments import add_comment

    with ledger.write() as session:
        return add_comment(session, ledger.actor, budget_line_id, period, comment).id


@dataclass(frozen=True, slots=True)
class VarianceGroup:
    """A stream or a stream-year: its total row (with RAG) and its children."""

    label: str
    row: VarianceRow
    children: tuple[VarianceGroup | VarianceRow, ...]


def grouped(report: VarianceReport) -> list[VarianceGroup]:
    """The report as a tree: stream → year → rows, each group totalled with its own RAG."""
    info = {code: (name, t) for code, name, _kind, t in report.streams}
    tree: dict[str, dict[int, list[VarianceRow]]] = {}
    for r in report.rows:
        tree.setdefault(r.stream, {}).setdefault(r.year, []).append(r)
    out = []
    for code, years in tree.items():
        name, t = info.get(code, (code, v.Thresholds()))
        year_groups = []
        for year, rows in years.items():
            fy = FinancialYear(year)
            f = v.total(r.figures for r in rows)
            rag = _rag(f, t, (fy.start, fy.end), report.as_at)
            year_groups.append(
                VarianceGroup(fy.code, VarianceRow(code, year, fy.code, f, rag), tuple(rows))
            )
        f = v.total(g.row.figures for g in year_groups)
        first, last = FinancialYear(min(years)), FinancialYear(max(years))
        rag = _rag(f, t, (first.start, last.end), report.as_at)
        row = VarianceRow(code, min(years), name, f, rag)
        out.append(VarianceGroup(f"{code} — {name}", row, tuple(year_groups)))
    return out


def export_rows(report: VarianceReport) -> list[Any]:
    """The report's rows as :class:`exports.data.VarianceRow` (with commentary) for returns."""
    from exports.data import VarianceRow as ExportRow

    out = []
    for r in report.rows:
        f = r.figures
        out.append(
            ExportRow(
                stream=r.stream,
                year=r.year_code,
                key=r.key,
                original=f.original,
                virements=f.virements,
                revised=f.revised,
                committed=f.committed,
                actual=f.actual,
                available=f.available,
                forecast=f.forecast,
                forecast_variance=f.forecast_variance,
                pct_spent=f.pct_spent,
                rag=r.rag.status,  # type: ignore[arg-type]
                comment=r.comment,
            )
        )
    return out


__all__ = [
    "BY_CHOICES",
    "VarianceGroup",
    "VarianceInputError",
    "VarianceReport",
    "VarianceRow",
    "add_variance_comment",
    "build_report",
    "eligibility_warnings",
    "export_rows",
    "grouped",
    "note_history",
    "thresholds",
    "today",
    "variance_report",
    "warn_if_hidden",
]
