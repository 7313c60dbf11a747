"""The transactions register: search, filter, sort (all in SQL), add, edit, reverse, export."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QStyle, QWidget

from .registers import RegisterPage, button, row_action

if TYPE_CHECKING:
    from ..context import AppContext

SP = QStyle.StandardPixmap


class TransactionsPage(RegisterPage):
    """Every posted transaction in the scope; double-click to edit, reverse to correct."""

    name = "transactions"
    title = "Transactions"
    description = "Spend, income, credit notes and refunds"
    can_create = True
    can_export = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from db.queries.register_defs import TRANSACTIONS

        self.view = self.add_register(TRANSACTIONS, "Transactions")
        self.new_button = button(
            self, "&New…", self.new_record, "Add a transaction (Ctrl+N)", SP.SP_FileDialogNewFolder
        )
        self.edit_button = button(
            self,
            "&Edit…",
            self.edit_selected,
            "Edit the selected transaction",
            SP.SP_FileDialogDetailedView,
        )
        self.reverse_button = button(
            self,
            "&Reverse…",
            self.reverse_selected,
            "Reverse the selected transaction (a new row for the opposite amount)",
            SP.SP_BrowserStop,
        )
        self.export_button = button(
            self,
            "E&xport…",
            self.export_view,
            "Export this view to Excel (Ctrl+E)",
            SP.SP_DialogSaveButton,
        )
        for b in (self.new_button, self.edit_button, self.reverse_button, self.export_button):
            self.buttons.addWidget(b)
        self.layout_.addWidget(self.view, 1)
        self.view.row_actions = [
            row_action(self, "Edit…", self.edit_selected, "Edit this transaction"),
            row_action(self, "Reverse…", self.reverse_selected, "Reverse this transaction"),
        ]
        self.view.activated.connect(self.edit)
        self.view.selection_changed.connect(self._update_buttons)
        self._update_buttons()

    def refresh(self) -> None:
        self.heading.setText(self.scope_text())
        self.view.set_scope(self.stream_code, self.year)

    def drill(self, filters: dict[str, str]) -> None:
        """Show the transactions behind a figure: column filters by key (``stream``, ``year``,
        ``period``, ``line``, ``date``…, same syntax as typed filters), replacing any others."""
        self.view.set_filters(filters)

    def status_text(self) -> str:
        return self.view.totals_text()

    def focus_search(self) -> None:
        self.view.focus_search()

    def export_view(self) -> None:
        self.view.export()

    def _update_buttons(self) -> None:
        can = self.ctx.can_write_money()
        one = len(self.view.selected_ids()) == 1
        self.new_button.setEnabled(can)
        self.edit_button.setEnabled(can and one)
        self.reverse_button.setEnabled(can and one)

    # ------------------------------------------------------------------ actions
    def new_record(self) -> None:
        from ..dialogs.transaction import TransactionDialog

        new_id = TransactionDialog.run(self.ctx, self, None, self.stream_code, self.year)
        if new_id is not None:
            self._select_after_load(new_id)

    def edit_selected(self) -> None:
        ids = self.view.selected_ids()
        if len(ids) == 1:
            self.edit(ids[0])

    def edit(self, txn_id: int) -> None:
        from ..dialogs.transaction import TransactionDialog

        if not self.ctx.can_write_money():
            return
        if TransactionDialog.run(self.ctx, self, txn_id) is not None:
            self._select_after_load(txn_id)

    def reverse_selected(self) -> None:
        from ..dialogs.transaction import reverse

        ids = self.view.selected_ids()
        if len(ids) == 1:
            reverse(self.ctx, self, ids[0], self._select_after_load)

    def _select_after_load(self, row_id: Any) -> None:
        def select() -> None:
            self.view.model.loaded.disconnect(select)
            self.view.select_id(int(row_id))

        self.view.model.loaded.connect(select)
