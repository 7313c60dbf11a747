"""Signing off reconciliations over a period range for several streams, and reopening one.

:class:`SignOffDialog` shows, for the streams ticked and the range chosen, each period's
movement, cumulative and unexplained differences (read off the GUI thread as the choice
changes; the periods closed for every stream ticked are marked in its pickers); a reason is required while any difference is unexplained.  :class:`ReopenDialog`
asks which periods of a stream to reopen (its closed periods marked) and why.  Each has a ``get`` classmethod returning
the answer or None, so tests can replace it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from fundledger.money import format_gbp
from fundledger.periods import period_name
from fundledger.years import period_label

from .period_marks import mark_closed

if TYPE_CHECKING:
    from ..context import AppContext

__all__ = ["ReopenDialog", "SignOff", "SignOffDialog"]

#: (streams, (first, last), reason)
SignOff = tuple[list[str], tuple[int, int], str | None]
HEADERS = ("Stream", "Period", "Movement", "Cumulative", "Unexplained to date", "Unmatched",
           "Signed off")  # fmt: skip


def period_range(year: int, first: int, last: int) -> tuple[QComboBox, QComboBox]:
    """Two pickers, from and to, naming each period with its month."""
    combos = []
    for chosen in (first, last):
        combo = QComboBox()
        for p in range(1, 13):
            combo.addItem(period_name(year, p), p)
        combo.setCurrentIndex(chosen - 1)
        combos.append(combo)
    return combos[0], combos[1]


class SignOffDialog(QDialog):
    """Tick streams, choose the periods, see the differences, give a reason if needed."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        streams: Sequence[str],
        chosen: Sequence[str],
        year: int,
        periods: tuple[int, int],
        statement: Sequence[int] = (),
    ) -> None:
        super().__init__(parent)
        self.ctx, self.year, self.statement = ctx, year, list(statement)
        self.setWindowTitle("Sign off reconciliation")
        self.setMinimumWidth(720)
        form = QFormLayout(self)
        self.streams = QListWidget()
        self.streams.setMaximumHeight(96)
        for code in streams:
            item = QListWidgetItem(code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked)
            self.streams.addItem(item)
        self.first, self.last = period_range(year, *periods)
        span = QHBoxLayout()
        span.addWidget(self.first)
        span.addWidget(QLabel("to"))
        span.addWidget(self.last)
        span.addStretch(1)  # the pickers side by side, not "to" flung to the far right
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.table.setMinimumHeight(220)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Required while any difference is unexplained")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Sign off")
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        form.addRow("Streams", self.streams)
        form.addRow("Periods", span)
        form.addRow(self.table)
        form.addRow(self.summary)
        form.addRow("Reason", self.reason)
        form.addRow(self.buttons)
        self.plan: Any = None
        self.streams.itemChanged.connect(lambda _i: self.reload())
        self.first.currentIndexChanged.connect(lambda _i: self.reload())
        self.last.currentIndexChanged.connect(lambda _i: self.reload())
        self.reason.textChanged.connect(lambda _t: self._update_ok())
        self.reload()

    def chosen_streams(self) -> list[str]:
        return [
            self.streams.item(i).text() for i in range(self.streams.count())
            if self.streams.item(i).checkState() == Qt.CheckState.Checked
        ]  # fmt: skip

    def periods(self) -> tuple[int, int]:
        return int(self.first.currentData()), int(self.last.currentData())

    def reload(self) -> None:
        """Read what signing off would record, off the GUI thread."""
        streams, periods = self.chosen_streams(), self.periods()
        self.plan = None
        self._update_ok()
        if not streams or periods[0] > periods[1]:
            self.summary.setText("Tick at least one stream and choose a range of periods.")
            self.table.setRowCount(0)
            return
        self.summary.setText("Loading…")
        year, statement = self.year, self.statement

        def fn(ledger: Any) -> tuple[Any, set[int]]:
            from ui.usecases.periods import closed
            from ui.usecases.reconcile import signoff_plan

            plan = signoff_plan(ledger, streams, year, periods, statement)
            # the periods closed for every stream ticked, marked in the pickers
            shut = set.intersection(*(closed(ledger, year, s) for s in streams))
            return plan, shut

        def done(got: tuple[Any, set[int]]) -> None:
            if (self.chosen_streams(), self.periods()) == (streams, periods):
                plan, shut = got
                for combo in (self.first, self.last):
                    mark_closed(combo, shut)
                self.show_plan(plan)

        self.ctx.run_read(fn, done, lambda exc: self.summary.setText(str(exc)))

    def show_plan(self, plan: Any) -> None:
        self.plan = plan
        self.table.setRowCount(len(plan.lines))
        for r, x in enumerate(plan.lines):
            cells = (x.stream, period_label(x.period), format_gbp(x.movement),
                     format_gbp(x.cumulative), format_gbp(x.unexplained),
                     str(x.statement_only + x.ledger_only),
                     "" if x.signed_by is None else f"by {x.signed_by}")  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if 2 <= c <= 5:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if x.signed_by is not None:
                    item.setToolTip(f"Already signed off by {x.signed_by}")
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.summary.setText(self.describe(plan))
        self._update_ok()

    @staticmethod
    def describe(plan: Any) -> str:
        text = (f"Difference at {period_label(plan.last)} (cumulative from "
                f"{period_label(plan.first)}): {format_gbp(plan.difference)}; unexplained "
                f"{format_gbp(plan.unexplained)}; {plan.unmatched} item(s) unmatched.")  # fmt: skip
        if plan.proposed:
            text += f" {plan.proposed} proposed match(es) need accepting or rejecting first."
        if plan.signed:
            done = ", ".join(f"{x.stream} {period_label(x.period)}" for x in plan.signed)
            text += f" Already signed off: {done}; reopen them first."
        if any(x.unexplained != 0 for x in plan.lines):
            text += " A reason is required to sign off with a difference unexplained."
        return text

    def blocked(self) -> bool:
        p = self.plan
        if p is None or p.proposed or p.signed:
            return True
        unexplained = any(x.unexplained != 0 for x in p.lines)
        return unexplained and not self.reason.text().strip()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not self.blocked())

    def _ok(self) -> None:
        if not self.blocked():
            self.accept()

    def answer(self) -> SignOff:
        return self.chosen_streams(), self.periods(), self.reason.text().strip() or None

    @classmethod
    def get(
        cls,
        ctx: AppContext,
        parent: QWidget | None,
        streams: Sequence[str],
        chosen: Sequence[str],
        year: int,
        periods: tuple[int, int],
        statement: Sequence[int] = (),
    ) -> SignOff | None:
        dlg = cls(ctx, parent, streams, chosen, year, periods, statement)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return dlg.answer()


class ReopenDialog(QDialog):
    """Which periods of a stream to reopen, and why (finance officers or administrators)."""

    def __init__(
        self,
        parent: QWidget | None,
        stream: str,
        year: int,
        periods: tuple[int, int],
        closed: Collection[int] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Reopen the {stream} reconciliation")
        form = QFormLayout(self)
        self.first, self.last = period_range(year, *periods)
        for combo in (self.first, self.last):  # the stream's closed periods, as every picker
            mark_closed(combo, closed)
        span = QHBoxLayout()
        span.addWidget(self.first)
        span.addWidget(QLabel("to"))
        span.addWidget(self.last)
        span.addStretch(1)  # the pickers side by side, not "to" flung to the far right
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why (required; recorded in the audit log)")
        note = QLabel("Reopening lets the matches and explanations of these periods change; "
                      "the sign-off stays in the history.")  # fmt: skip
        note.setWordWrap(True)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Reopen")
        # a reason is required: Reopen waits for one (it used to close the dialog doing nothing)
        self.ok.setEnabled(False)
        self.ok.setToolTip("Give a reason to reopen")
        self.reason.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        box.accepted.connect(self._ok)
        box.rejected.connect(self.reject)
        form.addRow("Periods", span)
        form.addRow("Reason", self.reason)
        form.addRow(note)
        form.addRow(box)

    def _ok(self) -> None:
        if self.reason.text().strip():
            self.accept()

    @classmethod
    def get(
        cls,
        parent: QWidget | None,
        stream: str,
        year: int,
        periods: tuple[int, int],
        closed: Collection[int] = (),
    ) -> tuple[tuple[int, int], str] | None:
        dlg = cls(parent, stream, year, periods, closed)
        if dlg.exec() != QDialog.DialogCode.Accepted or not dlg.reason.text().strip():
            return None
        return (
            int(dlg.first.currentData()),
            int(dlg.last.currentData()),
        ), dlg.reason.text().strip()
