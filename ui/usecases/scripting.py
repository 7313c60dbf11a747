"""What the action commands need beyond the app's own use cases: naming things as a script
does (a stream by code, a budget line by #id or by name, an organisation by name or alias, a
period as P06) and saying what a write left in the audit log.

Each resolver works inside the caller's session and refuses with a :class:`LedgerError` that
names what was given, so a command exits 2 with nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.ops.orgs import find_org
from db.schema import BudgetLine, ContractLine, Stream, Transaction
from db.writes import LedgerError
from fundledger.money import Money
from fundledger.years import FinancialYear, parse_period_label, parse_year

from .audit import AuditRow, audit_mark, audit_since

__all__ = [
    "AllocationRow",
    "AuditRow",
    "TxnRow",
    "allocation_row",
    "audit_mark",
    "audit_since",
    "find_contract",
    "find_line",
    "movement",
    "org_id",
    "period_number",
    "row_fields",
    "stream_of",
    "transaction_row",
    "transaction_rows",
    "year_number",
]


def year_number(text: str) -> int:
    """``2025-26`` (or 2025) as its starting year, or a refusal."""
    found = parse_year(text)
    if found is None:
        raise LedgerError(f"--year {text!r} is not a financial year (e.g. 2025-26)")
    return found.start_year


def period_number(text: str) -> int:
    """``P06``, ``6`` or ``06`` as 6; refuses anything not 1–12."""
    raw = text.strip().upper().removeprefix("P")
    if raw.isdigit() and 1 <= int(raw) <= 12:
        return int(raw)
    found = parse_period_label(text)
    if found is not None:
        return found[1]
    raise LedgerError(f"--period {text!r} is not a period (P01 to P12, April is P01)")


def stream_of(session: Session, code: str) -> Stream:
    found = session.execute(
        select(Stream).where(func.upper(Stream.code) == code.strip().upper())
    ).scalar_one_or_none()
    if found is None:
        codes = ", ".join(session.execute(select(Stream.code).order_by(Stream.code)).scalars())
        raise LedgerError(f"there is no stream {code!r} (streams: {codes})")
    return found


def find_line(
    session: Session, text: str, stream: str | None = None, year: int | None = None
) -> BudgetLine:
    """The budget line ``text`` names: ``#12`` or ``12``, else its name or code — within
    ``stream`` and ``year`` when given, and it must then be the only one."""
    raw = text.strip().removeprefix("#")
    if raw.isdigit():
        line = session.get(BudgetLine, int(raw))
        if line is None:
            raise LedgerError(f"budget line #{raw} does not exist")
        return line
    q = select(BudgetLine).where(
        or_(func.lower(BudgetLine.name) == raw.lower(), func.lower(BudgetLine.code) == raw.lower())
    )
    if stream:
        q = q.where(BudgetLine.stream_id == stream_of(session, stream).id)
    if year is not None:
        q = q.where(BudgetLine.year == year)
    found = list(session.execute(q.order_by(BudgetLine.year, BudgetLine.id)).scalars())
    where = " ".join(x for x in (stream, FinancialYear(year).code if year else None) if x)
    if not found:
        raise LedgerError(f"no budget line is called {text!r}{' in ' + where if where else ''}")
    if len(found) > 1:
        many = "; ".join(f"#{b.id} {FinancialYear(b.year).code}" for b in found[:8])
        raise LedgerError(f"{text!r} names {len(found)} budget lines ({many}): give #id, or "
                          "--stream and --year")  # fmt: skip
    return found[0]


def find_contract(session: Session, text: str) -> ContractLine:
    """The contract line ``text`` names: ``#12`` or ``12``, else its reference."""
    raw = text.strip().removeprefix("#")
    if raw.isdigit():
        line = session.get(ContractLine, int(raw))
        if line is None:
            raise LedgerError(f"contract line #{raw} does not exist")
        return line
    found = list(session.execute(
        select(ContractLine).where(func.lower(ContractLine.reference) == raw.lower())
    ).scalars())  # fmt: skip
    if len(found) != 1:
        what = "no contract line has" if not found else f"{len(found)} contract lines have"
        raise LedgerError(f"{what} the reference {text!r}; give #id")
    return found[0]


def org_id(session: Session, text: str, kind: str | None = None) -> int:
    return find_org(session, text, kind).id


def movement(ledger: Ledger, carry: bool, request_id: int) -> Any:
    """A virement (or, ``carry``, a carry-forward) as the approvals list shows it, or None."""
    from db.queries import budget as bq

    with ledger.read() as s:
        rows = bq.carry_forwards(s) if carry else bq.virements(s)
    return next((r for r in rows if r.id == request_id), None)


def row_fields(ledger: Ledger, cls: Any, row_id: int, fields: tuple[str, ...]) -> dict[str, Any]:
    """``fields`` of one row as they are now (for a command's --json), with its id."""
    with ledger.read() as s:
        row = s.get(cls, row_id)
        if row is None:
            raise LedgerError(f"{cls.__tablename__} #{row_id} does not exist")
        out = {"id": row_id, **{f: getattr(row, f) for f in fields}}
        if "stream_id" in out:  # the stream's code beside its id, as the pages show it
            stream = s.get(Stream, out["stream_id"])
            out["stream"] = stream.code if stream is not None else None
        return out


@dataclass(frozen=True, slots=True)
class AllocationRow:
    id: int
    stream: str
    funder: str
    year_from: int
    year_to: int
    amount: Money
    status: str
    mechanism: str | None
    label: str | None


def allocation_row(ledger: Ledger, allocation_id: int) -> AllocationRow:
    from db.schema import Allocation, Organisation

    with ledger.read() as s:
        a, code, funder = s.execute(
            select(Allocation, Stream.code, Organisation.name)
            .join(Stream, Stream.id == Allocation.stream_id)
            .join(Organisation, Organisation.id == Allocation.funder_org_id)
            .where(Allocation.id == allocation_id)
        ).one()
        return AllocationRow(a.id, code, funder, a.year_from, a.year_to, a.amount, a.status,
                             a.mechanism, a.label)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TxnRow:
    id: int
    stream: str
    txn_date: date
    year: int
    period: int
    amount: Money
    kind: str
    budget_line_id: int | None
    line: str | None
    contract_line_id: int | None
    counterparty: str | None
    reference: str | None
    description: str | None
    reverses_id: int | None


def _txn_query() -> Any:
    return (
        select(Transaction, Stream.code, BudgetLine.name)
        .join(Stream, Stream.id == Transaction.stream_id)
        .outerjoin(BudgetLine, BudgetLine.id == Transaction.budget_line_id)
    )


def _txn(t: Transaction, code: str, line: str | None) -> TxnRow:
    return TxnRow(t.id, code, t.txn_date, t.year, t.period, t.amount, t.kind, t.budget_line_id,
                  line, t.contract_line_id, t.counterparty, t.reference, t.description,
                  t.reverses_id)  # fmt: skip


def transaction_row(ledger: Ledger, txn_id: int) -> TxnRow:
    with ledger.read() as s:
        t, code, line = s.execute(_txn_query().where(Transaction.id == txn_id)).one()
        return _txn(t, code, line)


def transaction_rows(
    ledger: Ledger,
    *,
    stream: str | None = None,
    year: int | None = None,
    period: int | None = None,
    line_id: int | None = None,
    limit: int = 500,
) -> list[TxnRow]:
    """Transactions, newest first (by date, then number), filtered as given."""
    with ledger.read() as s:
        q = _txn_query()
        if stream:
            q = q.where(Transaction.stream_id == stream_of(s, stream).id)
        if year is not None:
            q = q.where(Transaction.year == year)
        if period is not None:
            q = q.where(Transaction.period == period)
        if line_id is not None:
            q = q.where(Transaction.budget_line_id == line_id)
        q = q.order_by(Transaction.txn_date.desc(), Transaction.id.desc()).limit(limit)
        return [_txn(t, code, line) for t, code, line in s.execute(q)]


def today() -> date:
    from ui.usecases.variance import today as local_today

    return local_today()
