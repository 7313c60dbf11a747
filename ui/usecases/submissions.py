"""Returns as records (issue 22): submit a return (write its workbook and keep it, with its
figures and rows, in the ledger), list the register, give back a submission byte for byte, and
say what changed since (:mod:`exports.returns.diff`).

``submit_return`` writes the workbook to a temporary file beside ``out``, stores it, and only
then renames it into place: a refused submission leaves neither a file nor a row.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from db.ledger import Ledger
from db.ops import submissions as ops
from db.queries import submissions as q
from db.queries.submissions import AuditNote, Submission, SubmissionFile
from exports.data import SourceRow
from exports.returns.diff import ReturnDiff, compare, write_diff
from exports.table import ReturnTable
from fundledger.dates import parse_date
from fundledger.messages import Field

from .exports import check_out, prepare, produced_by, write_atomic, write_prepared
from .returns.base import ExportInputError, Frozen, Prepared, Request, figure_json, frozen_from_json
from .variance import today

__all__ = ["AuditNote", "Submission", "SubmissionFile", "Submitted", "diff_submission",
           "get_submission", "list_submissions", "save_submission", "submit_return",
           "write_diff_workbook"]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Submitted:
    id: int
    path: Path
    sha256: str
    size: int
    prepared: Prepared
    period: str
    submitted_to: str
    submitted_on: date
    draft: bool


def _date(text: str | date | None, what: Field) -> date | None:
    if text is None or isinstance(text, date):
        return text
    found, problem = parse_date(text)
    if found is None:
        raise ExportInputError(f"{text}: {problem or 'not a date'}", what)
    return found


def default_period(prepared: Prepared) -> str:
    """``2025-26 to 30/06/2025`` (or ``to 30/06/2025`` for a return of no one year)."""
    year = prepared.scope.year_text
    end = f"to {prepared.scope.as_at:%d/%m/%Y}"
    return f"{year} {end}" if year else end


def submit_return(
    ledger: Ledger,
    request: Request,
    out: str | Path,
    *,
    to: str,
    on: str | date | None = None,
    period: str | None = None,
    note: str | None = None,
    supersedes: int | None = None,
    draft: bool = False,
) -> Submitted:
    """Write the return to ``out`` and keep it as submitted (``ExportInputError`` for bad
    input, ``LedgerError`` when refused: nothing written either way)."""
    path = check_out(out)
    when = _date(on, Field.ON) or today()
    prepared = prepare(ledger, request)
    tmp = path.with_name(f".{path.stem}.submitting.xlsx")
    try:
        write_prepared(ledger, prepared, tmp)
        data = tmp.read_bytes()
        scope = prepared.scope
        chosen = period if period is not None else default_period(prepared)
        with ledger.write() as session:
            new_id = ops.store_submission(session, ledger.actor, ops.SubmissionInput(
                ret=scope.ret, title=prepared.title, stream_id=scope.stream_id, year=scope.year,
                as_at=scope.as_at, period=chosen, submitted_to=to, submitted_on=when,
                note=note, content=json.dumps(prepared.to_json(), ensure_ascii=False),
                file_name=path.name, workbook=data, supersedes_id=supersedes, draft=draft),
                today())  # fmt: skip
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    digest = hashlib.sha256(data).hexdigest()
    return Submitted(new_id, path, digest, len(data), prepared, chosen.strip(), to.strip(), when,
                     draft)  # fmt: skip


def list_submissions(
    ledger: Ledger, stream: str | None = None, ret: str | None = None
) -> list[Submission]:
    with ledger.read() as session:
        return q.submissions(session, stream=stream, ret=ret)


def get_submission(ledger: Ledger, submission_id: int) -> SubmissionFile:
    with ledger.read() as session:
        found = q.submission(session, submission_id)
    if found is None:
        raise ExportInputError(f"submission #{submission_id} does not exist (or is not one of "
                               "your streams)")  # fmt: skip
    return found


def save_submission(ledger: Ledger, submission_id: int, out: str | Path) -> SubmissionFile:
    """Write the workbook exactly as it was sent (its sha256 checked) to ``out``."""
    path = check_out(out)
    found = get_submission(ledger, submission_id)
    if hashlib.sha256(found.workbook).hexdigest() != found.row.sha256:
        raise RuntimeError(f"submission #{submission_id}: the stored workbook no longer "
                           f"matches its sha256 {found.row.sha256}; run fundledger check")  # fmt: skip

    def write(tmp: Path):  # type: ignore[no-untyped-def]
        tmp.write_bytes(found.workbook)
        from exports.data import Written

        return Written(str(tmp))

    write_atomic(path, write)
    return found


# --------------------------------------------------------------------------- what changed

#: the word a ledger row's source starts with → its table
_SOURCE_TABLES = {
    "transaction": "transactions",
    "contribution": "contributions",
    "allocation": "allocations",
    "income": "income_items",
    "recharge": "recharges",
    "contract": "contract_lines",
    "forecast": "forecasts",
    "budget": "budget_lines",
}
_SOURCE = re.compile(r"^([a-z_ ]+?)\s*#?(\d+)$")


def source_key(source: str) -> tuple[str, str] | None:
    m = _SOURCE.match(source.strip().lower())
    if m is None:
        return None
    table = _SOURCE_TABLES.get(m.group(1).split()[0])
    return None if table is None else (table, m.group(2))


def _label(row: Submission) -> str:
    return f"submission #{row.id} to {row.submitted_to} on {row.submitted_on:%d/%m/%Y}"


Side = tuple[str, ReturnTable, dict[str, object], tuple[SourceRow, ...]]


def _frozen_side(found: SubmissionFile) -> tuple[Side, Frozen]:
    frozen = frozen_from_json(json.loads(found.content))
    return (_label(found.row), frozen.table, dict(frozen.figures), frozen.sources), frozen


@dataclass(frozen=True, slots=True)
class Compared:
    diff: ReturnDiff
    title: str
    before: Submission
    after: Submission | None
    as_at: date


def diff_submission(
    ledger: Ledger,
    submission_id: int,
    against: int | None = None,
    as_at: str | date | None = None,
) -> Compared:
    """What changed between a submission and the ledger now (``against`` None: the same
    return, year and stream as at the same date, or ``as_at``) or another submission."""
    first = get_submission(ledger, submission_id)
    before, frozen = _frozen_side(first)
    second: SubmissionFile | None = None
    if against is not None:
        second = get_submission(ledger, against)
        if second.row.ret != first.row.ret:
            raise ExportInputError(f"submission #{against} is the {second.row.ret} return, not "
                                   f"{first.row.ret}: compare a return with itself")  # fmt: skip
        after, later = _frozen_side(second)
        when = later.produced.as_at
    else:
        data = json.loads(first.content)
        when = _date(as_at, Field.AS_AT) or first.row.as_at
        label = f"the ledger now (as at {when:%d/%m/%Y})"
        if first.row.ret.startswith("template:"):  # a funder's template: its map's figures now
            from .template_maps import template_now

            request = Request("variance", data.get("year"), data.get("stream"), "line", when)
            tnow = template_now(ledger, first.row.ret.split(":", 1)[1], request)
            after = (label, tnow.table, {k: figure_json(v) for k, v in tnow.figures.items()}, ())
        else:
            request = Request(first.row.ret, data.get("year"), data.get("stream"),
                              data.get("by") or "line", when)  # fmt: skip
            now = prepare(ledger, request)
            after = (label, now.table, {k: figure_json(v) for k, v in now.figures.items()},
                     now.sources)  # fmt: skip
    diff = compare(before, after)
    since = frozen.produced.produced_at
    keys = {k: key for s in diff.sources if (key := source_key(s.source)) is not None
            for k in [s.source]}  # fmt: skip
    with ledger.read() as session:
        notes = q.audit_since(session, keys.values(), since)
    sources = tuple(replace(s, audit=tuple(n.text for n in notes.get(keys.get(s.source, ("", "")), [])))
                    for s in diff.sources)  # fmt: skip
    diff = replace(diff, sources=sources)
    title = f"What changed: {first.row.title}"
    return Compared(diff, title, first.row, None if second is None else second.row, when)


def write_diff_workbook(ledger: Ledger, compared: Compared, out: str | Path) -> Path:
    path = check_out(out)
    with ledger.read() as session:
        produced = produced_by(session, ledger, compared.as_at)
    write_atomic(path, lambda tmp: write_diff(tmp, produced, compared.diff, title=compared.title))
    return path
