"""Writing an import inside its one write transaction: periods checked open, organisations
queued by ``--create-missing`` created, the batch recorded (its audit entry), then the kind's
writer over the planned rows, chunk by chunk, cancellable until the commit.

Test hook: with ``FUNDLEDGER_IMPORT_MARK`` set, the commit prints ``writing`` to stderr after
its first chunk of rows (inside the write transaction) and then sleeps that many seconds, so a
test can kill the process mid-import.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.ops import imports as ops
from db.ops.import_writes import WriteBatch
from db.ops.locks import assert_open
from db.queries import imports as q
from db.writes import LedgerError
from importers.rows import ImportInfo

from .import_kinds.plan import Plan

__all__ = ["BatchSource", "ImportCancelled", "write_batch"]

Progress = Callable[[int, int], None]


class ImportCancelled(LedgerError):
    """The user cancelled before the commit: nothing was written."""


@dataclass(frozen=True, slots=True)
class BatchSource:
    """Where a batch came from: the kind, what parsing found, the file's sha256, the profile
    named by the user (if any)."""

    kind: str
    info: ImportInfo
    sha256: str
    profile: str | None


def write_batch(
    s: Session,
    ledger: Ledger,
    source: BatchSource,
    plan: Plan,
    progress: Progress | None,
    cancel: Callable[[], bool] | None,
) -> int:
    """Inside the import's write transaction: check the periods are open, create the
    organisations queued, record the batch, and write the plan's rows; returns the batch."""
    actor, info, name = ledger.actor, source.info, source.kind
    locked = q.locked_years(s, {t[1] for t in plan.touches})
    touches = [t for t in plan.touches if t[1] in locked]
    for sid, year, period in sorted(touches, key=lambda t: (t[0], t[1], t[2] or 0)):
        assert_open(s, sid, year, period)
    ids: dict[int, int] = {}
    orgs_reason = f"named in {info.file} ({name} import, --create-missing)"
    for (kind, _norm), (placeholder, printed) in plan.pending.items():
        ids[placeholder] = ops.create_org(s, actor, printed, kind, orgs_reason)
    batch_id = ops.create_batch(s, actor, _batch_input(source, plan))
    batch = WriteBatch(batch_id, f"import {name} {info.file}", ids, progress, _after_chunk(cancel))
    assert plan.write is not None
    plan.write(s, actor, batch)
    if cancel is not None and cancel():
        raise ImportCancelled("import cancelled: nothing was written")
    return batch_id


def _batch_input(source: BatchSource, plan: Plan) -> ops.BatchInput:
    info = source.info
    return ops.BatchInput(
        kind=source.kind,
        file_name=info.file,
        sha256=source.sha256,
        sheet=info.sheet,
        profile=source.profile or info.profile,
        stream_id=next(iter(plan.stream_ids)) if len(plan.stream_ids) == 1 else None,
        year=info.year.start_year if info.year is not None else None,
        rows=plan.imported,
        duplicates=plan.duplicates,
        control_total=plan.total,
        as_at=info.as_at,
    )


def _after_chunk(cancel: Callable[[], bool] | None) -> Callable[[], None]:
    """After each chunk written: the kill-test marker, then the cancel check."""
    mark = os.environ.get("FUNDLEDGER_IMPORT_MARK")
    state = {"marked": mark is None}

    def after() -> None:
        if not state["marked"]:
            state["marked"] = True
            print("writing", file=sys.stderr, flush=True)
            time.sleep(float(mark or 0))
        if cancel is not None and cancel():
            raise ImportCancelled("import cancelled: nothing was written")

    return after
