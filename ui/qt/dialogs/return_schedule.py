"""When returns are due (issue 22), set in the app: the schedules of the stream in scope with
each one's next due date, state and last submission; add one (return, first due date, how
often, to whom, days of warning) or stop reminding of one (kept as history)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.usecases.topics import Topic, topics

from ..models.records import Column, RecordsModel
from ..widgets.date_field import DateField

if TYPE_CHECKING:
    from ui.usecases.returns_due import Due

    from ..context import AppContext

__all__ = ["ScheduleDialog"]

COLUMNS: list[Column[Due]] = [
    Column("#", "int", lambda d: d.schedule.id),
    Column("Return", "text", lambda d: d.schedule.ret),
    Column("Stream", "text", lambda d: d.schedule.stream or ""),
    Column("How often", "text", lambda d: d.every),
    Column("Due to", "text", lambda d: d.schedule.due_to),
    Column("Next due", "date", lambda d: d.state.due),
    Column(
        "State",
        "text",
        lambda d: d.state.state,
        warn=lambda d: "overdue" if d.state.state == "overdue" else "",
    ),
    Column(
        "Last submission",
        "text",
        lambda d: "never" if d.last is None else f"#{d.last.id} on {d.last.submitted_on:%d/%m/%Y}",
    ),
]
EVERY = (("quarter", "Quarterly"), ("year", "Yearly"), ("half-year", "Half-yearly"),
         ("month", "Monthly"), ("once", "Once"))  # fmt: skip


class ScheduleDialog(QDialog):
    def __init__(self, ctx: AppContext, stream: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ui.usecases.returns import definitions

        self.ctx, self.stream = ctx, stream
        self.setWindowTitle(f"Returns due — {stream or 'all streams'}")
        self.resize(980, 460)
        self.model: RecordsModel[Due] = RecordsModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Schedules")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.ret = QComboBox()
        self.ret.setAccessibleName("Return")
        for d in definitions():
            self.ret.addItem(f"{d.title} ({d.name})", d.name)
        self.first = DateField(QDate.currentDate())
        self.first.setAccessibleName("First due date")
        self.every = QComboBox()
        self.every.setAccessibleName("How often")
        for key, text in EVERY:
            self.every.addItem(text, key)
        self.to = QLineEdit()
        self.to.setAccessibleName("Due to")
        self.to.setPlaceholderText("e.g. OPCC Partnership Board")
        self.warn = QSpinBox()
        self.warn.setRange(0, 365)
        self.warn.setValue(14)
        self.warn.setSuffix(" days")
        self.warn.setAccessibleName("Warn ahead")
        why = ctx.why_not("return.schedule", stream)
        self.add_button = QPushButton("&Add")
        self.add_button.setEnabled(why is None)
        self.add_button.setToolTip(why or "Remind of this return from its first due date on")
        self.add_button.clicked.connect(lambda _c=False: self.add())
        self.stop_button = QPushButton("&Stop reminding…")
        self.stop_button.setEnabled(why is None)
        self.stop_button.setToolTip(why or "Retire the selected schedule (kept as history)")
        self.stop_button.clicked.connect(lambda _c=False: self.stop_selected())
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        form = QGridLayout()
        for col, (label, widget) in enumerate((("Return", self.ret), ("First due", self.first),
                                               ("How often", self.every), ("Due to", self.to),
                                               ("Warn", self.warn))):  # fmt: skip
            form.addWidget(QLabel(label), 0, col)
            form.addWidget(widget, 1, col)
        form.addWidget(self.add_button, 1, 5)
        form.setColumnStretch(0, 2)
        form.setColumnStretch(3, 2)
        row = QHBoxLayout()
        row.addWidget(self.stop_button)
        row.addWidget(self.message, 1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        stream = self.stream

        def work(ledger: Any) -> list[Due]:
            from ui.usecases.returns_due import due_list

            return [d for d in due_list(ledger) if stream in (None, d.schedule.stream)]

        self.ctx.run_read(work, self._loaded, lambda e: self.message.setText(str(e)))

    def _loaded(self, rows: list[Due]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        if not rows:
            self.message.setText("No returns are scheduled: add one below.")

    def add(self) -> None:
        ret, stream = str(self.ret.currentData()), self.stream
        first, every = self.first.date().toPython(), str(self.every.currentData())
        to, warn = self.to.text().strip(), self.warn.value()

        def work(ledger: Any) -> int:
            from ui.usecases.returns_due import add_schedule

            return add_schedule(ledger, ret, stream, first, every, to, warn)  # type: ignore[arg-type]

        def done(new_id: int) -> None:
            self.message.setText(f"Schedule #{new_id}: {ret} {self.every.currentText().lower()} "
                                 f"to {to}")  # fmt: skip
            self.to.clear()
            self.reload()

        self.ctx.run_write(work, done, lambda e: self.message.setText(f"Not added: {e}"),
                           title="Adding a schedule…", changes=topics(Topic.RETURNS))  # fmt: skip

    def stop_selected(self, reason: str | None = None) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        d = self.model.row(rows[0].row())
        if reason is None:
            from .reason import ReasonDialog

            reason = ReasonDialog.get(self, "Stop reminding", f"Why stop reminding of "
                                      f"{d.schedule.ret} to {d.schedule.due_to}?")  # fmt: skip
            if not reason:
                return
        why, sid = reason, d.schedule.id

        def work(ledger: Any) -> None:
            from ui.usecases.returns_due import retire_schedule

            retire_schedule(ledger, sid, why)

        self.ctx.run_write(work, lambda _r: self.reload(),
                           lambda e: self.message.setText(f"Not changed: {e}"),
                           title="Retiring a schedule…", changes=topics(Topic.RETURNS))  # fmt: skip
