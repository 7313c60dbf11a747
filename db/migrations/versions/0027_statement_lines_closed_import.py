"""A GL statement imports into closed periods, and is undone there, on a shared ledger too.

Migration 0025 put ``statement_lines`` under the money tables' closed-period guard for INSERT,
UPDATE and DELETE, and let an import batch be undone only while none of its statement lines
is in a closed period.  But the app takes the GL extract for closed periods (bdac001: the
council's statement arrives after the team has closed its ledger; it is the record the closed
periods are reconciled against, not the ledger's postings) and undoes a wrong one there
(7df84d4), as a SQLite ledger does: on PostgreSQL both were refused by the server.

Now, on the server as in the app: a statement line may be inserted into a closed period (an
import) and its batch undone there; an existing line of a closed period still cannot be changed
or deleted (0025), nor one of a signed-off period (0025), and the GL statement of a signed-off
reconciliation is still not undone (0025).  Budget lines, contributions and income items keep
their batch's status under the locks (0025).

SQLite has no logins: nothing changes there.

Revision ID: 0027
Revises: 0026
"""

from __future__ import annotations

import importlib
from typing import Any

from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

#: the migration whose guards this one narrows (its SQL is reused, not copied)
_PREVIOUS = "db.migrations.versions.0025_statement_and_batch_locks"


def _m0025() -> Any:
    return importlib.import_module(_PREVIOUS)


def _schema() -> str:
    return str(op.get_bind().exec_driver_sql("select current_schema()").scalar_one())


def _batch_status(s: str, tables: tuple[str, ...]) -> str:
    """0025's fl_guard_batch_status, checking ``tables``' rows against the locks."""
    m = _m0025()
    body = m.FUNCTIONS[m.FUNCTIONS.index("CREATE FUNCTION {s}.fl_guard_batch_status()") :]
    checks = "\n  ".join(m.CHECK.replace("{t}", t) for t in tables)
    return (
        body.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
        .replace("{checks}", checks)
        .replace("{s}", s)
    )


def _locked_trigger(s: str, events: str) -> None:
    op.execute(f"DROP TRIGGER IF EXISTS guard_statement_lines_locked ON {s}.statement_lines")
    op.execute(
        f"CREATE TRIGGER guard_statement_lines_locked BEFORE {events} ON {s}.statement_lines "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_period()"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    _locked_trigger(s, "UPDATE OR DELETE")
    standing = tuple(t for t in _m0025().STANDING if t != "statement_lines")
    op.execute(_batch_status(s, standing))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    _locked_trigger(s, "INSERT OR UPDATE OR DELETE")
    op.execute(_batch_status(s, _m0025().STANDING))
