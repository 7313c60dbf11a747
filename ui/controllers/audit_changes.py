"""An audit entry's changes in words: ``amount: 10.00 → 12.50`` for each field that changed
(a new row's fields as ``name: Refuge``, a removed one's as ``name: Refuge → (removed)``), from
the old and new values the entry records as JSON.  The raw JSON stays available on demand."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["change_lines", "changes", "changes_text", "local_time"]

ARROW = "→"


def _load(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {"value": text}  # not JSON: shown as it is
    return value if isinstance(value, dict) else {"value": value}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def changes(old: str | None, new: str | None) -> list[tuple[str, str, str]]:
    """``(field, old, new)`` for each field an audit entry records, old/new as text."""
    before, after = _load(old), _load(new)
    fields = sorted(set(before) | set(after))
    return [(f, _text(before.get(f)), _text(after.get(f))) for f in fields]


def change_lines(old: str | None, new: str | None) -> list[str]:
    """One ``field: old → new`` line per field that changed (fields left as they were are not
    listed); a new row's fields as ``field: value`` (blank ones left out); a removed one's as
    ``field: value → (removed)``."""
    before, after = _load(old), _load(new)
    out = []
    for field, was, now in changes(old, new):
        if field in before and field in after and was == now:
            continue
        if not before:
            if now:  # a new row: the fields it was given (blank ones are not news)
                out.append(f"{field}: {now}")
        elif not after:
            out.append(f"{field}: {was or '(blank)'} {ARROW} (removed)")
        else:
            out.append(f"{field}: {was or '(blank)'} {ARROW} {now or '(blank)'}")
    return out


def changes_text(old: str | None, new: str | None) -> str:
    """The changes on one line (a register cell): ``amount: 10.00 → 12.50; kind: …``."""
    return "; ".join(change_lines(old, new))


def local_time(at: datetime) -> str:
    """A stored (UTC) time on the user's clock: ``23/11/2026 09:05:12 GMT``."""
    local = at.astimezone()
    zone = local.tzname() or ""
    return f"{local:%d/%m/%Y %H:%M:%S} {zone}".strip()
