"""``contracts-register``: every contract line with term, extensions, committed, invoiced,
remaining and expiry (the layout: :func:`exports.returns.registers.contracts_table`); its
lines are the Contracts page's own (``db.queries.contracts.register``).

:func:`contract_rows` is shared with the DA spend plan."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.queries import contracts as kq
from db.queries import exports as xq
from exports import data as xd
from exports.returns.registers import contracts_table, write_contracts
from exports.template import FigureValue
from fundledger.years import FinancialYear

from .base import Prepared, Progress, Scope, common_figures
from .registry import FigureDoc, ReturnDef

NAME = "contracts-register"


def _decision(text: str) -> xd.ExtensionDecision:
    return "taken" if text == "taken" else "declined" if text == "declined" else "pending"


def _basis(text: str) -> Any:
    return text if text in ("per_year", "whole_term") else "unknown"


def runs_in(c: kq.ContractRow, fy: FinancialYear) -> bool:
    """Whether a contract line runs in the year (a line with no known start is always kept)."""
    start = c.contract_start or c.service_start
    if start is None:
        return True
    return start < fy.end and (c.last_day is None or c.last_day >= fy.start)


def _row(c: kq.ContractRow) -> xd.ContractRow:
    return xd.ContractRow(
        service=c.service,
        provider=c.provider_text,
        value=c.value,
        term_text=c.term_text,
        start=c.contract_start or c.service_start,
        end=c.last_day,
        extensions=tuple(
            xd.ExtensionOption(e.months, _decision(e.decision), e.decided_on) for e in c.extensions
        ),
        invoiced=c.invoiced,
        committed=c.total_value,
        value_text=c.value_text,
        cost_basis=_basis(c.cost_basis),
        stream=c.stream_code,
        reference=c.reference,
    )


def contract_rows(
    session: Session, scope: Scope, suffix: str
) -> tuple[list[xd.ContractRow], list[xd.SourceRow]]:
    """The scope's contract lines (those running in its year, if any) and the invoices behind
    each line's invoiced figure (figure key ``<service>|<provider>|<suffix>``)."""
    found = kq.register(session, stream_id=scope.stream_id, today=scope.as_at)
    if scope.year is not None:
        found = [c for c in found if runs_in(c, FinancialYear(scope.year))]
    invoices = xq.contract_invoices(session, [c.id for c in found]) if found else []
    return [_row(c) for c in found], _invoice_sources(found, invoices, suffix)


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


def build(session: Session, scope: Scope, produced: xd.Produced) -> Prepared:
    rows, sources = contract_rows(session, scope, "invoiced")
    table = contracts_table(rows, scope.as_at)
    t = table.totals
    figures: dict[str, FigureValue] = {
        "contracts.cost_total": t["Cost"],
        "contracts.committed_total": t["Committed"],
        "contracts.invoiced_total": t["Invoiced"],
        "contracts.remaining_total": t["Remaining"],
        "contracts.lines": len(rows),
    }
    title = "Contracts register" + (f" — {scope.stream}" if scope.stream else "")

    def write(_ledger: Ledger, path: Path, _progress: Progress | None) -> xd.Written:
        return write_contracts(path, produced, table, title=title, sources=sources)

    return Prepared(scope, title, produced, table, len(rows),
                    common_figures(scope, produced, figures), write,
                    sources=tuple(sources))  # fmt: skip


DEFINITION = ReturnDef(
    name=NAME,
    title="Contracts register (term, extensions, spend, expiry)",
    build=build,
    figure_prefix="contracts",
    figures=(
        FigureDoc(
            "contracts.cost_total",
            "the lines' agreed cost (values given only in words are not counted)",
        ),
        FigureDoc("contracts.committed_total", "committed: each line's value for the period"),
        FigureDoc("contracts.invoiced_total", "invoiced against the lines"),
        FigureDoc("contracts.remaining_total", "committed less invoiced"),
        FigureDoc("contracts.lines", "how many contract lines"),
    ),
)
