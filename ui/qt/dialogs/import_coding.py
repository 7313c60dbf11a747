"""The import preview's "Code selected rows to…": choose the budget line for rows of one stream
and year before they are imported (the choice goes into the import's ``RowChoices.lines``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget
from shiboken6 import isValid

if TYPE_CHECKING:
    from ..context import AppContext


def choose_line(
    ctx: AppContext, parent: QWidget | None, rows: Sequence[Any], chosen: Callable[[int], None]
) -> None:
    """Ask for the budget line of ``rows`` (previewed rows); ``chosen(line id)`` once picked.

    The stream's lines are read off the GUI thread; nothing is called when the user cancels.
    """
    from ui.usecases.reference import line_choices

    scopes = {(r.stream, r.year) for r in rows}
    if len(scopes) != 1 or None in next(iter(scopes), (None,)):
        QMessageBox.information(
            parent, "Code rows", "Select new rows of one stream and one year to code them."
        )
        return
    stream, year = next(iter(scopes))

    def ask(options: list[tuple[str, int]]) -> None:
        if parent is not None and not isValid(parent):
            return
        if not options:
            QMessageBox.information(parent, "Code rows", f"{stream} has no budget lines in {year}.")
            return
        names = [name for name, _id in options]
        name, ok = QInputDialog.getItem(
            parent, "Code rows", f"Budget line for {len(rows)} row(s) of {stream}:", names, 0, False
        )
        if ok:
            chosen(dict(options)[name])

    ctx.run_read(lambda ledger: line_choices(ledger, stream, year), ask, title="Reading lines…")
