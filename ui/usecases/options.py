"""Option lists for the app's pickers (streams, organisations), read off the GUI thread.

Each function takes the open :class:`db.ledger.Ledger`, opens one read and returns plain
tuples or frozen dataclasses, so the Qt forms fill their combo boxes without touching the
database layer (``ctx.run_read(options.streams, fill)``).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from db.ledger import Ledger
from db.queries.forms import FormChoices, form_choices
from db.schema import Organisation, Stream

__all__ = ["form_choices_of", "organisations", "stream_id_of", "streams"]


def streams(ledger: Ledger) -> list[tuple[int, str]]:
    """(id, code) of every stream in the ledger's order."""
    with ledger.read() as s:
        q = select(Stream.id, Stream.code).order_by(Stream.sort_order, Stream.code)
        return [(i, c) for i, c in s.execute(q)]


def stream_id_of(ledger: Ledger, code: str | None) -> int | None:
    """The id of the stream ``code`` (None for no code or an unknown one: all streams)."""
    if not code:
        return None
    with ledger.read() as s:
        found = s.execute(select(Stream.id).where(Stream.code == code)).scalar_one_or_none()
    return None if found is None else int(found)


def organisations(ledger: Ledger, kinds: Sequence[str]) -> list[tuple[int, str]]:
    """(id, name) of organisations of the given kinds, by name."""
    with ledger.read() as s:
        q = select(Organisation.id, Organisation.name).where(Organisation.kind.in_(list(kinds)))
        return [(i, n) for i, n in s.execute(q.order_by(Organisation.name))]


def form_choices_of(ledger: Ledger) -> FormChoices:
    """Every stream and organisation (the entry forms' pickers)."""
    with ledger.read() as s:
        return form_choices(s)
