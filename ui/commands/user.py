"""``fundledger user add NAME --role ROLE [--stream CODE ...]``, ``fundledger user list`` and
``fundledger user deactivate|reactivate NAME --reason TEXT``.

On SQLite this adds a ``users`` row (the app enforces the role).  On PostgreSQL it also creates
the person's own database login (password from ``--password-stdin`` or a prompt; only a
SCRAM verifier is sent to the server) and makes it a member of this database's group role, so
the server enforces the role.  Run it as the ledger's owner (the login that ran ``init``).

A deactivated user cannot open the ledger (on PostgreSQL their login is NOLOGIN); the last
active administrator cannot be deactivated, nor can an administrator deactivate themselves.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from db.ledger import ROLES
from db.migrate import LedgerFileError
from db.writes import LedgerError
from ui.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Context


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="add a user (or change their role and streams)")
    add.add_argument("name", metavar="NAME", help="login name, e.g. jo.smith")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument(
        "--stream",
        action="append",
        default=[],
        metavar="CODE",
        help="a stream a budget holder holds (repeat for several)",
    )
    add.add_argument("--display-name", help="the person's name as shown in the app")
    pw = add.add_mutually_exclusive_group()
    pw.add_argument(
        "--password-stdin", action="store_true", help="PostgreSQL: read the new login's password"
    )
    pw.add_argument(
        "--no-password",
        action="store_true",
        help="PostgreSQL: no password (the server authenticates another way, e.g. certificates)",
    )
    sub.add_parser("list", help="list users, roles and streams")
    for action, help_text in (
        ("deactivate", "stop a user opening the ledger (PostgreSQL: their login is NOLOGIN)"),
        ("reactivate", "let a deactivated user open the ledger again"),
    ):
        p = sub.add_parser(action, help=help_text)
        p.add_argument("name", metavar="NAME", help="the user's login name")
        p.add_argument("--reason", required=True, help="why (recorded in the audit log)")


def _password(args: argparse.Namespace, shared: bool) -> str | None:
    if not shared or args.no_password:
        return None
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise LedgerError("give --password-stdin or --no-password (no terminal to prompt on)")
    first = getpass.getpass(f"Password for {args.name}: ")
    if first != getpass.getpass("Again: "):
        raise LedgerError("the passwords differ; nothing was changed")
    return first


def run(args: argparse.Namespace, ctx: Context) -> int:
    from ui.usecases.session import open_ledger

    try:
        ledger = open_ledger(ctx.db, ctx.user)
    except LedgerFileError as exc:
        print(f"fundledger user: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        if args.action == "list":  # a listing imports no write operation and no ORM (issue 23)
            from ui.usecases.user_list import list_users

            for u in list_users(ledger):
                streams = f" [{', '.join(u.streams)}]" if u.streams else ""
                state = "" if u.active else " (inactive)"
                print(f"{u.username}\t{u.role}{streams}\t{u.display_name}{state}")
            return EXIT_OK
        from ui.usecases.users import add, set_active

        if args.action in ("deactivate", "reactivate"):
            active = args.action == "reactivate"
            try:
                changed = set_active(ledger, args.name, active, args.reason)
            except LedgerError as exc:
                print(f"fundledger user {args.action}: {exc}", file=sys.stderr)
                return EXIT_INVALID if "refused" not in str(exc) else EXIT_ERROR
            print(f"{args.action.capitalize()}d {changed.username}.")
            if changed.login_changed:
                state = "LOGIN" if active else "NOLOGIN"
                print(f"PostgreSQL: login {changed.username} is {state}.")
            return EXIT_OK
        try:
            password = _password(args, ledger.is_shared)
            done = add(
                ledger,
                args.name,
                args.role,
                args.stream,
                display_name=args.display_name,
                password=password,
            )
        except LedgerError as exc:
            print(f"fundledger user add: {exc}", file=sys.stderr)
            return EXIT_INVALID if "refused" not in str(exc) else EXIT_ERROR
    finally:
        ledger.dispose()
    streams = f" for {', '.join(done.streams)}" if done.streams else ""
    verb = "Added" if done.created else "Updated"
    print(f"{verb} {done.username} as {done.role}{streams}.")
    if done.group:
        login = "created login" if done.login_created else "existing login"
        print(f"PostgreSQL: {login} {done.username}, member of {done.group}.")
    return EXIT_OK
