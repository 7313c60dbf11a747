"""PostgreSQL: bulk runs (migration 0019) — a covering audit entry that cannot be skipped.

The row trigger (:func:`db.audit_sql.pg_audit_function`) leaves a row of a bulk write to one
covering entry (an import batch's count and total, an auto-match run's id range and digest).
Which rows it leaves used to be decided by settings any login may set; here it is decided by a
run the login begins, which cannot be committed without its covering entry.
"""

from __future__ import annotations

from .audit_sql import BULK_RANGE, RUNS

__all__ = ["BULK_FUNCTION_NAMES", "XID", "pg_bulk_runs"]

#: this transaction's (top-level) id, as the bigint ``fl_bulk_runs.xid`` stores
XID = "pg_current_xact_id()::text::bigint"


def pg_bulk_runs(schema: str) -> list[str]:
    """Migration 0019: bulk runs a login begins, and the proof each is covered.

    ``fl_bulk_begin(table, batch)`` (writers; the application calls it with the settings that
    name a bulk batch or table, :func:`db.audit.acting`) records a run for this transaction and
    login in ``fl_bulk_runs``, a table no ledger role can read or write.  ``fl_audit()`` leaves
    a row to a covering entry only inside such a run (``fl_bulk_run``, which marks it used), and
    ``fl_audit_note`` writes a covering entry only for one.  At commit a deferred constraint
    trigger refuses the transaction if a run that left rows has no covering entry by the same
    login written after the run began: rows that no entry covers, or covered by nobody, cannot
    be committed (SET CONSTRAINTS can only make it fire sooner, before the entry exists)."""
    s = schema
    path = f"SET search_path = {s}, pg_temp"
    return [
        f"""CREATE TABLE {s}.{RUNS} (
  xid bigint NOT NULL,
  tbl text NOT NULL,
  batch integer NOT NULL,
  login text NOT NULL,
  mark bigint NOT NULL,
  used boolean NOT NULL DEFAULT false,
  PRIMARY KEY (xid, tbl, batch))""",
        f"REVOKE ALL ON {s}.{RUNS} FROM PUBLIC",
        pg_bulk_begin(s),
        f"""CREATE FUNCTION {s}.fl_bulk_run(p_tbl text, p_bat integer) RETURNS boolean
LANGUAGE plpgsql {path} AS $$
DECLARE
  was boolean;
BEGIN
  SELECT r.used INTO was FROM {s}.{RUNS} r
   WHERE r.xid = {XID} AND r.tbl = p_tbl AND r.batch = p_bat
     AND r.login = session_user::text;
  IF NOT FOUND THEN
    RETURN false;  -- no run: the row is audited on its own
  END IF;
  IF NOT was THEN
    UPDATE {s}.{RUNS} r SET used = true
     WHERE r.xid = {XID} AND r.tbl = p_tbl AND r.batch = p_bat;
  END IF;
  RETURN true;
END $$""",
        pg_bulk_covered(s),
        f"CREATE CONSTRAINT TRIGGER guard_{RUNS}_covered AFTER INSERT ON {s}.{RUNS} "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        f"EXECUTE FUNCTION {s}.fl_bulk_covered()",
        *(f"REVOKE ALL ON FUNCTION {s}.{f} FROM PUBLIC" for f in BULK_FUNCTION_NAMES),
    ]


BULK_FUNCTION_NAMES = (
    "fl_bulk_begin(text, integer)",
    "fl_bulk_run(text, integer)",
    "fl_bulk_covered()",
)


def pg_bulk_begin(s: str, *, first_id: bool = False) -> str:
    """``fl_bulk_begin``; with ``first_id`` (migration 0023) it also records the range table's
    last id when the run began (``fl_bulk_runs.first_id``: the run's rows come after it)."""
    path = f"SET search_path = {s}, pg_temp"
    ranged = ", ".join(f"'{t}'" for t in sorted(BULK_RANGE))
    create = "CREATE OR REPLACE FUNCTION" if first_id else "CREATE FUNCTION"
    first_col = ", first_id" if first_id else ""
    first_val = ""
    if first_id:
        first_val = ",\n          CASE WHEN p_bat IS NULL THEN {s}.fl_last_id(p_tbl) ELSE 0 END"
        first_val = first_val.replace("{s}", s)
    return f"""{create} {s}.fl_bulk_begin(p_tbl text, p_bat integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
BEGIN
  IF p_bat IS NULL AND (p_tbl IS NULL OR p_tbl NOT IN ({ranged})) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
      'fundledger: a bulk run names an import batch or a table whose inserts one entry covers '
      '(%s is not one)', p_tbl);
  END IF;
  IF p_bat IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {s}.import_batches b WHERE b.id = p_bat) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
      'fundledger: a bulk run names import batch %s, which does not exist', p_bat);
  END IF;
  IF p_bat IS NULL AND NOT has_table_privilege(session_user, format('{s}.%I', p_tbl), 'INSERT') THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format(
      'fundledger: %s may not insert into %s', session_user, p_tbl);
  END IF;
  PERFORM {s}.fl_write_lock();  -- serialised: no other run is open while this one is
  DELETE FROM {s}.{RUNS} r WHERE r.xid <> {XID};  -- finished transactions'
  INSERT INTO {s}.{RUNS}(xid, tbl, batch, login, mark{first_col})
  VALUES ({XID}, CASE WHEN p_bat IS NULL THEN p_tbl ELSE '' END, coalesce(p_bat, 0),
          session_user::text, coalesce((SELECT max(a.id) FROM {s}.audit_log a), 0){first_val})
  ON CONFLICT DO NOTHING;
END $$"""


def pg_bulk_covered(s: str, *, signed: bool = False, close: bool = False) -> str:
    """``fl_bulk_covered``; with ``signed`` (migration 0023) a run of auto-matches is also
    checked at commit, all at once, against signed-off periods (its rows skip the per-row
    check); with ``close`` (0026) the run ends once checked."""
    path = f"SET search_path = {s}, pg_temp"
    create = "CREATE OR REPLACE FUNCTION" if signed or close else "CREATE FUNCTION"
    # migration 0026: once checked, the run is over (deleted), whenever the check fires — SET
    # CONSTRAINTS … IMMEDIATE fires it early, and rows after it are then audited one by one
    done = ""
    if close:
        done = (f"\n  DELETE FROM {s}.{RUNS} r WHERE r.xid = NEW.xid AND r.tbl = NEW.tbl"
                " AND r.batch = NEW.batch;")  # fmt: skip
    signed_sql = ""
    if signed:
        signed_sql = (
            "\n  IF NEW.tbl = 'recon_matches' THEN\n"
            f"    PERFORM {s}.fl_recon_signed_since(NEW.first_id);\n"
            "  END IF;"
        )
    return f"""{create} {s}.fl_bulk_covered() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM {s}.{RUNS} r WHERE r.xid = NEW.xid AND r.tbl = NEW.tbl
                    AND r.batch = NEW.batch AND r.used) THEN{done}
    RETURN NULL;  -- the run left no row to a covering entry
  END IF;
  IF NOT EXISTS (SELECT 1 FROM {s}.audit_log a
                  WHERE a.id > NEW.mark AND a.row_id IS NULL AND a.login = NEW.login
                    AND CASE WHEN NEW.tbl = '' THEN a.batch_id = NEW.batch
                             ELSE a.table_name = NEW.tbl AND a.batch_id IS NULL END) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
      'fundledger: rows were inserted for %s without their own audit entries and no covering '
      'entry by %s follows them; nothing was written',
      CASE WHEN NEW.tbl = '' THEN 'import batch ' || NEW.batch ELSE NEW.tbl END, NEW.login);
  END IF;{signed_sql}{done}
  RETURN NULL;
END $$"""
