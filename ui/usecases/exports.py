"""Returns from the ledger (SPEC §5 ``export``, §7): gather each return's figures with the
screens' own queries, preview them, and write the workbook atomically.

:func:`prepare` reads everything a return needs in one read transaction and gives back a
:class:`Prepared`: the rows and totals a preview shows, the figure keys a funder's template can
use, and a writer.  :func:`export_return` writes it to a temporary file beside ``out`` and
renames it into place (an interrupted export never leaves half a file), then checks that the
totals the workbook cached are the totals the preview showed.

Figures come from the same SQL as the screens: the pooled budget from
``db.queries.contributions``, CSP allocation and expenditure and the variance report from
:func:`ui.usecases.variance.build_report`, the contracts register from
``db.queries.contracts.register``, income from ``db.queries.income`` and the transaction total
from the transactions register.  The transaction listing is streamed from SQL in chunks.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.queries import contracts as kq
from db.queries import contributions as cq
from db.queries import exports as xq
from db.queries import income as iq
from db.queries.register_defs import TRANSACTIONS
from db.queries.registers import RegisterQuery
from db.queries.registers import totals as register_totals
from db.schema import BudgetLine, Contribution, IncomeItem, Stream
from exports import data as xd
from exports.returns import (
    contracts_register,
    da_allocations,
    da_spend_plan,
    opcc_csp,
    pmt_income,
    transactions,
    variance,
    yj_pooled_budget,
)
from exports.returns import income as income_return
from exports.returns._common import extension_summary
from exports.returns.variance import KEY_HEADERS
from exports.returns.yj import HEADINGS
from exports.template import FigureValue
from fundledger import __version__
from fundledger.dates import parse_date
from fundledger.money import ZERO, percent
from fundledger.years import FinancialYear, parse_year

from .variance import BY_CHOICES, VarianceInputError, build_report, today

Progress = Callable[[int, int], None]
Writer = Callable[[Ledger, Path, Progress | None], xd.Written]

#: return name → what it is (the order the app lists them in)
RETURNS: dict[str, str] = {
    "yj-pooled-budget": "Youth justice pooled budget (agency × heading)",
    "opcc-csp": "OPCC allocations to CSPs vs expenditure to date",
    "da-allocations": "Domestic abuse allocations by year, with mechanism",
    "da-spend-plan": "Domestic abuse spend plan by provider",
    "pmt-income": "Place-marketing income by category and quarter, with ROI",
    "contracts-register": "Contracts register (term, extensions, spend, expiry)",
    "variance": "Variance report with RAG and commentary",
    "transactions": "Transactions with their import batch",
}
#: the stream a return is about when none is given
DEFAULT_STREAM: dict[str, str] = {
    "yj-pooled-budget": "YJ",
    "opcc-csp": "OPCC",
    "da-allocations": "DA",
    "da-spend-plan": "DA",
    "pmt-income": "PMT",
}
#: figure-key prefix (templates) → return
FIGURE_PREFIX: dict[str, str] = {
    "yj": "yj-pooled-budget",
    "opcc": "opcc-csp",
    "da": "da-allocations",
    "spend": "da-spend-plan",
    "pmt": "pmt-income",
    "contracts": "contracts-register",
    "variance": "variance",
    "transactions": "transactions",
}
PREVIEW_ROWS = 200


class ExportInputError(ValueError):
    """Bad export input (unknown return, stream or year; bad date or file): exit 2."""


@dataclass(frozen=True, slots=True)
class Request:
    """What was asked for, as typed (``year`` ``2025-26``; ``2025`` is a calendar year for
    ``pmt-income``; ``as_at`` ``dd/mm/yyyy`` or a date)."""

    ret: str
    year: str | None = None
    stream: str | None = None
    by: str = "line"
    as_at: str | date | None = None


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


@dataclass(frozen=True)
class Prepared:
    """A return ready to preview and write: the table the preview shows and its totals
    (equal to the totals the workbook caches), template figures and the writer."""

    scope: Scope
    title: str
    produced: xd.Produced
    headers: tuple[str, ...]
    kinds: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    row_count: int
    totals: dict[str, Decimal]
    figures: dict[str, FigureValue]
    writer: Writer
    warnings: tuple[str, ...] = ()
    sources: int = 0
    #: figures of the total row that are not sums (e.g. the total's % spent), by header
    total_extra: dict[str, Decimal] = field(default_factory=dict)

    def write(self, ledger: Ledger, path: Path, progress: Progress | None = None) -> xd.Written:
        return self.writer(ledger, path, progress)


@dataclass(frozen=True, slots=True)
class Exported:
    path: Path
    totals: dict[str, Decimal]
    sheets: tuple[str, ...]
    prepared: Prepared = field(repr=False)


# --------------------------------------------------------------------------- resolving


def _stream(session: Session, ret: str, stream: str | None) -> tuple[str | None, int | None]:
    code = stream or DEFAULT_STREAM.get(ret)
    if code is None:
        return None, None
    found = {c.upper(): (c, i) for c, i in session.execute(select(Stream.code, Stream.id))}
    hit = found.get(code.strip().upper())
    if hit is None:
        known = ", ".join(sorted(c for c, _ in found.values())) or "none"
        raise ExportInputError(f"--stream: {code}: no such stream (streams: {known})")
    return hit


def _year(ret: str, text: str | None) -> tuple[int | None, int | None]:
    """(financial start year, calendar year) from ``--year``."""
    if not text:
        return None, None
    t = text.strip()
    if ret == "pmt-income" and t.isdigit() and len(t) == 4:
        return None, int(t)
    fy = parse_year(t)
    if fy is None:
        hint = " or a calendar year such as 2025" if ret == "pmt-income" else ""
        raise ExportInputError(f"--year: {text}: not a financial year (e.g. 2025-26{hint})")
    return fy.start_year, None


def _as_at(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    found, problem = parse_date(value)
    if found is None:
        raise ExportInputError(f"--as-at: {value}: {problem or 'not a date'}")
    return found


_YEAR_MODEL: dict[str, Any] = {
    "yj-pooled-budget": Contribution,
    "opcc-csp": BudgetLine,
    "pmt-income": IncomeItem,
}


def resolve(session: Session, request: Request) -> Scope:
    """Check the request against the ledger (:class:`ExportInputError` when it does not fit)."""
    ret = request.ret
    if ret not in RETURNS:
        raise ExportInputError(f"unknown return {ret!r}: one of {', '.join(RETURNS)}")
    if request.by not in BY_CHOICES:
        raise ExportInputError(f"--by must be one of {', '.join(BY_CHOICES)}, not {request.by!r}")
    code, sid = _stream(session, ret, request.stream)
    year, calendar = _year(ret, request.year)
    as_at = _as_at(request.as_at)
    if year is None and calendar is None and sid is not None and ret in _YEAR_MODEL:
        year = xq.latest_year(session, _YEAR_MODEL[ret], sid)
        if year is None:
            raise ExportInputError(f"{ret}: the {code} stream has nothing to report in any year")
    if as_at is None and ret == "opcc-csp" and sid is not None and year is not None:
        as_at = xq.latest_reported(session, sid, year)
    return Scope(ret, code, sid, year, calendar, request.by, as_at or today())


def produced_by(session: Session, ledger: Ledger, as_at: date) -> xd.Produced:
    """Who and what: the ledger's name (or file name), the as-at date, the user, now (UTC)."""
    name = xq.ledger_name(session) or Path(ledger.display_name).name
    return xd.Produced(name, as_at, ledger.actor.username, datetime.now(UTC), __version__)


def prepare(ledger: Ledger, request: Request) -> Prepared:
    """Everything the return needs, read in one transaction."""
    with ledger.read() as session:
        scope = resolve(session, request)
        produced = produced_by(session, ledger, scope.as_at)
        return BUILDERS[scope.ret](session, scope, produced)


# --------------------------------------------------------------------------- writing


def check_out(out: str | Path) -> Path:
    """``--out`` must be an ``.xlsx`` file in a folder that exists."""
    path = Path(out)
    if path.suffix.lower() != ".xlsx":
        raise ExportInputError(f"--out: {out}: the file name must end in .xlsx")
    if not path.parent.is_dir():
        raise ExportInputError(f"--out: {out}: the folder {path.parent} does not exist")
    if path.is_dir():
        raise ExportInputError(f"--out: {out}: is a folder")
    return path


def write_atomic(out: Path, write: Callable[[Path], xd.Written]) -> xd.Written:
    """Write to a temporary file in ``out``'s folder, then rename it over ``out``."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=".part", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        written = write(tmp)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return replace(written, path=str(out))


def write_prepared(
    ledger: Ledger, prepared: Prepared, out: str | Path, progress: Progress | None = None
) -> Exported:
    """Write a prepared return to ``out`` atomically and check its cached totals."""
    path = check_out(out)
    written = write_atomic(path, lambda tmp: prepared.write(ledger, tmp, progress))
    if written.totals != prepared.totals:
        path.unlink(missing_ok=True)
        raise RuntimeError(
            f"{prepared.scope.ret}: the workbook's totals {written.totals} differ from the "
            f"ledger's {prepared.totals}; nothing was kept"
        )
    return Exported(path, dict(written.totals), written.sheets, prepared)


def export_return(
    ledger: Ledger, request: Request, out: str | Path, progress: Progress | None = None
) -> Exported:
    """Prepare and write one return (``ExportInputError`` for bad input; nothing written)."""
    check_out(out)
    return write_prepared(ledger, prepare(ledger, request), out, progress)


# --------------------------------------------------------------------------- youth justice


def _agency(row: cq.ContributionRow) -> str:
    for name in (row.partner, row.partner_as_printed):
        if name in xd.YJ_AGENCIES:
            return name
    raise ExportInputError(
        f"yj-pooled-budget: {row.partner!r} is not an agency of the pooled budget template "
        f"({', '.join(xd.YJ_AGENCIES)})"
    )


def _yj_cells(
    rows: Sequence[cq.ContributionRow],
) -> tuple[dict[tuple[str, str], Decimal], list[xd.InKindStaff], list[xd.SourceRow]]:
    cells: dict[tuple[str, str], Decimal] = {}
    staff: list[xd.InKindStaff] = []
    sources: list[xd.SourceRow] = []
    for r in rows:
        agency = _agency(r)
        if r.heading not in HEADINGS:
            raise ExportInputError(f"yj-pooled-budget: heading {r.heading!r} is not one of "
                                   f"{', '.join(HEADINGS)}")  # fmt: skip
        when = r.received_on or r.invoiced_on
        if r.kind == "in_kind":
            staff.append(xd.InKindStaff(agency, r.fte, r.description or r.heading, r.amount))
            sources.append(xd.SourceRow(f"In kind|{agency}", f"contribution {r.id}", r.amount,
                                        when, None, r.description))  # fmt: skip
        if r.amount is not None:
            key = (agency, r.heading)
            cells[key] = cells.get(key, ZERO) + r.amount
            note = "; ".join(x for x in (r.status, r.description) if x)
            sources.append(xd.SourceRow(f"{agency}|{r.heading}", f"contribution {r.id}",
                                        r.amount, when, None, note))  # fmt: skip
    return cells, staff, sources


def _yj(session: Session, scope: Scope, produced: xd.Produced) -> Prepared:
    assert scope.year is not None and scope.stream_id is not None
    rows = cq.contributions(session, stream_id=scope.stream_id, year=scope.year)
    cells, staff, sources = _yj_cells(rows)
    pooled = [xd.PooledBudgetRow(a, *(cells.get((a, h)) for h in HEADINGS)) for a in xd.YJ_AGENCIES]
    by_heading = {t.key: t.amount for t in cq.pooled_by_heading(session, scope.stream_id,
                                                                scope.year)}  # fmt: skip
    totals: dict[str, Decimal] = {h: by_heading.get(h, ZERO) for h in HEADINGS}
    totals["Total"] = sum(totals.values(), ZERO)
    fy = FinancialYear(scope.year)
    figures: dict[str, FigureValue] = {"yj.total": totals["Total"], "yj.year": fy.code}
    for h in HEADINGS:
        figures[f"yj.heading.{h}"] = totals[h]
    table = []
    for p in pooled:
        values = (p.staffing, p.in_kind, p.other)
        total = sum((v or ZERO for v in values), ZERO)
        table.append((p.agency, *values, total))
        figures[f"yj.agency.{p.agency}.total"] = total
        for h, v in zip(HEADINGS, values, strict=True):
            figures[f"yj.agency.{p.agency}.{h}"] = v
    title = f"Youth justice pooled budget {fy.code}"

    def write(_ledger: Ledger, path: Path, _progress: Progress | None) -> xd.Written:
        return yj_pooled_budget(path, produced, pooled, staff, year=fy, sources=sources)

    unvalued = [s for s in staff if s.value is None]
    warnings = tuple(
        f"{s.agency}: {s.description} (in kind, not valued; on the 'In-kind staff' sheet)"
        for s in unvalued
    )
    return Prepared(scope, title, produced, ("Agency", *HEADINGS, "Total"),
                    ("text", "money", "money", "money", "money"), tuple(table), len(table),
                    totals, _common(scope, produced, figures), write, warnings,
                    len(sources))  # fmt: skip


def _common(
    scope: Scope, produced: xd.Produced, figures: dict[str, FigureValue]
) -> dict[str, FigureValue]:
    out: dict[str, FigureValue] = {
        "as_at": produced.as_at,
        "ledger": produced.ledger_name,
        "produced_by": produced.user,
        "year": scope.year_text,
        "stream": scope.stream,
    }
    out.update(figures)
    return out


# --------------------------------------------------------------------------- OPCC


def _opcc(session: Session, scope: Scope, produced: xd.Produced) -> Prepared:
    assert scope.year is not None and scope.stream_id is not None
    report = build_report(session, year=scope.year, stream=scope.stream, by="line",
                          as_at=scope.as_at)  # fmt: skip
    lines = [r for r in report.rows if r.line_id is not None]
    txns = xq.line_transactions(session, [r.line_id for r in lines if r.line_id], scope.year,
                                scope.as_at)  # fmt: skip
    reported: dict[int, list[xq.TxnSource]] = {}
    for t in txns:
        if t.budget_line_id is not None:
            reported.setdefault(t.budget_line_id, []).append(t)
    csp: list[xd.CspRow] = []
    sources: list[xd.SourceRow] = []
    for r in lines:
        mine = reported.get(r.line_id or -1, [])
        nil = bool(mine) and r.figures.actual == 0 and any(t.reported_nil for t in mine)
        csp.append(xd.CspRow(r.key, r.figures.revised, r.figures.actual if mine else None, nil))
        sources += [
            xd.SourceRow(f"{r.key}|Expenditure", f"transaction {t.id}", t.amount, t.txn_date,
                         t.reference, t.description)
            for t in mine
        ]  # fmt: skip
    fy = FinancialYear(scope.year)
    return _opcc_prepared(scope, produced, fy, csp, sources, report.warnings)


def _opcc_line(r: xd.CspRow) -> tuple[Any, ...]:
    spent = r.expenditure
    remaining = None if spent is None else r.allocation - spent
    pct = None if spent is None else percent(spent, r.allocation)
    shown: Any = "Nil" if r.reported_nil and not spent else spent
    return (r.area, r.allocation, shown, remaining, pct)


def _opcc_prepared(
    scope: Scope,
    produced: xd.Produced,
    fy: FinancialYear,
    csp: list[xd.CspRow],
    sources: list[xd.SourceRow],
    warnings: Sequence[str],
) -> Prepared:
    alloc = sum((r.allocation for r in csp), ZERO)
    spent = sum((r.expenditure or ZERO for r in csp), ZERO)
    remaining = sum((r.allocation - r.expenditure for r in csp if r.expenditure is not None),
                    ZERO)  # fmt: skip
    heads = (f"{fy.code} Allocation", "Expenditure to date", "Remaining")
    totals = dict(zip(heads, (alloc, spent, remaining), strict=True))
    pct = percent(spent, alloc)  # the total row's % spent, as the workbook shows it
    figures: dict[str, FigureValue] = {
        "opcc.allocation_total": alloc,
        "opcc.expenditure_total": spent,
        "opcc.remaining_total": remaining,
        "opcc.as_at": scope.as_at,
    }
    for r in csp:
        figures[f"opcc.area.{r.area}.allocation"] = r.allocation
        figures[f"opcc.area.{r.area}.expenditure"] = r.expenditure
    title = (f"OPCC allocations to CSPs {fy.code}: expenditure to date as at "
             f"{scope.as_at:%d/%m/%Y}")  # fmt: skip

    def write(_ledger: Ledger, path: Path, _progress: Progress | None) -> xd.Written:
        return opcc_csp(path, produced, csp, year=fy, as_at=scope.as_at, sources=sources)

    return Prepared(scope, title, produced, ("CSP Area", *heads, "% spent"),
                    ("text", "money", "money", "money", "percent"),
                    tuple(_opcc_line(r) for r in csp), len(csp), totals,
                    _common(scope, produced, figures), write, tuple(warnings),
                    len(sources), {} if pct is None else {"% spent": pct})  # fmt: skip


# --------------------------------------------------------------------------- DA


def _mechanism(fact: xq.AllocationFact) -> xd.Mechanism:
    if fact.mechanism == "grant":
        return "grant"
    if fact.mechanism == "settlement":
        return "settlement"
    raise ExportInputError(
        f"da-allocations: {fact.label} ({fact.stream}) is funded by {fact.mechanism or 'no'} "
        "mechanism; the return lists grant and settlement allocations"
    )


def _da_allocations(session: Session, scope: Scope, produced: xd.Produced) -> Prepared:
    assert scope.stream_id is not None
    facts = xq.allocations(session, scope.stream_id, scope.year)
    rows = [
        xd.AllocationRow(f.label, FinancialYear(f.year_from), FinancialYear(f.year_to), f.amount,
                         _mechanism(f), f.funder)
        for f in facts
    ]  # fmt: skip
    sources = [
        xd.SourceRow(f.label, f"allocation {f.id}", f.amount, None, f.source_ref, f.status)
        for f in facts
    ]
    total = sum((r.amount for r in rows), ZERO)
    figures: dict[str, FigureValue] = {"da.total": total}
    for r in rows:
        figures[f"da.allocation.{r.label}"] = r.amount
        key = f"da.year.{r.years_text}" if r.year_from == r.year_to else f"da.range.{r.years_text}"
        figures[key] = (figures.get(key) or ZERO) + r.amount  # type: ignore[operator]
    title = "Domestic abuse safe accommodation duty: allocations by year"
    if scope.stream != "DA":
        title = f"{scope.stream} allocations by year"

    def write(_ledger: Ledger, path: Path, _progress: Progress | None) -> xd.Written:
        return da_allocations(path, produced, rows, title=title, sources=sources)

    table = tuple(
        (r.label, r.years_text, r.mechanism.capitalize(), r.funder, r.amount) for r in rows
    )
    return Prepared(scope, title, produced, ("Allocation", "Years", "Mechanism", "Funder",
                    "Amount"), ("text", "text", "text", "text", "money"), table, len(rows),
                    {"Amount": total}, _common(scope, produced, figures), write,
                    sources=len(sources))  # fmt: skip


def _contract_rows(
    session: Session, scope: Scope
) -> tuple[list[xd.ContractRow], list[kq.ContractRow], list[xq.TxnSource]]:
    found = kq.register(session, stream_id=scope.stream_id, today=scope.as_at)
    if scope.year is not None:
        found = [c for c in found if _runs_in(c, FinancialYear(scope.year))]
    rows = [
        xd.ContractRow(
            service=c.service,
            provider=c.provider_text,
            value=c.value,
            term_text=c.term_text,
            start=c.contract_start or c.service_start,
            end=c.last_day,
            extensions=tuple(
                xd.ExtensionOption(e.months, _decision(e.decision), e.decided_on)
                for e in c.extensions
            ),
            invoiced=c.invoiced,
            committed=c.total_value,
            value_text=c.value_text,
            cost_basis=_basis(c.cost_basis),
            stream=c.stream_code,
            reference=c.reference,
        )
        for c in found
    ]
    invoices = xq.contract_invoices(session, [c.id for c in found]) if found else []
    return rows, found, invoices


def _runs_in(c: kq.ContractRow, fy: FinancialYear) -> bool:
    """Whether a contract line runs in the year (a line with no known start is always kept)."""
    start = c.contract_start or c.service_start
    if start is None:
        return True
    return start < fy.end and (c.last_day is None or c.last_day >= fy.start)


def _decision(text: str) -> xd.ExtensionDecision:
    return "taken" if text == "taken" else "declined" if text == "declined" else "pending"


def _basis(text: str) -> Any:
    return text if text in ("per_year", "whole_term") else "unknown"


def _invoice_sources(
    found: Sequence[kq.ContractRow], invoices: Sequence[xq.TxnSource], suffix: str
) -> list[xd.SourceRow]:
    names = {c.id: f"{c.service}|{c.provider_text}|{suffix}" for c in found}
    return [
        xd.SourceRow(names[t.contract_line_id], f"transaction {t.id}", t.amount, t.txn_date,
                     t.reference, t.description)
        for t in invoices
        if t.contract_line_id in names
    ]  # fmt: skip


def _money_sum(values: Sequence[Decimal | str | None]) -> Decimal:
    return sum((v for v in values if isinstance(v, Decimal)), ZERO)


def _da_spend_plan(session: Session, scope: Scope, produced: xd.Produced) -> Prepared:
    rows, found, invoices = _contract_rows(session, scope)
    sources = _invoice_sources(found, invoices, "spent")
    order: dict[str, list[xd.ContractRow]] = {}
    for r in rows:
        order.setdefault(r.provider, []).append(r)
    ordered = [r for lines in order.values() for r in lines]
    cost = _money_sum([r.value for r in rows])
    spent = sum((r.invoiced for r in rows), ZERO)
    remaining = _money_sum([r.remaining for r in rows])
    totals = {"Cost": cost, "Spend to date": spent, "Remaining": remaining}
    figures: dict[str, FigureValue] = {
        "spend.cost_total": cost,
        "spend.spent_total": spent,
        "spend.remaining_total": remaining,
    }
    title = "Domestic abuse spend plan" if scope.stream == "DA" else f"{scope.stream} spend plan"

    def write(_ledger: Ledger, path: Path, _progress: Progress | None) -> xd.Written:
        return da_spend_plan(path, produced, rows, title=title, sources=sources)

    table = tuple(
        (r.provider, r.service, r.term_text, r.start, r.end,
         extension_summary(r.extensions), r.value if r.value is not None else r.value_text, r.invoiced,
         r.remaining)
        for r in ordered
    )  # fmt: skip
    return Prepared(scope, title, produced, ("Service provider", "Support service",
                    "Time period", "Start", "End", "Extension options", "Cost", "Spend to date",
                    "Remaining"), ("text", "text", "text", "date", "date", "text", "money",
                    "money", "money"), table, len(rows), totals,
                    _common(scope, produced, figures), write, sources=len(sources))  # fmt: skip


def _contracts(session: Session, scope: Scope, produced: xd.Produced) -> Prepared:
    rows, found, invoices = _contract_rows(session, scope)
    sources = _invoice_sources(found, invoices, "invoiced")
    cost = _money_sum([r.value for r in rows])
    committed = _money_sum([r.commitment for r in rows])
    invoiced = sum((r.invoiced for r in rows), ZERO)
    remaining = _money_sum([r.remaining for r in rows])
    totals = {"Cost": cost, "Committed": committed, "Invoiced": invoiced, "Remaining": remaining}
    figures: dict[str, FigureValue] = {
        "contracts.cost_total": cost,
        "contracts.committed_total": committed,
        "contracts.invoiced_total": invoiced,
        "contracts.remaining_total": remaining,
        "contracts.lines": len(rows),
    }
    title = "Contracts register" + (f" — {scope.stream}" if scope.stream else "")

    def write(_ledger: Ledger, path: Path, _progress: Progress | None) -> xd.Written:
        return contracts_register(path, produced, rows, title=title, sources=sources)

    table = tuple(
        (r.service, r.provider, r.value if r.value is not None else r.value_text, r.term_text,
         r.start, r.end, extension_summary(r.extensions), r.commitment, r.invoiced, r.remaining, r.stream)
        for r in rows
    )  # fmt: skip
    return Prepared(scope, title, produced, ("Support service", "Service provider", "Cost",
                    "Time period", "Start", "End", "Extension options", "Committed", "Invoiced",
                    "Remaining", "Stream"), ("text", "text", "money", "text", "date", "date",
                    "text", "money", "money", "money", "text"), table, len(rows), totals,
                    _common(scope, produced, figures), write, sources=len(sources))  # fmt: skip


# --------------------------------------------------------------------------- income


def _pmt(session: Session, scope: Scope, produced: xd.Produced) -> Prepared:
    assert scope.stream_id is not None
    fy, cal = scope.year, scope.calendar
    found = iq.income_items(session, stream_id=scope.stream_id, fy=fy, calendar=cal)
    items = [
        xd.IncomeRow(i.raised_on, i.customer, i.category, i.amount, _status(i.status),
                     i.description, i.reference, i.received_on, i.is_council_investment)
        for i in found
    ]  # fmt: skip
    basis: income_return.Basis = "calendar" if cal is not None else "financial"
    year = cal if cal is not None else fy
    assert year is not None
    roi = iq.return_on_investment(session, scope.stream_id, fy=fy, calendar=cal)
    cats = iq.by_category(session, scope.stream_id, fy=fy, calendar=cal)
    return _pmt_prepared(scope, produced, items, basis, year, roi, cats)


def _status(text: str) -> xd.IncomeStatus:
    return "received" if text == "received" else "cancelled" if text == "cancelled" else "raised"


def _pmt_prepared(
    scope: Scope,
    produced: xd.Produced,
    items: list[xd.IncomeRow],
    basis: income_return.Basis,
    year: int,
    roi: iq.RoiResult,
    cats: Sequence[iq.CategoryTotal],
) -> Prepared:
    heads = income_return.QUARTER_HEADERS[basis]
    summary = income_return.summarise(items, basis)
    figures_q: dict[str, FigureValue] = {}
    table: list[tuple[Any, ...]] = []
    totals: dict[str, Decimal] = {h: ZERO for h in heads}
    for name, c in summary.items():
        whole = sum(c.quarters, ZERO)
        table.append((name, *c.quarters, whole, c.received, whole - c.received))
        for h, v in zip(heads, c.quarters, strict=True):
            totals[h] += v
        for q, v in enumerate(c.quarters, 1):
            figures_q[f"pmt.category.{name}.Q{q}"] = v
    raised = sum((c.raised for c in cats), ZERO)
    received = sum((c.received for c in cats), ZERO)
    totals.update({"Total raised": raised, "Received": received,
                   "Outstanding": raised - received})  # fmt: skip
    figures: dict[str, FigureValue] = {
        "pmt.raised_total": raised,
        "pmt.received_total": received,
        "pmt.outstanding_total": raised - received,
        "pmt.leverage": roi.leverage,
        "pmt.investment": roi.investment,
        "pmt.roi_pct": roi.roi_pct,
    }
    figures.update(figures_q)
    sources = [
        xd.SourceRow(f"{i.category}|Q{income_return.quarter(i.raised_on, basis)}",
                     f"income {i.reference or ''}".strip(), i.amount, i.raised_on, i.reference,
                     f"{i.customer}: {i.status}")
        for i in items
        if i.status != "cancelled"
    ]  # fmt: skip
    title = f"Place marketing income {income_return.year_label(year, basis)}"
    roi_figures = (roi.leverage, roi.investment, roi.roi_pct)

    def write(_ledger: Ledger, path: Path, _progress: Progress | None) -> xd.Written:
        return pmt_income(path, produced, items, year=year, basis=basis, sources=sources,
                          roi_figures=roi_figures)  # fmt: skip

    return Prepared(scope, title, produced, ("Category", *heads, "Total raised", "Received",
                    "Outstanding"), ("text", *(["money"] * 7)), tuple(table), len(table),
                    totals, _common(scope, produced, figures), write,
                    sources=len(sources))  # fmt: skip


# --------------------------------------------------------------------------- variance


def _variance(session: Session, scope: Scope, produced: xd.Produced) -> Prepared:
    try:
        report = build_report(session, year=scope.year, stream=scope.stream, by=scope.by,
                              as_at=scope.as_at)  # fmt: skip
    except VarianceInputError as exc:
        raise ExportInputError(str(exc)) from exc
    rows = [
        xd.VarianceRow(r.stream, r.year_code, r.key, r.figures.original, r.figures.virements,
                       r.figures.revised, r.figures.committed, r.figures.actual,
                       r.figures.available, r.figures.forecast, r.figures.forecast_variance,
                       r.figures.pct_spent, r.rag.status, r.comment)  # type: ignore[arg-type]
        for r in report.rows
    ]  # fmt: skip
    names = ("Original", "Virements", "Revised", "Committed", "Actual", "Available")
    attrs = ("original", "virements", "revised", "committed", "actual", "available")
    totals = {n: sum((getattr(r, a) for r in rows), ZERO) for n, a in zip(names, attrs,
                                                                         strict=True)}  # fmt: skip
    if any(r.forecast is not None for r in rows):
        totals["Forecast"] = sum((r.forecast or ZERO for r in rows), ZERO)
        totals["Forecast variance"] = sum((r.forecast_variance or ZERO for r in rows), ZERO)
    figures: dict[str, FigureValue] = {f"variance.{a}_total": totals[n]
                                       for n, a in zip(names, attrs, strict=True)}  # fmt: skip
    for r in rows:
        figures[f"variance.row.{r.stream}.{r.year}.{r.key}.actual"] = r.actual
        figures[f"variance.row.{r.stream}.{r.year}.{r.key}.revised"] = r.revised
    year_text = scope.year_text
    title = (f"Variance report {year_text or 'all years'}, {scope.stream or 'all streams'}, "
             f"by {scope.by}")  # fmt: skip

    def write(_ledger: Ledger, path: Path, _progress: Progress | None) -> xd.Written:
        return variance(path, produced, rows, by=scope.by, year=year_text, stream=scope.stream,
                        warnings=report.warnings)  # fmt: skip

    table = tuple(
        (r.stream, r.year, r.key, r.original, r.virements, r.revised, r.committed, r.actual,
         r.available, r.forecast, r.forecast_variance,
         r.pct_spent, r.rag, r.comment)
        for r in rows
    )  # fmt: skip
    heads = ("Stream", "Year", KEY_HEADERS[scope.by], *names, "Forecast",
             "Forecast variance", "% spent", "RAG", "Commentary")  # fmt: skip
    kinds = ("text", "text", "text", *(["money"] * 8), "percent", "rag", "text")
    return Prepared(scope, title, produced, heads, kinds, table, len(rows), totals,
                    _common(scope, produced, figures), write, report.warnings)  # fmt: skip


# --------------------------------------------------------------------------- transactions


def _txn_row(t: xq.TxnListing) -> xd.TransactionRow:
    return xd.TransactionRow(t.txn_date, t.amount, t.cost_centre, t.counterparty, t.reference,
                             t.description, t.stream, t.year, t.period, t.kind, t.account,
                             t.batch_id, t.batch_file)  # fmt: skip


def _txn_cells(t: xd.TransactionRow) -> tuple[Any, ...]:
    return (t.txn_date, t.cost_centre, t.counterparty, t.reference, t.description, t.amount,
            t.stream, None if t.year is None else FinancialYear(t.year).code, t.period, t.kind,
            t.batch)  # fmt: skip


def _streamed(
    session: Session, scope: Scope, total: int, progress: Progress | None
) -> Iterator[xd.TransactionRow]:
    for n, t in enumerate(
        xq.transaction_listing(session, stream_id=scope.stream_id, year=scope.year), 1
    ):
        if progress is not None and n % 5000 == 0:
            progress(n, total)
        yield _txn_row(t)
    if progress is not None:
        progress(total, total)


def _transactions(session: Session, scope: Scope, produced: xd.Produced) -> Prepared:
    query = RegisterQuery(stream=scope.stream, year=scope.year)
    sums = register_totals(session, TRANSACTIONS, query)
    amount = sums.sum("amount") or ZERO
    first = [
        _txn_row(t)
        for t in xq.transaction_listing(session, stream_id=scope.stream_id, year=scope.year,
                                        limit=PREVIEW_ROWS)
    ]  # fmt: skip
    parts = [scope.stream or "all streams", scope.year_text or "all years"]
    title = f"Transactions — {', '.join(parts)}"

    def write(ledger: Ledger, path: Path, progress: Progress | None) -> xd.Written:
        with ledger.read() as s:
            return transactions(path, produced, _streamed(s, scope, sums.rows, progress),
                                title=title)  # fmt: skip

    figures: dict[str, FigureValue] = {"transactions.total": amount,
                                       "transactions.rows": sums.rows}  # fmt: skip
    heads = ("Date", "Cost Centre", "Supplier", "Invoice No", "Description", "Amount", "Stream",
             "Year", "Period", "Kind", "Import batch")  # fmt: skip
    kinds = ("date", "text", "text", "text", "text", "money", "text", "text", "period", "text",
             "int")  # fmt: skip
    return Prepared(scope, title, produced, heads, kinds, tuple(_txn_cells(t) for t in first),
                    sums.rows, {"Amount": amount}, _common(scope, produced, figures),
                    write)  # fmt: skip


BUILDERS: Mapping[str, Callable[[Session, Scope, xd.Produced], Prepared]] = {
    "yj-pooled-budget": _yj,
    "opcc-csp": _opcc,
    "da-allocations": _da_allocations,
    "da-spend-plan": _da_spend_plan,
    "pmt-income": _pmt,
    "contracts-register": _contracts,
    "variance": _variance,
    "transactions": _transactions,
}


# --------------------------------------------------------------------------- templates


def figures_for(ledger: Ledger, keys: Sequence[str], request: Request) -> dict[str, FigureValue]:
    """The figures a cell map names, from every return its keys belong to (``yj.total`` →
    the pooled budget).  ``request.ret`` is ignored; year, stream and as-at apply to each."""
    out: dict[str, FigureValue] = {}
    wanted = sorted({FIGURE_PREFIX[k.split(".", 1)[0]] for k in keys
                     if k.split(".", 1)[0] in FIGURE_PREFIX})  # fmt: skip
    for ret in wanted:
        stream = request.stream if ret not in DEFAULT_STREAM else None
        prepared = prepare(ledger, replace(request, ret=ret, stream=stream))
        for k, v in prepared.figures.items():
            out.setdefault(k, v)
    if not wanted:
        with ledger.read() as s:
            scope = resolve(s, replace(request, ret="variance"))
            out.update(_common(scope, produced_by(s, ledger, scope.as_at), {}))
    return out
