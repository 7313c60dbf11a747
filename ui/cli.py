"""The ``fundledger`` command: no arguments opens the desktop app; subcommands run headless.

Each subcommand lives in ``ui/commands/<name>.py`` with ``add_arguments(parser)`` and
``run(args, ctx) -> int``; modules are imported only when their command runs, so the headless
commands never load Qt and start fast.  Exit status: 0 success, 2 invalid input (nothing
written), 1 anything else (SPEC §5).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

from fundledger import __version__

#: command name → (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "gui": ("ui.commands.gui", "open the desktop app (optionally render a page to PNG)"),
    "init": ("ui.commands.init", "create or upgrade the ledger with the standard streams"),
    "demo": ("ui.commands.demo", "load the demo ledger built from the source papers"),
    "import": ("ui.commands.import_", "import an Excel workbook (validated, all-or-nothing)"),
    "undo-import": ("ui.commands.undo_import", "reverse an import batch as one audited action"),
    "profile": (
        "ui.commands.profile",
        "saved column mappings for imports (save, list, show, delete)",
    ),
    "allocation": (
        "ui.commands.allocation",
        "add and change allocations, split a range allocation into years (audited)",
    ),
    "txn": ("ui.commands.txn", "post, change and list transactions (audited)"),
    "virement": ("ui.commands.virement", "request, approve, reject and list virements"),
    "carry-forward": (
        "ui.commands.carry_forward",
        "request, approve, reject and list carry-forwards into next year",
    ),
    "budget": (
        "ui.commands.budget",
        "revise an original budget, add and change budget lines, list them",
    ),
    "forecast": ("ui.commands.forecast", "enter a line's forecast outturn, with commentary"),
    "comment": ("ui.commands.comment", "comment on a line's variance for a period"),
    "contribution": (
        "ui.commands.contribution",
        "record and change partners' contributions to a pooled budget",
    ),
    "recharge": ("ui.commands.recharge", "raise recharges to partners and record them paid"),
    "income": ("ui.commands.income", "record income raised and received"),
    "settings": (
        "ui.commands.settings",
        "RAG thresholds by stream and the contracts expiry warning window",
    ),
    "audit": ("ui.commands.audit", "verify the audit log's hash chain and list its entries"),
    "contract": (
        "ui.commands.contract",
        "add, change and list contract lines, decide extension options, set profiles",
    ),
    "variance": ("ui.commands.variance", "budget, committed, actual and forecast variance"),
    "reconcile": ("ui.commands.reconcile", "reconcile the ledger to an imported GL statement"),
    "period": ("ui.commands.period", "close periods up to one, reopen them, list them"),
    "reverse": ("ui.commands.reverse", "reverse a transaction (into the open period if closed)"),
    "export": ("ui.commands.export", "export a return or register to Excel"),
    "return": (
        "ui.commands.return_",
        "returns as records: submit, list, show, diff against now, due dates",
    ),
    "attach": ("ui.commands.attach", "evidence: attach, list, get and detach files"),
    "evidence-pack": (
        "ui.commands.evidence_pack",
        "a submitted return with its evidence and an index, as one zip",
    ),
    "check": ("ui.commands.check", "integrity and ledger invariants (non-zero if wrong)"),
    "backup": ("ui.commands.backup", "consistent, verified copy of the ledger"),
    "restore": ("ui.commands.restore", "restore a backup (the current ledger is kept aside)"),
    "stream": ("ui.commands.stream", "add, list, edit and retire streams (funds)"),
    "costcentre": ("ui.commands.costcentre", "add, list, rename, import and retire cost centres"),
    "org": ("ui.commands.org", "add organisations, their aliases, and merge two into one"),
    "rule": ("ui.commands.rule", "add, list and retire rules that code spend to lines"),
    "code": ("ui.commands.code", "code uncoded spend to budget and contract lines"),
    "user": (
        "ui.commands.user",
        "add, list, deactivate and reactivate ledger users (PostgreSQL: their own login)",
    ),
}

EXIT_OK, EXIT_ERROR, EXIT_INVALID = 0, 1, 2

#: commands that write a SQLite ledger take its lock file first (a second user is told who)
WRITE_COMMANDS = frozenset(
    {
        "init",
        "demo",
        "import",
        "undo-import",
        "reconcile",
        "period",
        "reverse",
        "restore",
        "user",
        "allocation",
        "txn",
        "virement",
        "carry-forward",
        "forecast",
        "budget",
        "comment",
        "contribution",
        "recharge",
        "income",
        "contract",
        "settings",
        "stream",
        "costcentre",
        "org",
        "rule",
        "code",
        "profile",
        "return",
        "attach",
    }
)


@dataclass(frozen=True, slots=True)
class Context:
    db: str | None
    user: str | None


class CommandModule(Protocol):
    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...
    def run(self, args: argparse.Namespace, ctx: Context) -> int: ...


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fundledger",
        description="Grant and funding ledger. With no command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"fundledger {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="ledger file (SQLite) or SQLAlchemy URL (postgresql+psycopg://…); "
        "default: ledger.sqlite in your user data folder",
    )
    parser.add_argument(
        "--user",
        help="act as this user of the ledger (default: your login name); a name that is no "
        "user of the ledger is refused (exit 2)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_module, help_text) in COMMANDS.items():
        sub.add_parser(name, help=help_text, add_help=False)
    return parser


class _Tee:
    """A text stream that passes everything on and remembers what went through it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return self.stream.write(text)

    def __getattr__(self, name: str) -> Any:  # flush, buffer, isatty, encoding …
        return getattr(self.stream, name)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _action(parser: argparse.ArgumentParser, name: str, rest: list[str]) -> str:
    """``virement approve`` from ``approve 3 --json``: the command with its action, if any."""
    for act in parser._actions:
        if isinstance(act, argparse._SubParsersAction) and rest and rest[0] in act.choices:
            return f"{name} {rest[0]}"
    return name


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:  # the process is the command: start-up's objects may be frozen
        from ui import gcpause

        gcpause.freeze_on_resume = True
        try:
            code = _main(sys.argv[1:])
            sys.stdout.flush()  # here, not at exit: a closed pipe is then caught below
            return code
        except BrokenPipeError:
            return _reader_gone()
        finally:
            gcpause.leaving()  # and so may what is alive at the end (the process ends next)
    return _main(list(argv))


def _reader_gone() -> int:
    """The reader of the output went away (``fundledger txn list | head``): stop quietly, as
    other command-line tools do, instead of a traceback; what a command had committed stays
    committed.  Exit 1; stdout is pointed at the null device so exiting flushes nothing."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_ERROR


def _main(argv: list[str]) -> int:
    parser = build_parser()
    top, rest = parser.parse_known_args(argv)
    name = top.command or "gui"
    module_name, help_text = COMMANDS[name]
    module: CommandModule = _import_command(module_name)
    cmd_parser = argparse.ArgumentParser(prog=f"fundledger {name}", description=help_text)
    module.add_arguments(cmd_parser)
    ctx = Context(db=top.db, user=top.user)
    if "--json" not in rest:
        return _dispatch(name, module, cmd_parser.parse_args(rest), ctx)
    # --json: a refusal (2) or failure (1) that printed nothing on stdout prints one JSON
    # object there too — {"ok": false, "exit", "error" (the message on stderr), "command"} —
    # so a script reading stdout always gets JSON (SPEC §5)
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = _dispatch(name, module, cmd_parser.parse_args(rest), ctx)
        except SystemExit as exc:  # argparse: invalid usage (2); --help (0)
            code = exc.code if isinstance(exc.code, int) else EXIT_ERROR
            if code == EXIT_OK:
                raise
            message = [ln for ln in err.text.splitlines() if ln.strip()][-1:]  # not the usage
            _print_failure(out.stream, code, " ".join(message), _action(cmd_parser, name, rest))
            raise
    if code != EXIT_OK and not out.text.strip():
        what = _action(cmd_parser, name, rest)
        _print_failure(out.stream, code, err.text.strip(), what)
    return code


def _import_command(module_name: str) -> CommandModule:
    """Import a command's module with the garbage collector paused (:mod:`ui.gcpause`; the
    app pauses it itself until its first page is in)."""
    from ui import gcpause

    gcpause.pause()
    try:
        module: CommandModule = importlib.import_module(module_name)
    finally:
        gcpause.resume()
    return module


def _print_failure(stream: TextIO, code: int, message: str, command: str) -> None:
    failure = {"ok": False, "exit": code, "error": message, "command": command}
    print(json.dumps(failure, ensure_ascii=False), file=stream)


def _dispatch(name: str, module: CommandModule, args: argparse.Namespace, ctx: Context) -> int:
    # plain exception classes: naming them imports no SQLAlchemy (a command imports what it uses)
    from db.errors import StorageFault
    from ui.usecases.session_errors import UnknownUser

    try:
        if name in WRITE_COMMANDS:  # one user at a time on a SQLite ledger (db.filelock)
            from db.filelock import LedgerInUse, hold

            try:
                with hold(ctx.db, ctx.user):
                    return module.run(args, ctx)
            except LedgerInUse as exc:
                print(f"fundledger {name}: {exc}", file=sys.stderr)
                return EXIT_ERROR
        return module.run(args, ctx)
    except UnknownUser as exc:  # --user names no user of the ledger: refused, nothing done
        print(f"fundledger {name}: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print(
            "fundledger: interrupted; nothing from the unfinished action was saved", file=sys.stderr
        )
        return EXIT_ERROR
    except StorageFault as exc:  # a full disk, a read-only ledger: said plainly, no traceback
        print(f"fundledger {name}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        raise
    except OSError as exc:  # a file the command reads or writes (an export, a backup folder)
        from db.faults import os_fault

        print(f"fundledger {name}: {os_fault(exc)}; nothing was changed", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
