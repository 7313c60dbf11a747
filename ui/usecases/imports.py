"""Importing a file into the ledger, and undoing an import (SPEC §5 ``import``, §6).

:func:`import_file` looks the kind up in the registry (:mod:`ui.usecases.import_kinds`), reads
the file with the kind's parser, plans every row against the ledger with the kind's planner
(names → organisations, rows → streams and lines, duplicates), and — unless it is a dry run or
anything is an error — writes the batch and all its rows with the kind's writer in **one write
transaction**.  A problem anywhere means nothing is written.  The result mirrors the
``import --json`` object.  :func:`undo_import` reverses a batch as one audited action.

The write itself (organisations to create, the batch, the kind's writer, cancelling) is
:mod:`ui.usecases.import_commit`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.orm import Session

from db.ledger import Ledger
from db.ops import imports as ops
from db.ops.permissions import require
from db.queries import imports as q
from db.writes import StorageFault
from fundledger.messages import Field, Wording, about
from fundledger.money import ZERO, Money
from fundledger.nogc import without_cyclic_gc
from fundledger.years import FinancialYear, parse_year
from importers.options import ImportOptions
from importers.problems import ImportProblem
from importers.rows import ImportInfo
from importers.table import Profile, TableChoice

from .import_checks import (
    again_warning,
    already_imported,
    file_problem,
    lock_problems,
    new_rows_only,
)
from .import_commit import BatchSource, ImportCancelled, write_batch
from .import_kinds import REGISTRY, KindEntry
from .import_kinds.plan import Orgs, Plan, PlanContext, RowChoices, RowPreview
from .import_kinds.registry import ParsedFile
from .import_profiles import (
    SheetPreview,
    load_profiles,
    parse_profiles,
    preview_sheets,
    save_profile,
)
from .import_result import ImportResult, format_problem, merge_errors

__all__ = [
    "BatchRow",
    "ImportCancelled",
    "ImportResult",
    "RowChoices",
    "RowPreview",
    "SheetPreview",
    "format_problem",
    "import_file",
    "kind_names",
    "list_batches",
    "load_profiles",
    "preview_sheets",
    "save_profile",
    "stream_codes",
    "undo_import",
    "undo_preview",
]

Progress = Callable[[int, int], None]
BatchRow = q.BatchRow
Outside = Literal["error", "skip"]


def kind_names() -> tuple[str, ...]:
    """The registered import kinds, in the order the screens offer them."""
    return REGISTRY.names()


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def list_batches(ledger: Ledger, limit: int | None = None) -> list[q.BatchRow]:
    with ledger.read() as s:
        return q.list_batches(s, limit)


def stream_codes(ledger: Ledger) -> list[str]:
    """The ledger's active streams, in display order (the wizard's stream choice)."""
    from db.queries.forms import form_choices

    with ledger.read() as s:
        return [c.code for c in form_choices(s).streams]


@dataclass(slots=True)
class _Args:
    kind: KindEntry | None
    name: str
    path: Path
    sheet: str | None = None
    profile: str | Profile | None = None
    stream: str | None = None
    year: FinancialYear | None = None
    as_at: date | None = None
    create_missing: bool = False
    dry_run: bool = False
    with_preview: bool = False
    outside: Outside = "error"
    choices: RowChoices = field(default_factory=RowChoices)
    table: TableChoice = field(default_factory=TableChoice)


def import_file(
    ledger: Ledger,
    kind: str,
    path: str | Path,
    *,
    sheet: str | None = None,
    profile: str | Profile | None = None,
    stream: str | None = None,
    year: str | int | FinancialYear | None = None,
    create_missing: bool = False,
    dry_run: bool = False,
    as_at: str | date | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    with_preview: bool = False,
    outside: Outside = "error",
    choices: RowChoices | None = None,
    columns: Mapping[str, str] | None = None,
    header_row: int | None = None,
    last_row: int | None = None,
) -> ImportResult:
    """Import ``path`` as ``kind`` (see the module docstring).

    ``columns`` (field → column letter or header text), ``header_row`` and ``last_row`` are
    the user's choices about the table (``--map``, ``--header-row``, ``--last-row``);
    ``outside="skip"`` leaves out rows of cost centres the ledger does not hold, reporting
    them; ``choices`` are rows the user left out in the preview.

    Raises :class:`~db.writes.LedgerError` for refusals that are not about the file (no
    permission; cancelled); every problem with the file or its rows is in ``result.errors``.
    """
    p = Path(path)
    args = _Args(REGISTRY.find(kind), kind, p, sheet, profile, stream)
    args.create_missing, args.dry_run, args.with_preview = create_missing, dry_run, with_preview
    args.outside, args.choices = outside, choices or RowChoices()
    args.table = TableChoice(header_row, last_row, dict(columns or {}))
    problem = _check_args(args, year, as_at)
    if problem is not None:
        return _failed(args, problem)
    with ledger.read() as s:
        options, problem = _options(s, args)
    if problem:
        return _failed(args, problem)
    assert args.kind is not None
    with without_cyclic_gc():  # planning 1.2–1.7 → 0.9 CPU s on the 100k bench file
        parsed = args.kind.parse(p, options)
        if parsed.info is None:
            return _result(args, None, parsed.problems, Plan(), ())
        sha = sha256_of(p)
        if dry_run:
            with ledger.read() as s:
                plan, errors, created = _plan(s, ledger, args, parsed, parsed.info, sha)
            return _result(args, parsed.info, errors, plan, created)
        return _commit(ledger, args, parsed, parsed.info, sha, progress, cancel)


def _check_args(
    args: _Args, year: str | int | FinancialYear | None, as_at: str | date | None
) -> str | Wording | None:
    if args.kind is None:
        return f"unknown import kind {args.name!r}: one of {REGISTRY.listing()}"
    y = _year(year)
    if isinstance(y, str):
        return y
    a = _as_at(as_at)
    if isinstance(a, Wording):
        return a
    args.year, args.as_at = y, a
    if not args.path.is_file():
        return f"no such file: {args.path}"
    return None


def _year(year: str | int | FinancialYear | None) -> FinancialYear | str | None:
    if year is None or isinstance(year, FinancialYear):
        return year
    if isinstance(year, int):
        return FinancialYear(year)
    found = parse_year(year)
    return found if found is not None else f"{year!r} is not a financial year (e.g. 2025-26)"


def _as_at(as_at: str | date | None) -> date | Wording | None:
    if as_at is None or isinstance(as_at, date):
        return as_at
    from fundledger.dates import parse_date

    parsed, reason = parse_date(as_at)
    if parsed is None:
        return about(Field.AS_AT, f"{as_at!r} is not a date ({reason or 'blank'}; e.g. 12/06/2026)")
    return parsed


def _failed(args: _Args, reason: str | Wording) -> ImportResult:
    prob = ImportProblem.said(args.path.name, None, None, None, None, "", reason)
    return _result(args, None, [prob], Plan(), ())


def _options(s: Session, args: _Args) -> tuple[ImportOptions, str | None]:
    saved = parse_profiles(q.profiles(s, args.name))
    explicit: Profile | None = None
    if isinstance(args.profile, Profile):
        explicit = args.profile
    elif args.profile is not None:
        explicit = saved.get(args.profile)
        if explicit is None:
            known = ", ".join(sorted(saved)) or "none saved"
            reason = f"no {args.name} import profile is called {args.profile!r} ({known})"
            return ImportOptions(), reason
    opts = ImportOptions(
        sheet=args.sheet,
        profile=explicit,
        profiles=tuple(saved.values()),
        year=args.year,
        as_at=args.as_at,
        cost_centres=frozenset(q.cost_centres(s)),
        choice=args.table,
    )
    return opts, None


def _plan(
    s: Session,
    ledger: Ledger,
    args: _Args,
    parsed: ParsedFile,
    info: ImportInfo,
    sha: str,
) -> tuple[Plan, list[ImportProblem], tuple[str, ...]]:
    streams = q.streams(s)
    errors = list(parsed.problems)
    stream = None
    if args.stream is not None:
        stream = streams.get(args.stream.strip().upper())
        if stream is None:
            known = ", ".join(sorted(streams))
            errors.append(file_problem(info, f"no stream has the code {args.stream!r} ({known})"))
    # the same file as another kind (a council extract read as spend and as the GL) is no repeat
    held = q.batch_by_sha(s, sha, args.name)
    held_at = len(errors)
    ctx = PlanContext(
        session=s,
        file=info.file,
        info=info,
        stream=stream,
        streams=streams,
        year=info.year.start_year if info.year is not None else None,
        as_at=info.as_at,
        create_missing=args.create_missing,
        orgs=Orgs(q.org_aliases(s)),
        with_preview=args.with_preview,
        outside=args.outside,
        choices=args.choices,
    )
    plan = parsed.plan(ctx)
    if held is not None and new_rows_only(args.name, held, plan):
        verb = "would be" if args.dry_run else ("is" if plan.imported == 1 else "are")
        plan.warnings.append(again_warning(held, verb, plan.imported))
    elif held is not None:
        errors.insert(held_at, file_problem(info, already_imported(held)))
    errors += plan.errors
    errors += lock_problems(s, info, plan)
    codes = {st.id: st.code for st in streams.values()}
    for sid in sorted(plan.stream_ids):
        require(ledger.actor, "import.write", codes.get(sid))
    created = tuple(
        f"{_KIND_WORD.get(kind, kind)} {printed!r}"
        for (kind, _n), (_i, printed) in ctx.orgs.pending.items()
    )
    plan.warnings[:0] = list(info.warnings)
    verb = "would create" if args.dry_run or errors else "created"
    plan.warnings += [f"{verb} {what} (--create-missing)" for what in created]
    plan.pending = ctx.orgs.pending
    return plan, errors, created


_KIND_WORD = {"csp_area": "CSP area", "partner_agency": "partner agency", "other": "funder"}


def _commit(
    ledger: Ledger,
    args: _Args,
    parsed: ParsedFile,
    info: ImportInfo,
    sha: str,
    progress: Progress | None,
    cancel: Callable[[], bool] | None,
) -> ImportResult:
    try:
        with ledger.write() as s:
            plan, errors, created = _plan(s, ledger, args, parsed, info, sha)
            if errors or plan.write is None:
                return _result(args, info, errors, plan, created)
            if plan.imported == 0 and not plan.pending:
                plan.warnings.append("nothing new to import: no batch was recorded")
                return _result(args, info, [], plan, created)
            profile = args.profile.name if isinstance(args.profile, Profile) else args.profile
            batch_id = write_batch(
                s, ledger, BatchSource(args.name, info, sha, profile), plan, progress, cancel
            )
            return _result(args, info, [], plan, created, batch_id)
    except StorageFault as exc:
        if not exc.disk_full:
            raise
        raise StorageFault(
            f"{Path(args.path).name}: the disk is full: nothing from this import was saved "
            "(the ledger is as it was); free some space and import again",
            disk_full=True,
        ) from exc


def _result(
    args: _Args,
    info: ImportInfo | None,
    errors: list[ImportProblem],
    plan: Plan,
    created: tuple[str, ...],
    batch: int | None = None,
) -> ImportResult:
    return ImportResult(
        kind=args.name,
        file=info.file if info is not None else args.path.name,
        sheet=info.sheet if info is not None else args.sheet,
        dry_run=args.dry_run,
        batch=batch,
        rows_read=info.rows_read if info is not None else 0,
        imported=plan.imported,
        duplicates=plan.duplicates,
        skipped=plan.skipped,
        total=plan.total if plan.by_stream else ZERO,
        by_stream={k: Money(v) for k, v in sorted(plan.by_stream.items())},
        errors=tuple(errors),
        warnings=tuple(plan.warnings),
        created=created,
        reported_actual=plan.reported_actual,
        info=info,
        preview=merge_errors(plan.previews, errors) if args.with_preview else (),
        outside=plan.outside,
    )


def undo_preview(ledger: Ledger, batch_id: int) -> list[Any]:
    """Where undoing would post the reversals of the batch's rows in closed periods (the open
    period of their year); nothing is written.  Refused as the undo would be: a year closed as
    a whole, a batch undone already, the statement of a signed-off reconciliation."""
    from db.ops.undo_corrections import closed_period_reversals

    with ledger.read() as s:
        ops.undoable(s, batch_id)
        return closed_period_reversals(s, batch_id)


def undo_import(ledger: Ledger, batch_id: int, reason: str | None) -> ops.UndoResult:
    """Undo an import batch as one audited action; the reversals of rows in closed periods go
    into the open period.  Refused (LedgerError) if a touched year has no open period left,
    the batch was already undone, or the user may not."""
    with ledger.write() as s:
        return ops.undo_batch(s, ledger.actor, batch_id, reason)
