"""Evidence (issue 22): attach files to transactions, contract lines, contributions and
submissions; list, get and detach them; and the evidence pack of a submission — one zip with
the return workbook as sent, every file attached behind its rows, and an index workbook.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from db.ledger import Ledger
from db.ops import evidence as ops
from db.ops.evidence import MAX_BYTES, TARGETS, Attached, file_problem
from db.queries import evidence as q
from db.queries.evidence import AttachmentRow
from exports.returns.evidence_index import IndexRow, write_index
from fundledger.messages import InputProblem

from .exports import produced_by
from .submissions import get_submission, source_key

__all__ = [
    "MAX_BYTES",
    "TARGETS",
    "Attached",
    "AttachmentRow",
    "EvidenceInputError",
    "Pack",
    "attach_file",
    "detach",
    "evidence_pack",
    "get_file",
    "list_attachments",
]  # fmt: skip


class EvidenceInputError(InputProblem):
    """A file or target that cannot be used (exit 2; nothing written)."""


def attach_file(
    ledger: Ledger, kind: str, target_id: int, path: str | Path, note: str | None = None
) -> Attached:
    """Attach the file at ``path`` (its size checked before it is read)."""
    p = Path(path)
    if not p.is_file():
        raise EvidenceInputError(f"{path}: no such file")
    problem = file_problem(p.name, p.stat().st_size)
    if problem:
        raise EvidenceInputError(problem)
    data = p.read_bytes()
    with ledger.write() as session:
        return ops.attach(session, ledger.actor, kind, target_id, p.name, data, note)


def list_attachments(
    ledger: Ledger,
    *,
    on: tuple[str, int] | None = None,
    stream: str | None = None,
    detached: bool = False,
) -> list[AttachmentRow]:
    with ledger.read() as session:
        return q.attachments(session, on=[on] if on else [], stream=stream, detached=detached)


def _one(ledger: Ledger, attachment_id: int) -> tuple[AttachmentRow, bytes]:
    with ledger.read() as session:
        rows = q.attachments(session, ids=[attachment_id], detached=True)
        data = None if not rows else q.file_bytes(session, rows[0].sha256)
    if not rows or data is None:
        raise EvidenceInputError(f"attachment #{attachment_id} does not exist (or is not one "
                                 "of your streams)")  # fmt: skip
    if hashlib.sha256(data).hexdigest() != rows[0].sha256:
        raise RuntimeError(f"attachment #{attachment_id}: the stored file no longer matches its "
                           f"sha256 {rows[0].sha256}; run fundledger check")  # fmt: skip
    return rows[0], data


def _atomic(out: Path, write: Callable[[Path], object]) -> None:
    if not out.parent.is_dir():
        raise EvidenceInputError(f"--out: {out}: the folder {out.parent} does not exist")
    if out.is_dir():
        raise EvidenceInputError(f"--out: {out}: is a folder")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=".part", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def get_file(ledger: Ledger, attachment_id: int, out: str | Path) -> AttachmentRow:
    """Write the attached file, byte for byte, to ``out`` (detached ones too: history)."""
    row, data = _one(ledger, attachment_id)
    _atomic(Path(out), lambda tmp: tmp.write_bytes(data))
    return row


def detach(ledger: Ledger, attachment_id: int, reason: str | None) -> None:
    with ledger.write() as session:
        ops.detach(session, ledger.actor, attachment_id, reason)


# --------------------------------------------------------------------------- evidence pack

#: a return's source word → attachment kind
_KINDS = {"transactions": "txn", "contributions": "contribution", "contract_lines": "contract"}


@dataclass(frozen=True, slots=True)
class Pack:
    path: Path
    files: int
    rows: int
    rows_without: int


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in " ._-()" else "_" for c in name).strip() or "file"


def _pairs(sources: list[dict[str, Any]]) -> dict[str, tuple[str, int]]:
    """Each source that names a row evidence can be attached to → (kind, id)."""
    out: dict[str, tuple[str, int]] = {}
    for s in sources:
        key = source_key(s["source"])
        if key is not None and key[0] in _KINDS:
            out[s["source"]] = (_KINDS[key[0]], int(key[1]))
    return out


def evidence_pack(ledger: Ledger, submission_id: int, out: str | Path) -> Pack:
    """One zip: ``return/<workbook as sent>``, ``evidence/<attachment>-<file>`` for every file
    attached behind the return's rows (and to the submission), and ``index.xlsx``."""
    path = Path(out)
    if path.suffix.lower() != ".zip":
        raise EvidenceInputError(f"--out: {out}: the file name must end in .zip")
    found = get_submission(ledger, submission_id)
    sources = json.loads(found.content).get("sources", [])
    pairs = _pairs(sources)
    with ledger.read() as session:
        rows = q.attachments(session, on=[*pairs.values(), ("return", submission_id)])
        files = {r.sha256: q.file_bytes(session, r.sha256) for r in rows}
        produced = produced_by(session, ledger, found.row.as_at)
    by_target: dict[tuple[str, int], list[AttachmentRow]] = {}
    for r in rows:
        by_target.setdefault((r.kind, r.target_id), []).append(r)
    names = {r.id: f"evidence/{r.id}-{_safe(r.file_name)}" for r in rows}
    index: list[IndexRow] = [
        IndexRow("(the return)", f"submission #{submission_id}", None, None, None, a.id,
                 names[a.id], a.sha256, a.note)
        for a in by_target.get(("return", submission_id), [])
    ]  # fmt: skip
    without = 0
    for s in sources:
        on = None if s.get("on") is None else date.fromisoformat(s["on"])
        amount = None if s.get("amount") is None else Decimal(s["amount"])
        mine = by_target.get(pairs.get(s["source"], ("", 0)), [])
        if not mine:
            without += 1
            index.append(IndexRow(s["figure"], s["source"], amount, on, s.get("reference"),
                                  None, None, None, None))  # fmt: skip
        for a in mine:
            index.append(IndexRow(s["figure"], s["source"], amount, on, s.get("reference"),
                                  a.id, names[a.id], a.sha256, a.note))  # fmt: skip
    title = f"Evidence pack: {found.row.title}"
    sent = found.row
    seal = None if sent.seal_hash is None else (
        f"Ledger seal {'#' + str(sent.seal_entry) if sent.seal_entry else '(head)'} "
        f"{sent.seal_hash}")  # fmt: skip
    return_name = f"return/{_safe(found.row.file_name)}"

    def write(tmp: Path) -> None:
        with tempfile.TemporaryDirectory() as folder:
            idx = Path(folder) / "index.xlsx"
            write_index(idx, produced, index, title=title, return_file=return_name, seal=seal)
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr(return_name, found.workbook)
                z.write(idx, "index.xlsx")
                for r in rows:
                    data = files.get(r.sha256)
                    if data is not None:
                        z.writestr(names[r.id], data)

    _atomic(path, write)
    return Pack(path, len(rows), len(sources), without)
