"""The one zip check every zip-based format passes before its reader (.xlsx, .xlsb, .ods).

Refused, in this order, with the first reason found:

- a file over the size limit, a file whose zip directory cannot be read (truncated);
- too many parts, encrypted parts;
- parts declaring more than the total expansion limit, or a whole file (or any one part) that
  expands more than ``max_ratio`` times — a zip bomb built of many small parts is caught as
  surely as one built of a single large part;
- while decompressing (so a zip header that lies about sizes does not help): a part that
  expands beyond its declared size, all parts together past the total limit, XML that declares
  entities (UTF-8 or UTF-16), and whatever the caller's part scanner finds (sheet dimensions).

Everything streams through 1 MB chunks, so memory stays small whatever the file claims.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Protocol

from .limits import ENTITY_REASON, TRUNCATED_REASON, Limits, size_text
from .sheetscan import RESTART

__all__ = ["CHUNK", "PartScanner", "ZipFindings", "check_zip"]

CHUNK = 1 << 20
#: the longest markup a chunk may end inside (the rest of it waits for the next chunk)
_MAX_TAIL = 1 << 20
_XML_NAMES = (".xml", ".rels", ".vml")
_UTF16_DECLS = ("<!".encode("utf-16-le"), "<!".encode("utf-16-be"))
_OVERLAP = 32
#: compressed bytes handed to zlib at a time (it keeps what it has not inflated yet)
_RAW = 1 << 18


class PartScanner(Protocol):
    """Looks at one part's bytes as they stream: XML in chunks that end at a ``>``, a
    ``binary`` part's chunks as they come."""

    binary: bool

    def feed(self, data: bytes) -> str | None: ...
    def finish(self) -> str | None: ...


#: given a part's name, a scanner for it (or None); called again for an exact second pass
ScannerFor = Callable[[str, bool], PartScanner | None]

#: (value, reason) pairs; value names the part where one is to blame
ZipFindings = list[tuple[str, str]]


def check_zip(
    path: Path, limits: Limits, encrypted: str, scanner_for: ScannerFor | None = None
) -> ZipFindings:
    """Findings that make the zip at ``path`` unsafe to read (empty list = safe)."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        limit = size_text(limits.max_file_bytes)
        return [("", f"file is {size_text(size)}, over the {limit} limit")]
    try:
        with zipfile.ZipFile(path) as zf:
            return _check(zf, size, limits, encrypted, scanner_for)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
        return [("", TRUNCATED_REASON)]


def _check(
    zf: zipfile.ZipFile, size: int, limits: Limits, encrypted: str, scanner_for: ScannerFor | None
) -> ZipFindings:
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        n, most = len(infos), limits.max_members
        return [("", f"has {n:,} parts, over the limit of {most:,} (possible zip bomb)")]
    if any(i.flag_bits & 0x1 for i in infos):
        return [("", encrypted)]
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_total_uncompressed:
        return [("", bomb_total(declared, limits))]
    for info in infos:
        ratio = info.file_size / max(info.compress_size, limits.ratio_floor)
        if ratio > limits.max_ratio:
            actual = info.file_size / max(info.compress_size, 1)
            return [(info.filename, f"expands {actual:.0f} times (possible zip bomb)")]
    if declared > limits.max_ratio * max(size, limits.ratio_floor):
        return [("", f"would expand {declared / max(size, 1):.0f} times (possible zip bomb)")]
    budget = [limits.max_total_uncompressed]
    for info in infos:
        found = _stream(zf, info, limits, budget, scanner_for)
        if found:
            return [(info.filename, found)]
    return []


def bomb_total(total: int, limits: Limits) -> str:
    return (
        f"would expand to {size_text(total)}, over the "
        f"{size_text(limits.max_total_uncompressed)} limit (possible zip bomb)"
    )


def _stream(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limits: Limits,
    budget: list[int],
    scanner_for: ScannerFor | None,
) -> str | None:
    scanner = scanner_for(info.filename, False) if scanner_for else None
    for _attempt in range(2):
        found = _pass(zf, info, limits, budget, scanner)
        if found != RESTART:
            return found
        scanner = scanner_for(info.filename, True) if scanner_for else None
    return None


def _pass(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limits: Limits,
    budget: list[int],
    scanner: PartScanner | None,
) -> str | None:
    read, tail, first = 0, b"", True
    xml = info.filename.endswith(_XML_NAMES)
    for chunk in _part_bytes(zf, info, CHUNK):
        read += len(chunk)
        if read > info.file_size:
            return "expands beyond its declared size (possible zip bomb)"
        if read > budget[0]:
            return bomb_total(limits.max_total_uncompressed + 1, limits)
        if first:
            xml = xml or chunk.lstrip()[:1] == b"<" or chunk[:2] in (b"\xff\xfe", b"\xfe\xff")
            first = False
        data = tail + chunk
        if xml and _declares(data):
            return ENTITY_REASON
        if scanner is None or scanner.binary:
            tail = data[-_OVERLAP:]
            found = scanner.feed(chunk) if scanner is not None else None
            if found:
                budget[0] -= read
                return found
            continue
        cut = data.rfind(b">") + 1
        tail = data[cut:]
        found = scanner.feed(data[:cut]) if cut else None
        if found:
            budget[0] -= read
            return found
        if len(tail) > _MAX_TAIL:
            budget[0] -= read
            return "a tag is over 1 MB long: the part cannot be read safely"
    budget[0] -= read
    return scanner.finish() if scanner is not None else None


def _part_bytes(zf: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> Iterator[bytes]:
    """The bytes of part ``info``, at most ``size`` at a time, as far as it really expands.

    A deflated part is inflated here from its raw bytes: zipfile's reader hands zlib as many
    compressed bytes as it is asked to return and copies what zlib leaves at every read (a
    third of the time on a large sheet), and stops at the declared size, where this goes on so
    the caller sees a part that expands beyond it.  The local header is checked by opening the
    part with zipfile first, and the CRC as zipfile checks it; other methods are read by
    zipfile."""
    with zf.open(info) as fh:
        if info.compress_type != zipfile.ZIP_DEFLATED or zf.fp is None:
            while chunk := fh.read(size):
                yield chunk
            return
    fp = zf.fp
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("bad local file header")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    fp.seek(info.header_offset + 30 + name_len + extra_len)
    yield from _inflate(fp, info, size)


def _inflate(fp: IO[bytes], info: zipfile.ZipInfo, size: int) -> Iterator[bytes]:
    """The deflated bytes at ``fp`` inflated, at most ``size`` at a time; their CRC and size
    checked at the end."""
    inflate, left, crc, total = zlib.decompressobj(-zlib.MAX_WBITS), info.compress_size, 0, 0
    while not inflate.eof:
        if inflate.unconsumed_tail:
            out = inflate.decompress(inflate.unconsumed_tail, size)
        elif left > 0:
            raw = fp.read(min(_RAW, left))
            if not raw:
                raise EOFError("the part's compressed bytes end early")
            left -= len(raw)
            out = inflate.decompress(raw, size)
        else:
            out = inflate.flush()  # what zlib still holds of the last bytes (a few at most)
            if not out:
                break
        if out:
            crc, total = zlib.crc32(out, crc), total + len(out)
            yield out
    if crc != info.CRC or total != info.file_size:
        raise zipfile.BadZipFile(f"bad CRC-32 or size for {info.filename}")


def _declares(data: bytes) -> bool:
    """True if ``data`` has ``<!`` markup that is not a comment or CDATA (UTF-8 or UTF-16).

    Any such markup is a DTD declaration (DOCTYPE, ENTITY, ELEMENT, ATTLIST, NOTATION), which
    a workbook never needs.  Searches for the rare ``!`` and looks behind it, which is ten
    times faster than searching for ``<!`` in XML full of ``<``; UTF-16 is only looked for if
    there is a NUL byte."""
    i = data.find(b"!")
    while i >= 0:
        markup = i > 0 and data[i - 1] == 0x3C  # "<!"
        if markup and not (data.startswith(b"--", i + 1) or data.startswith(b"[CDATA[", i + 1)):
            return True
        i = data.find(b"!", i + 1)
    return b"\x00" in data and any(p in data for p in _UTF16_DECLS)
