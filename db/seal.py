"""The ledger seal: the audit chain's head (entry number and hash), e.g. "Ledger seal #618 3f9a…".

Every entry's hash covers the one before it (:mod:`db.audit`), so the head's hash stands for the
whole trail up to it.  The seal is printed on every export and return workbook, and a backup
carries its own head.  ``fundledger check --seal N:HASH`` (or ``--against BACKUP``) proves the
ledger's chain still contains that entry with that hash: deleting the latest entries, or
editing an entry and re-computing every hash after it (re-chaining), is found, which the chain
on its own cannot show.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .schema import AuditEntry

#: hex digits printed in a seal (64 bits: a forger cannot search for a matching prefix)
SHOWN = 16
#: fewest hex digits accepted in ``--seal`` (32 bits)
MIN_DIGITS = 8
_SEAL = re.compile(r"^\s*(?:ledger\s+seal\s+)?#?(\d+)\s*[:\s]\s*([0-9a-fA-F]+)\s*…?\s*$", re.I)


class SealError(ValueError):
    """A seal that cannot be read (the message says what was expected)."""


@dataclass(frozen=True, slots=True)
class Seal:
    """The audit chain's head: entry number ``entry`` and (a prefix of) its hash."""

    entry: int
    hash: str

    def __str__(self) -> str:
        if self.entry == 0:
            return "Ledger seal #0 (no audit entries yet)"
        return f"Ledger seal #{self.entry} {self.hash[:SHOWN]}"

    @property
    def token(self) -> str:
        """What ``fundledger check --seal`` takes: ``N:HASH``."""
        return f"{self.entry}:{self.hash}"


def parse_seal(text: str) -> Seal:
    """``618:3f9a0c1d…`` or ``Ledger seal #618 3f9a0c1d…`` (at least 8 hex digits)."""
    m = _SEAL.match(text or "")
    if m is None:
        raise SealError(
            f"{text!r} is not a ledger seal: give the entry number and hash as N:HASH, "
            "e.g. 618:3f9a0c1d5e2b7a40 (as printed on an export: Ledger seal #618 3f9a0c1d5e2b7a40)"
        )
    digits = m.group(2).lower()
    if len(digits) < MIN_DIGITS:
        raise SealError(
            f"the seal's hash {digits!r} is too short: give at least {MIN_DIGITS} hex digits"
        )
    return Seal(int(m.group(1)), digits)


def current_seal(session: Session) -> Seal:
    """The ledger's seal now (entry 0 when the audit log is empty)."""
    row = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return Seal(0, "") if row is None else Seal(int(row[0]), str(row[1]))


def seal_of_backup(path: Path) -> Seal:
    """The seal a SQLite backup carries: its audit chain's head, read without changing it."""
    if not path.is_file():
        raise SealError(f"there is no backup at {path}")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:  # pragma: no cover - connect to an existing file rarely fails
        raise SealError(f"cannot open the backup {path}: {exc}") from exc
    try:
        row = conn.execute("select id, hash from audit_log order by id desc limit 1").fetchone()
    except sqlite3.Error as exc:
        raise SealError(f"{path} is not a fundledger backup ({exc})") from exc
    finally:
        conn.close()
    return Seal(0, "") if row is None else Seal(int(row[0]), str(row[1]))


def seal_problems(session: Session, seal: Seal, source: str = "the seal") -> list[str]:
    """Why the ledger's audit chain does not contain ``seal`` (empty when it does)."""
    if seal.entry == 0:
        return []
    got = session.execute(
        select(AuditEntry.hash).where(AuditEntry.id == seal.entry)
    ).scalar_one_or_none()
    if got is None:
        head = current_seal(session)
        return [
            f"audit entry #{seal.entry} from {source} is missing (the chain now ends at "
            f"#{head.entry}): entries were deleted from the end of the audit trail"
        ]
    if not got.startswith(seal.hash):
        return [
            f"audit entry #{seal.entry} now hashes to {got[:SHOWN]}, {source} says "
            f"{seal.hash[:SHOWN]}: the audit trail up to it was edited and re-chained"
        ]
    return []
