"""``fundledger check``: database integrity and ledger invariants, reported as problems.

Checks (each returns :class:`Problem` values; none raises for a bad ledger):

- SQLite only: ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check``; every
  :class:`~db.types.Pence` column holds integers (``typeof(col) = 'integer'``; a float or text
  written into the file by hand is reported).  PostgreSQL enforces both by column type.
- The audit chain verifies (:func:`db.audit.verify_chain`).
- Tampering (:mod:`db.tamper`): every money row agrees with its latest audit values, and every
  guard trigger and policy the migrations create is present.
- Every change has an audit record: each row of every audited table (all but ``ledger_info``
  and ``alembic_version``) has an audit entry for its table and primary key
  (``table_name`` / ``row_id``), or belongs to a batch whose bulk entry covers it (an entry for
  the table with ``row_id`` NULL and that ``batch_id``), or lies in the id range of a bulk entry
  that is not an import's (``row_id`` and ``batch_id`` NULL, ``"ids": [first, last]``: the
  matches one auto-match run stored), whose row count and digest still fit
  (:mod:`db.audit_range`).
- Batches: every imported row's batch exists and is the one its audit entry names; an active
  batch's bulk entry counts exactly the rows that reference it, and the amounts of the rows
  referencing a bulk-inserted batch sum to its control total.
- Budgets: a virement's lines belong to its stream and year; per stream and year, the revised
  budgets computed line by line add up to the originals (approved virements only move money).
- Allocations and contributions: no negative allocation; a budget line's allocation belongs to
  the same stream and covers the line's year; a cash contribution has an amount.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    String,
    Table,
    and_,
    cast,
    exists,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session, aliased

from fundledger.money import from_pence, money_str, to_pence

from . import audit_range, tamper
from .audit import verify_chain
from .schema import (
    Allocation,
    AuditEntry,
    Base,
    BudgetLine,
    Contribution,
    ImportBatch,
    Virement,
)
from .types import Pence

UNAUDITED = frozenset({"ledger_info", "alembic_version", "audit_log"})


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong: which check found it, where, and what."""

    check: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.where}: {self.message}"


Check = Callable[[Session], list[Problem]]


def run_checks(session: Session) -> list[Problem]:
    """Every check, in order; an empty list means the ledger is sound."""
    problems: list[Problem] = []
    for check in checks_for(session.get_bind().dialect.name):
        problems.extend(check(session))
    return problems


def checks_for(dialect: str) -> list[Check]:
    """The checks that apply to a backend (SQLite adds the file-level pragmas)."""
    common: list[Check] = [
        audit_chain,
        audit_coverage,
        range_entries,
        audited_money,
        guards,
        batch_links,
        bulk_batches,
        virement_lines,
        revised_budgets,
        allocations_and_contributions,
        stored_files,
    ]
    if dialect == "sqlite":
        return [integrity, foreign_keys, money_integers, *common]
    return common


def pence(col: Any) -> ColumnElement[int]:
    """A money column as its stored integer pence (no conversion to pounds)."""
    return type_coerce(col, BigInteger)


def _gbp(pence: int) -> str:
    return money_str(from_pence(int(pence))) or ""


def tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in UNAUDITED]


# --------------------------------------------------------------------------- SQLite file


def integrity(session: Session) -> list[Problem]:
    rows = [r[0] for r in session.execute(sql_text("PRAGMA integrity_check"))]
    if rows == ["ok"]:
        return []
    return [Problem("integrity", "database file", str(r)) for r in rows]


def foreign_keys(session: Session) -> list[Problem]:
    rows = session.execute(sql_text("PRAGMA foreign_key_check")).all()
    return [
        Problem("foreign-key", f"{table} row {rowid}", f"refers to a missing {parent} row")
        for table, rowid, parent, _fk in rows
    ]


def money_integers(session: Session) -> list[Problem]:
    problems: list[Problem] = []
    for table in tables():
        for col in table.columns:
            if not isinstance(col.type, Pence):
                continue
            bad = session.execute(
                select(func.count())
                .where(col.is_not(None), func.typeof(col) != "integer")
                .select_from(table)
            ).scalar_one()
            if bad:
                problems.append(
                    Problem(
                        "money",
                        f"{table.name}.{col.name}",
                        f"{bad} value(s) are not whole pence (integer storage)",
                    )
                )
    return problems


# --------------------------------------------------------------------------- audit


def audit_chain(session: Session) -> list[Problem]:
    return [
        Problem("audit-chain", f"audit entry {p.entry_id}", p.reason) for p in verify_chain(session)
    ]


def audited_money(session: Session) -> list[Problem]:
    return [Problem("tamper", f.where, f.message) for f in tamper.money_rows(session)]


def guards(session: Session) -> list[Problem]:
    return [Problem("guards", f.where, f.message) for f in tamper.guards_present(session)]


def _pk_text(table: Table) -> ColumnElement[str]:
    """The primary key as ``db.writes`` records it in ``audit_log.row_id`` ("5", "3/2025")."""
    parts: list[ColumnElement[str]] = [cast(c, String) for c in table.primary_key.columns]
    expr = parts[0]
    for part in parts[1:]:
        expr = expr + "/" + part
    return expr


def audit_coverage(session: Session) -> list[Problem]:
    problems: list[Problem] = []
    for table in tables():
        key = _pk_text(table)
        has_entry = exists().where(AuditEntry.table_name == table.name, AuditEntry.row_id == key)
        conds: list[ColumnElement[bool]] = [~has_entry]
        batch = table.columns.get("batch_id")
        if batch is not None:
            bulk = exists().where(
                AuditEntry.table_name == table.name,
                AuditEntry.row_id.is_(None),
                AuditEntry.batch_id == batch,
            )
            conds.append(or_(batch.is_(None), ~bulk))
        conds.extend(~_in_range(table, lo, hi) for lo, hi in _ranges(session, table.name))
        query = select(key).select_from(table).where(and_(*conds)).limit(6)
        missing = list(session.execute(query).scalars())
        problems.extend(_unaudited(table.name, missing))
    return problems


def _ranges(session: Session, table: str) -> list[tuple[int, int]]:
    """The id ranges covered by bulk entries that are not an import's: ``row_id`` and
    ``batch_id`` NULL, ``new`` holding ``"ids": [first, last]`` (auto-matching writes one)."""
    return [(e.first, e.last) for e in audit_range.entries(session, table)]


def range_entries(session: Session) -> list[Problem]:
    """A range entry's rows are still the ones it recorded (count and digest)."""
    return [
        Problem("audit", f"{t} (audit entry {entry_id})", message)
        for t in sorted(audit_range.COLUMNS)
        for entry_id, message in audit_range.problems(session, t)
    ]


def _in_range(table: Table, lo: int, hi: int) -> ColumnElement[bool]:
    (pk,) = table.primary_key.columns
    return pk.between(lo, hi)


def _unaudited(table: str, keys: list[str]) -> Iterable[Problem]:
    shown = ", ".join(keys[:5]) + (" …" if len(keys) > 5 else "")
    if keys:
        yield Problem("audit", table, f"rows without an audit record: {shown}")


# --------------------------------------------------------------------------- batches


def batch_links(session: Session) -> list[Problem]:
    """Rows whose audit entry names a batch must carry that batch (and it must exist)."""
    problems: list[Problem] = []
    for table in tables():
        batch = table.columns.get("batch_id")
        if batch is None:
            continue
        key = _pk_text(table)
        bad = session.execute(
            select(key, batch, AuditEntry.batch_id)
            .select_from(table)
            .join(AuditEntry, and_(AuditEntry.table_name == table.name, AuditEntry.row_id == key))
            .where(
                AuditEntry.batch_id.is_not(None),
                or_(batch.is_(None), batch != AuditEntry.batch_id),
            )
            .limit(5)
        ).all()
        for row_id, have, want in bad:
            problems.append(
                Problem("batch", f"{table.name} {row_id}", f"imported in batch {want}, "
                        f"but the row says {have if have is not None else 'no batch'}")
            )  # fmt: skip
        problems.extend(_orphans(session, table, batch))
    return problems


def _orphans(session: Session, table: Table, batch: Column[int]) -> list[Problem]:
    b = aliased(ImportBatch)
    n = session.execute(
        select(func.count())
        .select_from(table)
        .outerjoin(b, b.id == batch)
        .where(batch.is_not(None), b.id.is_(None))
    ).scalar_one()
    if not n:
        return []
    return [Problem("batch", table.name, f"{n} row(s) refer to an import batch that is missing")]


def bulk_batches(session: Session) -> list[Problem]:
    """A bulk audit entry's count and control total match the rows of its batch."""
    problems: list[Problem] = []
    entries = session.execute(
        select(AuditEntry.id, AuditEntry.table_name, AuditEntry.batch_id, AuditEntry.new).where(
            AuditEntry.row_id.is_(None), AuditEntry.batch_id.is_not(None)
        )
    ).all()
    settled: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for entry_id, table_name, batch_id, new in entries:
        table = Base.metadata.tables.get(table_name)
        batch = session.get(ImportBatch, batch_id)
        if table is None or batch is None or not new or "batch_id" not in table.c:
            continue
        if batch.status != "active":  # undone: the import's entry and its reversals' entry
            settled.setdefault((table_name, batch.id), []).append(json.loads(new))
            continue
        problems.extend(_bulk_entry(session, table, batch, entry_id, json.loads(new)))
    for (table_name, batch_id), bodies in sorted(settled.items()):
        problems.extend(_settled(session, Base.metadata.tables[table_name], batch_id, bodies))
    return problems


def _settled(
    session: Session, table: Table, batch_id: int, bodies: list[dict[str, Any]]
) -> list[Problem]:
    """A batch no longer active (undone): its rows that have no audit entry of their own are
    exactly the ones its bulk entries count (the import's and its reversals'), and sum to their
    totals — a row added to an old batch behind the trail is found."""
    key = _pk_text(table)
    own = exists().where(
        AuditEntry.table_name == table.name, AuditEntry.row_id == key, AuditEntry.old.is_(None)
    )
    amount = table.c.get("amount")
    total = func.coalesce(func.sum(pence(amount)), 0) if amount is not None else func.count()
    count, pence_sum = session.execute(
        select(func.count(), total).where(table.c.batch_id == batch_id, ~own)
    ).one()
    want = sum(int(b["count"]) for b in bodies if isinstance(b.get("count"), int))
    where = f"batch {batch_id} ({table.name})"
    problems = []
    if count != want:
        problems.append(Problem("batch", where, f"its audit entries record {want} rows without "
                                f"their own entry but the batch has {count}"))  # fmt: skip
    totals = [b.get("control_total") for b in bodies]
    if amount is not None and all(isinstance(t, str) for t in totals):
        control = sum(to_pence(Decimal(str(t))) for t in totals)
        if int(pence_sum) != control:
            problems.append(Problem("batch", where, f"rows sum to {_gbp(int(pence_sum))}, "
                                    f"its audit entries total {_gbp(control)}"))  # fmt: skip
    return problems


def _bulk_entry(
    session: Session, table: Table, batch: ImportBatch, entry_id: int, new: dict[str, object]
) -> list[Problem]:
    col = table.c.batch_id
    count, total = session.execute(
        select(func.count(), func.coalesce(func.sum(pence(table.c.amount)), 0)).where(
            col == batch.id
        )
    ).one()
    where = f"batch {batch.id} ({table.name})"
    problems = []
    if new.get("count") != count:
        problems.append(Problem("batch", where, f"audit entry {entry_id} records "
                                f"{new.get('count')} rows but the batch has {count}"))  # fmt: skip
    control = to_pence(batch.control_total)
    if int(total) != control:
        problems.append(Problem("batch", where, f"rows sum to {_gbp(int(total))}, "
                                f"control total {_gbp(control)}"))  # fmt: skip
    return problems


# --------------------------------------------------------------------------- budgets


def virement_lines(session: Session) -> list[Problem]:
    f, t = aliased(BudgetLine), aliased(BudgetLine)
    rows = session.execute(
        select(Virement.id)
        .join(f, f.id == Virement.from_line_id)
        .join(t, t.id == Virement.to_line_id)
        .where(
            or_(
                f.stream_id != Virement.stream_id,
                t.stream_id != Virement.stream_id,
                f.year != Virement.year,
                t.year != Virement.year,
            )
        )
    ).scalars()
    return [
        Problem("virement", f"virement {vid}", "its lines are not in its stream and year")
        for vid in rows
    ]


def _approved(side: Column[int]) -> ColumnElement[int]:
    return (
        select(func.coalesce(func.sum(pence(Virement.amount)), 0))
        .where(side == BudgetLine.id, Virement.status == "approved")
        .correlate(BudgetLine)
        .scalar_subquery()
    )


def revised_budgets(session: Session) -> list[Problem]:
    """Σ revised (line by line) = Σ original per stream and year: virements only move money."""
    incoming = _approved(Virement.to_line_id)  # type: ignore[arg-type]
    outgoing = _approved(Virement.from_line_id)  # type: ignore[arg-type]
    per_line = (
        select(
            BudgetLine.stream_id.label("stream_id"),
            BudgetLine.year.label("year"),
            pence(BudgetLine.original).label("original"),
            (pence(BudgetLine.original) + incoming - outgoing).label("revised"),
        )
    ).subquery()
    rows = session.execute(
        select(
            per_line.c.stream_id,
            per_line.c.year,
            func.sum(per_line.c.original),
            func.sum(per_line.c.revised),
        ).group_by(per_line.c.stream_id, per_line.c.year)
    ).all()
    return [
        Problem(
            "budget",
            f"stream {sid} year {year}",
            f"revised budgets total {_gbp(revised)} but originals total {_gbp(original)}",
        )
        for sid, year, original, revised in rows
        if original != revised
    ]


def allocations_and_contributions(session: Session) -> list[Problem]:
    problems = [
        Problem("allocation", f"allocation {aid}", "amount is negative")
        for aid in session.execute(
            select(Allocation.id).where(pence(Allocation.amount) < 0)
        ).scalars()
    ]
    line_alloc = session.execute(
        select(BudgetLine.id, BudgetLine.name)
        .join(Allocation, Allocation.id == BudgetLine.allocation_id)
        .where(
            or_(
                Allocation.stream_id != BudgetLine.stream_id,
                BudgetLine.year < Allocation.year_from,
                BudgetLine.year > Allocation.year_to,
            )
        )
    ).all()
    problems += [
        Problem(
            "allocation",
            f"budget line {lid} {name!r}",
            "its allocation is for another stream or does not cover its year",
        )
        for lid, name in line_alloc
    ]
    problems += [
        Problem("contribution", f"contribution {cid}", "a cash contribution has no amount")
        for cid in session.execute(
            select(Contribution.id).where(
                Contribution.kind == "cash", Contribution.amount.is_(None)
            )
        ).scalars()
    ]
    return problems


# --------------------------------------------------------------------------- stored files


def stored_files(session: Session) -> list[Problem]:
    """Every submitted workbook and every evidence file still hashes to its recorded sha256
    (a byte changed behind the ledger's back is named), read one at a time."""
    import hashlib

    from .schema import EvidenceFile, ReturnSubmission

    problems: list[Problem] = []
    for sid, digest in session.execute(select(ReturnSubmission.id, ReturnSubmission.sha256)).all():
        data = session.execute(
            select(ReturnSubmission.workbook).where(ReturnSubmission.id == sid)
        ).scalar_one()
        if hashlib.sha256(bytes(data)).hexdigest() != digest:
            problems.append(Problem("stored-file", f"return submission {sid}",
                                    f"the workbook no longer matches its sha256 {digest[:16]}…"))  # fmt: skip
    for (digest,) in session.execute(select(EvidenceFile.sha256)).all():
        data = session.execute(
            select(EvidenceFile.content).where(EvidenceFile.sha256 == digest)
        ).scalar_one()
        if hashlib.sha256(bytes(data)).hexdigest() != digest:
            problems.append(Problem("stored-file", f"evidence file {digest[:16]}…",
                                    "its bytes no longer match the sha256 they are stored under"))  # fmt: skip
    return problems
