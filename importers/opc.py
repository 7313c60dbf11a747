"""Finding parts of an Office package through its relationships (ECMA-376 Part 2).

A workbook's main part is whatever ``_rels/.rels`` names as the office document: usually
``xl/workbook.xml``, but a package may put it anywhere, and its sheets are wherever the
workbook's own relationships say.  Relationship parts are read with a size cap and with
defusedxml (no DTDs), after the zip checks have looked at every part's bytes.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree

__all__ = ["DEFAULT_WORKBOOK", "Relationship", "relationships", "rels_name", "workbook_part"]

DEFAULT_WORKBOOK = "xl/workbook.xml"
_OFFICE_DOCUMENT = "/officeDocument"
_MAX_RELS = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Relationship:
    id: str
    type: str
    part: str  # the target as a part name ("xl/worksheets/sheet1.xml"), or the URL if external
    external: bool


def rels_name(part: str | None) -> str:
    """The relationships part of ``part`` (None: the package's own, ``_rels/.rels``)."""
    if part is None:
        return "_rels/.rels"
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _read_capped(zf: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        with zf.open(name) as fh:
            data = fh.read(_MAX_RELS + 1)
    except KeyError:
        return None
    return data if len(data) <= _MAX_RELS else None


def relationships(zf: zipfile.ZipFile, part: str | None) -> list[Relationship]:
    """The relationships of ``part`` (None: the package's); none if unreadable."""
    data = _read_capped(zf, rels_name(part))
    if data is None:
        return []
    try:
        root = ElementTree.fromstring(data)
    except Exception:  # malformed, or a DTD defusedxml refuses
        return []
    base = posixpath.dirname(part) if part else ""
    found: list[Relationship] = []
    for el in root.iter():
        if el.tag.rpartition("}")[2] != "Relationship":
            continue
        target = el.get("Target", "")
        external = el.get("TargetMode", "") == "External"
        if not external:
            target = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(base, target))
            )
        found.append(Relationship(el.get("Id", ""), el.get("Type", ""), target, external))
    return found


def workbook_part(zf: zipfile.ZipFile) -> str:
    """The package's main workbook part (``xl/workbook.xml`` unless the package says else)."""
    for rel in relationships(zf, None):
        if rel.type.endswith(_OFFICE_DOCUMENT) and not rel.external:
            return rel.part
    return DEFAULT_WORKBOOK
