"""Users, their roles and streams change only with their database logins (PostgreSQL).

On a shared ledger the server's row-level security reads ``users`` (role, active) and
``user_streams`` to decide which streams a login sees and writes, while what it may do at all
is its group role.  The app changes both together, so it needs a login that can create roles
(the owner, or one given ``CREATEROLE``).  But the administrator group may INSERT and UPDATE
``users`` and write ``user_streams``, so an administrator's own login, from psql, could set a
budget holder's ``users.role`` to ``viewer`` — the budget holder then read every stream and
changed YJ's budget lines while holding only DA — or give them any stream, or rename their own
row for a moment so the audit trigger took the user named in ``fundledger.user`` instead of
their login.

Now a trigger on both tables refuses any change by a login that can neither create roles nor
is a superuser: the ledger's owner (who must have CREATEROLE, docs/shared-ledger.md) and a
``CREATEROLE`` administrator manage users as before, through the app or ``fundledger user``.
SQLite has no logins: nothing changes there.

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

TABLES = ("users", "user_streams")

FUNCTION = r"""
CREATE FUNCTION {s}.fl_guard_user_admin() RETURNS trigger
LANGUAGE plpgsql SET search_path = {s}, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                  WHERE r.rolname = session_user AND (r.rolcreaterole OR r.rolsuper)) THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format(
      'fundledger: %s: users, their roles and streams change together with their database '
      'logins, by the ledger''s owner or a login with CREATEROLE; %s has neither',
      TG_TABLE_NAME, session_user);
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$;
"""


def _schema() -> str:
    return str(op.get_bind().exec_driver_sql("select current_schema()").scalar_one())


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    op.execute(FUNCTION.replace("{s}", s))
    for t in TABLES:
        op.execute(
            f"CREATE TRIGGER guard_{t}_managed BEFORE INSERT OR UPDATE OR DELETE ON {s}.{t} "
            f"FOR EACH ROW EXECUTE FUNCTION {s}.fl_guard_user_admin()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    s = _schema()
    for t in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS guard_{t}_managed ON {s}.{t}")
    op.execute(f"DROP FUNCTION IF EXISTS {s}.fl_guard_user_admin()")
