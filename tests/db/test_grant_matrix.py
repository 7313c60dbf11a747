"""The allow/deny matrix of a shared PostgreSQL ledger: 5 roles × every table × SELECT / INSERT /
UPDATE / DELETE, each cell tried through that role's own login (as psql would).

A cell is *allowed* when the server's privilege check lets the statement through — it may still
be stopped afterwards by a rule about the row (a NOT NULL column, row-level security, a guard
trigger, a closed period), which the other tests in tests/db cover.  The statements touch no
row: ``SELECT … LIMIT 0``, ``INSERT … DEFAULT VALUES`` (a privilege refusal comes before the
NOT NULL one), ``UPDATE … SET every column = itself WHERE false``, ``DELETE … WHERE false``; all
in a transaction that is rolled back.  UPDATE means the whole row: an administrator's column
grants for merging organisations (tests/refdata) are not a whole-row UPDATE.

Changing a grant on purpose means changing the matrix below; a new table must be added to it.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from .pg_logins import Shared

pytestmark = pytest.mark.postgres

ROLES = ("finance", "commissioning", "budget_holder", "viewer", "admin")
LOGIN = {"finance": "fiona", "commissioning": "cal", "budget_holder": "bea", "viewer": "vic",
         "admin": "ada"}  # fmt: skip

#: S select · I insert · U update (every column) · D delete · - refused
MATRIX = """
table                 finance commissioning budget_holder viewer admin
alembic_version       S---    S---          S---          S---   S---
allocations           SIU-    S---          S---          S---   S---
attachments           SIU-    SIU-          SIU-          S---   S---
audit_log             S---    S---          S---          S---   S---
budget_lines          SIU-    S---          SIU-          S---   S---
budget_revisions      SIU-    S---          S---          S---   S---
carry_forwards        SIU-    S---          SIU-          S---   S---
coding_rules          SIU-    S---          S---          S---   SIU-
contract_extensions   SIU-    SIU-          S---          S---   S---
contract_lines        SIU-    SIU-          S---          S---   S---
contract_profiles     SIU-    SIU-          S---          S---   S---
contract_providers    SIUD    SIUD          S---          S---   S--D
contributions         SIU-    S---          S---          S---   S---
cost_centres          SIU-    S---          S---          S---   SIU-
evidence_files        SIU-    SIU-          SIU-          S---   S---
fl_bulk_runs          ----    ----          ----          ----   ----
fl_write_lock         ----    ----          ----          ----   ----
forecasts             SIU-    S---          SIU-          S---   S---
import_batches        SIU-    S---          S---          S---   S---
import_profiles       SIU-    S---          S---          S---   SIU-
income_items          SIU-    S---          SIU-          S---   S---
ledger_info           S---    S---          S---          S---   S---
org_aliases           SIUD    SIU-          S---          S---   SIUD
org_merges            SIU-    S---          S---          S---   SIU-
organisations         SIU-    SIU-          S---          S---   SIU-
period_locks          SI--    S---          S---          S---   S---
recharges             SIU-    S---          S---          S---   S---
recon_explanations    SIU-    S---          S---          S---   S---
recon_matches         SIU-    S---          S---          S---   S---
recon_signoffs        SIU-    S---          S---          S---   S---
return_schedules      SIU-    S---          SIU-          S---   SIU-
return_submissions    SIU-    S---          SIU-          S---   S---
settings              SIU-    S---          S---          S---   SIU-
statement_lines       SIU-    S---          S---          S---   S---
stream_mechanisms     SIU-    S---          S---          S---   SIU-
streams               SIU-    S---          S---          S---   SIU-
transactions          SIU-    S---          S---          S---   S---
user_streams          S---    S---          S---          S---   SIUD
users                 S---    S---          S---          S---   SIU-
variance_comments     SIU-    S---          SIU-          S---   S---
virements             SIU-    S---          SIU-          S---   S---
"""

OPS = ("S", "I", "U", "D")


def expected() -> dict[tuple[str, str], str]:
    lines = [ln.split() for ln in MATRIX.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert tuple(header[1:]) == ROLES
    return {(row[0], role): cell for row in rows for role, cell in zip(ROLES, row[1:], strict=True)}


def _statement(op: str, table: str, columns: list[str]) -> str:
    t = f'public."{table}"'
    if op == "S":
        return f"select * from {t} limit 0"
    if op == "I":
        return f"insert into {t} default values"
    if op == "U":
        sets = ", ".join(f'"{c}" = "{c}"' for c in columns)
        return f"update {t} set {sets} where false"
    return f"delete from {t} where false"


def _allowed(conn: Any, sql: str) -> bool:
    """Whether the privilege check lets ``sql`` through (in a savepoint, rolled back)."""
    sp = conn.begin_nested()
    try:
        conn.execute(text(sql))
    except DBAPIError as exc:
        sp.rollback()
        return "permission denied for table" not in str(exc.orig)
    sp.rollback()
    return True


def observed(shared: Shared) -> dict[tuple[str, str], str]:
    with shared.session("owner") as c:
        tables = c.execute(text(
            "select c.relname, array_agg(a.attname order by a.attnum) from pg_class c join"
            " pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped"
            " where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'"
            " group by c.relname order by c.relname")).all()  # fmt: skip
    out: dict[tuple[str, str], str] = {}
    for role in ROLES:
        with shared.session(LOGIN[role]) as c:
            for table, columns in tables:
                out[(table, role)] = "".join(
                    op if _allowed(c, _statement(op, table, list(columns))) else "-" for op in OPS
                )
    return out


def test_every_role_against_every_table(shared: Shared) -> None:
    want, got = expected(), observed(shared)
    assert {t for t, _ in got} == {t for t, _ in want}, (
        "tables in the ledger and in MATRIX differ: add the new table's row (or remove the "
        "dropped one's)"
    )
    wrong = [
        f"{table} as {role}: expected {want[table, role]}, the server gave {got[table, role]}"
        for table, role in sorted(want)
        if want[table, role] != got[table, role]
    ]
    assert not wrong, "\n".join(wrong)
    assert len(got) == 5 * len({t for t, _ in want})  # every cell of every table was tried
