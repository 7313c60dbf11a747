"""Allocations and budget lines: original, virements and revised budget (revised from SQL)."""

from __future__ import annotations

from functools import partial
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QSplitter, QStyle, QWidget

from ..widgets.permissions import gate
from .registers import RegisterPage, button, row_action

if TYPE_CHECKING:
    from ..context import AppContext
    from ..widgets.register_view import RegisterView

SP = QStyle.StandardPixmap

#: the permission behind each "Budget actions" entry (approvals and locks are lists anyone reads)
_MENU_PERMISSIONS = {
    "Request a virement…": "virement.request",
    "Carry forward to next year…": "carry_forward.request",
    "Forecast outturn…": "forecast.write",
}


class AllocationsPage(RegisterPage):
    """What each funder gives (top) and how it is split into budget lines (bottom)."""

    name = "allocations"
    title = "Allocations & budgets"
    description = "Allocations by funder and year; budget lines with virements"
    can_create = True
    can_export = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from ui.usecases import registers

        self.allocations = self.add_register(registers.allocations(), "Allocations")
        self.lines = self.add_register(registers.budget_lines(), "Budget lines")
        self.edit_actions = {}
        for view, what in ((self.allocations, "allocation"), (self.lines, "budget line")):
            act = row_action(self, "Edit…", partial(self._edit, view), f"Edit this {what}")
            self.edit_actions[what] = act
            view.row_actions = [act]
        self.revise_action = row_action(self, "Revise original…", self.revise_selected,
                                        "Change this line's agreed original budget, with a "
                                        "reason (finance; audited)")  # fmt: skip
        self.lines.row_actions.append(self.revise_action)
        self.split_action = row_action(self, "Split into years…", self.split_selected,
                                       "Split this range allocation into years (audited)")  # fmt: skip
        self.allocations.row_actions.append(self.split_action)
        self.allocations.activated.connect(self.edit_allocation)
        self.lines.activated.connect(self.edit_line)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.allocations)
        split.addWidget(self.lines)
        split.setSizes([170, 520])
        self.layout_.addWidget(split, 1)
        self.new_allocation_button = button(
            self,
            "New &allocation…",
            self.new_allocation,
            "Record an allocation from a funder",
            SP.SP_FileDialogNewFolder,
        )
        self.new_line_button = button(
            self, "New budget &line…", self.new_line, "Add a budget line (Ctrl+N)", SP.SP_FileIcon
        )
        self.split_button = button(self, "&Split into years…", self.split_selected,
                                   "Split the selected range allocation into years (audited)")  # fmt: skip
        self.budget_button = self._budget_actions_button()
        export = button(
            self,
            "E&xport…",
            self.export_view,
            "Export the budget lines shown (Ctrl+E)",
            SP.SP_DialogSaveButton,
        )
        for b in (self.new_allocation_button, self.split_button, self.new_line_button,
                  self.budget_button, export):  # fmt: skip
            self.buttons.addWidget(b)
        self.update_permissions()
        # Tab in reading order: the buttons above, then each register's search and table
        order = [self.new_allocation_button, self.split_button, self.new_line_button,
                 self.budget_button, export, self.allocations.search, self.allocations.table,
                 self.lines.search, self.lines.table]  # fmt: skip
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)
        self.lines.status_changed.disconnect()
        self.allocations.status_changed.disconnect()
        self.lines.model.totals_loaded.connect(lambda: self.status_changed.emit(self.status_text()))

    def _budget_actions_button(self) -> QPushButton:
        from ..dialogs.lifecycle import lifecycle_menu

        b = QPushButton("&Budget actions")
        b.setIcon(self.style().standardIcon(SP.SP_FileDialogDetailedView))
        b.setToolTip("Virements, carry-forwards, forecasts, approvals and period locks")
        b.setAccessibleName("Budget actions")
        self.budget_menu = lifecycle_menu(
            self.ctx, self, lambda: (self.stream_code, self.year), self._selected_line
        )
        self.budget_menu.setToolTipsVisible(True)
        self.budget_menu.aboutToShow.connect(self.update_permissions)
        b.setMenu(self.budget_menu)
        return b

    def _selected_line(self) -> int | None:
        """The budget line selected below (the lifecycle dialogs start from it)."""
        ids = self.lines.selected_ids()
        return ids[0] if len(ids) == 1 else None

    def update_permissions(self) -> None:
        """Enable what the acting user may do on this stream; disabled items say why."""
        why = self.ctx.why_not
        stream = self.stream_code
        gate(
            self.new_allocation_button,
            why("allocation.write", stream),
            "Record an allocation from a funder",
        )
        gate(self.new_line_button, why("budget.write", stream), "Add a budget line (Ctrl+N)")
        gate(
            self.edit_actions["allocation"], why("allocation.write", stream), "Edit this allocation"
        )
        gate(self.edit_actions["budget line"], why("budget.write", stream), "Edit this budget line")
        gate(self.revise_action, why("budget.revise", stream),
             "Change this line's agreed original budget, with a reason (audited)")  # fmt: skip
        for w in (self.split_action, self.split_button):
            gate(w, why("allocation.write", stream),
                 "Split the selected range allocation into years (audited)")  # fmt: skip
        for act in self.budget_menu.actions():
            action = _MENU_PERMISSIONS.get(act.text().replace("&", ""))
            if action is not None:
                gate(act, why(action, stream), act.text().replace("&", "").rstrip("…"))

    def refresh(self) -> None:
        self.update_permissions()
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

        if self.ctx.why_not("allocation.write", self.stream_code) is not None:
            return
        self._saved(
            self.allocations,
            AllocationDialog.run(self.ctx, self, None, self.stream_code, self.year),
        )

    def new_line(self) -> None:
        from ..dialogs.budget import BudgetLineDialog

        if self.ctx.why_not("budget.write", self.stream_code) is not None:
            return
        self._saved(
            self.lines, BudgetLineDialog.run(self.ctx, self, None, self.stream_code, self.year)
        )

    def _saved(self, view: RegisterView, row_id: int | None) -> None:
        """Select what was just saved (or say the search or a filter hides it: Show it)."""
        if row_id is not None:
            self.select_saved(view, int(row_id))

    def _edit(self, view: object) -> None:
        ids = view.selected_ids()  # type: ignore[attr-defined]
        if len(ids) == 1:
            (self.edit_allocation if view is self.allocations else self.edit_line)(ids[0])

    def split_selected(self) -> None:
        """*Split into years…* for the selected allocation (a range, not yet split)."""
        ids = self.allocations.selected_ids()
        if len(ids) == 1:
            self.split_allocation(ids[0])

    def split_allocation(self, row_id: int) -> list[int] | None:
        from ..dialogs.allocation_split import SplitAllocationDialog

        if self.ctx.why_not("allocation.write", self.stream_code) is not None:
            return None
        made: list[int] | None = SplitAllocationDialog.run(self.ctx, self, row_id)
        return made

    def edit_allocation(self, row_id: int) -> None:
        from ..dialogs.budget import AllocationDialog

        if self.ctx.why_not("allocation.write", self.stream_code) is None:
            self._saved(self.allocations, AllocationDialog.run(self.ctx, self, row_id))

    def edit_line(self, row_id: int) -> None:
        from ..dialogs.budget import BudgetLineDialog

        if self.ctx.why_not("budget.write", self.stream_code) is None:
            self._saved(self.lines, BudgetLineDialog.run(self.ctx, self, row_id))

    def revise_selected(self) -> None:
        """*Revise original…* for the selected budget line (finance, with a reason)."""
        ids = self.lines.selected_ids()
        if len(ids) == 1:
            self.revise_original(ids[0])

    def revise_original(self, row_id: int) -> None:
        from ..dialogs.budget_revision import ReviseOriginalDialog

        if self.ctx.why_not("budget.revise", self.stream_code) is None:
            self._saved(self.lines, ReviseOriginalDialog.run(self.ctx, self, row_id))
