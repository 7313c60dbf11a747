"""PostgreSQL roles and grants for a shared ledger (SPEC §8, DOMAIN §5).

Each database gets five NOLOGIN group roles named ``<database>_<role>`` (roles are
cluster-wide, so the database name keeps two ledgers — or two test databases — apart):
``_finance``, ``_commissioning``, ``_budget_holder``, ``_viewer``, ``_admin``.  A person is a LOGIN
role (their own database login, ``users.username``) that is a member of exactly one of them.

What each role may do at all is granted here; *which rows* a budget holder sees and writes is
row-level security (the ``fl_scope`` policies of revision 0002).  Every group may read every
table; writes:

- finance: every table except users and user_streams (no money is posted by anyone else), but
  period locks only added (closing a period), never changed (reopening is an administrator's);
- commissioning: contract lines, providers, extensions, profiles and organisations;
- budget holder: budget lines, virements, carry-forwards, forecasts, income, variance comments;
- administrator: users, streams, reference data and settings — no money table; of a period
  lock and of a reconciliation sign-off only the columns a reopening changes;
- viewer: nothing.

Nobody may INSERT, UPDATE or DELETE ``audit_log``: the database's audit triggers append to it
(revision 0014); writers may call ``fl_audit_note`` (a bulk import's covering entry) and take the
ledger's write lock (``fl_write_lock()``, revision 0005); a viewer may do neither.  ``PUBLIC``
loses CONNECT on the database, so only members of a group can connect; nobody but the owner may
create temporary objects in the database or anything in its schema (ADR 004).  :func:`prepare` is
idempotent and is run by ``init`` as the owner (the login that owns the tables).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

from sqlalchemy import Connection, text

from .schema import MONEY_TABLES, Base

AUDIT_NOTE = "fl_audit_note(text, text, text, text, text, integer)"
#: a bulk run's start (revision 0019): writers begin one before rows left to a covering note
BULK_BEGIN = "fl_bulk_begin(text, integer)"
#: tables of the ledger's machinery no ledger role may touch (the write lock, the bulk runs)
PRIVATE = ("fl_write_lock", "fl_bulk_runs")
ROLES = ("finance", "commissioning", "budget_holder", "viewer", "admin")
READ_ONLY = frozenset({"alembic_version", "ledger_info"})
CONTRACTS = (
    "contract_lines",
    "contract_providers",
    "contract_extensions",
    "contract_profiles",
    "organisations",
    "org_aliases",
)
WRITES: dict[str, tuple[str, ...]] = {
    "commissioning": (*CONTRACTS, "attachments", "evidence_files"),
    "budget_holder": (
        "budget_lines",
        "virements",
        "carry_forwards",
        "forecasts",
        "income_items",
        "variance_comments",
        "return_submissions",
        "return_schedules",
        "attachments",
        "evidence_files",
    ),
    "admin": (
        "users",
        "user_streams",
        "settings",
        "organisations",
        "org_aliases",
        "streams",
        "stream_mechanisms",
        "cost_centres",
        "coding_rules",
        "org_merges",
        "import_profiles",
        "return_schedules",
    ),
    "viewer": (),
}
#: rows some operations remove outright (not money: the providers named on a contract line)
DELETES: dict[str, tuple[str, ...]] = {
    "finance": ("contract_providers", "org_aliases"),
    "commissioning": ("contract_providers",),
    "admin": ("user_streams", "org_aliases", "contract_providers"),
}
#: tables a role may add rows to but not change: finance closes periods, only an administrator
#: reopens one (changes a lock)
INSERT_ONLY: dict[str, tuple[str, ...]] = {"finance": ("period_locks",)}
#: merging two organisations moves links in tables an administrator may not otherwise write:
#: the administrator may update only those columns (and the row's version and who/when)
TRACKED_COLUMNS = ("version", "updated_at", "updated_by")
#: reopening a signed-off reconciliation is finance's or an administrator's; an administrator
#: may change only what a reopening changes (never sign off, nor alter what was signed)
REOPEN_COLUMNS = ("active", "reopened_by", "reopened_at", "reopen_reason", *TRACKED_COLUMNS)
#: (table, columns) a role may update besides the tables it writes: an administrator reopens
#: a closed period (only what a reopening changes; revision 0024 seals the rest) but never
#: closes one (finance's, INSERT)
COLUMN_UPDATES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "admin": (("recon_signoffs", REOPEN_COLUMNS), ("period_locks", REOPEN_COLUMNS)),
}
#: the schema a shared ledger's tables and functions live in
SCHEMA = "public"
_NAME = re.compile(r"^[a-z_][a-z0-9_.\-]{0,62}$")


class RoleError(Exception):
    """A login or role name that cannot be used (the message says why)."""


def finance_tables() -> tuple[str, ...]:
    skip = READ_ONLY | {"users", "user_streams", "audit_log"}
    return tuple(t.name for t in Base.metadata.sorted_tables if t.name not in skip)


def writable(role: str) -> tuple[str, ...]:
    """Tables ``role`` may insert into and update (besides appending to the audit log)."""
    return finance_tables() if role == "finance" else WRITES[role]


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def group_role(database: str, role: str) -> str:
    """``<database>_<role>``, the NOLOGIN group role for ``role`` in ``database``."""
    if role not in ROLES:
        raise RoleError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    name = f"{database}_{role}"
    if len(name) > 63:
        raise RoleError(f"role name {name!r} is longer than PostgreSQL's 63 characters")
    return name


def check_login_name(name: str) -> str:
    """A login name: lower case letters, digits, ``_ . -``; starts with a letter or ``_``."""
    if not _NAME.match(name):
        raise RoleError(
            f"{name!r} cannot be a login name: use lower-case letters, digits, '_', '.' or '-' "
            "(starting with a letter), at most 63 characters"
        )
    return name


def database_name(conn: Connection) -> str:
    return str(conn.execute(text("select current_database()")).scalar_one())


def prepare(conn: Connection) -> list[str]:
    """Create the group roles (if missing) and (re)apply every grant; returns the role names."""
    db = database_name(conn)
    groups = [group_role(db, r) for r in ROLES]
    existing = set(
        conn.execute(
            text("select rolname from pg_roles where rolname = any(:n)"), {"n": groups}
        ).scalars()
    )
    for g in groups:
        if g not in existing:
            conn.exec_driver_sql(f"CREATE ROLE {q(g)} NOLOGIN")
    _database_grants(conn, db, groups)
    for role, group in zip(ROLES, groups, strict=True):
        _table_grants(conn, role, group)
    return groups


def reapply(conn: Connection) -> bool:
    """Re-apply the grants of a database already prepared (its group roles exist), e.g. after
    a migration added a table or a function; True if it was prepared.  Creates no role."""
    db = database_name(conn)
    groups = [group_role(db, r) for r in ROLES]
    found = conn.execute(
        text("select count(*) from pg_roles where rolname = any(:n)"), {"n": groups}
    ).scalar_one()
    if found != len(groups):
        return False
    prepare(conn)
    return True


def _database_grants(conn: Connection, db: str, groups: list[str]) -> None:
    """CONNECT and USAGE only: no TEMPORARY (a temporary table or view is searched before the
    ledger's own, so it could shadow them) and no CREATE on the schema, for PUBLIC and every
    group — revoked explicitly, so a ledger prepared by an older version loses them too."""
    all_groups = ", ".join(q(g) for g in groups)
    conn.exec_driver_sql(f"REVOKE ALL ON DATABASE {q(db)} FROM PUBLIC")
    conn.exec_driver_sql(f"REVOKE TEMPORARY, CREATE ON DATABASE {q(db)} FROM {all_groups}")
    conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {q(db)} TO {all_groups}")
    conn.exec_driver_sql(f"REVOKE CREATE ON SCHEMA {SCHEMA} FROM PUBLIC, {all_groups}")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {SCHEMA} TO {all_groups}")


def _table_grants(conn: Connection, role: str, group: str) -> None:
    g = q(group)
    conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {SCHEMA} FROM {g}")
    conn.exec_driver_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {SCHEMA} FROM {g}")
    conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA {SCHEMA} TO {g}")
    for private in PRIVATE:
        if _exists(conn, private):  # fl_bulk_runs: from revision 0019
            conn.exec_driver_sql(f"REVOKE ALL ON {SCHEMA}.{private} FROM {g}")
    tables = writable(role)
    lock = f"REVOKE ALL ON FUNCTION {SCHEMA}.fl_write_lock() FROM {g}"
    if tables:  # only writers may take the ledger's write lock (revision 0005)
        lock = f"GRANT EXECUTE ON FUNCTION {SCHEMA}.fl_write_lock() TO {g}"
    conn.exec_driver_sql(lock)
    if not tables:
        return
    names = ", ".join(q(t) for t in tables)
    conn.exec_driver_sql(f"GRANT INSERT, UPDATE ON {names} TO {g}")
    for table in INSERT_ONLY.get(role, ()):
        conn.exec_driver_sql(f"REVOKE UPDATE ON {q(table)} FROM {g}")
    # audit entries are appended by the database (db.audit_sql), never inserted by a role;
    # writers may add a covering note (a bulk import's count and total) stamped with their login
    conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {SCHEMA}.{AUDIT_NOTE} TO {g}")
    if _exists(conn, "fl_bulk_runs"):
        conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {SCHEMA}.{BULK_BEGIN} TO {g}")
    conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {g}")
    # the audit log's ids are drawn by the database's audit functions only: a writer calling
    # nextval would leave gaps in the trail's numbering (revision 0028)
    conn.exec_driver_sql(f"REVOKE ALL ON SEQUENCE {SCHEMA}.audit_log_id_seq FROM {g}")
    for table in DELETES.get(role, ()):
        conn.exec_driver_sql(f"GRANT DELETE ON {q(table)} TO {g}")
    column_updates = list(COLUMN_UPDATES.get(role, ()))
    if role == "admin":
        column_updates += org_link_columns(tables)
    for table, cols in column_updates:
        names = ", ".join(q(c) for c in cols)
        conn.exec_driver_sql(f"GRANT UPDATE ({names}) ON {q(table)} TO {g}")


def _exists(conn: Connection, table: str) -> bool:
    found = conn.execute(text("select to_regclass(:t)"), {"t": f"{SCHEMA}.{table}"}).scalar()
    return found is not None


def org_link_columns(writable_tables: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """(table, columns) an administrator may update to merge organisations: each column that
    refers to an organisation in a table they cannot otherwise write (plus version, who/when)."""
    out = []
    for table in Base.metadata.sorted_tables:
        if table.name in writable_tables:
            continue
        cols = [
            fk.parent.name for fk in table.foreign_keys if fk.column.table.name == "organisations"
        ]
        if cols:
            tracked = [c for c in TRACKED_COLUMNS if c in table.c]
            out.append((table.name, tuple(sorted(cols)) + tuple(tracked)))
    return out


def scram_verifier(password: str, *, iterations: int = 4096) -> str:
    """A SCRAM-SHA-256 verifier for ``password``: the server never sees the password itself."""
    salt = os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(b: bytes) -> str:
        return base64.b64encode(b).decode()

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def grant_login(conn: Connection, name: str, role: str, password: str | None) -> bool:
    """Create login ``name`` (if new) and make it a member of this database's ``role`` group only.

    Returns True if the login was created.  An existing login keeps its password unless one is
    given.  Membership of this database's other groups is revoked (a role change).
    """
    check_login_name(name)
    db = database_name(conn)
    exists = conn.execute(
        text("select count(*) from pg_roles where rolname = :n"), {"n": name}
    ).scalar_one()
    secret = "" if password is None else f" PASSWORD '{scram_verifier(password)}'"
    if not exists:
        conn.exec_driver_sql(f"CREATE ROLE {q(name)} LOGIN{secret}")
    elif password is not None:
        conn.exec_driver_sql(f"ALTER ROLE {q(name)} LOGIN{secret}")
    for other in ROLES:
        if other != role:
            conn.exec_driver_sql(f"REVOKE {q(group_role(db, other))} FROM {q(name)}")
    conn.exec_driver_sql(f"GRANT {q(group_role(db, role))} TO {q(name)}")
    return not exists


def login_exists(conn: Connection, name: str) -> bool:
    return bool(
        conn.execute(
            text("select count(*) from pg_roles where rolname = :n"), {"n": name}
        ).scalar_one()
    )


def set_login(conn: Connection, name: str, can_login: bool) -> bool:
    """Let login ``name`` connect again (``LOGIN``) or stop it connecting (``NOLOGIN``).

    Returns False (and changes nothing) when there is no such login, e.g. a user row written
    without one.  ``NOLOGIN`` refuses new connections; sessions already open run on.
    """
    check_login_name(name)
    if not login_exists(conn, name):
        return False
    conn.exec_driver_sql(f"ALTER ROLE {q(name)} {'LOGIN' if can_login else 'NOLOGIN'}")
    return True


def drop_all(conn: Connection) -> None:
    """Remove this database's group roles and their grants (tests; dropping a ledger)."""
    db = database_name(conn)
    for role in ROLES:
        group = group_role(db, role)
        found = conn.execute(
            text("select count(*) from pg_roles where rolname = :n"), {"n": group}
        ).scalar_one()
        if found:
            conn.exec_driver_sql(f"DROP OWNED BY {q(group)}")
            conn.exec_driver_sql(f"DROP ROLE {q(group)}")


__all__ = [
    "MONEY_TABLES",
    "ROLES",
    "RoleError",
    "check_login_name",
    "drop_all",
    "grant_login",
    "group_role",
    "login_exists",
    "prepare",
    "reapply",
    "scram_verifier",
    "set_login",
    "writable",
]
