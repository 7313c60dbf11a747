"""Running ``fundledger`` in-process for the action-command tests: exit code, stdout, stderr,
the --json object, and the ledger's audit log before and after."""

from __future__ import annotations

import json
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from db.schema import AuditEntry
from ui.cli import main
from ui.usecases.session import open_ledger


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)


def in_process(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``fundledger --db DB ARGS`` through ``ui.cli.main`` in this process, as a finished
    process: the exit code (argparse's ``SystemExit`` included), stdout and stderr — what
    ``python -m ui.cli`` gives, without a 1.3 s interpreter start per step. Keep a real
    subprocess where the process boundary is what a test is about."""
    argv = ["--db", str(db), *args]
    out, err = StringIO(), StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess(["fundledger", *argv], code, out.getvalue(), err.getvalue())


class Cli:
    """``fundledger --db PATH --user USER ...`` against one ledger file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, user: str, *args: str) -> Ran:
        out, err = StringIO(), StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(["--db", str(self.path), "--user", user, *args])
        return Ran(code, out.getvalue(), err.getvalue())

    def ok(self, user: str, *args: str) -> Any:
        """Run with --json, expect exit 0, return the object."""
        ran = self(user, *args, "--json")
        assert ran.code == 0, ran.err
        return ran.json

    def refused(self, user: str, *args: str) -> str:
        """Expect exit 2 with nothing written; return stderr."""
        before = self.audit_count()
        ran = self(user, *args)
        assert ran.code == 2, (ran.code, ran.out, ran.err)
        assert self.audit_count() == before, "a refused action wrote to the ledger"
        return ran.err

    def read(self, stmt: Any) -> list[Any]:
        led = open_ledger(str(self.path))
        try:
            with led.read() as s:
                return list(s.execute(stmt))
        finally:
            led.dispose()

    def audit_count(self) -> int:
        return int(self.read(select(func.count()).select_from(AuditEntry))[0][0])

    def audit(self, entry_id: int) -> tuple[str, str, str, str | None, str | None]:
        """(user, action, table, row, reason) of one audit entry."""
        a = AuditEntry
        q = select(a.user, a.action, a.table_name, a.row_id, a.reason).where(a.id == entry_id)
        return tuple(self.read(q)[0])

    def audited(self, data: Any, user: str, action: str, table: str, row: int) -> None:
        """The --json names the audit entry written, and the log holds it as named."""
        entries = [e for e in data["audit"] if e["action"] == action]
        assert entries, data["audit"]
        e = entries[0]
        assert (e["table"], e["row"]) == (table, str(row))
        assert self.audit(e["id"])[:4] == (user, action, table, str(row))
