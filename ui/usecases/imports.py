"""Importing a workbook into the ledger, and undoing an import (SPEC §5 ``import``, §6).

:func:`import_file` reads the file (``importers``), plans every row against the ledger
(:mod:`ui.usecases.import_plans`: names → organisations, rows → streams and lines, duplicates),
and — unless it is a dry run or anything is an error — writes the batch and all its rows in
**one write transaction**.  A problem anywhere means nothing is written.  The result mirrors
the ``import --json`` object.  :func:`undo_import` reverses a batch as one audited action
(:func:`db.ops.imports.undo_batch`).

Test hook: with ``FUNDLEDGER_IMPORT_MARK`` set, the commit prints ``writing`` to stderr after
its first chunk of rows (inside the write transaction) and then sleeps that many seconds, so a
test can kill the process mid-import.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from db.faults import is_disk_full
from db.ledger import Ledger
from db.ops import imports as ops
from db.ops.locks import assert_open, describe, find_lock
from db.ops.permissions import require
from db.queries import imports as q
from db.writes import LedgerError
from fundledger.money import ZERO, Money, format_gbp, money_str
from fundledger.years import FinancialYear, parse_year
from importers.api import KINDS, ImportOptions, parse_file
from importers.problems import ImportProblem
from importers.rows import ImportInfo
from importers.table import Profile

from . import import_plans
from .import_plans import Orgs, Plan, PlanContext, RowPreview

__all__ = [
    "KINDS",
    "ImportCancelled",
    "ImportResult",
    "RowPreview",
    "SheetPreview",
    "format_problem",
    "import_file",
    "list_batches",
    "load_profiles",
    "preview_sheets",
    "save_profile",
    "undo_import",
]

Progress = Callable[[int, int], None]


class ImportCancelled(LedgerError):
    """The user cancelled before the commit: nothing was written."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did (or, for a dry run or on errors, would do).  Mirrors the JSON."""

    kind: str
    file: str
    sheet: str | None
    dry_run: bool
    batch: int | None
    rows_read: int
    imported: int
    duplicates: int
    skipped: int
    total: Money
    by_stream: Mapping[str, Money]
    errors: tuple[ImportProblem, ...]
    warnings: tuple[str, ...]
    created: tuple[str, ...] = ()
    reported_actual: Money | None = None
    info: ImportInfo | None = None
    preview: tuple[RowPreview, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> dict[str, Any]:
        """The SPEC §5 ``import --json`` object (money as two-decimal strings)."""
        return {
            "kind": self.kind,
            "file": self.file,
            "sheet": self.sheet,
            "dry_run": self.dry_run,
            "batch": self.batch,
            "rows_read": self.rows_read,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "total": money_str(self.total),
            "by_stream": {k: money_str(v) for k, v in sorted(self.by_stream.items())},
            "errors": [
                {"sheet": p.sheet, "cell": p.cell, "value": p.value, "reason": p.reason}
                for p in self.errors
            ],
            "warnings": list(self.warnings),
        }

    def summary(self) -> str:
        """A short human summary (several lines)."""
        verb = "would import" if self.dry_run or self.errors else "imported"
        head = f"{self.file}"
        if self.sheet:
            head += f" (sheet {self.sheet!r})"
        lines = [
            f"{head}: {self.kind}: {self.rows_read} rows read; {verb} {self.imported}, "
            f"{self.duplicates} duplicate, {self.skipped} skipped; total {format_gbp(self.total)}"
        ]
        if self.by_stream:
            parts = ", ".join(f"{k} {format_gbp(v)}" for k, v in sorted(self.by_stream.items()))
            lines.append(f"  by stream: {parts}")
        if self.reported_actual is not None:
            lines.append(f"  reported actuals (to date): {format_gbp(self.reported_actual)}")
        if self.batch is not None:
            lines.append(f"  batch {self.batch}")
        elif self.dry_run and not self.errors:
            lines.append("  dry run: nothing written")
        if self.errors:
            lines.append(f"  {len(self.errors)} error(s): nothing written")
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)


def format_problem(p: ImportProblem) -> str:
    """``invoices.xlsx: Invoices!F7 (Amount): '12.345': more than two decimal places``."""
    where = p.where
    if p.sheet is not None or p.cell is not None:
        where = f"{p.file}: {where}"
    if p.column:
        where += f" ({p.column})"
    parts = [where]
    if p.value != "":
        parts.append(repr(p.value))
    parts.append(p.reason)
    return ": ".join(parts)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _year(year: str | int | FinancialYear | None) -> FinancialYear | str | None:
    if year is None or isinstance(year, FinancialYear):
        return year
    if isinstance(year, int):
        return FinancialYear(year)
    found = parse_year(year)
    return found if found is not None else f"{year!r} is not a financial year (e.g. 2025-26)"


def _as_at(as_at: str | date | None) -> date | str | None:
    if as_at is None or isinstance(as_at, date):
        return as_at
    from fundledger.dates import parse_date

    parsed, reason = parse_date(as_at)
    if parsed is None:
        return f"--as-at {as_at!r} is not a date ({reason or 'blank'}; e.g. 12/06/2026)"
    return parsed


def _profiles(rows: list[tuple[str, str, str]]) -> dict[str, Profile]:
    out: dict[str, Profile] = {}
    for name, kind, mapping in rows:
        data = json.loads(mapping)
        out[name] = Profile(
            name, kind, dict(data.get("columns", {})), tuple(data.get("signature", ()))
        )
    return out


def load_profiles(ledger: Ledger, kind: str | None = None) -> list[Profile]:
    """Saved column-mapping profiles (of one kind)."""
    with ledger.read() as s:
        return list(_profiles(q.profiles(s, kind)).values())


def save_profile(
    ledger: Ledger,
    name: str,
    kind: str,
    mapping: Mapping[str, str],
    signature: tuple[str, ...] = (),
    sheet: str | None = None,
) -> int:
    """Save a column mapping (field → header as printed) as a named profile."""
    data = {"sheet": sheet, "columns": dict(mapping), "signature": list(signature)}
    with ledger.write() as s:
        return ops.save_profile(s, ledger.actor, name, kind, json.dumps(data, sort_keys=True))


def list_batches(ledger: Ledger, limit: int | None = None) -> list[q.BatchRow]:
    with ledger.read() as s:
        return q.list_batches(s, limit)


@dataclass(slots=True)
class _Args:
    kind: str
    path: Path
    sheet: str | None
    profile: str | Profile | None
    stream: str | None
    year: FinancialYear | None
    as_at: date | None
    create_missing: bool
    dry_run: bool
    with_preview: bool
    errors: list[ImportProblem] = field(default_factory=list)


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
) -> ImportResult:
    """Import ``path`` as ``kind`` (see the module docstring).

    Raises :class:`~db.writes.LedgerError` for refusals that are not about the file (no
    permission; cancelled); every problem with the file or its rows is in ``result.errors``.
    """
    p = Path(path)
    args = _Args(kind, p, sheet, profile, stream, None, None, create_missing, dry_run, with_preview)
    if kind not in KINDS:
        return _failed(args, f"unknown import kind {kind!r}: one of {', '.join(KINDS)}")
    y = _year(year)
    if isinstance(y, str):
        return _failed(args, y)
    args.year = y
    a = _as_at(as_at)
    if isinstance(a, str):
        return _failed(args, a)
    args.as_at = a
    if not p.is_file():
        return _failed(args, f"no such file: {p}")
    with ledger.read() as s:
        options, problem = _options(s, args)
    if problem:
        return _failed(args, problem)
    rows, problems, info = parse_file(kind, p, options)
    if info is None:
        return _result(args, None, problems, Plan(), ())
    sha = sha256_of(p)
    if dry_run:
        with ledger.read() as s:
            plan, errors, created = _plan(s, ledger, args, rows, problems, info, sha)
        return _result(args, info, errors, plan, created)
    return _commit(ledger, args, rows, problems, info, sha, progress, cancel)


def _failed(args: _Args, reason: str) -> ImportResult:
    prob = ImportProblem(args.path.name, None, None, None, None, "", reason)
    return _result(args, None, [prob], Plan(), ())


def _options(s: Session, args: _Args) -> tuple[ImportOptions, str | None]:
    saved = _profiles(q.profiles(s, args.kind))
    explicit: Profile | None = None
    if isinstance(args.profile, Profile):
        explicit = args.profile
    elif args.profile is not None:
        explicit = saved.get(args.profile)
        if explicit is None:
            known = ", ".join(sorted(saved)) or "none saved"
            return (
                ImportOptions(),
                f"no {args.kind} import profile is called {args.profile!r} ({known})",
            )
    codes = frozenset(q.cost_centres(s))
    opts = ImportOptions(
        sheet=args.sheet,
        profile=explicit,
        profiles=tuple(saved.values()),
        year=args.year,
        as_at=args.as_at,
        cost_centres=codes,
    )
    return opts, None


def _plan(
    s: Session,
    ledger: Ledger,
    args: _Args,
    rows: list[Any],
    problems: list[ImportProblem],
    info: ImportInfo,
    sha: str,
) -> tuple[Plan, list[ImportProblem], tuple[str, ...]]:
    streams = q.streams(s)
    stream = None
    errors = list(problems)
    if args.stream is not None:
        stream = streams.get(args.stream.strip().upper())
        if stream is None:
            known = ", ".join(sorted(streams))
            errors.append(_file_problem(info, f"no stream has the code {args.stream!r} ({known})"))
    held = q.batch_by_sha(s, sha)
    if held is not None:
        errors.append(_file_problem(info, _already(held)))
    year = info.year.start_year if info.year is not None else None
    ctx = PlanContext(
        session=s,
        file=info.file,
        info=info,
        stream=stream,
        streams=streams,
        year=year,
        as_at=info.as_at,
        create_missing=args.create_missing,
        orgs=Orgs(q.org_aliases(s)),
        with_preview=args.with_preview,
    )
    plan = import_plans.plan_rows(ctx, rows)
    errors += plan.errors
    errors += _lock_problems(s, info, plan)
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


def _already(b: q.BatchRow) -> str:
    return (
        f"this file was already imported as batch {b.id} ({b.kind}, {b.file_name}, "
        f"{b.rows} rows, {format_gbp(b.control_total)}, by {b.created_by} on "
        f"{b.created_at:%d/%m/%Y %H:%M}); undo that batch first to import it again"
    )


def _file_problem(info: ImportInfo, reason: str) -> ImportProblem:
    return ImportProblem(info.file, info.sheet, None, None, None, "", reason)


def _lock_problems(s: Session, info: ImportInfo, plan: Plan) -> list[ImportProblem]:
    out: list[ImportProblem] = []
    seen: set[int] = set()
    for sid, year, period in sorted(plan.touches, key=lambda t: (t[0], t[1], t[2] or 0)):
        lock = find_lock(s, sid, year, period)
        if lock is not None and lock.id not in seen:
            seen.add(lock.id)
            out.append(
                _file_problem(info, f"rows are charged to a closed period: {describe(s, lock)}")
            )
    return out


def _commit(
    ledger: Ledger,
    args: _Args,
    rows: list[Any],
    problems: list[ImportProblem],
    info: ImportInfo,
    sha: str,
    progress: Progress | None,
    cancel: Callable[[], bool] | None,
) -> ImportResult:
    result: ImportResult | None = None
    try:
        with ledger.write() as s:
            plan, errors, created = _plan(s, ledger, args, rows, problems, info, sha)
            if errors or plan.write is None:
                result = _result(args, info, errors, plan, created)
            elif plan.imported == 0 and not plan.pending:
                plan.warnings.append("nothing new to import: no batch was recorded")
                result = _result(args, info, [], plan, created)
            else:
                batch_id = _write(s, ledger, args, info, sha, plan, progress, cancel)
                result = _result(args, info, [], plan, created, batch_id)
    except DBAPIError as exc:
        if not is_disk_full(exc):
            raise
        raise LedgerError(
            f"{Path(args.path).name}: the disk is full: nothing from this import was saved "
            "(the ledger is as it was); free some space and import again"
        ) from exc
    return result


def _write(
    s: Session,
    ledger: Ledger,
    args: _Args,
    info: ImportInfo,
    sha: str,
    plan: Plan,
    progress: Progress | None,
    cancel: Callable[[], bool] | None,
) -> int:
    actor = ledger.actor
    for sid, year, period in sorted(plan.touches, key=lambda t: (t[0], t[1], t[2] or 0)):
        assert_open(s, sid, year, period)
    ids: dict[int, int] = {}
    orgs_reason = f"named in {info.file} ({args.kind} import, --create-missing)"
    for (kind, _norm), (placeholder, printed) in plan.pending.items():
        ids[placeholder] = ops.create_org(s, actor, printed, kind, orgs_reason)
    stream_id = _batch_stream(s, args, plan)
    batch_id = ops.create_batch(
        s,
        actor,
        ops.BatchInput(
            kind=args.kind,
            file_name=info.file,
            sha256=sha,
            sheet=info.sheet,
            profile=_profile_name(args, info),
            stream_id=stream_id,
            year=info.year.start_year if info.year is not None else None,
            rows=plan.imported,
            duplicates=plan.duplicates,
            control_total=plan.total,
            as_at=info.as_at,
        ),
    )
    hooks = _chunk_hooks(cancel)
    import_plans._HOOKS[:] = hooks
    try:
        assert plan.write is not None
        plan.write(s, actor, batch_id, ids, progress)
    finally:
        import_plans._HOOKS[:] = []
    if cancel is not None and cancel():
        raise ImportCancelled("import cancelled: nothing was written")
    return batch_id


def _batch_stream(s: Session, args: _Args, plan: Plan) -> int | None:
    if len(plan.stream_ids) == 1:
        return next(iter(plan.stream_ids))
    return None


def _profile_name(args: _Args, info: ImportInfo) -> str | None:
    if isinstance(args.profile, Profile):
        return args.profile.name
    return args.profile or info.profile


def _chunk_hooks(cancel: Callable[[], bool] | None) -> list[Callable[[], None]]:
    hooks: list[Callable[[], None]] = []
    mark = os.environ.get("FUNDLEDGER_IMPORT_MARK")
    if mark is not None:
        state = {"done": False}

        def marker() -> None:
            if not state["done"]:
                state["done"] = True
                print("writing", file=sys.stderr, flush=True)
                time.sleep(float(mark or 0))

        hooks.append(marker)
    if cancel is not None:

        def check() -> None:
            if cancel():
                raise ImportCancelled("import cancelled: nothing was written")

        hooks.append(check)
    return hooks


def _result(
    args: _Args,
    info: ImportInfo | None,
    errors: list[ImportProblem],
    plan: Plan,
    created: tuple[str, ...],
    batch: int | None = None,
) -> ImportResult:
    return ImportResult(
        kind=args.kind,
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
        preview=_merge_errors(plan.previews, errors) if args.with_preview else (),
    )


def _merge_errors(
    previews: list[RowPreview], errors: list[ImportProblem]
) -> tuple[RowPreview, ...]:
    """Every row for the preview: rows with a problem marked ``error`` with its reason(s)."""
    reasons: dict[int, list[str]] = {}
    for p in errors:
        if p.row is not None:
            where = f"{p.cell} ({p.column})" if p.cell and p.column else (p.cell or "")
            value = f"{p.value!r}: " if p.value != "" else ""
            reasons.setdefault(p.row, []).append(f"{where}: {value}{p.reason}".lstrip(": "))
    out: dict[int, RowPreview] = {}
    for pv in previews:
        if pv.row in reasons:
            pv = RowPreview(
                pv.row, "error", pv.stream, pv.amount, pv.label, "; ".join(reasons[pv.row])
            )
        out.setdefault(pv.row, pv)
    for row, why in reasons.items():
        if row not in out:
            out[row] = RowPreview(row, "error", None, None, "", "; ".join(why))
    return tuple(out[r] for r in sorted(out))


def undo_import(ledger: Ledger, batch_id: int, reason: str | None) -> ops.UndoResult:
    """Undo an import batch as one audited action; refused (LedgerError) if it touches a closed
    period, was already undone, or the user may not."""
    with ledger.write() as s:
        return ops.undo_batch(s, ledger.actor, batch_id, reason)


@dataclass(frozen=True, slots=True)
class SheetPreview:
    """One sheet of a workbook as the wizard shows it: its name, visibility and the first
    rows of raw cells as printed (``""`` for blanks)."""

    name: str
    visible: bool
    first_row: int
    first_col: int
    cells: tuple[tuple[str, ...], ...]


def preview_sheets(
    path: str | Path, rows: int = 40, cols: int = 14
) -> tuple[list[SheetPreview], list[ImportProblem]]:
    """The sheets of a workbook with their first raw cells (safety-checked first)."""
    from importers.table import display
    from importers.workbook import open_workbook

    workbook, problems = open_workbook(Path(path))
    if workbook is None:
        return [], problems
    out: list[SheetPreview] = []
    with workbook:
        for info in workbook.sheets:
            sheet, sheet_problems = workbook.read_sheet(info.name)
            if sheet is None:
                problems += sheet_problems
                out.append(SheetPreview(info.name, info.visible, 1, 1, ()))
                continue
            cells = tuple(
                tuple(display(v) for v in r[:cols]) + ("",) * max(0, cols - len(r[:cols]))
                for r in sheet.rows[:rows]
            )
            out.append(
                SheetPreview(info.name, info.visible, sheet.first_row, sheet.first_col, cells)
            )
    return out, problems
