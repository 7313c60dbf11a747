"""The transactions register: search, filter, sort (all in SQL), add, edit, reverse, export."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QStyle, QWidget

from ..widgets.permissions import gate
from .registers import RegisterPage, button, row_action

if TYPE_CHECKING:
    from ..context import AppContext

SP = QStyle.StandardPixmap
#: the Uncoded view: spend with no budget line (reversals follow the row they reverse)
UNCODED = {"line": "=", "kind": "!reversal"}
UNCODED_TIP = "Show only rows with no budget line (what variance shows as (no budget line))"
CODE_TIP = "Code the selected rows to a budget line and contract line (one audited change)"


EVIDENCE_TIP = "The files attached to the selected transaction: attach, open, detach"


class TransactionsPage(RegisterPage):
    """Every posted transaction in the scope; double-click to edit, reverse to correct."""

    name = "transactions"
    title = "Transactions"
    description = "Spend, income, credit notes and refunds"
    can_create = True
    can_export = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from ui.usecases import registers

        self.view = self.add_register(registers.transactions(), "Transactions")
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
        self.evidence_button = button(
            self, "E&vidence…", self.evidence_selected, EVIDENCE_TIP, SP.SP_FileIcon
        )
        self.uncoded_button = button(
            self, "&Uncoded", self.show_uncoded, UNCODED_TIP, SP.SP_FileDialogListView
        )
        self.uncoded_button.setCheckable(True)
        self.code_button = button(
            self, "&Code selected rows…", self.code_selected, CODE_TIP, SP.SP_DialogApplyButton
        )
        for b in (
            self.new_button,
            self.edit_button,
            self.reverse_button,
            self.evidence_button,
            self.uncoded_button,
            self.code_button,
            self.export_button,
        ):
            self.buttons.addWidget(b)
        self.layout_.addWidget(self.view, 1)
        self.edit_action = row_action(self, "Edit…", self.edit_selected, "Edit this transaction")
        self.reverse_action = row_action(
            self, "Reverse…", self.reverse_selected, "Reverse this transaction"
        )
        self.evidence_action = row_action(self, "Evidence…", self.evidence_selected, EVIDENCE_TIP)
        self.view.row_actions = [self.edit_action, self.reverse_action, self.evidence_action]
        self.view.activated.connect(self.edit)
        self.view.selection_changed.connect(self._update_buttons)
        self.view.model.loaded.connect(self._update_buttons)  # a reload clears the selection
        self._update_buttons()

    def refresh(self) -> None:
        self._update_buttons()
        self.heading.setText(self.scope_text())
        self.view.set_scope(self.stream_code, self.year)

    def drill(self, filters: dict[str, str]) -> None:
        """Show the transactions behind a figure: column filters by key (``stream``, ``year``,
        ``period``, ``line``, ``date``…, same syntax as typed filters), replacing any others."""
        self.uncoded_button.setChecked(filters.get("line") == "=")
        self.view.set_filters(filters)

    def show_uncoded(self) -> None:
        """Toggle the Uncoded view (rows with no budget line) over the page's scope."""
        self.view.set_filters(dict(UNCODED) if self.uncoded_button.isChecked() else {})

    def code_selected(self) -> None:
        from ..dialogs.coding import CodeRowsDialog

        ids = self.view.selected_ids()
        if ids and self.why_not_edit(ids[0]) is None:
            CodeRowsDialog.run(self.ctx, self, ids)

    def status_text(self) -> str:
        return self.view.totals_text()

    def focus_search(self) -> None:
        self.view.focus_search()

    def export_view(self) -> None:
        self.view.export()

    def _row_stream(self, txn_id: int) -> str | None:
        """The stream code of a loaded transaction (the page's stream if it is not loaded)."""
        model = self.view.model
        row = model.row_of(txn_id)
        keys = [c.key for c in self.view.register.columns]
        if row is None or "stream" not in keys:
            return self.stream_code
        code = model.value(row, keys.index("stream"))
        return str(code) if code else self.stream_code

    def why_not_edit(self, txn_id: int | None = None) -> str | None:
        """Why the acting user may not change ``txn_id`` (or the page's stream), or None."""
        stream = self.stream_code if txn_id is None else self._row_stream(txn_id)
        return self.ctx.why_not("transaction.write", stream)

    def _update_buttons(self) -> None:
        """New by role and stream; Edit and Reverse also need exactly one selected row."""
        gate(
            self.new_button,
            self.ctx.why_not("transaction.write", self.stream_code),
            "Add a transaction (Ctrl+N)",
        )
        ids = self.view.selected_ids()
        one = len(ids) == 1
        why = self.why_not_edit(ids[0] if one else None)
        gate(
            self.edit_button,
            why or (None if one else "Select one transaction to edit"),
            "Edit the selected transaction",
        )
        gate(
            self.reverse_button,
            why or (None if one else "Select one transaction to reverse"),
            "Reverse the selected transaction (a new row for the opposite amount)",
        )
        gate(
            self.code_button,
            self.why_not_edit(ids[0] if ids else None)
            or (None if ids else "Select the rows to code"),
            CODE_TIP,
        )
        gate(self.evidence_button, None if one else "Select one transaction", EVIDENCE_TIP)
        gate(self.evidence_action, None if one else "Select one transaction", EVIDENCE_TIP)
        gate(self.edit_action, why, "Edit this transaction")
        gate(self.reverse_action, why, "Reverse this transaction")

    # ------------------------------------------------------------------ actions
    def new_record(self) -> None:
        from ..dialogs.transaction import TransactionDialog

        if self.ctx.why_not("transaction.write", self.stream_code) is not None:
            return
        new_id = TransactionDialog.run(self.ctx, self, None, self.stream_code, self.year)
        if new_id is not None:
            self._select_after_load(new_id)

    def edit_selected(self) -> None:
        ids = self.view.selected_ids()
        if len(ids) == 1:
            self.edit(ids[0])

    def edit(self, txn_id: int) -> None:
        from ..dialogs.transaction import TransactionDialog

        if self.why_not_edit(txn_id) is not None:
            return  # no read-only form: the row is all there is to see
        if TransactionDialog.run(self.ctx, self, txn_id) is not None:
            self._select_after_load(txn_id)

    def evidence_selected(self) -> None:
        """The files attached to the selected transaction (invoices, claim forms)."""
        from ..dialogs.evidence import EvidenceDialog

        ids = self.view.selected_ids()
        if len(ids) != 1:
            return
        self.evidence_dialog = EvidenceDialog(self.ctx, "txn", ids[0], f"transaction #{ids[0]}",
                                              self._row_stream(ids[0]), self)  # fmt: skip
        self.evidence_dialog.open()

    def reverse_selected(self) -> None:
        from ..dialogs.transaction import reverse

        ids = self.view.selected_ids()
        if len(ids) == 1 and self.why_not_edit(ids[0]) is None:
            reverse(self.ctx, self, ids[0], self._select_after_load)

    def _select_after_load(self, row_id: Any) -> None:
        """Select the saved row once the register has reloaded; when the search or a filter
        hides it, the status message says so and offers "Show it" (clear them, select it)."""
        self.select_saved(self.view, int(row_id), lambda: self.uncoded_button.setChecked(False))

    def show_row(self, row_id: int) -> None:
        """Clear the search, the filters and the Uncoded view, then select ``row_id``."""
        self.uncoded_button.setChecked(False)
        self.reveal(self.view, row_id)
