"""Period locks: closed periods and years with their history; close another, or reopen one
(administrators, with a reason)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QPushButton, QWidget

from fundledger.periods import period_name
from fundledger.years import year_label
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from ...models.records import Column, RecordsModel
from ...widgets.permissions import gate
from ...widgets.records_table import RecordsTable
from ..reason import ReasonDialog
from .close_period import ClosePeriodDialog
from .list_dialog import ListDialog

if TYPE_CHECKING:
    from ui.usecases.budget import LockRow

    from ...context import AppContext


LOCK_COLUMNS: list[Column[LockRow]] = [
    Column("Stream", "text", lambda r: r.stream_code or "All streams"),
    Column("Year", "year", lambda r: r.year),
    Column("Period", "text", lambda r: period_name(r.year, r.period) if r.period else "Whole year"),
    Column("Note", "text", lambda r: r.reason),
    Column("Closed by", "text", lambda r: r.closed_by),
    Column("Closed at", "datetime", lambda r: r.closed_at),
    Column("State", "text", lambda r: "Closed" if r.active else "Reopened"),
    Column("Reopened by", "text", lambda r: r.reopened_by),
    Column("Reopen reason", "text", lambda r: r.reopen_reason),
]


class PeriodLocksDialog(ListDialog):
    """Closed periods and years; close another, or reopen one (administrators, reason)."""

    changes = topics(T.PERIODS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Period locks", parent)
        self.model: RecordsModel[LockRow] = RecordsModel(LOCK_COLUMNS, self)
        self.table = RecordsTable(self.model, "Period locks", self)
        self.close_button = QPushButton("&Close a period…")
        self.reopen_button = QPushButton("&Reopen…")
        for b, slot in ((self.close_button, self.close_one), (self.reopen_button, self.reopen)):
            b.clicked.connect(lambda _c=False, s=slot: s())
            self.action_row.addWidget(b)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_buttons())
        self.finish_layout(self.table)
        self.reload()

    def why_not_reopen(self, row: LockRow | None) -> str | None:
        if self.loading:
            return "Loading…"
        if row is None:
            return "Select a closed period to reopen"
        if not row.active:
            return "This period has already been reopened"
        return self.ctx.why_not("period.reopen", row.stream_code)

    def update_buttons(self) -> None:
        gate(self.close_button, self.ctx.why_not("period.close"), "Close a period or a year")
        gate(
            self.reopen_button,
            self.why_not_reopen(self.table.selected_row()),
            "Reopen the selected period (administrators; a reason is recorded)",
        )

    def rows_of(self, ledger: Any) -> list[LockRow]:
        from ui.usecases.budget import period_locks

        return period_locks(ledger)

    def show_rows(self, rows: list[LockRow]) -> None:
        self.model.set_rows(rows)
        self.table.fit()

    def close_one(self) -> None:
        if self.ctx.why_not("period.close") is not None:
            return
        if ClosePeriodDialog.run(self.ctx, self) is not None:
            self.reload()

    def reopen(self) -> None:
        row = self.table.selected_row()
        if row is None or self.why_not_reopen(row) is not None:
            return
        reason = ReasonDialog.get(
            self, "Reopen period", "Reopening lets changes into a closed period. Why?"
        )
        if reason is None:
            return
        from ui.usecases.lifecycle import reopen_period

        which = "all streams" if row.stream_code is None else row.stream_code
        when = year_label(row.year) + ("" if row.period is None else f" P{row.period:02d}")
        self.act(
            lambda ledger: reopen_period(ledger, row.id, reason),
            f"Reopened {when} for {which}: changes are let in again",
        )
