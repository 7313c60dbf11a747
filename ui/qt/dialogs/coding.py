"""Code selected rows…: put the chosen transactions on a budget line (and a contract line) by
hand, as one audited write; rows of several streams or years, reversals, reversed rows and
rows in a closed period are refused inline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from fundledger.vocabulary import TransactionId
from fundledger.years import year_label
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from .form import FormDialog

if TYPE_CHECKING:
    from ui.usecases.reference import Targets

    from ..context import AppContext


class CodeRowsDialog(FormDialog):
    """Choose a budget line and optionally a contract line for the selected rows."""

    changes = topics(T.TRANSACTIONS)

    def __init__(self, ctx: AppContext, parent: QWidget | None, txn_ids: Sequence[int]) -> None:
        super().__init__(ctx, "Code selected rows", parent)
        from ui.usecases.reference import Targets, coding_targets

        self.ids = list(txn_ids)
        self.targets = Targets(None, None, len(self.ids), (), (), None)
        self.scope = QLabel(f"{len(self.ids)} selected")
        self.add_row("Rows", self.scope)
        self.line = QComboBox()
        self.line.addItem("(leave the budget line)", None)
        self.add_row("&Budget line", self.line, "The line the rows are charged to")
        self.contract = QComboBox()
        self.contract.addItem("(no contract line)", None)
        self.add_row("&Contract line", self.contract, "The contract the rows are invoices of")
        ids = list(self.ids)
        self.load_options(lambda ledger: coding_targets(ledger, ids), self._targets)

    def _targets(self, t: Targets) -> None:
        self.targets = t
        scope = f"{t.stream} {year_label(t.year)}" if t.year is not None else "—"
        self.scope.setText(f"{len(self.ids)} selected · {scope}")
        for lid, name in t.lines:
            self.line.addItem(name, lid)
        for cid, label in t.contracts:
            self.contract.addItem(label, cid)
        if t.problem:
            self.show_problems([t.problem])
            self.buttons.button(self.buttons.StandardButton.Save).setEnabled(False)

    def problems(self) -> list[str]:
        if self.targets.problem:
            return [self.targets.problem]
        if self.line.currentData() is None and self.contract.currentData() is None:
            return ["choose a budget line or a contract line"]
        return []

    def saved_text(self, result: Any) -> str:
        n = len(self.ids)
        to = [c.currentText() for c in (self.line, self.contract) if c.currentData() is not None]
        return f"Coded {n} row{'s' if n != 1 else ''} to {' and '.join(to)}"

    def write(self, ledger: Any) -> Any:
        from ui.usecases.reference import code_by_hand

        rows = [TransactionId(i) for i in self.ids]
        return code_by_hand(ledger, rows, self.line.currentData(), self.contract.currentData())
