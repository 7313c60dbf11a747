"""Deciding virements and carry-forwards: the requests of a stream and year, pending first;
approve or reject (with a reason) one requested by someone else."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QPushButton, QWidget

from fundledger.money import format_gbp
from fundledger.years import period_label, year_label
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from ...models.records import Column, RecordsModel
from ...widgets.permissions import gate
from ...widgets.records_table import RecordsTable
from ..reason import ReasonDialog
from .list_dialog import ListDialog

if TYPE_CHECKING:
    from ui.usecases.budget import MovementRow

    from ...context import AppContext


def _movement_years(r: MovementRow) -> str:
    if r.from_year == r.to_year:
        return year_label(r.from_year) + (f" {period_label(r.period)}" if r.period else "")
    return f"{year_label(r.from_year)} → {year_label(r.to_year)}"


def _override(r: MovementRow) -> str | None:
    """'m.price: Refuge demand' when finance let a virement take its line below zero."""
    return f"{r.override_by}: {r.override_reason}" if r.override_reason else None


MOVEMENT_COLUMNS: list[Column[MovementRow]] = [
    Column("Kind", "text", lambda r: "Carry-forward" if r.basis else "Virement"),
    Column("Stream", "text", lambda r: r.stream_code),
    Column("Year", "text", _movement_years),
    Column("From line", "text", lambda r: r.from_line),
    Column("To line", "text", lambda r: r.to_line),
    Column("Amount", "money", lambda r: r.amount),
    Column("Reason", "text", lambda r: r.reason),
    Column("Requested by", "text", lambda r: r.requested_by),
    Column("Status", "text", lambda r: r.status),
    Column("Decided by", "text", lambda r: r.decided_by),
    Column("Override", "text", lambda r: _override(r)),
]


OVERRIDE_TIP = (
    "Finance: approve a virement that takes the line it moves from below zero available, "
    "saying why (recorded on the virement and in the audit log)"
)


def _describe(row: MovementRow) -> str:
    """ "virement #4: £2,500.00 from Refuge to Outreach (DA 2025-26)"."""
    kind = "carry-forward" if row.basis else "virement"
    return (
        f"{kind} #{row.id}: {format_gbp(row.amount)} from {row.from_line} to {row.to_line}"
        f" ({row.stream_code} {_movement_years(row)})"
    )


class ApprovalsDialog(ListDialog):
    """Virements and carry-forwards of a stream/year: approve or reject pending ones."""

    changes = topics(T.BUDGET)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        stream_code: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(ctx, "Virements and carry-forwards", parent)
        self.stream_code, self.year = stream_code, year
        self.model: RecordsModel[MovementRow] = RecordsModel(MOVEMENT_COLUMNS, self)
        self.table = RecordsTable(self.model, "Virements and carry-forwards", self)
        self.approve_button = QPushButton("&Approve")
        self.override_button = QPushButton("Approve with &override…")
        self.reject_button = QPushButton("&Reject…")
        pairs = (
            (self.approve_button, self.approve),
            (self.override_button, self.approve_with_override),
            (self.reject_button, self.reject_selected),
        )
        for b, slot in pairs:
            b.clicked.connect(lambda _c=False, s=slot: s())
            self.action_row.addWidget(b)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_buttons())
        self.finish_layout(self.table)
        self.reload()

    def why_not(self, row: MovementRow | None) -> str | None:
        """Why the selected request cannot be decided by the acting user, or None."""
        if self.loading:
            return "Loading…"
        if row is None:
            return "Select a pending virement or carry-forward"
        if row.status != "pending":
            return f"This request is already {row.status}"
        action = "carry_forward.approve" if row.basis else "virement.approve"
        return self.ctx.why_not(action, row.stream_code)

    def update_buttons(self) -> None:
        why = self.why_not(self.table.selected_row())
        gate(self.approve_button, why, "Approve the selected request")
        gate(self.reject_button, why, "Reject the selected request, saying why")
        gate(self.override_button, self.why_no_override(), OVERRIDE_TIP)

    def why_no_override(self) -> str | None:
        """Why the acting user cannot approve the selection with an override, or None."""
        row = self.table.selected_row()
        why = self.why_not(row)
        if why is not None or row is None:
            return why
        if row.basis is not None:
            return "Only a virement is checked against what its line has available"
        if self.ctx.actor.role != "finance":
            return "Only finance can override the available check"
        return None

    def approve_with_override(self) -> None:
        """Approve a virement that takes its from-line below zero available, saying why."""
        row = self.table.selected_row()
        if row is None or self.why_no_override() is not None:
            return
        why = ReasonDialog.get(
            self,
            "Approve with override",
            "Why approve it although it takes the line it moves from below zero available?",
        )
        if why is None:
            return
        from ui.usecases.lifecycle import approve_movement

        self.act(
            lambda ledger: approve_movement(ledger, False, row.id, why),
            f"Approved {_describe(row)} (override: {why})",
        )

    def rows_of(self, ledger: Any) -> list[MovementRow]:
        from ui.usecases.budget import movements

        return movements(ledger, self.stream_code, self.year)

    def show_rows(self, rows: list[MovementRow]) -> None:
        self.model.set_rows(rows)
        self.table.fit()

    def approve(self) -> None:
        row = self.table.selected_row()
        if row is None or self.why_not(row) is not None:
            return
        from ui.usecases.lifecycle import approve_movement

        self.act(
            lambda ledger: approve_movement(ledger, row.basis is not None, row.id),
            f"Approved {_describe(row)}",
        )

    def reject_selected(self) -> None:
        row = self.table.selected_row()
        if row is None or self.why_not(row) is not None:
            return
        reason = ReasonDialog.get(self, "Reject", "Why is this being rejected?")
        if reason is None:
            return
        from ui.usecases.lifecycle import reject_movement

        self.act(
            lambda ledger: reject_movement(ledger, row.basis is not None, row.id, reason),
            f"Rejected {_describe(row)}",
        )
