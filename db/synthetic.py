"""Bulk synthetic transactions for trying the app and benchmarks at scale (``demo --transactions``).

Rows are generated deterministically (no randomness: row ``i`` of a batch is always the same)
and written with the raw DBAPI in the caller's transaction — ``executemany`` on SQLite,
``COPY`` on PostgreSQL — as integer pence.  The batch is one ``import_batches`` row of kind
``synthetic`` (audited as usual) plus ONE audit entry for the bulk insert carrying the batch id,
the row count and the control total.  Rows go only into open periods: a (stream, year,
period) closed by an active period lock is never used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fundledger.money import from_pence, money_str
from fundledger.years import FinancialYear

from . import audit
from .ledger import Actor
from .schema import BudgetLine, CostCentre, ImportBatch, PeriodLock, Stream, Transaction
from .types import UTCDateTime, utcnow
from .writes import LedgerError, insert

YEARS = (2023, 2024, 2025, 2026)
CHUNK = 50_000
#: From this many rows (and at least as many as the table holds), SQLite indexes are rebuilt
#: after the insert instead of maintained row by row.
REBUILD_AT = 100_000
COLUMNS = (
    "stream_id",
    "budget_line_id",
    "txn_date",
    "year",
    "period",
    "amount",
    "kind",
    "counterparty",
    "reference",
    "description",
    "cost_centre",
    "reported_nil",
    "batch_id",
    "version",
    "created_at",
    "created_by",
)
SUPPLIERS = (
    "FreeVa",
    "Living without Abuse",
    "Turning Point",
    "Women's Aid Leicestershire",
    "Leicestershire Gate",
    "Everyone Active",
    "Leicestershire Partnership NHS Trust",
    "The Appropriate Adult Service",
    "Panahghar",
    "Blaby District Council",
)


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a synthetic row is charged: stream, year, period, line (or none), cost centre."""

    stream_id: int
    year: int
    period: int
    line_id: int | None
    cost_centre: str | None


@dataclass(frozen=True, slots=True)
class BulkResult:
    batch_id: int
    rows: int
    control_total_pence: int


def amount_pence(i: int) -> int:
    """Row ``i``'s amount: £5.00–£2,504.99, every 37th a credit (negative)."""
    magnitude = 500 + (i * 2_654_435_761) % 250_000
    return -magnitude if i % 37 == 36 else magnitude


def slots(session: Session) -> list[Slot]:
    """Every open (stream, year, period, line) of the expenditure and pooled streams."""
    streams = session.execute(
        select(Stream.id, Stream.code).where(Stream.kind != "income").order_by(Stream.id)
    ).all()
    centres = {s: c for s, c in session.execute(select(CostCentre.stream_id, CostCentre.code))}
    lines: dict[tuple[int, int], list[int | None]] = {}
    for sid, year, lid in session.execute(
        select(BudgetLine.stream_id, BudgetLine.year, BudgetLine.id).order_by(BudgetLine.id)
    ):
        lines.setdefault((sid, year), []).append(lid)
    locked = _locked(session)
    out: list[Slot] = []
    for sid, _code in streams:
        for year in YEARS:
            for period in range(1, 13):
                if _is_locked(locked, sid, year, period):
                    continue
                for line_id in lines.get((sid, year)) or [None]:
                    out.append(Slot(sid, year, period, line_id, centres.get(sid)))
    return out


def _locked(session: Session) -> set[tuple[int | None, int, int | None]]:
    rows = session.execute(
        select(PeriodLock.stream_id, PeriodLock.year, PeriodLock.period).where(
            PeriodLock.active.is_(True)
        )
    )
    return {(s, y, p) for s, y, p in rows}


def _is_locked(locked: set[tuple[int | None, int, int | None]], sid: int, y: int, p: int) -> bool:
    return any(
        key in locked for key in ((None, y, None), (sid, y, None), (None, y, p), (sid, y, p))
    )


def _days(slot: Slot) -> list[date]:
    fy = FinancialYear(slot.year)
    start = fy.period_start(slot.period)
    return [start + timedelta(days=d) for d in range((fy.period_end(slot.period) - start).days)]


def _rows(
    places: list[Slot], n: int, batch_id: int, convert: dict[str, Any], user: str
) -> Iterator[tuple[Any, ...]]:
    """Rows in slot order (contiguous runs per slot keep the index inserts local)."""
    created = convert["created_at"]
    to_date = convert["txn_date"]
    description = "Synthetic transaction (demo --transactions)"
    per_slot = [[to_date(d) for d in _days(slot)] for slot in places]
    count = len(places)
    for i in range(n):
        k = i * count // n
        slot = places[k]
        days = per_slot[k]
        pence = amount_pence(i)
        yield (
            slot.stream_id,
            slot.line_id,
            days[i % len(days)],
            slot.year,
            slot.period,
            pence,
            "credit" if pence < 0 else "spend",
            SUPPLIERS[i % 10],
            f"SYN-{batch_id}-{i + 1:07d}",
            description,
            slot.cost_centre,
            False,
            batch_id,
            1,
            created,
            user,
        )


def _converters(session: Session) -> dict[str, Any]:
    dialect = session.get_bind().dialect
    table = Transaction.__table__
    stamp = table.c.created_at.type
    assert isinstance(stamp, UTCDateTime)
    created_proc = stamp.impl_instance.dialect_impl(dialect).bind_processor(dialect)
    date_proc = table.c.txn_date.type.dialect_impl(dialect).bind_processor(dialect)
    now = stamp.process_bind_param(utcnow(), dialect)
    created = created_proc(now) if created_proc else now

    def to_date(d: date) -> Any:
        return date_proc(d) if date_proc else d

    return {"created_at": created, "txn_date": to_date}


def add_synthetic_transactions(session: Session, actor: Actor, n: int) -> BulkResult:
    """Insert ``n`` synthetic transactions as one batch (see module docstring)."""
    if n <= 0:
        raise LedgerError("the number of synthetic transactions must be positive")
    places = slots(session)
    if not places:
        raise LedgerError("no open period to put synthetic transactions in")
    total = sum(amount_pence(i) for i in range(n))
    digest = hashlib.sha256(f"synthetic:{n}:{len(places)}".encode()).hexdigest()
    batch = ImportBatch(kind="synthetic", file_name=f"demo --transactions {n}", sha256=digest,
                        rows=n, control_total=from_pence(total))  # fmt: skip
    insert(session, actor, batch, action="synthetic_batch")
    rows = _rows(places, n, batch.id, _converters(session), actor.username)
    existing = session.execute(select(func.count()).select_from(Transaction)).scalar_one()
    with audit.acting(session, actor.username, "bulk_insert", bulk_batch=batch.id):
        _write(session, rows, bulky=n >= REBUILD_AT and n >= existing)
    audit.note(
        session,
        actor.username,
        "bulk_insert",
        "transactions",
        None,
        {"batch_id": batch.id, "count": n, "control_total": money_str(from_pence(total))},
        reason="demo --transactions",
        batch_id=batch.id,
    )
    return BulkResult(batch.id, n, total)


def _drop_indexes(cur: Any) -> list[str]:
    """Drop the transactions indexes (inside the transaction) and return their DDL.

    Building an index once after a bulk insert is several times faster than maintaining it
    row by row; SQLite DDL is transactional, so a failure rolls the drop back too.
    """
    found = cur.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transactions' "
        "AND sql IS NOT NULL"
    ).fetchall()
    for name, _sql in found:
        cur.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def _write(session: Session, rows: Iterator[tuple[Any, ...]], bulky: bool) -> None:
    conn = session.connection()
    raw: Any = conn.connection.dbapi_connection
    cols = ", ".join(COLUMNS)
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cur, cur.copy(f"COPY transactions ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in COLUMNS)
    cur = raw.cursor()
    try:
        indexes = _drop_indexes(cur) if bulky else []
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                cur.executemany(f"INSERT INTO transactions ({cols}) VALUES ({marks})", chunk)
                chunk.clear()
        if chunk:
            cur.executemany(f"INSERT INTO transactions ({cols}) VALUES ({marks})", chunk)
        for sql in indexes:
            cur.execute(sql)
    finally:
        cur.close()
