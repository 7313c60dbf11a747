"""Zip checks for the zip-based formats other than .xlsx (.xlsb, .ods), before the reader.

The one zip check of :mod:`importers.zipcheck` with the same ceilings
(:class:`importers.limits.Limits`) and words as for .xlsx: too many parts, encrypted parts, a
declared or actual expansion past the total limit, a file or part compressed suspiciously well
(zip bomb), and XML parts that declare entities.
"""

from __future__ import annotations

from pathlib import Path

from .limits import Limits
from .odsscan import OdsContentScan
from .problems import ImportProblem
from .xlsbscan import XlsbSheetScan
from .zipcheck import PartScanner, check_zip

__all__ = ["check_package"]


def check_package(path: Path, limits: Limits, what: str) -> list[ImportProblem]:
    """Problems that make the zip package at ``path`` unsafe to read (empty list = safe).
    An .xlsb's worksheet parts and an .ods's ``content.xml`` are also read for where their
    cells are (:mod:`importers.xlsbscan`, :mod:`importers.odsscan`)."""
    encrypted = f"password-protected {what}: save it without a password to import it"

    def scanner_for(part: str, _exact: bool) -> PartScanner | None:
        if part.endswith(".bin"):
            return XlsbSheetScan(limits)
        return OdsContentScan(limits) if part == "content.xml" else None

    found = check_zip(path, limits, encrypted, scanner_for)
    return [ImportProblem(path.name, None, None, None, None, v, r) for v, r in found[:1]]
