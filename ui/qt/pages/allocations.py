"""Allocations and budget lines: original, virements and revised budget (revised from SQL)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QStyle, QWidget

from .registers import RegisterPage, button, row_action

if TYPE_CHECKING:
    from ..context import AppContext

SP = QStyle.StandardPixmap


class AllocationsPage(RegisterPage):
    """What each funder gives (top) and how it is split into budget lines (bottom)."""

    name = "allocations"
    title = "Allocations & budgets"
    description = "Allocations by funder and year; budget lines with virements"
    can_create = True
    can_export = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from db.queries.register_defs import ALLOCATIONS, BUDGET_LINES

        self.allocations = self.add_register(ALLOCATIONS, "Allocations")
        self.lines = self.add_register(BUDGET_LINES, "Budget lines")
        for view, what in ((self.allocations, "allocation"), (self.lines, "budget line")):
            view.row_actions = [
                row_action(self, "Edit…", partial(self._edit, view), f"Edit this {what}")
            ]
        self.allocations.activated.connect(self.edit_allocation)
        self.lines.activated.connect(self.edit_line)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.allocations)
        split.addWidget(self.lines)
        split.setSizes([170, 520])
        self.layout_.addWidget(split, 1)
        for b in (
            button(
                self,
                "New &allocation…",
                self.new_allocation,
                "Record an allocation from a funder",
                SP.SP_FileDialogNewFolder,
            ),
            button(
                self,
                "New budget &line…",
                self.new_line,
                "Add a budget line (Ctrl+N)",
                SP.SP_FileIcon,
            ),
            button(
                self,
                "E&xport lines…",
                self.export_view,
                "Export the budget lines shown (Ctrl+E)",
                SP.SP_DialogSaveButton,
            ),
        ):
            b.setEnabled(self.ctx.can_write_money() or "xport" in b.text())
            self.buttons.addWidget(b)
        self.lines.status_changed.disconnect()
        self.allocations.status_changed.disconnect()
        self.lines.model.totals_loaded.connect(lambda: self.status_changed.emit(self.status_text()))

    def refresh(self) -> None:
        self.heading.setText(self.scope_text())
        self.allocations.set_scope(self.stream_code, self.year)
        self.lines.set_scope(self.stream_code, self.year)

    def status_text(self) -> str:
        return f"Budget lines: {self.lines.totals_text()}"

    def focus_search(self) -> None:
        target = self.allocations if self.allocations.table.hasFocus() else self.lines
        target.focus_search()

    def export_view(self) -> None:
        self.lines.export()

    def new_record(self) -> None:
        self.new_line()

    def new_allocation(self) -> None:
        from ..dialogs.budget import AllocationDialog

        AllocationDialog.run(self.ctx, self, None, self.stream_code, self.year)

    def new_line(self) -> None:
        from ..dialogs.budget import BudgetLineDialog

        BudgetLineDialog.run(self.ctx, self, None, self.stream_code, self.year)

    def _edit(self, view: object) -> None:
        ids = view.selected_ids()  # type: ignore[attr-defined]
        if len(ids) == 1:
            (self.edit_allocation if view is self.allocations else self.edit_line)(ids[0])

    def edit_allocation(self, row_id: int) -> None:
        from ..dialogs.budget import AllocationDialog

        if self.ctx.can_write_money():
            AllocationDialog.run(self.ctx, self, row_id)

    def edit_line(self, row_id: int) -> None:
        from ..dialogs.budget import BudgetLineDialog

        if self.ctx.can_write_money():
            BudgetLineDialog.run(self.ctx, self, row_id)
