"""``check``'s tamper evidence: money rows against their audit trail, and the guards present.

- **Money rows agree with their latest audit values.**  For every row of a money table that the
  trail records one by one, the entries for it are folded in order (an insert's values, then
  each update's new values, a delete ending it) and the result is compared with the row as it
  is: money, numbers, text, dates and yes/no columns (timestamps and the bookkeeping columns
  ``created_*``/``updated_*``/``version`` aside).  A row changed or deleted behind the trail
  (SQL with the triggers dropped or disabled, or by the tables' owner) is named with the column,
  the audited value and the value found.  Rows of a bulk import are covered by their batch's
  count and control total instead (:func:`db.checks.bulk_batches`).
- **The guards are all there.**  Every trigger (and on PostgreSQL every row-level-security
  policy, with RLS enabled) that the migrations create is present and enabled; a dropped or
  disabled one is named.  :data:`EXPECTED` lists them per backend.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Boolean, Date, Integer, String, Table, select, tuple_
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from .schema import MONEY_TABLES, AuditEntry, Base
from .types import Pence

BOOKKEEPING = frozenset({"created_at", "created_by", "updated_at", "updated_by", "version"})
_DELETED = object()
_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Found:
    """One finding: where (table and row) and what."""

    where: str
    message: str


# --------------------------------------------------------------------------- money vs audit


def _key(table: Table, row: Any) -> str:
    return "/".join(str(getattr(row, c.name)) for c in table.primary_key.columns)


def _folded(session: Session, table: str) -> dict[str, Any]:
    """row key → the values its audit entries add up to (or ``_DELETED``)."""
    state: dict[str, Any] = {}
    entries = session.execute(
        select(AuditEntry.row_id, AuditEntry.old, AuditEntry.new)
        .where(AuditEntry.table_name == table, AuditEntry.row_id.is_not(None))
        .order_by(AuditEntry.id)
    )
    for row_id, old, new in entries:
        if row_id is None:
            continue
        values = _load(new)
        if values is None and old is not None:
            state[row_id] = _DELETED
        elif isinstance(values, dict):
            now = state.get(row_id)
            if old is None or not isinstance(now, dict):
                state[row_id] = dict(values)  # an insert (or the first entry seen)
            else:
                now.update(values)
    return state


def _load(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return {}


def _norm(column: Any, value: Any) -> Any:
    """A column value and an audited value in one comparable form (None if not compared)."""
    if value is None:
        return None
    kind = column.type
    try:
        if isinstance(kind, Pence):
            return Decimal(str(value)).quantize(Decimal("0.01"))
        if isinstance(kind, Boolean):
            return bool(value) if not isinstance(value, str) else value.lower() in {"1", "true"}
        if isinstance(kind, Date):
            return value.isoformat() if isinstance(value, date) else str(value)[:10]
        if isinstance(kind, Integer):
            return int(value)
        if isinstance(kind, String):
            return str(value)
    except (InvalidOperation, ValueError, TypeError):
        return repr(value)
    return None


def _compared(table: Table) -> list[Any]:
    return [
        c
        for c in table.columns
        if c.name not in BOOKKEEPING
        and isinstance(c.type, Pence | Boolean | Date | Integer | String)
    ]


def _rows(session: Session, table: Table, keys: list[str]) -> Iterator[Any]:
    pk = list(table.primary_key.columns)
    if len(pk) == 1 and isinstance(pk[0].type, Integer):
        ids = [int(k) for k in keys if k.isdigit()]
        for i in range(0, len(ids), 500):
            yield from session.execute(select(table).where(pk[0].in_(ids[i : i + 500])))
    else:  # a composite key: small reference tables, read whole
        yield from session.execute(select(table).where(tuple_(*pk).is_not(None)))


def money_rows(session: Session) -> list[Found]:
    """Money rows that differ from (or are missing against) their latest audit values."""
    found: list[Found] = []
    for name in MONEY_TABLES:
        table = Base.metadata.tables[name]
        state = _folded(session, name)
        if not state:
            continue
        columns = _compared(table)
        seen: set[str] = set()
        changed: list[Found] = []
        for row in _rows(session, table, list(state)):
            key = _key(table, row)
            seen.add(key)
            audited = state.get(key)
            if audited is None:
                continue
            if audited is _DELETED:
                changed.append(Found(f"{name} {key}", "exists although its audit trail "
                                     "records it deleted"))  # fmt: skip
                continue
            changed.extend(_differences(name, key, columns, row, audited))
        gone = [k for k, v in state.items() if isinstance(v, dict) and k not in seen]
        found.extend(changed[:_SHOWN])
        if len(changed) > _SHOWN:
            found.append(Found(name, f"… and {len(changed) - _SHOWN} more rows changed outside "
                               "the audit trail"))  # fmt: skip
        found.extend(_missing(name, gone))
    return found


def _differences(
    name: str, key: str, columns: list[Any], row: Any, audited: dict[str, Any]
) -> Iterable[Found]:
    diffs = []
    for col in columns:
        if col.name not in audited:
            continue
        want, have = _norm(col, audited[col.name]), _norm(col, getattr(row, col.name))
        if want != have:
            diffs.append(f"{col.name} is {_show(have)}, audited {_show(want)}")
    if diffs:
        yield Found(f"{name} {key}", "changed outside the audit trail: " + "; ".join(diffs))


def _show(value: Any) -> str:
    return "empty" if value is None else str(value)


def _missing(name: str, keys: list[str]) -> Iterable[Found]:
    if keys:
        ordered = sorted(keys, key=lambda k: (len(k), k))
        shown = ", ".join(ordered[:_SHOWN]) + (" …" if len(keys) > _SHOWN else "")
        yield Found(name, f"rows deleted outside the audit trail (audited, now missing): {shown}")


# --------------------------------------------------------------------------- guards present

#: backend → kind → names the migrations create (other migrations add theirs with :func:`expect`)
EXPECTED: dict[str, dict[str, set[str]]] = {"sqlite": {"trigger": set()}, "postgresql": {}}


def expect(dialect: str, kind: str, names: Iterable[str]) -> None:
    """Declare guards a migration creates, so ``check`` names any that go missing."""
    EXPECTED.setdefault(dialect, {}).setdefault(kind, set()).update(names)


def guards_present(session: Session) -> list[Found]:
    dialect = session.get_bind().dialect.name
    want = EXPECTED.get(dialect, {})
    have = _present(session, dialect)
    found: list[Found] = []
    for kind in sorted(want):
        lost = sorted(want[kind] - have.get(kind, set()))
        if lost:
            what = {"trigger": "triggers", "policy": "row-level-security policies",
                    "rls": "tables without row-level security enabled"}[kind]  # fmt: skip
            found.append(Found(what, "missing or disabled: " + ", ".join(lost)))
    return found


def _present(session: Session, dialect: str) -> dict[str, set[str]]:
    if dialect == "sqlite":
        rows = session.execute(sql_text("select name from sqlite_master where type = 'trigger'"))
        return {"trigger": {r[0] for r in rows}}
    triggers = session.execute(sql_text(
        "select c.relname || '.' || t.tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid "
        "where not t.tgisinternal and t.tgenabled <> 'D' "
        "and c.relnamespace = current_schema()::regnamespace"
    ))  # fmt: skip
    policies = session.execute(sql_text(
        "select c.relname || '.' || p.polname from pg_policy p join pg_class c on c.oid = p.polrelid "
        "where c.relnamespace = current_schema()::regnamespace"
    ))  # fmt: skip
    rls = session.execute(sql_text(
        "select relname from pg_class where relrowsecurity "
        "and relnamespace = current_schema()::regnamespace"
    ))  # fmt: skip
    return {
        "trigger": {r[0] for r in triggers},
        "policy": {r[0] for r in policies},
        "rls": {r[0] for r in rls},
    }


def _guards_0002() -> None:
    """The guards of migration 0002 (closed periods, no deletes, append-only audit, decisions)."""
    locked = ("transactions", "virements", "forecasts")
    decided = ("virements", "carry_forwards")
    money = MONEY_TABLES
    events = ("insert", "update_old", "update_new", "delete")
    sqlite = [f"guard_{t}_locked_{v}" for t in locked for v in events]
    sqlite += [f"guard_{t}_no_delete" for t in money]
    sqlite += ["guard_audit_log_no_update", "guard_audit_log_no_delete"]
    sqlite += [f"guard_{t}_self_decision_{w}" for t in decided for w in ("insert", "update")]
    expect("sqlite", "trigger", sqlite)
    pg = [f"{t}.guard_{t}_locked" for t in locked]
    pg += [f"{t}.guard_{t}_no_delete" for t in money]
    pg += ["audit_log.guard_audit_log_append_only", "audit_log.guard_audit_log_no_truncate"]
    pg += [f"{t}.guard_{t}_decision" for t in decided]
    expect("postgresql", "trigger", pg)
    expect("postgresql", "policy", [f"{t}.fl_scope" for t in money])
    expect("postgresql", "rls", money)


def _guards_0014() -> None:
    """The audit triggers of migration 0014 (the database writes the audit trail)."""
    from .audit_sql import UNAUDITED, postgres_trigger_names, sqlite_trigger_names

    tables = [t.name for t in Base.metadata.sorted_tables if t.name not in UNAUDITED]
    expect("sqlite", "trigger", sqlite_trigger_names(tables))
    expect("postgresql", "trigger", postgres_trigger_names(tables))


_guards_0002()


def _guards_0007() -> None:
    """Returns kept as records (migration 0007): submissions are never changed or deleted, and
    on PostgreSQL scoped by stream."""
    t = "return_submissions"
    expect("sqlite", "trigger", [f"guard_{t}_no_update", f"guard_{t}_no_delete"])
    expect("postgresql", "trigger", [f"{t}.guard_{t}_immutable", f"{t}.guard_{t}_no_truncate"])
    expect("postgresql", "policy", [f"{t}.fl_scope"])
    expect("postgresql", "rls", [t])


_guards_0007()


def _guards_0008() -> None:
    """The server rules of migration 0008 (decided requests final, locks on every money table,
    variance comments scoped by stream)."""
    decided = ("virements", "carry_forwards")
    locked = ("income_items", "allocations", "budget_lines", "contributions", "recharges")
    events = ("insert", "update_old", "update_new", "delete")
    sqlite = [f"guard_{t}_decided" for t in decided]
    sqlite += [f"guard_{t}_locked_{v}" for t in locked for v in events]
    expect("sqlite", "trigger", sqlite)
    pg = [f"{t}.guard_{t}_decided" for t in decided]
    pg += [f"{t}.guard_{t}_locked" for t in locked]
    expect("postgresql", "trigger", pg)
    expect("postgresql", "policy", ["variance_comments.fl_scope"])
    expect("postgresql", "rls", ["variance_comments"])


_guards_0008()


def _guards_0009() -> None:
    """A virement's available check (migration 0009)."""
    expect("sqlite", "trigger", ["guard_virements_cover_insert", "guard_virements_cover_update"])
    expect("postgresql", "trigger", ["virements.guard_virements_cover"])


_guards_0009()


def _guards_0010() -> None:
    """Evidence (migration 0010): files never changed or deleted, attachments never deleted,
    both scoped by stream on PostgreSQL."""
    expect("sqlite", "trigger", ["guard_evidence_files_no_update",
                                 "guard_evidence_files_no_delete", "guard_attachments_no_delete"])  # fmt: skip
    expect("postgresql", "trigger", ["evidence_files.guard_evidence_files_immutable",
                                     "evidence_files.guard_evidence_files_no_truncate",
                                     "attachments.guard_attachments_no_delete"])  # fmt: skip
    expect("postgresql", "policy", ["attachments.fl_scope", "evidence_files.fl_scope"])
    expect("postgresql", "rls", ["attachments", "evidence_files"])


_guards_0010()


def _guards_0012() -> None:
    """Budget revisions (migration 0012): the original changes only through one; kept."""
    t = "budget_revisions"
    sqlite = ["guard_budget_lines_original", f"guard_{t}_no_update", f"guard_{t}_no_delete"]
    expect("sqlite", "trigger", [*sqlite, f"guard_{t}_locked_insert"])
    pg = [
        "budget_lines.guard_budget_lines_original",
        f"{t}.guard_{t}_kept",
        f"{t}.guard_{t}_locked",
    ]
    expect("postgresql", "trigger", pg)
    expect("postgresql", "policy", [f"{t}.fl_scope"])
    expect("postgresql", "rls", [t])


_guards_0012()


def _guards_0013() -> None:
    """The audit log scoped by stream on PostgreSQL (migration 0013)."""
    expect("postgresql", "policy", ["audit_log.fl_scope", "audit_log.fl_append"])
    expect("postgresql", "rls", ["audit_log"])


_guards_0013()


_guards_0014()


def _guards_0015() -> None:
    """Period locks on carry-forwards (migration 0015)."""
    events = ("insert", "update_old", "update_new", "delete")
    expect("sqlite", "trigger", [f"guard_carry_forwards_locked_{v}" for v in events])
    expect("postgresql", "trigger", ["carry_forwards.guard_carry_forwards_locked"])


_guards_0015()


def _guards_0019() -> None:
    """A bulk run that left rows commits only with its covering entry (migration 0019)."""
    expect("postgresql", "trigger", ["fl_bulk_runs.guard_fl_bulk_runs_covered"])


_guards_0019()


def _guards_0020() -> None:
    """A request's lines are its stream's; return schedules scoped by stream (migration 0020)."""
    expect(
        "postgresql", "trigger", [f"{t}.guard_{t}_lines" for t in ("virements", "carry_forwards")]
    )
    t = "return_schedules"
    expect("postgresql", "policy", [f"{t}.fl_scope", f"{t}.fl_scope_add", f"{t}.fl_scope_change"])
    expect("postgresql", "rls", [t])


_guards_0020()


def _guards_0021() -> None:
    """Users change only with their logins, by the owner or a CREATEROLE login (0021)."""
    expect("postgresql", "trigger", [f"{t}.guard_{t}_managed" for t in ("users", "user_streams")])


_guards_0021()


def _guards_0022() -> None:
    """Sign-offs, contract profiles and explanations scoped by stream (migration 0022)."""
    tables = ("recon_signoffs", "contract_profiles", "recon_explanations")
    expect("postgresql", "policy", [f"{t}.fl_scope" for t in tables])
    expect("postgresql", "rls", tables)


_guards_0022()


def _guards_0023() -> None:
    """A signed-off period's matches and explanations locked (migration 0023)."""
    expect(
        "postgresql",
        "trigger",
        [f"{t}.guard_{t}_signed" for t in ("recon_matches", "recon_explanations")],
    )


_guards_0023()


def _guards_0024() -> None:
    """A period lock is sealed: reopened only, never moved or re-activated (migration 0024)."""
    expect("postgresql", "trigger", ["period_locks.guard_period_locks_sealed"])


_guards_0024()


def _guards_0025() -> None:
    """GL statement lines and import batches under the locks (migration 0025)."""
    expect("postgresql", "trigger", ["statement_lines.guard_statement_lines_locked",
                                     "statement_lines.guard_statement_lines_signed",
                                     "import_batches.guard_import_batches_status"])  # fmt: skip


_guards_0025()


def _guards_0029() -> None:
    """An attachment's stream is its target's (migration 0029)."""
    expect("postgresql", "trigger", ["attachments.guard_attachments_target"])


_guards_0029()


def _guards_0030() -> None:
    """A row's version and who/when are stamped by the acting user only (migration 0030)."""
    from .audit_sql import UNAUDITED

    stamp = {"version", "updated_by", "updated_at"}
    tables = [
        t.name
        for t in Base.metadata.sorted_tables
        if t.name not in UNAUDITED and stamp <= set(t.columns.keys())
    ]
    expect("postgresql", "trigger", [f"{t}.guard_{t}_stamp" for t in tables])


_guards_0030()
