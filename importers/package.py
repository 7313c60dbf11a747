"""Zip checks for the zip-based formats other than .xlsx (.xlsb, .ods), before the reader.

The same ceilings (:class:`importers.safety.Limits`) and the same words as the .xlsx checks:
too many parts, encrypted parts, a declared or actual expansion past the total limit, a part
compressed suspiciously well (zip bomb), and XML parts that declare entities.  Sizes are
counted while decompressing, so a lying zip header does not help.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from .problems import ImportProblem
from .safety import ENTITY_REASON, TRUNCATED_REASON, Limits

__all__ = ["check_package"]

_CHUNK = 1 << 20
_DECLS = (b"<!DOCTYPE", b"<!ENTITY", "<!".encode("utf-16-le"), "<!".encode("utf-16-be"))


def check_package(path: Path, limits: Limits, what: str) -> list[ImportProblem]:
    """Problems that make the zip package at ``path`` unsafe to read (empty list = safe)."""

    def problem(reason: str, value: str = "") -> list[ImportProblem]:
        return [ImportProblem(path.name, None, None, None, None, value, reason)]

    size = path.stat().st_size
    if size > limits.max_file_bytes:
        return problem(f"file is {_mb(size)}, over the {_mb(limits.max_file_bytes)} limit")
    try:
        with zipfile.ZipFile(path) as zf:
            found = _check(zf, limits, what)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        return problem(TRUNCATED_REASON)
    return problem(found[1], found[0]) if found else []


def _check(zf: zipfile.ZipFile, limits: Limits, what: str) -> tuple[str, str] | None:
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        n = len(infos)
        return "", f"has {n} parts, over the limit of {limits.max_members} (possible zip bomb)"
    if any(i.flag_bits & 0x1 for i in infos):
        return "", f"password-protected {what}: save it without a password to import it"
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_total_uncompressed:
        return "", _bomb(limits)
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and ratio > limits.max_ratio:
            return info.filename, f"expands {ratio:.0f} times (possible zip bomb)"
    return _stream(zf, infos, limits)


def _stream(
    zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits
) -> tuple[str, str] | None:
    budget = limits.max_total_uncompressed
    for info in infos:
        xml = info.filename.endswith((".xml", ".rels"))
        read, tail = 0, b""
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                read += len(chunk)
                if read > info.file_size:
                    return info.filename, "expands beyond its declared size (possible zip bomb)"
                if read > budget:
                    return info.filename, _bomb(limits)
                if xml and any(d in tail + chunk for d in _DECLS):
                    return info.filename, ENTITY_REASON
                tail = chunk[-32:]
        budget -= read
    return None


def _bomb(limits: Limits) -> str:
    return (
        f"would expand to more than {_mb(limits.max_total_uncompressed)}, over the limit "
        "(possible zip bomb)"
    )


def _mb(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n:,} bytes"
    return f"{n / (1024 * 1024):.1f} MB"
