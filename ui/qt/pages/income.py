"""Income (place marketing): items raised then received, totals by category for a financial
year or a calendar year side by side, and the net return on council investment."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QStyle, QWidget

from fundledger.money import ZERO, Money, format_gbp
from fundledger.years import year_label, year_of

from ..dialogs.form import date_of
from ..models.records import Column, RecordsModel
from ..widgets.permissions import gate
from ..widgets.records_table import RecordsTable
from .fitting import ColumnFitter
from .registers import RegisterPage, button

if TYPE_CHECKING:
    from ui.usecases.partner_money import CategoryTotal, IncomeRow, IncomeView, RoiResult

    from ..context import AppContext

SP = QStyle.StandardPixmap


def _outstanding(r: IncomeRow) -> str:
    return "raised, not yet received" if r.status == "raised" else ""


ITEM_COLUMNS: list[Column[IncomeRow]] = [
    Column("Raised", "date", lambda r: r.raised_on),
    Column("Year", "year", lambda r: r.year),
    Column("Category", "text", lambda r: r.category_label),
    Column("Customer", "text", lambda r: r.customer),
    Column("Amount", "money", lambda r: r.amount),
    Column("Status", "text", lambda r: r.status, _outstanding),
    Column("Received", "date", lambda r: r.received_on),
    Column("List price", "money", lambda r: r.list_price),
    Column("Discount", "money", lambda r: r.discount),
    Column(
        "Council inv.",
        "bool",
        lambda r: r.is_council_investment,
        tip="Council investment: counts towards the return on council investment",
    ),
    Column("Description", "text", lambda r: r.description),
]

CATEGORY_COLUMNS: list[Column[CategoryTotal]] = [
    Column("Category", "text", lambda c: c.label),
    Column("Raised", "money", lambda c: c.raised),
    Column("Received", "money", lambda c: c.received),
    Column("Outstanding", "money", lambda c: c.outstanding),
    Column("Items", "int", lambda c: c.items),
]


class IncomePage(RegisterPage):
    name = "income"
    title = "Income"
    description = "Income raised and received, by financial and calendar year, and ROI"
    can_create = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.basis = QComboBox()
        self.basis.setAccessibleName("Reporting year")
        self.basis.addItem("Financial year", "fy")
        self.basis.addItem("Calendar year", "calendar")
        self.basis.currentIndexChanged.connect(lambda _i: self.refresh())
        self.item_model: RecordsModel[IncomeRow] = RecordsModel(ITEM_COLUMNS, self)
        self.cat_model: RecordsModel[CategoryTotal] = RecordsModel(CATEGORY_COLUMNS, self)
        self.items = RecordsTable(self.item_model, "Income items", self)
        # the description takes the spare width, so every other column stays in view
        self.fitter = ColumnFitter(self.items, stretch=10, least=110, caps={2: 185, 3: 200})
        self.categories = RecordsTable(self.cat_model, "Income by category", self)
        self.categories.setMaximumHeight(190)
        self.totals = QLabel()
        self.totals.setObjectName("summary")
        self.roi = QLabel()
        self.roi.setObjectName("summary")
        self.roi.setWordWrap(True)
        self.roi.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.new_button = button(self, "&New income…", self.new_record, "Record income raised")
        self.receipt_button = button(
            self, "Record &receipt…", self.record_receipt, "The money has arrived"
        )
        for b in (self.new_button, self.receipt_button):
            self.buttons.addWidget(b)
        self.items.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.buttons.insertWidget(1, self.basis)
        row = QHBoxLayout()
        row.addWidget(self.categories, 3)
        row.addWidget(self.roi, 2)
        self.layout_.addWidget(self.totals)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.items, 1)
        self.snapshot: IncomeView | None = None
        #: the income just saved: selected and scrolled to once the reload is in
        self.select_after_load: int | None = None
        self._update_buttons()

    def _update_buttons(self) -> None:
        """``income.write`` on the page's stream (the selected item's, for a receipt)."""
        why = self.ctx.why_not
        gate(self.new_button, why("income.write", self.stream_code), "Record income raised")
        row = self.items.selected_row()
        reason = why("income.write", row.stream_code if row else self.stream_code)
        if reason is None and row is None:
            reason = "Select an income item to record money received against it"
        elif reason is None and row is not None and row.status != "raised":
            reason = f"This income item is already {row.status}"
        gate(self.receipt_button, reason, "The money has arrived")

    def refresh(self) -> None:
        self._update_buttons()
        basis = self.basis.currentData()
        code, year = self.stream_code, self.year
        self.heading.setText(self.scope_text())
        from ui.usecases.partner_money import income_view

        self.load(lambda ledger: income_view(ledger, code, basis, year), self._loaded)

    def year_label(self) -> str:
        if self.year is None:
            return "all years"
        if self.basis.currentData() == "calendar":
            return f"calendar year {self.year}"
        return f"financial year {year_label(self.year)}"

    def _loaded(self, snap: IncomeView) -> None:
        self.snapshot = snap
        self.item_model.set_rows(snap.items)
        self.cat_model.set_rows(snap.categories)
        self._update_buttons()  # new rows: the selection is gone
        saved, self.select_after_load = self.select_after_load, None
        if saved is not None:
            self.items.select_id(saved)
        # a financial year in scope is in the totals line: its column would repeat it (hidden
        # unless the user shows it from the header menu)
        self.items.set_default_hidden(1, self.year is not None and self.basis.currentData() == "fy")
        self.fitter.fit()
        self.categories.fit()
        raised = Money(sum((c.raised for c in snap.categories), ZERO))
        received = Money(sum((c.received for c in snap.categories), ZERO))
        self.totals.setText(
            f"Income, {self.year_label()}: {format_gbp(raised)} raised · "
            f"{format_gbp(received)} received · {format_gbp(Money(raised - received))} "
            "outstanding"
        )
        self.roi.setText(roi_text(snap.roi, year_chosen=self.year is not None))
        self.status_changed.emit(self.totals.text())

    def status_text(self) -> str:
        return self.totals.text()

    def new_record(self) -> None:
        from ..dialogs.partners import IncomeDialog

        if self.ctx.why_not("income.write", self.stream_code) is not None:
            return
        dialog = IncomeDialog(self.ctx, self, self.stream_code, self.year)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_value is None:
            return
        saved: int = dialog.result_value
        raised: date = date_of(dialog.raised_on)  # type: ignore[arg-type]
        stream, year = dialog.stream.currentText(), self._year_of(raised)
        if (self.stream_code or stream, year if self.year is None else self.year) != (stream, year):
            self._say_not_shown(saved, stream, year)
        elif not self.items.select_id(saved):
            self.select_after_load = saved  # selected and scrolled to once the reload is in

    def _year_of(self, raised: date) -> int:
        """The year (of the page's reporting basis) income raised on ``raised`` counts in."""
        return raised.year if self.basis.currentData() == "calendar" else year_of(raised).start_year

    def _say_not_shown(self, saved: int, stream: str, year: int) -> None:
        """Income saved outside the stream or year shown: say where, with Show it (that scope,
        the row selected)."""
        where = year_label(year) if self.basis.currentData() == "fy" else f"calendar year {year}"
        if self.stream_code not in (None, stream):
            where = f"{stream} {where}"
            shown = (
                "the stream and year shown" if self.year not in (None, year) else "the stream shown"
            )
        else:
            shown = "the year shown"
        said = self.ctx.last_notice
        text = said.text if said is not None else f"Saved income #{saved}"

        def show() -> None:
            self.select_after_load = saved
            self.scope_wanted.emit(
                None if self.stream_code is None else stream, None if self.year is None else year
            )

        self.ctx.announce(f"{text} — saved in {where}, not {shown}", show)

    def record_receipt(self) -> None:
        row = self.items.selected_row()
        if row is None or row.status != "raised":
            return
        if self.ctx.why_not("income.write", row.stream_code) is not None:
            return
        from ..dialogs.partners import ReceiptDialog

        ReceiptDialog.run(self.ctx, self, "income", row.id, row.amount,
                          f"{row.customer} — {format_gbp(row.amount)}")  # fmt: skip


def roi_text(r: RoiResult | None, *, year_chosen: bool = False) -> str:
    """ "Return on council investment 2025-26: £45,400.00 leveraged from £12,650.00 = 258.89%"."""
    if r is None and year_chosen:  # a ledger whose commercial-income stream is retired or none
        return "Return on council investment: choose the income stream it is for."
    if r is None:
        return "Return on council investment: choose a year."
    if r.roi_pct is None:
        return f"Return on council investment {r.label}: no council investment recorded."
    return (
        f"<b>Return on council investment {r.label}</b><br>"
        f"{format_gbp(r.leverage)} leveraged from {format_gbp(r.investment)} council "
        f"investment<br>(leverage − investment) / investment = <b>{r.roi_pct}%</b> "
        f"(≈ {r.roi_pct.quantize(Decimal(1), rounding=ROUND_HALF_UP)}%)"
    )
