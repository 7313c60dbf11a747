"""Submitting a funder's own template like any return (issue 22): the template is filled
through its saved cell map and kept in the ledger as sent (the filled workbook's bytes and
sha256, and which figure went in which cell with its value), so it can be reopened byte for
byte and compared with the ledger now like any submission."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from db.ledger import Ledger
from db.ops import submissions as ops
from db.schema import Stream
from fundledger.messages import Field

from .exports import produced_by
from .returns.base import ExportInputError, Request
from .submissions import _date
from .template_maps import saved_maps, template_now
from .templates import fill_cells
from .variance import today

__all__ = ["TemplateSubmitted", "submit_template"]


@dataclass(frozen=True, slots=True)
class TemplateSubmitted:
    id: int
    path: Path
    sha256: str
    size: int
    title: str
    period: str
    submitted_to: str
    submitted_on: date
    draft: bool


def submit_template(
    ledger: Ledger,
    name: str,
    template: Path,
    out: Path,
    request: Request,
    *,
    to: str,
    on: str | date | None = None,
    period: str | None = None,
    note: str | None = None,
    supersedes: int | None = None,
    draft: bool = False,
) -> TemplateSubmitted:
    """Fill ``template`` through the saved map ``name`` into ``out`` and keep it as sent
    (``ExportInputError`` or ``LedgerError``: nothing written)."""
    when = _date(on, Field.ON) or today()
    now = template_now(ledger, name, request)
    found = saved_maps(ledger)[name]
    tmp = out.with_name(f".{out.stem}.submitting{out.suffix}")
    try:
        result = fill_cells(ledger, template, found.cells, {}, tmp,
                            Request("variance", now.year, now.stream, "line", now.as_at))  # fmt: skip
        if result.problems:
            raise ExportInputError(f"{template.name}: " + "; ".join(result.problems))
        data = tmp.read_bytes()
        chosen = period or f"{now.year or ''} to {now.as_at:%d/%m/%Y}".strip()
        with ledger.write() as session:
            sid = None
            if now.stream:
                sid = session.execute(
                    select(Stream.id).where(Stream.code == now.stream)
                ).scalar_one_or_none()
            produced = produced_by(session, ledger, now.as_at)
            year = None if now.year is None else int(now.year[:4])
            new_id = ops.store_submission(session, ledger.actor, ops.SubmissionInput(
                ret=f"template:{name}", title=now.title, stream_id=sid, year=year,
                as_at=now.as_at, period=chosen, submitted_to=to, submitted_on=when, note=note,
                content=json.dumps(now.to_json(produced), ensure_ascii=False),
                file_name=out.name, workbook=data, supersedes_id=supersedes, draft=draft),
                today())  # fmt: skip
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return TemplateSubmitted(new_id, out, hashlib.sha256(data).hexdigest(), len(data), now.title,
                             chosen, to.strip(), when, draft)  # fmt: skip
