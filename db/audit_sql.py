"""The database writes the audit trail: trigger DDL for both backends (migration 0014).

Every audited table (all but ``ledger_info``, ``alembic_version`` and ``audit_log`` itself) has
an AFTER INSERT / UPDATE / DELETE trigger per row that appends a hash-chained entry to
``audit_log``: the user, the login, the action, the table and key, the old and new values (an
update records only the columns it changed; money as "1234.56"), the reason and the batch.

- **Who and why.**  The application passes the acting user, action, reason and batch for the
  transaction (:func:`db.audit.acting`): on PostgreSQL ``set_config('fundledger.…', v, true)``
  (``SET LOCAL``), on SQLite a function registered on each of its connections
  (``fl_audit_set``/``fl_audit_ctx``, :mod:`db.engine`).  On PostgreSQL the entry's ``login`` is
  ``session_user``, and a login that is a ledger user is always the entry's user (a setting
  cannot name someone else); the owner or a maintenance login is recorded as itself with the
  user the application names.
- **Nobody writes audit_log directly.**  PostgreSQL: no role has INSERT on it; the trigger
  function and :func:`fl_audit_note` (an application note such as a bulk import's covering
  entry, stamped with the caller's login) are ``SECURITY DEFINER`` with ``search_path`` set to
  the ledger's schema and ``pg_temp`` last.  SQLite: a BEFORE INSERT trigger refuses any insert
  not made by the audit triggers (and a client without the registered functions cannot write
  any audited table at all: the triggers call them).
- **The chain stays correct with concurrent writers.**  PostgreSQL appends under the ledger's
  write lock (``fl_write_lock()``, held to the end of the transaction, the lock every
  application write takes at BEGIN) and reads the previous hash after taking it, in READ
  COMMITTED; SQLite has one writer at a time.
- **Bulk imports.**  Rows inserted with the batch the application names as ``bulk_batch`` are
  covered by one entry for the batch (count and control total; ``check`` verifies both)
  instead of one entry per row.
- **Bulk ranges** (migration 0016).  Rows of a :data:`BULK_RANGE` table (auto-matching's
  ``recon_matches``) inserted while the context names the table as ``bulk_table`` are covered
  by one entry for the id range (``"ids": [first, last]``, the row count and a digest of the
  rows; ``check`` verifies all three) instead of one entry per row.  Only inserts: an update or
  delete of such a row is audited per row as ever.

The hash (scheme 2) covers the previous hash and each field length-prefixed (:func:`payload`),
so SQL and Python compute the same value; entries written before 0014 keep scheme 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, inspect

#: PostgreSQL: the bulk runs open in each transaction (migration 0019; no role may read it)
RUNS = "fl_bulk_runs"
UNAUDITED = frozenset(
    {"ledger_info", "alembic_version", "audit_log", "guard_closed_periods", "fl_write_lock", RUNS}
)
BOOKKEEPING = ("updated_at", "updated_by", "version")
EVENTS = ("insert", "update", "delete")
GENESIS = "0" * 64
#: tables whose inserts may be covered by one entry for an id range (see the module docstring)
BULK_RANGE = frozenset({"recon_matches"})


def field(value: object) -> str:
    """One hashed field: ``-`` for NULL, else ``<length>:<text>``."""
    if value is None:
        return "-"
    text = str(value)
    return f"{len(text)}:{text}"


def payload(prev: str, fields: Sequence[object]) -> str:
    return prev + "|" + "|".join(field(v) for v in fields)


def pounds(value: Any) -> Any:
    """Integer pence as exact "1234.56" text (anything else as it is)."""
    if isinstance(value, int) and not isinstance(value, bool):
        sign = "-" if value < 0 else ""
        return f"{sign}{abs(value) // 100}.{abs(value) % 100:02d}"
    return value


@cache
def _kinds(table: str) -> dict[str, str]:
    return column_kinds(table)


def row_json(table: str, names: str, *values: object) -> str:
    """``fl_audit_json``: a row's columns as compact JSON, money as "1234.56", yes/no as
    true/false (the kinds from the schema)."""
    kinds = _kinds(table)
    out: dict[str, object] = {}
    for name, value in zip(names.split(","), values, strict=True):
        kind = kinds.get(name)
        if kind == "money":
            value = pounds(value)
        elif kind == "bool" and value is not None:
            value = bool(value)
        elif isinstance(value, bytes):
            value = value.hex()
        out[name] = value
    return json.dumps(out, separators=(",", ":"), ensure_ascii=False)


def diff_json(old: str, new: str, side: int) -> str:
    """``fl_audit_diff``: the columns an update changed (bookkeeping aside), with their old
    (``side`` 0) or new (1) values; ``{}`` when nothing did."""
    a, b = json.loads(old), json.loads(new)
    keys = [k for k in b if k not in BOOKKEEPING and a.get(k) != b.get(k)]
    pick = a if side == 0 else b
    return json.dumps({k: pick.get(k) for k in keys}, separators=(",", ":"), ensure_ascii=False)


def audited_tables(conn: Connection) -> list[str]:
    return sorted(t for t in inspect(conn).get_table_names() if t not in UNAUDITED)


def _columns(conn: Connection, table: str) -> tuple[list[str], list[str], dict[str, str]]:
    """(columns, primary key columns, column → "money"/"bool") of ``table`` as the database
    has them (the kinds from the schema's types)."""
    insp = inspect(conn)
    cols = [c["name"] for c in insp.get_columns(table)]
    pk = list(insp.get_pk_constraint(table)["constrained_columns"])
    return cols, pk, column_kinds(table)


#: columns the trail leaves out: a kept return's file and its figures as JSON (the row's
#: ``sha256``, ``size`` and seal identify them; the row itself can never change)
OMITTED = {"return_submissions": frozenset({"workbook", "content"})}


def column_kinds(table: str) -> dict[str, str]:
    """column → "money", "bool" or "omit" (binary columns and :data:`OMITTED`)."""
    from sqlalchemy import Boolean, LargeBinary

    from .schema import metadata
    from .types import Pence

    t = metadata.tables.get(table)
    if t is None:
        return {}
    kinds = {c.name: "money" for c in t.columns if isinstance(c.type, Pence)}
    kinds.update({c.name: "bool" for c in t.columns if isinstance(c.type, Boolean)})
    kinds.update({c.name: "omit" for c in t.columns if isinstance(c.type, LargeBinary)})
    kinds.update({c: "omit" for c in OMITTED.get(table, ())})
    return kinds


# --------------------------------------------------------------------------- SQLite


def register_sqlite(dbapi_conn: Any) -> None:
    """The functions the SQLite audit triggers call, on one connection: the per-connection
    context (``fl_audit_set``/``fl_audit_ctx``), the chain hash and money as pounds."""
    import hashlib

    ctx: dict[str, object] = {}

    def set_(key: str, value: object) -> object:
        if value is None:
            ctx.pop(key, None)
        else:
            ctx[key] = value
        return value

    def hash_(prev: str, at: str, *rest: object) -> str:
        text = payload(prev, [at.replace(" ", "T"), *rest])
        return hashlib.sha256(text.encode()).hexdigest()

    dbapi_conn.create_function("fl_audit_set", 2, set_)
    dbapi_conn.create_function("fl_audit_ctx", 1, ctx.get, deterministic=False)
    dbapi_conn.create_function("fl_audit_hash", 11, hash_)
    dbapi_conn.create_function("fl_pounds", 1, pounds, deterministic=True)
    dbapi_conn.create_function("fl_audit_json", -1, row_json, deterministic=True)
    dbapi_conn.create_function("fl_audit_diff", 3, diff_json, deterministic=True)


def _json(table: str, cols: Iterable[str], kinds: dict[str, str], r: str) -> str:
    """A row as a JSON object (``fl_audit_json``: money as "1234.56", yes/no as true/false)."""
    kept = [c for c in cols if kinds.get(c) != "omit"]
    values = ", ".join(f"{r}.{c}" for c in kept)
    return f"fl_audit_json('{table}', '{','.join(kept)}', {values})"


def _sqlite_insert(
    table: str, row: str, old: str, new: str, default_action: str, batch: str = "NULL",
    source: str = "",
) -> str:  # fmt: skip
    return (
        "SELECT fl_audit_set('writing', 1); "
        "INSERT INTO audit_log(at, user, login, action, table_name, row_id, old, new, reason, "
        "batch_id, prev_hash, hash) "
        "SELECT at, u, NULL, a, t, rid, o, n, r, b, prev, "
        "fl_audit_hash(prev, at, u, NULL, a, t, rid, o, n, r, b) FROM ("
        "SELECT strftime('%Y-%m-%d %H:%M:%f', 'now') || '000' AS at, "
        "coalesce(fl_audit_ctx('user'), 'unknown') AS u, "
        f"coalesce(fl_audit_ctx('action'), '{default_action}') AS a, '{table}' AS t, "
        f"{row} AS rid, {old} AS o, {new} AS n, fl_audit_ctx('reason') AS r, "
        f"coalesce(fl_audit_ctx('batch'), {batch}) AS b, "
        "coalesce((SELECT hash FROM audit_log ORDER BY id DESC "
        f"LIMIT 1), '{GENESIS}') AS prev{f' FROM ({source})' if source else ''}) "
        "WHERE n IS NULL OR n <> '{}'; "
        "SELECT fl_audit_set('writing', NULL);"
    )


def sqlite_table_ddl(
    conn: Connection, table: str, bulk_range: frozenset[str] = BULK_RANGE
) -> list[str]:
    cols, pk, kinds = _columns(conn, table)
    keys = pk or cols[:1]

    def rid(r: str) -> str:
        return " || '/' || ".join(f"CAST({r}.{c} AS TEXT)" for c in keys)

    skip = ""
    if "batch_id" in cols:
        skip = " WHEN NEW.batch_id IS NULL OR NEW.batch_id IS NOT fl_audit_ctx('bulk_batch')"
    elif table in bulk_range:
        skip = f" WHEN fl_audit_ctx('bulk_table') IS NOT '{table}'"
    # an import batch's own entry names the batch (check ties the batch's rows to it)
    own = "NEW.id" if table == "import_batches" else "NULL"
    ins = _sqlite_insert(table, rid("NEW"), "NULL", _json(table, cols, kinds, "NEW"), "insert", own)
    # an update lists only the columns it changed (fl_audit_diff; nothing changed: no entry)
    rows = (
        f"SELECT {_json(table, cols, kinds, 'OLD')} AS jo, {_json(table, cols, kinds, 'NEW')} AS jn"
    )
    upd = _sqlite_insert(
        table, rid("NEW"), "fl_audit_diff(jo, jn, 0)", "fl_audit_diff(jo, jn, 1)", "update",
        source=rows,
    )  # fmt: skip
    dele = _sqlite_insert(table, rid("OLD"), _json(table, cols, kinds, "OLD"), "NULL", "delete")
    return [
        f"CREATE TRIGGER audit_{table}_insert AFTER INSERT ON {table}{skip} BEGIN {ins} END",
        f"CREATE TRIGGER audit_{table}_update AFTER UPDATE ON {table} BEGIN {upd} END",
        f"CREATE TRIGGER audit_{table}_delete AFTER DELETE ON {table} BEGIN {dele} END",
    ]


SQLITE_NO_FORGE = (
    "CREATE TRIGGER guard_audit_log_no_forge BEFORE INSERT ON audit_log "
    "WHEN fl_audit_ctx('writing') IS NOT 1 BEGIN SELECT RAISE(ABORT, 'fundledger: audit entries "
    "are written by the database''s audit triggers only; they cannot be inserted'); END"
)


def sqlite_up(conn: Connection) -> list[str]:
    out = [SQLITE_NO_FORGE]
    for table in audited_tables(conn):
        out += sqlite_table_ddl(conn, table)
    return out


def sqlite_down(conn: Connection) -> list[str]:
    out = ["DROP TRIGGER IF EXISTS guard_audit_log_no_forge"]
    for table in audited_tables(conn):
        out += [f"DROP TRIGGER IF EXISTS audit_{table}_{e}" for e in EVENTS]
    return out


def sqlite_refresh(
    conn: Connection, table: str, bulk_range: frozenset[str] = BULK_RANGE
) -> list[str]:
    """Re-create one table's audit triggers (a later migration that adds or renames columns)."""
    return [f"DROP TRIGGER IF EXISTS audit_{table}_{e}" for e in EVENTS] + sqlite_table_ddl(
        conn, table, bulk_range
    )


def sqlite_trigger_names(tables: Iterable[str]) -> list[str]:
    return ["guard_audit_log_no_forge"] + [f"audit_{t}_{e}" for t in tables for e in EVENTS]


# --------------------------------------------------------------------------- PostgreSQL


def _pg_functions(schema: str) -> str:
    path = f"SET search_path = {schema}, pg_temp"
    return f"""
CREATE FUNCTION fl_pounds(p bigint) RETURNS text
LANGUAGE sql IMMUTABLE {path} AS $$
  SELECT CASE WHEN p < 0 THEN '-' ELSE '' END || (abs(p) / 100)::text || '.'
         || lpad((abs(p) % 100)::text, 2, '0')
$$;

CREATE FUNCTION fl_audit_field(v text) RETURNS text
LANGUAGE sql IMMUTABLE {path} AS $$
  SELECT CASE WHEN v IS NULL THEN '-' ELSE length(v)::text || ':' || v END
$$;

CREATE FUNCTION fl_audit_append(act text, tbl text, rid text, o text, n text, why text,
                                bat integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
DECLARE
  ts timestamptz := clock_timestamp();
  stamp text := to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US');
  login text := session_user::text;
  who text;
  prev text;
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE =
      'fundledger: ledger writes run in READ COMMITTED (the audit chain reads its last entry)';
  END IF;
  IF EXISTS (SELECT 1 FROM {schema}.users u WHERE u.username = login) THEN
    who := login;
  ELSE
    who := coalesce(nullif(current_setting('fundledger.user', true), ''), login);
  END IF;
  PERFORM {schema}.fl_write_lock();  -- the ledger's write lock (0005): one append at a time
  SELECT a.hash INTO prev FROM {schema}.audit_log a ORDER BY a.id DESC LIMIT 1;
  prev := coalesce(prev, '{GENESIS}');
  INSERT INTO {schema}.audit_log(at, "user", login, action, table_name, row_id, old, new,
                                 reason, batch_id, prev_hash, hash)
  VALUES (ts, who, login, act, tbl, rid, o, n, why, bat, prev,
    encode(sha256(convert_to(prev || '|' || concat_ws('|', fl_audit_field(stamp),
      fl_audit_field(who), fl_audit_field(login), fl_audit_field(act), fl_audit_field(tbl),
      fl_audit_field(rid), fl_audit_field(o), fl_audit_field(n), fl_audit_field(why),
      fl_audit_field(bat::text)), 'UTF8')), 'hex'));
END $$;

{pg_note_function(path)}

{pg_audit_function(path)}"""


def pg_note_function(path: str, schema: str | None = None) -> str:
    """``fl_audit_note()``, the covering entry of a bulk run (``CREATE OR REPLACE``).  Given the
    ledger's ``schema`` (migration 0019) it covers only a bulk run the caller's login began in
    this transaction (:func:`pg_bulk_runs`), names no row and a ledger table; without (0014)
    any writer could append a note about any table or row."""
    if schema is None:
        check = "to_regclass(tbl) IS NULL"
        run = ""
    else:
        unaudited = ", ".join(f"'{t}'" for t in sorted(UNAUDITED | {RUNS}))
        check = (f"rid IS NOT NULL OR tbl IS NULL OR tbl IN ({unaudited}) OR NOT EXISTS ("
                 f"SELECT 1 FROM pg_tables t WHERE t.schemaname = '{schema}' "
                 "AND t.tablename = fl_audit_note.tbl)")  # fmt: skip
        run = f"""
  IF NOT EXISTS (SELECT 1 FROM {schema}.{RUNS} r
                  WHERE r.xid = pg_current_xact_id()::text::bigint AND r.login = session_user::text
                    AND CASE WHEN fl_audit_note.bat IS NULL
                             THEN r.tbl = fl_audit_note.tbl AND r.batch = 0
                             ELSE r.tbl = '' AND r.batch = fl_audit_note.bat END) THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format(
      'fundledger: an audit note covers the rows of a bulk run begun in the same transaction '
      '(fl_bulk_begin); %s began none for %s', session_user,
      CASE WHEN bat IS NULL THEN tbl ELSE 'import batch ' || bat END);
  END IF;"""
    return f"""
CREATE OR REPLACE FUNCTION fl_audit_note(act text, tbl text, rid text, n text, why text,
                                         bat integer)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
BEGIN
  IF act IS NULL OR act !~ '^[a-z_.]{{1,64}}$' OR {check} THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation',
      MESSAGE = 'fundledger: an audit note names an action and a ledger table (and no row)';
  END IF;{run}
  PERFORM fl_audit_append(act, tbl, rid, NULL, n, why, bat);
END $$;
"""


def pg_audit_function(
    path: str, bulk_range: frozenset[str] = BULK_RANGE, *, registered: bool = False
) -> str:
    """The PostgreSQL row trigger function ``fl_audit()`` (``CREATE OR REPLACE``; ``path`` is its
    ``SET search_path`` clause): migration 0014 creates it, 0016 replaces it (bulk ranges), 0019
    (``registered``) leaves a row to a covering entry only inside a bulk run the login began
    with ``fl_bulk_begin`` in this transaction — the settings alone are anyone's to set."""
    ranged = ", ".join(f"'{t}'" for t in sorted(bulk_range)) or "NULL"
    range_run = batch_run = ""
    if registered:
        range_run = " AND fl_bulk_run(TG_TABLE_NAME::text, 0)"
        batch_run = " AND fl_bulk_run('', (n->>'batch_id')::integer)"
    return f"""
CREATE OR REPLACE FUNCTION fl_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
DECLARE
  pk text[] := string_to_array(TG_ARGV[0], ',');
  money text[] := string_to_array(nullif(TG_ARGV[1], ''), ',');
  omit text[] := coalesce(string_to_array(nullif(TG_ARGV[2], ''), ','), '{{}}'::text[]);
  o jsonb;
  n jsonb;
  src jsonb;
  c text;
  rid text;
  ctx text := nullif(current_setting('fundledger.bulk_batch', true), '');
BEGIN
  IF TG_OP = 'INSERT' AND TG_TABLE_NAME::text IN ({ranged})
     AND nullif(current_setting('fundledger.bulk_table', true), '') = TG_TABLE_NAME::text{range_run} THEN
    RETURN NULL;  -- covered by the run's range entry (fl_audit_note, 0016)
  END IF;
  IF TG_OP <> 'DELETE' THEN n := to_jsonb(NEW) - omit; END IF;
  IF TG_OP <> 'INSERT' THEN o := to_jsonb(OLD) - omit; END IF;
  IF TG_OP = 'INSERT' AND ctx IS NOT NULL AND n->>'batch_id' = ctx{batch_run} THEN
    RETURN NULL;  -- covered by the batch's bulk entry (fl_audit_note)
  END IF;
  FOREACH c IN ARRAY coalesce(money, '{{}}'::text[]) LOOP
    IF n IS NOT NULL AND jsonb_typeof(n->c) = 'number' THEN
      n := jsonb_set(n, ARRAY[c], to_jsonb(fl_pounds((n->>c)::bigint)));
    END IF;
    IF o IS NOT NULL AND jsonb_typeof(o->c) = 'number' THEN
      o := jsonb_set(o, ARRAY[c], to_jsonb(fl_pounds((o->>c)::bigint)));
    END IF;
  END LOOP;
  src := coalesce(n, o);
  SELECT string_agg(coalesce(src->>k, ''), '/' ORDER BY i) INTO rid
    FROM unnest(pk) WITH ORDINALITY AS p(k, i);
  IF TG_OP = 'UPDATE' THEN
    SELECT jsonb_object_agg(e.key, e.value) INTO n FROM jsonb_each(to_jsonb(n)) e
     WHERE e.key NOT IN ({", ".join(f"'{b}'" for b in BOOKKEEPING)})
       AND e.value IS DISTINCT FROM o->e.key;
    IF n IS NULL THEN
      RETURN NULL;  -- nothing but the bookkeeping changed
    END IF;
    SELECT jsonb_object_agg(e.key, o->e.key) INTO o FROM jsonb_each(n) e;
  END IF;
  PERFORM fl_audit_append(
    coalesce(nullif(current_setting('fundledger.action', true), ''), lower(TG_OP)),
    TG_TABLE_NAME::text, rid, o::text, n::text,
    nullif(current_setting('fundledger.reason', true), ''),
    coalesce(nullif(current_setting('fundledger.batch', true), '')::integer,
             CASE WHEN TG_TABLE_NAME = 'import_batches' AND TG_OP = 'INSERT'
                  THEN (n->>'id')::integer END));
  RETURN NULL;
END $$;
"""


PG_FUNCTION_NAMES = (
    "fl_audit()",
    "fl_audit_note(text, text, text, text, text, integer)",
    "fl_audit_append(text, text, text, text, text, text, integer)",
    "fl_audit_field(text)",
    "fl_pounds(bigint)",
)


def postgres_up(conn: Connection, schema: str) -> list[str]:
    out = [_pg_functions(schema)]
    out += [f"REVOKE ALL ON FUNCTION {f} FROM PUBLIC" for f in PG_FUNCTION_NAMES[1:3]]
    out.append("REVOKE INSERT ON audit_log FROM PUBLIC")
    for table in audited_tables(conn):
        _cols, pk, kinds = _columns(conn, table)
        money = ",".join(c for c, k in kinds.items() if k == "money")
        omit = ",".join(c for c, k in kinds.items() if k == "omit")
        out.append(
            f"CREATE TRIGGER audit_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION fl_audit('{','.join(pk)}', '{money}', '{omit}')"
        )
    return out


def postgres_down(conn: Connection) -> list[str]:
    out = [f"DROP TRIGGER IF EXISTS audit_{t} ON {t}" for t in audited_tables(conn)]
    return out + [f"DROP FUNCTION IF EXISTS {f}" for f in PG_FUNCTION_NAMES]


def postgres_trigger_names(tables: Iterable[str]) -> list[str]:
    return [f"{t}.audit_{t}" for t in tables]
