"""Partner contributions (pledged → invoiced → received; cash or in kind) with the pooled budget
by heading, and recharges raised to partners with their status (raised / paid / overdue)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QLabel, QStyle, QTabWidget, QVBoxLayout, QWidget

from fundledger.money import ZERO, Money, format_gbp
from fundledger.years import year_label
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from ..models.records import Column, RecordsModel
from ..widgets.permissions import gate
from ..widgets.records_table import RecordsTable
from .fitting import ColumnFitter
from .registers import RegisterPage, button

if TYPE_CHECKING:
    from ui.usecases.partner_money import (
        ContributionRow,
        ContributionsView,
        RechargeRow,
        Total,
    )

    from ..context import AppContext

SP = QStyle.StandardPixmap


def _amount(r: ContributionRow) -> Any:
    return r.amount


CONTRIBUTION_COLUMNS: list[Column[ContributionRow]] = [
    Column("Stream", "text", lambda r: r.stream_code),
    Column("Year", "year", lambda r: r.year),
    Column("Partner", "text", lambda r: r.partner),
    Column("Heading", "text", lambda r: r.heading),
    Column("Kind", "text", lambda r: "In kind" if r.kind == "in_kind" else "Cash"),
    Column(
        "Amount",
        "money",
        _amount,
        lambda r: "value not known (not zero)" if r.amount is None else "",
    ),
    Column("FTE", "text", lambda r: r.fte),
    Column("Description", "text", lambda r: r.description),
    Column("Status", "text", lambda r: r.status),
    Column("Invoiced", "date", lambda r: r.invoiced_on),
    Column("Received", "date", lambda r: r.received_on),
]

TOTAL_COLUMNS: list[Column[Total]] = [
    Column("Heading", "text", lambda t: t.key),
    Column("Pooled total", "money", lambda t: t.amount),
    Column("Pledged", "money", lambda t: t.pledged),
    Column("Invoiced", "money", lambda t: t.invoiced),
    Column("Received", "money", lambda t: t.received),
    Column(
        "Not valued",
        "int",
        lambda t: t.unknown_values,
        lambda t: f"{t.unknown_values} in-kind not valued" if t.unknown_values else "",
    ),
    Column("FTE", "text", lambda t: t.fte or ""),
]


def _overdue(r: RechargeRow) -> str:
    return f"overdue: was due {r.due_on:%d/%m/%Y}" if r.status == "overdue" else ""


RECHARGE_COLUMNS: list[Column[RechargeRow]] = [
    Column("Partner", "text", lambda r: r.partner),
    Column("Reference", "text", lambda r: r.reference),
    Column("Amount", "money", lambda r: r.amount),
    Column("Raised", "date", lambda r: r.raised_on),
    Column("Due", "date", lambda r: r.due_on, _overdue),
    Column("Status", "text", lambda r: r.status, _overdue),
    Column("Paid on", "date", lambda r: r.paid_on),
    Column("Received", "money", lambda r: r.paid_amount),
    Column("Outstanding", "money", lambda r: r.outstanding, _overdue),
    Column("Stream", "text", lambda r: r.stream_code),
    Column("Year", "year", lambda r: r.year),
    Column("Description", "text", lambda r: r.description),
]


EVIDENCE_TIP = "The files attached to the selected contribution: attach, open, detach"


class ContributionsPage(RegisterPage):
    name = "contributions"
    title = "Contributions & recharges"
    description = "Partner contributions, the pooled budget, and recharges to partners"
    can_create = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.contrib_model: RecordsModel[ContributionRow] = RecordsModel(CONTRIBUTION_COLUMNS, self)
        self.total_model: RecordsModel[Total] = RecordsModel(TOTAL_COLUMNS, self)
        self.recharge_model: RecordsModel[RechargeRow] = RecordsModel(RECHARGE_COLUMNS, self)
        self.contrib_table = RecordsTable(self.contrib_model, "Partner contributions", self)
        self.total_table = RecordsTable(self.total_model, "Pooled budget by heading", self)
        self.total_table.setMaximumHeight(150)
        self.recharge_table = RecordsTable(self.recharge_model, "Recharges", self)
        # the description takes the spare width, so the dates at the right stay in view
        self.fitters = [
            ColumnFitter(self.contrib_table, stretch=7, least=120, caps={0: 62, 2: 250, 3: 150}),
            ColumnFitter(self.recharge_table, stretch=11, least=140, caps={0: 240, 1: 120, 9: 62}),
        ]
        self.pooled = QLabel()
        self.pooled.setObjectName("summary")
        self.recharge_summary = QLabel()
        self.recharge_summary.setObjectName("summary")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._tab(self.contrib_table, self.pooled, self.total_table),
                         "Contributions")  # fmt: skip
        self.tabs.addTab(self._tab(self.recharge_summary, self.recharge_table), "Recharges")
        specs = [
            ("New &contribution…", self.new_record, "Record a partner contribution"),
            ("Mark &invoiced", lambda: self._status("invoiced"), "The partner has been invoiced"),
            ("Mark rece&ived", lambda: self._status("received"), "The money has arrived"),
            ("&Raise recharges…", self.raise_recharges, "Invoice several partners at once"),
            ("Record &receipt…", self.record_receipt, "Money received against a recharge"),
        ]
        self.action_buttons = [button(self, t, f, tip) for t, f, tip in specs]
        self.button_tips = [tip for _t, _f, tip in specs]
        for b in self.action_buttons:
            self.buttons.addWidget(b)
        self.evidence_button = button(self, "E&vidence…", self.evidence_selected, EVIDENCE_TIP)
        self.buttons.addWidget(self.evidence_button)
        self.layout_.addWidget(self.tabs, 1)
        self.snapshot: ContributionsView | None = None
        #: (table, id) of a record just saved, selected once the reload is in
        self.select_after_load: tuple[RecordsTable, int] | None = None
        self.tabs.currentChanged.connect(lambda _i: self._tab_changed())
        for table in (self.contrib_table, self.recharge_table):
            table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    @staticmethod
    def _tab(*widgets: QWidget) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 4, 0, 0)
        for x in widgets:
            lay.addWidget(x, 1 if isinstance(x, RecordsTable) and x.maximumHeight() > 1000 else 0)
        return w

    def _tab_changed(self) -> None:
        self._update_buttons()
        self.status_changed.emit(self.status_text())

    def _update_buttons(self) -> None:
        """Contribution buttons (first tab) need ``contribution.write``, recharge buttons
        ``recharge.write`` on the page's stream (a selected row's stream for a row action);
        row actions also need a row that can take them.  Disabled buttons say why."""
        on_recharges = self.tabs.currentIndex() == 1
        contrib = self.contrib_table.selected_row()
        recharge = self.recharge_table.selected_row()
        why = self.ctx.why_not
        new_why = why("contribution.write", self.stream_code)
        row_why = why("contribution.write", contrib.stream_code if contrib else self.stream_code)
        raise_why = why("recharge.write", self.stream_code)
        receipt_why = why("recharge.write", recharge.stream_code if recharge else self.stream_code)

        def status(target: str) -> str | None:
            order = ("pledged", "invoiced", "received")
            if contrib is None:
                return f"Select a contribution to mark {target}"
            if contrib.status in order and order.index(contrib.status) >= order.index(target):
                return f"This contribution is already {contrib.status}"
            return None

        if receipt_why is None:
            if recharge is None:
                receipt_why = "Select a recharge to record money received against it"
            elif recharge.status in ("paid", "cancelled"):
                receipt_why = f"This recharge is {recharge.status}"
        reasons = [
            new_why,
            row_why or status("invoiced"),
            row_why or status("received"),
            raise_why,
            receipt_why,
        ]
        for i, (b, reason, tip) in enumerate(
            zip(self.action_buttons, reasons, self.button_tips, strict=True)
        ):
            b.setVisible((i >= 3) == on_recharges)
            gate(b, reason, tip)
        self.evidence_button.setVisible(not on_recharges)
        gate(self.evidence_button, None if contrib else "Select a contribution to see its evidence",
             EVIDENCE_TIP)  # fmt: skip

    def evidence_selected(self) -> None:
        """The files attached to the selected contribution (pledge letters, remittances)."""
        from ..dialogs.evidence import EvidenceDialog

        row = self.contrib_table.selected_row()
        if row is None:
            return
        self.evidence_dialog = EvidenceDialog(self.ctx, "contribution", row.id,
                                              f"contribution #{row.id}", row.stream_code, self)  # fmt: skip
        self.evidence_dialog.open()

    def refresh(self) -> None:
        from ..dialogs.form import local_today

        self._update_buttons()
        self.heading.setText(self.scope_text())
        code, year, today = self.stream_code, self.year, local_today()
        from ui.usecases.partner_money import contributions_view

        self.load(lambda ledger: contributions_view(ledger, code, year, today), self._loaded)

    def _loaded(self, snap: ContributionsView) -> None:
        self.snapshot = snap
        self.contrib_model.set_rows(snap.contributions)
        self.total_model.set_rows(snap.headings)
        self.recharge_model.set_rows(snap.recharges)
        self._update_buttons()  # new rows: the selection is gone
        saved, self.select_after_load = self.select_after_load, None
        if saved is not None:
            saved[0].select_id(saved[1])
        # a stream or year in scope is in the title: its column would repeat it on every row
        # (hidden unless the user shows it from the header menu)
        for table, stream_col, year_col in ((self.contrib_table, 0, 1),
                                            (self.recharge_table, 9, 10)):  # fmt: skip
            table.set_default_hidden(stream_col, self.stream_code is not None)
            table.set_default_hidden(year_col, self.year is not None)
        for f in self.fitters:
            f.fit()
        self.total_table.fit()
        pooled = Money(sum((t.amount for t in snap.headings), ZERO))
        unknown = sum(t.unknown_values for t in snap.headings)
        extra = f" plus {unknown} in-kind contribution(s) not valued" if unknown else ""
        self.pooled.setText(f"Pooled budget (sum by heading): {format_gbp(pooled)}{extra}")
        sm = snap.summary
        self.recharge_summary.setText(
            f"{len(snap.recharges)} recharges · {format_gbp(sm.total)} raised · "
            f"{format_gbp(sm.received)} received · {format_gbp(sm.outstanding)} outstanding · "
            f"{sm.counts['paid']} paid, {sm.counts['raised']} raised, "
            f"{sm.counts['overdue']} overdue"
        )
        self.status_changed.emit(self.status_text())

    def status_text(self) -> str:
        """A short line for the tab on show: contributions (count, pooled total, not valued)
        or recharges (count, outstanding, overdue)."""
        snap = self.snapshot
        if snap is None:
            return ""
        if self.tabs.currentIndex() == 1:
            sm = snap.summary
            return (f"{len(snap.recharges)} recharges · {format_gbp(sm.outstanding)} outstanding"
                    f" · {sm.counts['overdue']} overdue")  # fmt: skip
        pooled = Money(sum((t.amount for t in snap.headings), ZERO))
        unknown = sum(t.unknown_values for t in snap.headings)
        extra = f" · {unknown} in kind not valued" if unknown else ""
        return f"{len(snap.contributions)} contributions · pooled {format_gbp(pooled)}{extra}"

    # ------------------------------------------------------------------ actions
    def new_record(self) -> None:
        from ..dialogs.partners import ContributionDialog

        if self.ctx.why_not("contribution.write", self.stream_code) is not None:
            return
        dialog = ContributionDialog(self.ctx, self, self.stream_code, self.year)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_value is None:
            return
        year: int = dialog.year.currentData()  # type: ignore[attr-defined]
        self._show_saved(self.contrib_table, dialog.result_value, dialog.stream.currentText(), year)

    def _status(self, status: str) -> None:
        row = self.contrib_table.selected_row()
        if row is None or self.ctx.why_not("contribution.write", row.stream_code) is not None:
            return
        from ui.usecases.partner_money import set_status

        from ..dialogs.form import local_today

        today = local_today()
        self.ctx.run_write(
            lambda ledger: set_status(ledger, row.id, status, today, row.version),
            lambda _r: self.ctx.announce(
                f"Contribution #{row.id} marked {status.replace('_', ' ')}"
            ),
            changes=topics(T.PARTNERS),
        )

    def raise_recharges(self) -> None:
        from ..dialogs.partners import RaiseRechargesDialog

        if self.ctx.why_not("recharge.write", self.stream_code) is not None:
            return
        dialog = RaiseRechargesDialog(self.ctx, self, self.stream_code, self.year)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.result_value:
            return
        year: int = dialog.year.currentData()  # type: ignore[attr-defined]
        first = min(dialog.result_value)
        self._show_saved(self.recharge_table, first, dialog.stream.currentText(), year)

    def _show_saved(self, table: RecordsTable, saved: int, stream: str, year: int) -> None:
        """Select the record just saved (its tab shown) once the reload is in; saved outside
        the stream or year shown, say where with Show it (that scope, the record selected)."""
        self.tabs.setCurrentIndex(1 if table is self.recharge_table else 0)
        if self.stream_code in (None, stream) and self.year in (None, year):  # in view
            if not table.select_id(saved):
                self.select_after_load = (table, saved)
            return
        where = year_label(year)
        if self.stream_code not in (None, stream):
            where = f"{stream} {where}"
            other = "the stream and year" if self.year not in (None, year) else "the stream"
        else:
            other = "the year"
        said = self.ctx.last_notice
        text = said.text if said is not None else f"Saved #{saved}"

        def show() -> None:
            self.select_after_load = (table, saved)
            self.scope_wanted.emit(
                None if self.stream_code is None else stream, None if self.year is None else year
            )

        self.ctx.announce(f"{text} — saved in {where}, not {other} shown", show)

    def record_receipt(self) -> None:
        row = self.recharge_table.selected_row()
        if row is None or row.status in ("paid", "cancelled"):
            return
        if self.ctx.why_not("recharge.write", row.stream_code) is not None:
            return
        from ..dialogs.partners import ReceiptDialog

        label = f"{row.partner} — {row.description}"
        ReceiptDialog.run(self.ctx, self, "recharge", row.id, row.outstanding, label)
