"""The import preview's "Code selected rows to…": choose the budget line for rows of one stream
and year before they are imported (the choice goes into the import's ``RowChoices.lines``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

if TYPE_CHECKING:
    from ..context import AppContext


def line_choices(ledger: Any, stream: str, year: int) -> list[tuple[str, int]]:
    """(name, id) of the stream's budget lines in the year."""
    from sqlalchemy import select

    from db.queries.forms import budget_lines
    from db.schema import Stream

    with ledger.read() as s:
        sid = s.execute(select(Stream.id).where(Stream.code == stream)).scalar()
        return [] if sid is None else [(c.name, c.id) for c in budget_lines(s, sid, year)]


def choose_line(ctx: AppContext, parent: QWidget | None, rows: Sequence[Any]) -> int | None:
    """Ask for the budget line of ``rows`` (previewed rows); its id, or None."""
    scopes = {(r.stream, r.year) for r in rows}
    if len(scopes) != 1 or None in next(iter(scopes), (None,)):
        QMessageBox.information(
            parent, "Code rows", "Select new rows of one stream and one year to code them."
        )
        return None
    stream, year = next(iter(scopes))
    assert ctx.ledger is not None
    options = line_choices(ctx.ledger, stream, year)
    if not options:
        QMessageBox.information(parent, "Code rows", f"{stream} has no budget lines in {year}.")
        return None
    names = [name for name, _id in options]
    name, ok = QInputDialog.getItem(
        parent, "Code rows", f"Budget line for {len(rows)} row(s) of {stream}:", names, 0, False
    )
    if not ok:
        return None
    return dict(options)[name]
