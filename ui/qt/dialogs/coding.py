"""Code selected rows…: put the chosen transactions on a budget line (and a contract line) by
hand, as one audited write; rows of several streams or years, reversals, reversed rows and
rows in a closed period are refused inline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from .form import FormDialog

if TYPE_CHECKING:
    from ..context import AppContext


class CodeRowsDialog(FormDialog):
    """Choose a budget line and optionally a contract line for the selected rows."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, txn_ids: Sequence[int]) -> None:
        super().__init__(ctx, "Code selected rows", parent)
        from db.queries.coding import targets

        self.ids = list(txn_ids)
        assert ctx.ledger is not None
        with ctx.ledger.read() as s:
            self.targets = targets(s, self.ids)
        t = self.targets
        scope = f"{t.stream} {t.year}-{(t.year + 1) % 100:02d}" if t.year is not None else "—"
        self.add_row("Rows", QLabel(f"{len(self.ids)} selected · {scope}"))
        self.line = QComboBox()
        self.line.addItem("(leave the budget line)", None)
        for lid, name in t.lines:
            self.line.addItem(name, lid)
        self.add_row("&Budget line", self.line, "The line the rows are charged to")
        self.contract = QComboBox()
        self.contract.addItem("(no contract line)", None)
        for cid, label in t.contracts:
            self.contract.addItem(label, cid)
        self.add_row("&Contract line", self.contract, "The contract the rows are invoices of")
        if t.problem:
            self.show_problems([t.problem])
            self.buttons.button(self.buttons.StandardButton.Save).setEnabled(False)

    def problems(self) -> list[str]:
        if self.targets.problem:
            return [self.targets.problem]
        if self.line.currentData() is None and self.contract.currentData() is None:
            return ["choose a budget line or a contract line"]
        return []

    def write(self, ledger: Any) -> Any:
        from ui.usecases.reference import code_by_hand

        return code_by_hand(ledger, self.ids, self.line.currentData(),
                            self.contract.currentData())  # fmt: skip
